"""The Block Kit builders and the access policy on their own: every card, form, preview and App Home the bot
can build, in both languages, is one Slack accepts (the fake Slack's own checks), within its limits however
long the lists; and who may do what, for each role."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.forge.base import Check
from bot.hubconfig.model import Hub
from bot.hubconfig.snapshot import snapshot_from_directory
from bot.lifecycle.commands import CreateHub, DeleteHub, SetEnv
from bot.lifecycle.planning import Planner, Requester
from bot.lifecycle.progress import ChoreDone, chores_for
from bot.lifecycle.states import State
from bot.slack import cards, home, modals
from bot.slack.access import Action, Actor, Denied, Requested, check
from bot.slack.identity import AdminDirectory
from tests.conftest import SAMPLE_REPO
from tests.fakes.slack import block_problems, view_problems

LANGS = ("nb", "en")
KINDS = ("create", "users-add", "users-remove", "limits", "env-set", "env-unset", "ui", "delete")
PARAMS = {
    "create": {
        "ingress": "analyse",
        "users": ["a111111"],
        "memory": "4GB",
        "cpu": "1",
        "classic": True,
        "envs": [],
    },
    "users-add": {"hub": "kyrre", "users": ["g678901"]},
    "users-remove": {"hub": "fiskeri", "users": ["b222222"]},
    "limits": {"hub": "kyrre", "memory": "8GB", "cpu": None},
    "env-set": {"hub": "kyrre", "name": "TZ", "value": "UTC"},
    "env-unset": {"hub": "fiskeri", "name": "TZ"},
    "ui": {"hub": "kyrre", "lab": False},
    "delete": {"hub": "kyrre"},
}
FISKERI = Hub(
    path="configs/fiskeri.yaml",
    namespace="fiskeri",
    ingress="fiskeri",
    users=("a111111", "b222222", "c333333"),
    extra_envs=("TZ: Europe/Oslo",),
    memory_limit="8GB",
    cpu_limit=1,
)


@pytest.mark.parametrize(("lang", "kind", "state"), list(itertools.product(LANGS, KINDS, State)))
def test_every_card_is_valid_block_kit(lang: str, kind: str, state: State) -> None:
    done = ChoreDone("UADMIN01", datetime(2026, 5, 4, 12, 3, tzinfo=UTC))
    chores = chores_for(kind, "kyrre", {"namespace": "kyrre-ns", "removed": ["b222222"]}, "jupyter.adeo.no")
    facts = cards.CardFacts(
        request_id="R-42",
        kind=kind,
        hub="kyrre",
        state=state,
        requester_id="UKYRRE01",
        requester_ident="e152435",
        params=PARAMS[kind],
        pr_number=17,
        pr_url="https://github.com/navikt/knada-jupyterhub/pull/17",
        checks=(Check("validate", "success"), Check("<deploy>", "failure", "https://ci.example/1")),
        approved_by=("nada-owner",),
        conflicting=state == State.PR_OPEN,
        failure="GitHub is down & out" if state == State.FAILED else None,
        decided_by="UADMIN02",
        chores=tuple((chore, done if i == 0 else None) for i, chore in enumerate(chores)),
    )
    text, blocks = cards.card(facts, lang)
    assert text and block_problems(blocks, max_blocks=50) == []
    assert "<deploy>" not in str(blocks)


@pytest.mark.parametrize(("lang", "kind"), list(itertools.product(LANGS, modals.FIELDS)))
def test_every_form_is_a_valid_modal_filled_in_or_not(lang: str, kind: str) -> None:
    hub = None if kind == "create" else FISKERI
    for channel, values in (("C0KNADA", None), (None, PARAMS[kind])):
        origin = modals.Origin(kind, hub=None if hub is None else "fiskeri", channel=channel, replaces="R-1")
        view = modals.form(origin, lang, hub=hub, values=values)
        assert view_problems(view, expected_type="modal") == []
        inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
        assert inputs == [*modals.FIELDS[kind], *([] if channel else [modals.CHANNEL_FIELD])]


@pytest.mark.parametrize("lang", LANGS)
def test_a_preview_of_a_long_change_stays_within_slacks_limits(lang: str) -> None:
    snapshot = snapshot_from_directory(SAMPLE_REPO)
    planner = Planner(snapshot, lang=lang)
    envs = tuple((f"VARIABLE_{i}", "x" * 60) for i in range(25))  # what the 2000-character field holds
    change = planner.plan(CreateHub("analyse", envs=envs), Requester("b999999"), "R-1")
    params = {"ingress": "analyse", "envs": [list(e) for e in envs]}
    view = modals.preview(modals.Origin("create", channel="C0KNADA"), params, change, "navikt/x", lang)
    assert view_problems(view, expected_type="modal") == []
    assert len(view["private_metadata"]) <= 3000
    deletion = planner.plan(DeleteHub("fiskeri"), Requester("a111111"), "R-2")
    view = modals.preview(
        modals.Origin("delete", hub="fiskeri", channel="C0"), {"hub": "fiskeri"}, deletion, "x/y", lang
    )
    assert view_problems(view, expected_type="modal") == []
    assert "-namespace: fiskeri" in str(view["blocks"])


def test_a_request_too_long_to_carry_to_the_preview_is_refused_on_its_first_field() -> None:
    snapshot = snapshot_from_directory(SAMPLE_REPO)
    change = Planner(snapshot, lang="en").plan(SetEnv("kyrre", "TZ", "UTC"), Requester("e152435"), "R-1")
    with pytest.raises(modals.FormError) as refused:
        modals.preview(modals.Origin("env-set", hub="kyrre"), {"value": "x" * 3000}, change, "x/y", "en")
    assert list(refused.value.errors) == ["name"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_crowded_home_stays_within_100_blocks(lang: str) -> None:
    hubs = [Hub(f"configs/hub{i}.yaml", f"hub{i}", f"hub{i}", ("x100001",), ("A: b",)) for i in range(60)]
    chores = tuple((chore, None) for chore in chores_for("delete", "hub1", {}, "jupyter.adeo.no"))

    def line(i: int, kind: str, state: str) -> home.RequestLine:
        return home.RequestLine(
            f"R-{i}", kind, f"hub{i}", state, PARAMS[kind], "UOTHER01", "o100000", chores=chores
        )

    facts = home.HomeFacts(
        actor=Actor("UADMIN01", "x100001", True),
        domain="jupyter.adeo.no",
        hubs=hubs,
        requests=[line(i, "users-add", "pr_open") for i in range(40)],
        approvals=[line(i, "delete", "awaiting_approval") for i in range(40)],
        chores=[line(i, "delete", "chores") for i in range(40)],
        more={"requests": 20, "approvals": 30, "chores": 32},
    )
    view = home.home(facts, lang)
    assert view_problems(view, expected_type="home") == []
    assert len(view["blocks"]) <= 100


# --- who may do what ---------------------------------------------------------------------------------------

HUB_USER = Actor("UKYRRE01", "e152435", False)
OTHER = Actor("UOLA0001", "b999999", False)
NO_IDENT = Actor("UNOIDENT", None, False)
ADMIN = Actor("UADMIN01", "x100001", True)
ADMIN_REQUESTER = Actor("UADMIN02", "x100002", True)
ASKED_BY_HUB_USER = Requested("R-1", "UKYRRE01", "e152435")
ASKED_BY_ADMIN = Requested("R-2", "UADMIN02", "x100002")
KYRRE_USERS = ("e152435",)


@pytest.mark.parametrize(
    ("actor", "action", "target", "allowed"),
    [
        (NO_IDENT, Action.LOOK, {}, True),
        (OTHER, Action.CREATE_HUB, {}, True),
        (NO_IDENT, Action.CREATE_HUB, {}, False),
        (HUB_USER, Action.CHANGE_HUB, {"hub": "kyrre", "hub_users": KYRRE_USERS}, True),
        (OTHER, Action.CHANGE_HUB, {"hub": "kyrre", "hub_users": KYRRE_USERS}, False),
        (ADMIN, Action.CHANGE_HUB, {"hub": "kyrre", "hub_users": KYRRE_USERS}, True),
        (
            OTHER,
            Action.CHANGE_HUB,
            {"hub": "nowhere", "hub_users": None},
            True,
        ),  # planning says "no such hub"
        (HUB_USER, Action.MANAGE_REQUEST, {"request": ASKED_BY_HUB_USER}, True),
        (Actor("UELSEWHERE", "e152435", False), Action.MANAGE_REQUEST, {"request": ASKED_BY_HUB_USER}, True),
        (OTHER, Action.MANAGE_REQUEST, {"request": ASKED_BY_HUB_USER}, False),
        (ADMIN, Action.MANAGE_REQUEST, {"request": ASKED_BY_HUB_USER}, True),
        (HUB_USER, Action.DECIDE_DELETION, {"request": ASKED_BY_HUB_USER}, False),
        (OTHER, Action.DECIDE_DELETION, {"request": ASKED_BY_HUB_USER}, False),
        (ADMIN, Action.DECIDE_DELETION, {"request": ASKED_BY_HUB_USER}, True),
        (ADMIN_REQUESTER, Action.DECIDE_DELETION, {"request": ASKED_BY_ADMIN}, False),
        (ADMIN, Action.DECIDE_DELETION, {"request": ASKED_BY_ADMIN}, True),
        (HUB_USER, Action.DO_CHORE, {"request": ASKED_BY_HUB_USER}, False),
        (ADMIN_REQUESTER, Action.DO_CHORE, {"request": ASKED_BY_ADMIN}, True),
    ],
)
def test_who_may_do_what(actor: Actor, action: Action, target: dict, allowed: bool) -> None:
    if allowed:
        check(actor, action, **target)
    else:
        with pytest.raises(Denied) as denied:
            check(actor, action, **target)
        assert denied.value.message("en") and denied.value.message("nb")


def test_a_refusal_names_who_can() -> None:
    with pytest.raises(Denied) as denied:
        check(ADMIN_REQUESTER, Action.DECIDE_DELETION, request=ASKED_BY_ADMIN)
    assert denied.value.message("en") == (
        "You asked for the deletion in R-2 yourself, so another knada admin must approve or reject it."
    )
    with pytest.raises(Denied) as denied:
        check(OTHER, Action.CHANGE_HUB, hub="kyrre", hub_users=KYRRE_USERS)
    assert denied.value.message("nb").startswith("Bare brukere av `kyrre` og knada-administratorer")


def test_without_a_user_group_the_admins_are_pinged_by_id() -> None:
    assert AdminDirectory(None, group_id="S0ADMINS").mention() == "<!subteam^S0ADMINS>"
    assert AdminDirectory(None, admin_ids=frozenset({"UB", "UA"})).mention() == "<@UA> <@UB>"
    assert AdminDirectory(None).mention() is None
