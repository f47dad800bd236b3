"""End to end through HTTP: the buttons on a request's card (cancel, retry, rebuild on the latest main, edit
and resubmit), who may press them, and what the thread says after a merge."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes.slack import block_text
from tests.test_slack_stack import ADMIN, KYRRE, OLA, SlackStack, stack

__all__ = ["stack"]

KYRRE_YAML = b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n"


def merge(stack: SlackStack, branch: str = "knada-bot/r-1") -> None:
    number = stack.wait_pr(branch)
    stack.github.run_checks(number)
    stack.github.approve(number)
    stack.github.merge(number)


def test_cancel_on_the_card_by_the_requester_or_an_admin(stack: SlackStack) -> None:
    stack.say("hub users add kyrre g678901")
    number = stack.wait_pr("knada-bot/r-1")
    stack.wait_card("R-1", "PR open")
    assert stack.buttons("R-1") == ["open_pr", "cancel_request"]
    posted = len(stack.slack.calls())
    stack.click(OLA, "open_pr")  # a link: Slack opens the PR, the bot only acknowledges
    assert len(stack.slack.calls()) == posted
    stack.click(OLA, "cancel_request")
    assert stack.ephemeral(OLA, "Only") == "Only whoever asked for R-1 or a knada admin can do that."
    stack.click(KYRRE, "cancel_request")
    assert stack.ephemeral(KYRRE, "cancelled") == "R-1 is cancelled. Its pull request is being closed."
    stack.wait_card("R-1", "Status: *cancelled*")
    stack.slack.wait_for(lambda: stack.github.pulls[number].state == "closed", what="the PR closed")
    assert stack.buttons("R-1") == ["open_pr", "resubmit_request"]

    stack.say("hub users add kyrre k654321")
    stack.wait_card("R-2", "PR open")
    stack.click(ADMIN, "cancel_request")
    stack.wait_card("R-2", "Status: *cancelled*")
    stack.wait_thread("R-2", "Cancelled by <@UADMIN01>.")


def test_a_failed_request_is_retried_from_its_card(stack: SlackStack) -> None:
    assert stack.runtime is not None
    stack.runtime.worker.stop(10)  # hold the job, so that main can move on between accept and PR
    stack.say("hub users add kyrre g678901")
    stack.github.commit_to_base("configs/kyrre.yaml", None, "Remove kyrre by hand")
    stack.runtime.worker.start()
    card = stack.wait_card("R-1", "Status: *failed*")
    assert "Error: There is no hub with ingress `kyrre`." in card
    assert stack.buttons("R-1") == ["retry_request", "resubmit_request", "cancel_request"]
    assert stack.wait_thread("R-1", "something went wrong").startswith("<@UKYRRE01> something went wrong")

    stack.click(OLA, "retry_request")
    stack.ephemeral(OLA, "Only whoever asked for R-1 or a knada admin can do that.")
    stack.github.commit_to_base("configs/kyrre.yaml", KYRRE_YAML, "Put kyrre back")
    stack.click(KYRRE, "retry_request")
    assert stack.ephemeral(KYRRE, "Retrying") == "Retrying R-1. Follow it in the thread."
    stack.wait_thread("R-1", "<@UKYRRE01> is retrying")
    stack.wait_pr("knada-bot/r-1")
    card = stack.wait_card("R-1", "PR open")
    assert "Error:" not in card
    stack.click(KYRRE, "cancel_request")  # a second Retry click finds nothing left to retry
    stack.wait_card("R-1", "Status: *cancelled*")


def test_a_pr_that_conflicts_with_main_is_rebuilt_from_its_card(stack: SlackStack) -> None:
    stack.say("hub users add kyrre g678901")
    stack.wait_pr("knada-bot/r-1")
    stack.wait_card("R-1", "PR open")
    # Someone else's change to the same lines lands on main first.
    stack.github.commit_to_base("configs/kyrre.yaml", KYRRE_YAML + b"  - k111111\n", "Add k111111")
    stack.service.reconcile_after = timedelta(0)
    stack.service.reconcile()  # the reconciler reads the PR; GitHub says whether it merges on a second read
    card = stack.wait_card("R-1", "can't be merged")
    assert "rebuild_request" in stack.buttons("R-1")
    ping = stack.wait_thread("R-1", "can't be merged")
    assert ping.startswith("<@UKYRRE01> the pull request can't be merged: main has changed")

    stack.click(OLA, "rebuild_request")
    stack.ephemeral(OLA, "Only whoever asked for R-1 or a knada admin can do that.")
    stack.click(KYRRE, "rebuild_request")
    assert (
        stack.ephemeral(KYRRE, "Rebuilding") == "Rebuilding R-1 on the latest main. Follow it in the thread."
    )
    stack.wait_thread("R-1", "The change is rebuilt on the latest main")
    assert (
        stack.github.file("knada-bot/r-1", "configs/kyrre.yaml") == KYRRE_YAML + b"  - k111111\n  - g678901\n"
    )
    card = stack.slack.wait_for(
        lambda: "rebuild_request" not in stack.buttons("R-1") and stack.card_text("R-1"), what="no Rebuild"
    )
    assert "can't be merged" not in card
    merge(stack)
    stack.wait_card("R-1", "Status: *done*")


def test_edit_and_resubmit_replaces_the_request_with_the_same_inputs_filled_in(stack: SlackStack) -> None:
    stack.say("hub users add kyrre g678901")
    number = stack.wait_pr("knada-bot/r-1")
    stack.github.set_status(stack.github.pulls[number].head_sha, "deploy-dry-run", "failure")
    stack.wait_card("R-1", "checks failed")
    assert stack.buttons("R-1") == ["open_pr", "resubmit_request", "cancel_request"]

    stack.click(OLA, "resubmit_request")
    assert "Only whoever asked for R-1" in block_text(stack.modal(OLA, "That didn't work"))

    stack.click(KYRRE, "resubmit_request")
    form = stack.modal(KYRRE, "Add users")
    idents = next(b for b in form["blocks"] if b.get("block_id") == "idents")
    assert idents["element"]["initial_value"] == "g678901"
    stack.submit(KYRRE, form, {"idents": "g678902"})
    stack.submit(KYRRE, stack.modal(KYRRE, "Check the change"))
    stack.modal(KYRRE, "Received: *R-2*")
    stack.wait_pr("knada-bot/r-2")
    assert stack.github.file("knada-bot/r-2", "configs/kyrre.yaml") == KYRRE_YAML + b"  - g678902\n"
    stack.wait_card("R-1", "Status: *cancelled*")
    stack.wait_thread("R-1", "Replaced by R-2 (<@UKYRRE01> edited and resubmitted it).")
    stack.slack.wait_for(lambda: stack.github.pulls[number].state == "closed", what="R-1's PR closed")


def test_after_merge_a_new_hub_says_where_it_is_and_how_to_connect_vs_code(stack: SlackStack) -> None:
    stack.say("hub create analyse", user=OLA)
    merge(stack)
    reply = stack.wait_thread("R-1", "Merged")
    assert "The hub comes up at https://analyse.jupyter.adeo.no once the deploy has finished." in reply
    assert "make a token at https://analyse.jupyter.adeo.no/hub/token" in reply
    assert "`https://analyse.jupyter.adeo.no/user/b999999/?token=&lt;your token&gt;`" in reply
    stack.wait_card("R-1", "Status: *done*")


def test_after_merge_a_limits_change_reminds_to_restart_the_server(stack: SlackStack) -> None:
    stack.say("hub limits kyrre --memory 8GB")
    merge(stack)
    reply = stack.wait_thread("R-1", "Merged")
    assert "stop and start yours at https://kyrre.jupyter.adeo.no/home" in reply
    stack.wait_card("R-1", "Status: *done*")
