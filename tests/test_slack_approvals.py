"""End to end through HTTP: a deletion approved (or rejected) in Slack by an admin who is not the requester,
one decision however many clicks, and the chore checklists after a merge, ticked off by admins."""

from __future__ import annotations

import threading

import httpx

from bot.store import requests as store
from tests.test_slack_stack import ADMIN, ANNA, GROUP_ADMIN, KYRRE, OLA, SlackStack, db_stack, stack

__all__ = ["db_stack", "stack"]


def ask_for_deletion(stack: SlackStack, user: str = KYRRE, hub: str = "kyrre") -> None:
    assert stack.say(f"hub delete {hub}", user=user).shown.startswith("Received: R-1")
    stack.wait_card("R-1", "awaiting approval")


def merge(stack: SlackStack, branch: str = "knada-bot/r-1") -> None:
    number = stack.wait_pr(branch)
    stack.github.run_checks(number)
    stack.github.approve(number)
    stack.github.merge(number)


def test_an_admin_approves_and_the_pr_removes_the_config(stack: SlackStack) -> None:
    ask_for_deletion(stack)
    assert stack.buttons("R-1") == ["approve_deletion", "reject_deletion", "cancel_request"]
    approve = next(
        e
        for b in stack.card_of("R-1")["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "approve_deletion"
    )
    assert approve["confirm"]["title"]["text"] == "Approve the deletion?"

    stack.click(ADMIN, "approve_deletion")
    assert "You approved the deletion of `kyrre` (R-1)" in stack.ephemeral(ADMIN, "approved")
    stack.wait_thread("R-1", "The deletion is approved by <@UADMIN01>.")
    number = stack.wait_pr("knada-bot/r-1")
    assert stack.github.file("knada-bot/r-1", "configs/kyrre.yaml") is None
    assert stack.github.pulls[number].title == "Delete hub: kyrre"
    card = stack.wait_card("R-1", "PR open")
    assert "Deletion approved by <@UADMIN01>" in card


def test_neither_the_requester_nor_a_non_admin_may_decide(stack: SlackStack) -> None:
    ask_for_deletion(stack)
    stack.click(KYRRE, "approve_deletion")
    assert stack.ephemeral(KYRRE, "Only the knada admins") == (
        "Only the knada admins can approve or reject the deletion in R-1."
    )
    stack.click(OLA, "reject_deletion")
    stack.ephemeral(OLA, "Only the knada admins can approve or reject the deletion in R-1.")
    assert [r.state for r in stack.request_rows()] == ["awaiting_approval"]


def test_an_admin_may_not_approve_their_own_deletion(stack: SlackStack) -> None:
    ask_for_deletion(stack, user=ADMIN)
    stack.click(ADMIN, "approve_deletion")
    assert "another knada admin must approve or reject it" in stack.ephemeral(ADMIN, "yourself")
    assert [r.state for r in stack.request_rows()] == ["awaiting_approval"]
    stack.click(GROUP_ADMIN, "approve_deletion")  # an admin by the user group
    stack.wait_pr("knada-bot/r-1")


def test_a_rejection_keeps_the_hub_and_tells_the_requester(stack: SlackStack) -> None:
    ask_for_deletion(stack)
    stack.click(GROUP_ADMIN, "reject_deletion")
    assert "You rejected the deletion of `kyrre` (R-1)." in stack.ephemeral(GROUP_ADMIN, "rejected")
    card = stack.wait_card("R-1", "Status: *rejected*")
    assert "Deletion rejected by <@UADMIN02>" in card
    assert stack.buttons("R-1") == []
    reply = stack.wait_thread("R-1", "rejected by")
    assert reply == "<@UKYRRE01> the deletion was rejected by <@UADMIN02>. The hub stays."
    assert stack.github.pulls == {}


def clicks_at_once(stack: SlackStack, users: list[str], action_id: str) -> list[httpx.Response]:
    """The clicks of ``users`` on the card's ``action_id``, sent together from threads of their own."""
    assert stack.requests is not None
    sender = stack.requests  # one sender: its response_url names must not collide
    barrier = threading.Barrier(len(users))
    responses: list[httpx.Response] = []

    def click(user: str) -> None:
        barrier.wait()
        responses.append(sender.block_action(user, action_id))

    threads = [threading.Thread(target=click, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_two_admins_at_once_make_one_decision(db_stack: SlackStack) -> None:
    stack = db_stack
    ask_for_deletion(stack)
    responses = clicks_at_once(stack, [ADMIN, GROUP_ADMIN], "approve_deletion")
    assert [r.status_code for r in responses] == [200, 200]
    winner = stack.request_rows()[0]
    assert winner.state in ("approved", "pr_open", "checks_passed")
    told = [stack.ephemeral(user, "R-1") for user in (ADMIN, GROUP_ADMIN)]
    assert sum("You approved the deletion" in text for text in told) == 1
    assert sum("R-1 was already approved by <@" in text for text in told) == 1
    stack.wait_pr("knada-bot/r-1")
    with stack.service.sessions() as session:
        decisions = [e for e in store.events(session, winner.id) if e.kind == "approved"]
    assert len(decisions) == 1
    assert len([p for p in stack.github.pulls.values() if p.head == "knada-bot/r-1"]) == 1


def test_a_double_click_is_one_decision(db_stack: SlackStack) -> None:
    stack = db_stack
    ask_for_deletion(stack)
    clicks_at_once(stack, [GROUP_ADMIN, GROUP_ADMIN], "reject_deletion")
    stack.wait_card("R-1", "Status: *rejected*")
    texts = [m["text"] for m in stack.slack.ephemerals(GROUP_ADMIN)]
    assert len(texts) == 2
    assert sum(t.startswith("You rejected the deletion") for t in texts) == 1
    assert sum(t.startswith("R-1 was already rejected by <@UADMIN02>") for t in texts) == 1
    assert len([r for r in stack.thread("R-1") if "rejected by" in r]) == 1


def test_after_the_merge_of_a_deletion_the_admins_tick_off_the_chores(stack: SlackStack) -> None:
    ask_for_deletion(stack)
    stack.click(ADMIN, "approve_deletion")
    merge(stack)
    card = stack.wait_card("R-1", "Status: *chores*")
    assert "waiting for the knada admins to do the chores (0 of 2 done)" in card
    assert (
        ":white_large_square: Uninstall the helm release `jupyterhub-kyrre` in the namespace "
        "`kyrre-havik-eriksen`: `helm uninstall jupyterhub-kyrre -n kyrre-havik-eriksen`"
    ) in card
    assert ":white_large_square: Delete the namespace `kyrre-havik-eriksen`" in card
    ping = stack.wait_thread("R-1", "chores after the deletion")
    assert ping.startswith("<!subteam^S0ADMINS> chores after the deletion of `kyrre`")
    assert stack.buttons("R-1") == ["chore_done", "chore_done", "open_pr"]

    stack.click(KYRRE, "chore_done", "R-1 helm-release")
    assert stack.ephemeral(KYRRE, "Only") == "Only the knada admins can tick off the chores of R-1."

    stack.click(ADMIN, "chore_done", "R-1 helm-release")
    stack.ephemeral(ADMIN, "Noted as done (R-1): Uninstall the helm release")
    card = stack.wait_card("R-1", "(1 of 2 done)")
    assert "done by <@UADMIN01> <!date^" in card
    stack.wait_thread("R-1", "(done by <@UADMIN01>)")
    assert stack.buttons("R-1") == ["chore_done", "open_pr"]

    stack.click(GROUP_ADMIN, "chore_done", "R-1 namespace")
    card = stack.wait_card("R-1", "Status: *done*")
    assert card.count("done by <@") == 2
    stack.wait_thread("R-1", "All the chores are done.")
    assert stack.buttons("R-1") == ["open_pr"]


def test_two_admins_ticking_the_same_chore_record_it_once(db_stack: SlackStack) -> None:
    stack = db_stack
    ask_for_deletion(stack)
    stack.click(ADMIN, "approve_deletion")
    merge(stack)
    stack.wait_card("R-1", "Status: *chores*")
    clicks_at_once(stack, [ADMIN, GROUP_ADMIN], "chore_done")  # the first Done: the helm release
    stack.wait_card("R-1", "(1 of 2 done)")
    told = [stack.slack.ephemerals(user)[-1]["text"] for user in (ADMIN, GROUP_ADMIN)]
    assert sum(text.startswith("Noted as done") for text in told) == 1
    assert sum(text.startswith("Already done by <@") for text in told) == 1
    with stack.service.sessions() as session:
        ticks = [e for e in store.events(session, 1) if e.kind == "chore_done"]
    assert [e.data for e in ticks] == [{"chore": "helm-release"}]


def test_removed_users_leave_a_chore_with_the_hub_admin_page(stack: SlackStack) -> None:
    stack.say("hub users remove fiskeri b222222 c333333", user=ANNA)
    merge(stack)
    card = stack.wait_card("R-1", "Status: *chores*")
    assert (
        ":white_large_square: Delete b222222, c333333 from the hub's database at "
        "https://fiskeri.jupyter.adeo.no/hub/admin"
    ) in card
    ping = stack.wait_thread("R-1", "/hub/admin")
    assert ping.startswith("<!subteam^S0ADMINS> a chore for you")
    stack.click(ANNA, "chore_done", "R-1 hub-users")
    stack.ephemeral(ANNA, "Only the knada admins can tick off the chores of R-1.")
    stack.click(ADMIN, "chore_done", "R-1 hub-users")
    stack.wait_card("R-1", "Status: *done*")
