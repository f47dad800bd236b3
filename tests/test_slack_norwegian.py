"""Norwegian bokmål, the default language (``KNADA_LANGUAGE=nb``): a form, its preview, a deletion approved
and its chores, and the App Home, all in Norwegian and all accepted by the fake Slack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.slack import block_text
from tests.test_slack_approvals import merge
from tests.test_slack_stack import ADMIN, KYRRE, OLA, SlackStack


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[SlackStack]:
    stack = SlackStack(tmp_path, language="nb")
    try:
        yield stack.start()
        assert stack.slack.violations == []
        assert stack.github.violations == []
    finally:
        stack.stop()


def test_a_new_hub_from_the_form_in_norwegian(stack: SlackStack) -> None:
    stack.say("hub create", user=OLA)
    form = stack.modal(OLA, "Ny hub")
    assert "Ingress (navnet på hubben)" in block_text(form)
    answer = stack.submit(OLA, form, {"ingress": "analyse", "memory": "mye"})
    assert "mye" in answer["errors"]["memory"]
    stack.submit(OLA, form, {"ingress": "analyse", "memory": "4GB"})
    preview = block_text(stack.modal(OLA, "Se over endringen"))
    assert "Dette blir en pull request mot" in preview
    stack.submit(OLA, stack.modal(OLA, "Se over endringen"))
    assert "Mottatt: *R-1* (Ny hub analyse)" in block_text(stack.modal(OLA, "Mottatt"))
    card = stack.wait_card("R-1", "PR åpnet")
    assert "bestilt av <@UOLA0001>" in card


def test_a_deletion_and_its_chores_in_norwegian(stack: SlackStack) -> None:
    assert stack.say("hub delete kyrre").shown.startswith("Mottatt: R-1 (Slette hubben kyrre).")
    stack.wait_card("R-1", "venter på godkjenning")
    stack.click(KYRRE, "approve_deletion")
    assert "Bare knada-administratorene kan godkjenne" in stack.ephemeral(KYRRE, "Bare")
    stack.click(ADMIN, "approve_deletion")
    stack.wait_thread("R-1", "Slettingen er godkjent av <@UADMIN01>.")
    merge(stack)
    card = stack.wait_card("R-1", "manuelle oppgaver")
    assert "Avinstaller helm-releasen `jupyterhub-kyrre`" in card
    home = block_text(stack.open_home(ADMIN))
    assert "Manuelle oppgaver" in home and "Slett namespacet `kyrre-havik-eriksen`" in home
    stack.click(ADMIN, "chore_done", "R-1 helm-release")
    assert "gjort av <@UADMIN01>" in stack.wait_card("R-1", "(1 av 2 gjort)")
    stack.click(ADMIN, "chore_done", "R-1 namespace")
    stack.wait_card("R-1", "Status: *ferdig*")
    stack.wait_thread("R-1", "Alle de manuelle oppgavene er gjort.")
