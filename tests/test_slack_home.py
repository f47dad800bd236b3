"""End to end through HTTP: the App Home tab of a hub user, of someone without an ident, and of an admin, and
the changes, approvals and chores done from it."""

from __future__ import annotations

from tests.fakes.slack import block_text
from tests.test_slack_approvals import merge
from tests.test_slack_stack import ADMIN, ANNA, GROUP_ADMIN, KYRRE, NOIDENT, OLA, SlackStack, stack

__all__ = ["stack"]


def test_a_users_home_lists_their_hubs_and_open_requests(stack: SlackStack) -> None:
    stack.say("hub limits fiskeri --memory 16GB", user=ANNA)
    stack.wait_card("R-1", "PR open")
    home = stack.open_home(ANNA)
    shown = block_text(home)
    assert "*<https://fiskeri.jupyter.adeo.no|fiskeri>* · 3 users · memory 8GB · CPU 1 · JupyterLab" in shown
    assert "kyrre" not in shown  # not her hub
    assert "*R-1* New limits for fiskeri · PR open · <" in shown
    assert "Waiting for approval" not in shown  # not an admin
    menu = next(b["accessory"] for b in home["blocks"] if b.get("block_id") == "hub:fiskeri")
    assert [o["value"] for o in menu["options"]] == [
        "users-add fiskeri",
        "users-remove fiskeri",
        "limits fiskeri",
        "env-set fiskeri",
        "env-unset fiskeri",
        "ui fiskeri",
        "delete fiskeri",
    ]
    assert "You are not a user of any hub yet." in block_text(stack.open_home(OLA))
    assert "I don't know your NAV ident" in block_text(stack.open_home(NOIDENT))


def test_a_change_from_the_home_menu_asks_where_to_post_the_card(stack: SlackStack) -> None:
    home = stack.open_home(KYRRE)
    stack.click(KYRRE, "hub_menu", "limits kyrre", view=home)
    form = stack.modal(KYRRE, "Change limits")
    assert "Now: memory 2GB (default) · CPU 0.5" in block_text(form)
    stack.submit(KYRRE, form, {"memory": "8GB", "channel": "C0KNADA"})
    stack.submit(KYRRE, stack.modal(KYRRE, "Check the change"))
    assert "The status card is in <#C0KNADA>" in block_text(stack.modal(KYRRE, "Received"))
    stack.wait_card("R-1", "PR open")
    assert b"memoryLimit: 8GB" in (stack.github.file("knada-bot/r-1", "configs/kyrre.yaml") or b"")


def test_new_hub_from_the_home_opens_the_create_form(stack: SlackStack) -> None:
    home = stack.open_home(OLA)
    stack.click(OLA, "new_hub", view=home)
    form = stack.modal(OLA, "New hub")
    stack.submit(OLA, form, {"ingress": "analyse", "channel": "C0KNADA"})
    stack.submit(OLA, stack.modal(OLA, "Check the change"))
    stack.wait_pr("knada-bot/r-1")


def test_an_admins_home_has_the_approvals_and_the_chores(stack: SlackStack) -> None:
    stack.say("hub delete kyrre")
    stack.say("hub delete helse", user=ADMIN)
    stack.wait_card("R-2", "awaiting approval")
    home = stack.open_home(GROUP_ADMIN)
    shown = block_text(home)
    assert "*R-1* Delete the hub kyrre · awaiting approval" in shown and "asked by <@UKYRRE01>" in shown
    assert "*R-2* Delete the hub helse" in shown

    own = block_text(stack.open_home(ADMIN))
    assert "You asked for this yourself, so another knada admin must approve it." in own
    assert not any(b.get("block_id") == "decide:R-2" for b in stack.slack.home(ADMIN)["blocks"])  # type: ignore[index]

    stack.click(GROUP_ADMIN, "approve_deletion", view=home)  # the first request's Approve
    assert "You approved the deletion of `kyrre` (R-1)" in block_text(stack.modal(GROUP_ADMIN, "approved"))
    stack.slack.wait_for(
        lambda: (
            "*R-1* Delete the hub kyrre · awaiting approval" not in block_text(stack.slack.home(GROUP_ADMIN))
        ),
        what="the home without R-1's approval",
    )
    merge(stack)
    stack.wait_card("R-1", "Status: *chores*")
    home = stack.open_home(ADMIN)
    shown = block_text(home)
    assert "Open chores" in shown and "Uninstall the helm release `jupyterhub-kyrre`" in shown
    stack.click(ADMIN, "chore_done", "R-1 helm-release", view=home)
    stack.modal(ADMIN, "Noted as done (R-1)")
    stack.wait_card("R-1", "(1 of 2 done)")


def test_a_click_on_a_stale_home_is_answered_in_a_modal(stack: SlackStack) -> None:
    stack.say("hub users remove fiskeri b222222", user=ANNA)
    merge(stack)
    stack.wait_card("R-1", "Status: *chores*")
    first, second = stack.open_home(ADMIN), stack.open_home(GROUP_ADMIN)
    stack.click(ADMIN, "chore_done", "R-1 hub-users", view=first)
    stack.wait_card("R-1", "Status: *done*")
    stack.click(GROUP_ADMIN, "chore_done", "R-1 hub-users", view=second)  # the home from before the tick
    notice = block_text(stack.modal(GROUP_ADMIN, "Already done"))
    assert "Already done by <@UADMIN01> <!date^" in notice
    stack.slack.wait_for(
        lambda: "No chores are waiting." in block_text(stack.slack.home(GROUP_ADMIN)), what="home"
    )


def test_a_redelivered_home_event_publishes_the_same_home(stack: SlackStack) -> None:
    assert stack.requests is not None
    first = stack.open_home(KYRRE)
    response = stack.requests.app_home_opened(KYRRE, event_id="Ev1", retry_num=1)
    assert response.status_code == 200
    assert block_text(stack.slack.home(KYRRE)) == block_text(first)
