"""End to end through HTTP: every ``/knada`` command of PRODUCT.md section 3 as a Slack user types it, what
they see in answer, and what lands on GitHub."""

from __future__ import annotations

import pytest

from tests.test_slack_stack import ADMIN, ANNA, KYRRE, NOIDENT, OLA, SlackStack, stack

__all__ = ["stack"]

KYRRE_YAML = b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n"


def test_help_shows_usage_by_example(stack: SlackStack) -> None:
    overview = stack.say("help").shown
    assert "`/knada hub create kyrre --users e152435,k654321 --memory 4GB --cpu 1`" in overview
    assert "`/knada cancel R-42`" in overview
    one = stack.say("help hub limits").shown
    assert "Usage: `/knada hub limits &lt;hub&gt; [--memory SIZE] [--cpu N]`" in one
    assert "`/knada hub limits kyrre --memory 16GB --cpu 2`" in one


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("hub usres add kyrre g678901", "Did you mean `hub users add`?\nUsage: `/knada hub users add"),
        ("hub limits kyrre", "Say what to change: `--memory`, `--cpu` or both.\nUsage: `/knada hub limits"),
        ("hub limits kyrre --memroy 8GB", "Did you mean `--memory`?"),
        ("hub ui kyrre dark", "The interface must be `lab`"),
        ("hub", "`hub` is not a complete command."),
        ("frobnicate", "Unknown command `frobnicate`."),
        ("cancel 42x", "`42x` is not a request id."),
    ],
)
def test_unknown_or_malformed_commands_answer_with_the_closest_usage(
    stack: SlackStack, typed: str, says: str
) -> None:
    assert says in stack.say(typed).shown
    assert stack.request_rows() == []


def test_hub_show_lists_the_config_and_offers_the_changes(stack: SlackStack) -> None:
    answer = stack.say("hub show fiskeri", user=ANNA)
    assert "*fiskeri*  ·  https://fiskeri.jupyter.adeo.no  ·  `configs/fiskeri.yaml`" in answer.shown
    assert "users: a111111, b222222, c333333" in answer.shown
    assert "memory 8GB · CPU 1 · JupyterLab" in answer.shown
    assert "environment variables: `TZ`, `PIP_INDEX_URL`" in answer.shown
    actions = next(b for b in answer.blocks if b["type"] == "actions")["elements"]
    assert [e["action_id"] for e in actions] == [
        "edit:users-add",
        "edit:users-remove",
        "edit:limits",
        "edit:env-set",
        "edit:env-unset",
        "edit:ui",
        "edit:delete",
    ]
    assert actions[-1]["confirm"]["title"]["text"] == "Ask for deletion?"
    kyrre = stack.say("hub show kyrre").blocks
    assert "edit:env-unset" not in str(kyrre)  # kyrre has no variables to remove
    assert "There is no hub with ingress `kyre`. Did you mean `kyrre`?" in stack.say("hub show kyre").shown


def test_hub_list_and_mine(stack: SlackStack) -> None:
    everything = stack.say("hub list", user=OLA).shown
    assert everything.startswith("5 hubs:")
    assert "• *kyrre*  https://kyrre.jupyter.adeo.no  (1 users)" in everything
    assert stack.say("hub list --mine", user=ANNA).shown == (
        "1 hubs:\n• *fiskeri*  https://fiskeri.jupyter.adeo.no  (3 users)"
    )
    assert "You are not a user of any hub." in stack.say("hub list --mine", user=OLA).shown
    assert "I don't know your NAV ident" in stack.say("hub list --mine", user=NOIDENT).shown


def test_requests_and_mine(stack: SlackStack) -> None:
    assert stack.say("requests").shown == "No open requests."
    stack.say("hub users add kyrre g678901")
    stack.say("hub limits fiskeri --memory 16GB", user=ANNA)
    stack.wait_card("R-2", "PR open")
    everyone = stack.say("requests", user=OLA).shown
    assert everyone.startswith("Open requests:")
    assert "• *R-2* fiskeri: memory → 16GB · CPU → unchanged · PR open" in everyone
    assert "• *R-1* kyrre: users  + g678901" in everyone
    mine = stack.say("requests --mine", user=ANNA).shown
    assert mine.startswith("Your open requests:") and "R-2" in mine and "R-1" not in mine
    assert stack.say("requests --mine", user=OLA).shown.startswith("You have no open requests.")


CHANGES = [
    # (user, command, file, its content on the PR branch, or (what is gone, what stays))
    (
        OLA,
        "hub create analyse --namespace team-analyse --users a111111 --cpu 1 --classic"
        ' --env GREETING="god morgen"',
        "configs/analyse.yaml",
        b"namespace: team-analyse\ningress: analyse\nusers:\n  - b999999\n  - a111111\ncpuLimit: 1\n"
        b'jupyterLabs: false\nextraEnvs:\n  - "GREETING: god morgen"\n',
    ),
    (
        KYRRE,
        "hub users add kyrre <@UANNA001|anna> g678901",
        "configs/kyrre.yaml",
        b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\n  - a111111\n  - g678901\n",
    ),
    (
        ANNA,
        "hub users remove fiskeri c333333",
        "configs/fiskeri.yaml",
        (b"c333333", b"  # analysts\n"),  # a minimal edit: the comments stay
    ),
    (
        KYRRE,
        "hub limits kyrre --memory 8GB --cpu 2",
        "configs/kyrre.yaml",
        KYRRE_YAML + b"memoryLimit: 8GB\ncpuLimit: 2\n",
    ),
    (
        KYRRE,
        "hub env set kyrre TZ=Europe/Oslo",
        "configs/kyrre.yaml",
        KYRRE_YAML + b'extraEnvs:\n  - "TZ: Europe/Oslo"\n',
    ),
    (
        ANNA,
        "hub env unset fiskeri PIP_INDEX_URL",
        "configs/fiskeri.yaml",
        (b"PIP_INDEX_URL", b'"TZ: Europe/Oslo"'),
    ),
    (
        KYRRE,
        "hub ui kyrre classic",
        "configs/kyrre.yaml",
        b"namespace: kyrre-havik-eriksen\ningress: kyrre\nusers:\n  - e152435\njupyterLabs: false\n",
    ),
]


@pytest.mark.parametrize(
    ("user", "typed", "path", "expected"),
    CHANGES,
    ids=[c[1].split()[1] + "-" + c[1].split()[2] for c in CHANGES],
)
def test_each_change_command_opens_its_pull_request(
    stack: SlackStack, user: str, typed: str, path: str, expected: bytes | tuple[bytes, bytes]
) -> None:
    answer = stack.say(typed, user=user)
    assert answer.shown.startswith("Received: R-1 (")
    stack.wait_pr("knada-bot/r-1")
    content = stack.github.file("knada-bot/r-1", path)
    assert content is not None
    if isinstance(expected, bytes):
        assert content == expected
    else:
        gone, kept = expected
        assert gone not in content and kept in content
    card = stack.wait_card("R-1", "PR open")
    assert f"asked by <@{user}>" in card


def test_a_mention_without_an_ident_is_refused_and_says_so(stack: SlackStack) -> None:
    answer = stack.say("hub users add kyrre <@UNOBODY1|nobody>")
    assert answer.shown.startswith("Could not find the NAV ident of @nobody.")
    assert stack.request_rows() == []


def test_who_may_ask_for_what(stack: SlackStack) -> None:
    assert "Only users of `kyrre` and knada admins" in stack.say("hub limits kyrre --cpu 2", user=ANNA).shown
    assert "I don't know your NAV ident" in stack.say("hub create x", user=NOIDENT).shown
    assert stack.request_rows() == []
    assert stack.say("hub limits kyrre --cpu 2", user=ADMIN).shown.startswith("Received: R-1")
    assert stack.say("hub create analyse", user=OLA).shown.startswith("Received: R-2")


def test_cancel_by_the_requester_or_an_admin_only(stack: SlackStack) -> None:
    stack.say("hub users add kyrre g678901")
    number = stack.wait_pr("knada-bot/r-1")
    stack.wait_card("R-1", "PR open")
    assert (
        stack.say("cancel R-1", user=OLA).shown == "Only whoever asked for R-1 or a knada admin can do that."
    )
    assert stack.say("cancel r-1").shown == "R-1 is cancelled. Its pull request is being closed."
    stack.wait_card("R-1", "Status: *cancelled*")
    stack.wait_thread("R-1", "Cancelled by <@UKYRRE01>.")
    stack.slack.wait_for(lambda: stack.github.pulls[number].state == "closed", what="the PR closed")
    assert stack.say("cancel R-1").shown == "R-1 can no longer be cancelled: it is cancelled."
    assert stack.say("cancel R-9").shown.startswith("There is no request R-9.")

    stack.say("hub users add kyrre k654321")
    assert stack.say("cancel R-2", user=ADMIN).shown.startswith("R-2 is cancelled.")


def test_delete_asks_the_admins_first(stack: SlackStack) -> None:
    assert stack.say("hub delete kyrre").shown.startswith("Received: R-1 (Delete the hub kyrre).")
    card = stack.wait_card("R-1", "awaiting approval")
    assert "waiting for approval by a knada admin (not the requester)" in card
    ping = stack.wait_thread("R-1", "asks to delete the hub")
    assert ping.startswith("<!subteam^S0ADMINS> <@UKYRRE01> asks to delete the hub `kyrre`.")
    assert stack.github.pulls == {}
