"""End to end through HTTP: the forms (modals) for ``hub create`` and for each change to a hub, their field
errors, the preview of the change, and what lands on GitHub after the preview's submit."""

from __future__ import annotations

import pytest

from tests.fakes.slack import block_text
from tests.test_slack_stack import ANNA, KYRRE, NOIDENT, OLA, SlackStack, stack

__all__ = ["stack"]

KYRRE_YAML = b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n"


def test_bare_hub_create_opens_the_form_and_its_preview_opens_the_pr(stack: SlackStack) -> None:
    assert stack.say("hub create", user=OLA).shown == ""  # no message: the form opens instead
    form = stack.modal(OLA, "New hub")
    answer = stack.submit(
        OLA,
        form,
        {
            "ingress": "analyse",
            "people": [ANNA],
            "idents": "c333333",
            "memory": "4GB",
            "interface": "classic",
            "envs": "TZ=Europe/Oslo\n\nGREETING=god morgen",
        },
    )
    assert answer["response_action"] == "update"
    preview = stack.modal(OLA, "Check the change")
    shown = block_text(preview)
    assert "New hub analyse" in shown
    assert f"This becomes a pull request against `{stack.github.full_name}`" in shown
    assert (
        "+namespace: analyse\n+ingress: analyse\n+users:\n+  - b999999\n+  - a111111\n+  - c333333" in shown
    )
    assert stack.request_rows() == []  # nothing is asked for before the preview's submit

    stack.submit(OLA, preview)
    received = block_text(stack.modal(OLA, "Received"))
    assert "R-1" in received and "<#C0KNADA>" in received
    stack.wait_pr("knada-bot/r-1")
    assert stack.github.file("knada-bot/r-1", "configs/analyse.yaml") == (
        b"namespace: analyse\ningress: analyse\nusers:\n  - b999999\n  - a111111\n  - c333333\n"
        b"memoryLimit: 4GB\njupyterLabs: false\n"
        b'extraEnvs:\n  - "TZ: Europe/Oslo"\n  - "GREETING: god morgen"\n'
    )
    card = stack.wait_card("R-1", "PR open")
    assert "asked by <@UOLA0001>" in card and "users b999999, a111111, c333333" in card


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"ingress": "kyrre"}, "ingress", "already exists"),
        # The namespace defaults to the ingress, so a bad ingress makes a bad namespace too.
        ({"ingress": "Team_Analyse"}, "ingress namespace", "Team_Analyse"),
        ({"ingress": "analyse", "namespace": "kube-system"}, "namespace", "reserved"),
        ({"ingress": "analyse", "memory": "lots"}, "memory", "lots"),
        ({"ingress": "analyse", "memory": "128GB"}, "memory", "128GB"),
        ({"ingress": "analyse", "cpu": "many"}, "cpu", "many"),
        ({"ingress": "analyse", "idents": "E152435"}, "idents", "E152435"),
        ({"ingress": "analyse", "people": ["UNOBODY1"]}, "people", "UNOBODY1"),
        ({"ingress": "analyse", "envs": "TZ Europe/Oslo"}, "envs", "NAME=value"),
        ({"ingress": "analyse", "envs": "GREETING=<hi>"}, "envs", "GREETING"),
        ({"ingress": "analyse", "envs": "TZ=a\nTZ=b"}, "envs", "TZ"),
    ],
)
def test_a_form_refuses_on_the_field_what_the_command_would_refuse(
    stack: SlackStack, values: dict, field: str, says: str
) -> None:
    stack.say("hub create", user=OLA)
    form = stack.modal(OLA, "New hub")
    answer = stack.submit(OLA, form, values)
    assert answer["response_action"] == "errors"
    assert sorted(answer["errors"]) == sorted(field.split())
    assert says in answer["errors"][field.split()[0]]
    assert [v["id"] for v in stack.slack.views(OLA)] == [form["id"]]  # still open, showing the error
    assert stack.request_rows() == []


def test_someone_without_an_ident_gets_a_notice_instead_of_a_form(stack: SlackStack) -> None:
    stack.say("hub create", user=NOIDENT)
    notice = block_text(stack.modal(NOIDENT, "I don't know your NAV ident"))
    assert "That didn't work" in notice


EDITS = [
    # (user, hub, button, form values, the file on the PR branch after the change)
    (
        KYRRE,
        "kyrre",
        "users-add",
        {"people": [ANNA], "idents": "g678901"},
        b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n  - a111111\n  - g678901\n",
    ),
    (
        KYRRE,
        "kyrre",
        "limits",
        {"memory": "8GB", "cpu": "2"},
        KYRRE_YAML + b"memoryLimit: 8GB\ncpuLimit: 2\n",
    ),
    (
        KYRRE,
        "kyrre",
        "env-set",
        {"name": "TZ", "value": "Europe/Oslo"},
        KYRRE_YAML + b'extraEnvs:\n  - "TZ: Europe/Oslo"\n',
    ),
    (
        KYRRE,
        "kyrre",
        "ui",
        {"interface": "classic"},
        b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\njupyterLabs: false\n",
    ),
]


@pytest.mark.parametrize(("user", "hub", "kind", "values", "expected"), EDITS, ids=[e[2] for e in EDITS])
def test_each_change_has_a_form_behind_a_button_of_hub_show(
    stack: SlackStack, user: str, hub: str, kind: str, values: dict, expected: bytes
) -> None:
    stack.say(f"hub show {hub}", user=user)
    stack.click(user, f"edit:{kind}")
    form = stack.modal(user)
    assert f"The hub *{hub}*" in block_text(form)
    assert stack.submit(user, form, values)["response_action"] == "update"
    stack.submit(user, stack.modal(user, "Check the change"))
    stack.modal(user, "Received: *R-1*")
    stack.wait_pr("knada-bot/r-1")
    assert stack.github.file("knada-bot/r-1", f"configs/{hub}.yaml") == expected


def test_a_deletion_from_hub_show_previews_the_removal_and_asks_for_approval(stack: SlackStack) -> None:
    stack.say("hub show kyrre")
    stack.click(KYRRE, "edit:delete")
    form = block_text(stack.modal(KYRRE, "Delete hub"))
    assert "deletes the namespace `kyrre-havik-eriksen`, with every notebook in it" in form
    stack.submit(KYRRE, stack.modal(KYRRE, "Delete hub"))
    preview = stack.modal(KYRRE, "Check the change")
    assert "-namespace: kyrre-havik-eriksen" in block_text(preview)
    assert preview["submit"]["text"] == "Ask for approval"
    stack.submit(KYRRE, preview)
    stack.modal(KYRRE, "Received: *R-1* (Delete the hub kyrre)")
    stack.wait_card("R-1", "awaiting approval")
    assert stack.github.pulls == {}


def test_removing_users_and_a_variable_choose_among_what_the_hub_has(stack: SlackStack) -> None:
    stack.say("hub show fiskeri", user=ANNA)
    stack.click(ANNA, "edit:users-remove")
    form = stack.modal(ANNA, "Users to remove")
    options = [
        o["value"] for b in form["blocks"] if b.get("block_id") == "remove" for o in b["element"]["options"]
    ]
    assert options == ["a111111", "b222222", "c333333"]
    stack.submit(ANNA, form, {"remove": ["b222222"]})
    stack.submit(ANNA, stack.modal(ANNA, "Check the change"))
    stack.click(ANNA, "edit:env-unset")
    form = stack.modal(ANNA, "The variable to remove")
    stack.submit(ANNA, form, {"name": "TZ"})
    preview = block_text(stack.modal(ANNA, "Check the change"))
    assert '-  - "TZ: Europe/Oslo"' in preview
    stack.submit(ANNA, stack.modal(ANNA, "Check the change"))
    stack.wait_pr("knada-bot/r-1")
    stack.wait_pr("knada-bot/r-2")
    removed = stack.github.file("knada-bot/r-1", "configs/fiskeri.yaml")
    assert b"b222222" not in removed and b"# team leads" in removed
    assert b"TZ: Europe/Oslo" not in stack.github.file("knada-bot/r-2", "configs/fiskeri.yaml")


def test_a_change_that_changes_nothing_is_refused_on_its_field(stack: SlackStack) -> None:
    stack.say("hub show kyrre")
    stack.click(KYRRE, "edit:users-add")
    answer = stack.submit(KYRRE, stack.modal(KYRRE), {"idents": "e152435"})
    assert answer == {
        "response_action": "errors",
        "errors": {"idents": "e152435 is already a user of `kyrre`. Nothing to change."},
    }
    stack.click(KYRRE, "edit:limits")
    answer = stack.submit(KYRRE, stack.modal(KYRRE, "Change limits"), {"memory": "", "cpu": ""})
    assert answer["errors"] == {"memory": "Give a new memory limit, a new CPU limit, or both."}


def test_change_on_the_preview_goes_back_to_the_form_as_it_was_filled_in(stack: SlackStack) -> None:
    stack.say("hub create", user=OLA)
    stack.submit(OLA, stack.modal(OLA, "New hub"), {"ingress": "analyse", "memory": "4GB", "envs": "TZ=UTC"})
    preview = stack.modal(OLA, "Check the change")
    stack.click(OLA, "preview_back", view=preview)
    form = stack.slack.wait_for(
        lambda: "Ingress" in block_text(stack.slack.view(preview["id"])) and stack.slack.view(preview["id"])
    )
    initial = {
        block["block_id"]: block["element"].get("initial_value")
        for block in form["blocks"]
        if block.get("type") == "input" and block["element"]["type"] == "plain_text_input"
    }
    assert initial["ingress"] == "analyse" and initial["memory"] == "4GB" and initial["envs"] == "TZ=UTC"
    stack.submit(OLA, form, {"memory": "8GB"})
    assert "+memoryLimit: 8GB" in block_text(stack.modal(OLA, "Check the change"))


def test_a_stale_button_is_checked_again_when_it_is_clicked(stack: SlackStack) -> None:
    stack.say("hub show kyrre")
    # Meanwhile kyrre gets other users, and e152435 is no longer one of them.
    stack.github.commit_to_base(
        "configs/kyrre.yaml", b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - g678901\n"
    )
    stack.service.snapshots.refresh()
    stack.click(KYRRE, "edit:limits")
    notice = block_text(stack.modal(KYRRE, "That didn't work"))
    assert "Only users of `kyrre` and knada admins can ask for changes to it" in notice


def test_a_user_of_another_hub_sees_it_but_gets_no_buttons(stack: SlackStack) -> None:
    answer = stack.say("hub show kyrre", user=OLA)
    assert "e152435" in answer.shown
    assert "Only the hub's users and the knada admins can ask for changes to it." in answer.shown
    assert not any(block["type"] == "actions" for block in answer.blocks)
    with pytest.raises(LookupError):
        stack.click(OLA, "edit:users-add")
