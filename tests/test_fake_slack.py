"""Proves the Slack fakes: FakeSlack answers slack_sdk's real WebClient as Slack does and refuses what Slack
refuses, and SlackRequests signs requests that Slack's verifier and a real Bolt app accept (and forges ones
they reject)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack import FakeSlack, block_text
from tests.fakes.slack_requests import Signing, SlackRequests, slack_signature

CHANNEL = "C0KNADA"
SECRET = "test-signing-secret"


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(action_id: str, text: str = "OK", value: str = "v") -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def modal(*blocks: dict[str, Any], title: str = "Ny hub", **extra: Any) -> dict[str, Any]:
    view = {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": list(blocks), **extra}
    if any(b["type"] == "input" for b in blocks):
        view.setdefault("submit", {"type": "plain_text", "text": "Send"})
    return view


def text_input(block_id: str, action_id: str, **element: Any) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": block_id},
        "element": {"type": "plain_text_input", "action_id": action_id, **element},
    }


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.token, base_url=fake.api_url)


def slack_error(call) -> SlackApiError:  # type: ignore[no-untyped-def]
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value


# -- Web API ------------------------------------------------------------------------------------------------


def test_auth_test_answers_as_the_bot_and_wrong_tokens_are_refused(
    fake: FakeSlack, client: WebClient
) -> None:
    assert fake.api_url.endswith("/api/")
    assert client.auth_test()["user_id"] == fake.bot_user_id

    wrong = WebClient(token="xoxb-wrong", base_url=fake.api_url)
    assert slack_error(wrong.auth_test).response["error"] == "invalid_auth"
    anonymous = WebClient(base_url=fake.api_url)
    assert slack_error(anonymous.auth_test).response["error"] == "invalid_auth"

    assert [call.token for call in fake.calls("auth.test")] == [fake.token, "xoxb-wrong", None]


def test_unknown_methods_are_answered_and_recorded(fake: FakeSlack, client: WebClient) -> None:
    error = slack_error(lambda: client.api_call("emoji.list"))
    assert error.response["error"] == "unknown_method"
    assert [call.method for call in fake.calls()] == ["emoji.list"]


def test_a_card_is_posted_updated_and_replied_to_in_its_thread(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=CHANNEL, text="R-1 mottatt", blocks=[section("*R-1* mottatt")])
    reply = client.chat_postMessage(channel=CHANNEL, thread_ts=posted["ts"], text="PR #17 åpnet")
    # A reply to a reply lands in the parent's thread, as in Slack.
    client.chat_postMessage(channel=CHANNEL, thread_ts=reply["ts"], text="Sjekker grønne")
    client.chat_update(channel=CHANNEL, ts=posted["ts"], text="R-1 venter", blocks=[section("*R-1* venter")])
    client.chat_update(channel=CHANNEL, ts=posted["ts"], text="R-1 venter på godkjenning")

    card = fake.last_card(CHANNEL)
    assert card["ts"] == posted["ts"]
    assert card["text"] == "R-1 venter på godkjenning"
    assert card["blocks"] == [section("*R-1* venter")]  # chat.update without blocks keeps them
    assert [r["text"] for r in card["replies"]] == ["PR #17 åpnet", "Sjekker grønne"]
    assert {r["thread_ts"] for r in card["replies"]} == {posted["ts"]}
    assert [v["text"] for v in fake.message_versions(CHANNEL, posted["ts"])] == [
        "R-1 mottatt",
        "R-1 venter",
        "R-1 venter på godkjenning",
    ]
    assert len(fake.messages(CHANNEL)) == 1
    assert posted["ts"] < reply["ts"]
    assert fake.violations == []


def test_messages_to_unknown_channels_and_messages_are_refused(fake: FakeSlack, client: WebClient) -> None:
    assert slack_error(lambda: client.chat_postMessage(channel="C0NOPE", text="x")).response["error"] == (
        "channel_not_found"
    )
    error = slack_error(lambda: client.chat_update(channel=CHANNEL, ts="1.000001", text="x"))
    assert error.response["error"] == "message_not_found"
    error = slack_error(lambda: client.chat_postMessage(channel=CHANNEL, thread_ts="1.000001", text="x"))
    assert error.response["error"] == "message_not_found"


def test_form_encoded_blocks_are_read_like_json_ones(fake: FakeSlack, client: WebClient) -> None:
    blocks = [section("hei")]
    client.api_call(
        "chat.postMessage", params={"channel": CHANNEL, "text": "hei", "blocks": json.dumps(blocks)}
    )

    assert fake.calls("chat.postMessage")[0].args["blocks"] == blocks
    assert fake.last_card(CHANNEL)["blocks"] == blocks


def test_ephemerals_permalinks_and_reactions(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postEphemeral(channel=CHANNEL, user="U1", text="Bare for deg")
    posted = client.chat_postMessage(channel=CHANNEL, text="kort")
    link = client.chat_getPermalink(channel=CHANNEL, message_ts=posted["ts"])["permalink"]
    client.reactions_add(channel=CHANNEL, timestamp=posted["ts"], name="white_check_mark")
    again = slack_error(
        lambda: client.reactions_add(channel=CHANNEL, timestamp=posted["ts"], name="white_check_mark")
    )

    assert [e["text"] for e in fake.ephemerals("U1")] == ["Bare for deg"]
    assert fake.ephemerals("U2") == []
    assert link.endswith(f"/archives/{CHANNEL}/p{posted['ts'].replace('.', '')}")
    assert fake.last_card(CHANNEL)["reactions"] == [
        {"name": "white_check_mark", "users": [fake.bot_user_id], "count": 1}
    ]
    assert again.response["error"] == "already_reacted"


def test_direct_messages_go_to_the_users_dm(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="U1", text="Du må starte serveren på nytt")

    assert posted["channel"] == "D1"
    assert [m["text"] for m in fake.messages("U1")] == ["Du må starte serveren på nytt"]


def test_profile_fields_users_usergroups_and_channels(fake: FakeSlack, client: WebClient) -> None:
    fake.set_profile("U1", fields={"Xf0IDENT": "e152435"}, real_name="Kyrre Havik")
    fake.add_user("U2", name="ola")
    fake.set_usergroup("S0ADMINS", ["U1", "U3"])

    profile = client.users_profile_get(user="U1")["profile"]
    assert profile["fields"]["Xf0IDENT"]["value"] == "e152435"
    assert profile["real_name"] == "Kyrre Havik"
    # Slack answers [] (not {}) for a user without custom fields.
    assert client.users_profile_get(user="U2")["profile"]["fields"] == []
    assert client.users_info(user="U2")["user"]["name"] == "ola"
    assert slack_error(lambda: client.users_info(user="U404")).response["error"] == "user_not_found"
    assert slack_error(lambda: client.users_profile_get(user="U404")).response["error"] == "user_not_found"

    assert client.usergroups_users_list(usergroup="S0ADMINS")["users"] == ["U1", "U3"]
    error = slack_error(lambda: client.usergroups_users_list(usergroup="S0NOPE"))
    assert error.response["error"] == "no_such_subteam"

    assert client.conversations_info(channel=CHANNEL)["channel"]["name"] == "knada"
    assert slack_error(lambda: client.conversations_info(channel="C0NOPE")).response["error"] == (
        "channel_not_found"
    )


def test_views_open_update_push_and_publish(fake: FakeSlack, client: WebClient) -> None:
    trigger = fake.new_trigger_id("U1")
    opened = client.views_open(trigger_id=trigger, view=modal(section("Steg 1"), callback_id="create"))[
        "view"
    ]
    reused = slack_error(lambda: client.views_open(trigger_id=trigger, view=modal(section("x"))))
    made_up = slack_error(lambda: client.views_open(trigger_id="123.456", view=modal(section("x"))))

    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal(section("Steg 2")))[
        "view"
    ]
    stale = slack_error(
        lambda: client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal(section("x")))
    )
    pushed = client.views_push(trigger_id=fake.new_trigger_id("U1"), view=modal(section("Detaljer")))["view"]
    client.views_publish(user_id="U1", view={"type": "home", "blocks": [section("Dine hubs")]})

    assert reused.response["error"] == "exchanged_trigger_id"
    assert made_up.response["error"] == "invalid_trigger_id"
    assert stale.response["error"] == "hash_conflict"
    assert [block_text(v) for v in fake.views("U1")] == ["Ny hub\nSteg 2", "Ny hub\nDetaljer"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert pushed["previous_view_id"] == opened["id"] and pushed["root_view_id"] == opened["id"]
    assert fake.views("U2") == []
    assert block_text(fake.home("U1")) == "Dine hubs"
    assert fake.violations == []


def test_a_trigger_id_expires() -> None:
    with FakeSlack(trigger_lifetime=0.0) as fake:
        client = WebClient(token=fake.token, base_url=fake.api_url)
        error = slack_error(
            lambda: client.views_open(trigger_id=fake.new_trigger_id("U1"), view=modal(section("x")))
        )
    assert error.response["error"] == "expired_trigger_id"


def test_a_response_url_takes_five_posts(fake: FakeSlack) -> None:
    url = fake.response_url("cmd", user_id="U1", channel_id=CHANNEL)
    webhook = WebhookClient(url)

    answers = [webhook.send(text=f"svar {n}") for n in range(1, 6)]
    sixth = webhook.send(text="svar 6")
    shared = WebhookClient(fake.response_url("shared", user_id="U1", channel_id=CHANNEL)).send(
        text="Alle ser dette", response_type="in_channel"
    )

    assert [a.status_code for a in answers] == [200] * 5
    assert (sixth.status_code, sixth.body) == (404, "used_url")
    assert [e["text"] for e in fake.ephemerals("U1")] == [f"svar {n}" for n in range(1, 6)]
    assert len(fake.responses("cmd")) == 6
    assert shared.status_code == 200
    assert fake.last_card(CHANNEL)["text"] == "Alle ser dette"
    assert [(v.method, v.error) for v in fake.violations] == [("response_url", "used_url")]
    assert "cmd" in fake.violations[0].detail


def test_a_response_url_replaces_the_message_that_was_clicked(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=CHANNEL, text="Godkjenn?", blocks=[section("Godkjenn?")])
    url = fake.response_url("click", user_id="U1", channel_id=CHANNEL, message_ts=posted["ts"])

    WebhookClient(url).send(text="Godkjent", blocks=[section("Godkjent av <@U1>")], replace_original=True)

    assert block_text(fake.message(CHANNEL, posted["ts"])) == "Godkjent\nGodkjent av <@U1>"


def test_rate_limit_answers_429_with_retry_after(fake: FakeSlack, client: WebClient) -> None:
    fake.rate_limit("chat.postMessage", retry_after=7)

    limited = slack_error(lambda: client.chat_postMessage(channel=CHANNEL, text="x"))
    client.chat_postMessage(channel=CHANNEL, text="y")

    assert limited.response.status_code == 429
    assert limited.response.headers["Retry-After"] == "7"
    assert [(c.status, c.response["ok"]) for c in fake.calls("chat.postMessage")] == [
        (429, False),
        (200, True),
    ]


def test_fail_makes_the_next_calls_fail(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.update", "internal_error", times=2)
    posted = client.chat_postMessage(channel=CHANNEL, text="x")

    errors = [
        slack_error(lambda: client.chat_update(channel=CHANNEL, ts=posted["ts"], text="y")) for _ in "ab"
    ]
    client.chat_update(channel=CHANNEL, ts=posted["ts"], text="z")

    assert [e.response["error"] for e in errors] == ["internal_error", "internal_error"]
    assert fake.last_card(CHANNEL)["text"] == "z"


def test_wait_for_returns_once_the_bot_has_posted(fake: FakeSlack, client: WebClient) -> None:
    worker = threading.Thread(target=lambda: client.chat_postMessage(channel=CHANNEL, text="fra workeren"))
    worker.start()
    card = fake.wait_for(lambda: fake.messages(CHANNEL), timeout=10)
    worker.join()

    assert card[0]["text"] == "fra workeren"
    with pytest.raises(AssertionError, match=r"saw: chat\.postMessage"):
        fake.wait_for(lambda: fake.ephemerals("U1"), timeout=0.05, what="an ephemeral")


# -- Block Kit validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "problem"),
    [
        ([{"type": "sektion", "text": {"type": "mrkdwn", "text": "x"}}], "unknown block type 'sektion'"),
        ([section("x" * 3001)], "text attribute cannot exceed 3000 characters [json-pointer:/blocks/0]"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], "cannot exceed 150"),
        ([{"type": "actions", "elements": [button("a", text="x" * 76)]}], "cannot exceed 75"),
        ([{"type": "actions", "elements": [button("a" * 256)]}], "action_id attribute cannot exceed 255"),
        ([section("x", block_id="b" * 256)], "block_id cannot exceed 255"),
        ([section("x")] * 51, "no more than 50 items"),
        (
            [section("x", colour="red")],
            "unsupported or empty property 'colour' [json-pointer:/blocks/0/colour]",
        ),
        ([{"type": "section", "text": "x"}], "must be an object, not str [json-pointer:/blocks/0/text]"),
        ([section("")], "[json-pointer:/blocks/0/text/text]"),
        ([section("x", block_id="card"), section("y", block_id="card")], "duplicate block_id 'card'"),
        ([{"type": "actions", "elements": [button("a"), button("a")]}], "duplicate action_id 'a'"),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "x", "emoji": True}}], "'emoji'"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}], "must be a plain_text object"),
        (
            [{"type": "actions", "elements": [{**button("a"), "text": {"type": "mrkdwn", "text": "x"}}]}],
            "plain_text",
        ),
        (
            [
                section(
                    "x", accessory={"type": "overflow", "action_id": "o", "options": [option("x" * 76, "v")]}
                )
            ],
            "must be less than 76 characters [json-pointer:/blocks/0/accessory/options/0/text/text]",
        ),
    ],
)
def test_invalid_blocks_are_refused_and_recorded(
    fake: FakeSlack, client: WebClient, blocks: list[dict[str, Any]], problem: str
) -> None:
    error = slack_error(lambda: client.chat_postMessage(channel=CHANNEL, text="fallback", blocks=blocks))

    assert error.response["error"] == "invalid_blocks"
    assert [(v.method, v.error) for v in fake.violations] == [("chat.postMessage", "invalid_blocks")]
    assert problem in fake.violations[0].detail
    assert fake.messages(CHANNEL) == []


def test_valid_rich_blocks_pass(fake: FakeSlack, client: WebClient) -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Legg til bruker i kyrre", "emoji": True}},
        section("*R-42* · spurt av <@U1>", block_id="summary", accessory=button("view_pr", "Se PR")),
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Brukere*\n+ g678901"}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": ":hourglass: venter på kodeeier"}]},
        {"type": "divider"},
        {
            "type": "actions",
            "block_id": "card_actions",
            "elements": [
                {**button("cancel", "Avbryt", "R-42"), "style": "danger"},
                {
                    "type": "button",
                    "action_id": "open_pr",
                    "text": {"type": "plain_text", "text": "PR"},
                    "url": "https://github.com/navikt/knada-jupyterhub/pull/17",
                },
            ],
        },
    ]
    client.chat_postMessage(channel=CHANNEL, text="R-42: venter på kodeeier", blocks=blocks)

    assert fake.violations == []
    assert "venter på kodeeier" in block_text(fake.last_card(CHANNEL))


def test_text_too_long_and_empty_messages_are_refused(fake: FakeSlack, client: WebClient) -> None:
    too_long = slack_error(lambda: client.chat_postMessage(channel=CHANNEL, text="x" * 40_001))
    empty = slack_error(lambda: client.api_call("chat.postMessage", json={"channel": CHANNEL}))

    assert too_long.response["error"] == "msg_too_long"
    assert empty.response["error"] == "no_text"
    assert [v.error for v in fake.violations] == ["msg_too_long", "no_text"]


@pytest.mark.parametrize(
    ("view", "problem"),
    [
        (modal(section("x"), title="x" * 25), "title must be between 1 and 24 characters"),
        (modal(section("x"), private_metadata="x" * 3001), "private_metadata cannot exceed 3000"),
        (modal(*[section("x")] * 101), "no more than 100 items"),
        ({**modal(text_input("ingress", "value")), "submit": None}, "submit is required"),
        ({"type": "modal", "blocks": [section("x")]}, "title is required"),
        ({**modal(section("x")), "id": "V1", "hash": "1.2"}, "unsupported property 'id'"),
        ({"type": "home", "blocks": [section("x")]}, "type must be 'modal'"),
        (modal(), "must contain at least 1 block"),
        ({**modal(section("x")), "title": {"type": "mrkdwn", "text": "x"}}, "must be a plain_text object"),
    ],
)
def test_invalid_views_are_refused_and_recorded(
    fake: FakeSlack, client: WebClient, view: dict[str, Any], problem: str
) -> None:
    error = slack_error(lambda: client.views_open(trigger_id=fake.new_trigger_id("U1"), view=view))

    assert error.response["error"] == "invalid_arguments"
    assert [v.method for v in fake.violations] == ["views.open"]
    assert problem in fake.violations[0].detail
    assert fake.views("U1") == []


def test_a_home_view_with_more_than_100_blocks_is_refused(fake: FakeSlack, client: WebClient) -> None:
    error = slack_error(
        lambda: client.views_publish(user_id="U1", view={"type": "home", "blocks": [section("x")] * 101})
    )

    assert error.response["error"] == "invalid_arguments"
    assert fake.home("U1") is None


def test_pings_are_violations_unless_allowed(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel=CHANNEL, text="hei <!channel>")
    client.chat_postMessage(channel=CHANNEL, text="x", blocks=[section("se her <!here|here>")])
    client.chat_postMessage(channel=CHANNEL, text="@everyone kom", link_names=True)
    # Escaped user text and a user-group mention (used for admin approvals) ping no channel.
    client.chat_postMessage(channel=CHANNEL, text="&lt;!channel&gt; og <!subteam^S0ADMINS>")

    assert [(v.error, v.detail.split(" ")[0]) for v in fake.violations] == [
        ("ping", "@channel"),
        ("ping", "@here"),
        ("ping", "@everyone"),
    ]
    assert len(fake.messages(CHANNEL)) == 4  # Slack delivers them: that is the harm

    fake.violations.clear()
    fake.allow_pings("here")
    client.chat_postMessage(channel=CHANNEL, text="<!here> vedlikehold i kveld")
    assert fake.violations == []


# -- signed requests ----------------------------------------------------------------------------------------


def verifying_transport(secret: str) -> httpx.MockTransport:
    """The receiving end of a Slack request, checked with the verifier Bolt uses."""
    verifier = SignatureVerifier(secret)

    def handle(request: httpx.Request) -> httpx.Response:
        valid = verifier.is_valid_request(request.content, dict(request.headers))
        return httpx.Response(200 if valid else 401)

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    ("signing", "status"),
    [(Signing.VALID, 200), (Signing.FORGED, 401), (Signing.STALE, 401), (Signing.UNSIGNED, 401)],
)
def test_signed_requests_pass_slacks_verifier_and_forged_ones_fail(
    fake: FakeSlack, signing: Signing, status: int
) -> None:
    slack = SlackRequests("http://app.test", SECRET, fake, transport=verifying_transport(SECRET))
    client = WebClient(token=fake.token, base_url=fake.api_url)
    client.chat_postMessage(
        channel=CHANNEL, text="kort", blocks=[{"type": "actions", "elements": [button("cancel")]}]
    )
    view = client.views_open(
        trigger_id=fake.new_trigger_id("U1"), view=modal(section("x"), notify_on_close=True)
    )["view"]

    responses = [
        slack.command("hub list", "U1", signing=signing),
        slack.block_action("U1", "cancel", signing=signing),
        slack.view_submission("U1", view, signing=signing),
        slack.view_closed("U1", view, signing=signing),
        slack.app_home_opened("U1", retry_num=1, signing=signing),
    ]

    assert [r.status_code for r in responses] == [status] * 5
    assert all(str(r.request.url) == "http://app.test/slack/events" for r in responses)


def test_the_signature_is_slacks_v0_hmac() -> None:
    # The example from Slack's "Verifying requests from Slack" guide.
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
        b"channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
        b"response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
        b"trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    assert slack_signature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


def test_a_command_is_form_encoded_like_slacks(fake: FakeSlack) -> None:
    fake.add_user("U1", name="kyrre")
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(200))
    slack = SlackRequests("http://app.test", SECRET, fake, transport=transport)

    slack.command("hub users add kyrre <@U2|ola>", "U1")

    form = {key: values[0] for key, values in parse_qs(seen[0].content.decode()).items()}
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert form["command"] == "/knada"
    assert form["text"] == "hub users add kyrre <@U2|ola>"
    assert (form["user_id"], form["user_name"], form["channel_id"], form["team_id"]) == (
        "U1",
        "kyrre",
        CHANNEL,
        fake.team_id,
    )
    assert form["response_url"] == fake.response_url(slack.last_response_url or "")
    assert form["trigger_id"]


def test_a_click_needs_an_element_the_bot_rendered(fake: FakeSlack) -> None:
    slack = SlackRequests("http://app.test", SECRET, fake, transport=verifying_transport(SECRET))

    with pytest.raises(LookupError, match="approve"):
        slack.block_action("U1", "approve")


def test_a_submission_is_filled_in_as_slack_fills_it(fake: FakeSlack, client: WebClient) -> None:
    select = {
        "type": "input",
        "block_id": "ui",
        "label": {"type": "plain_text", "text": "Grensesnitt"},
        "element": {
            "type": "static_select",
            "action_id": "value",
            "options": [
                {"text": {"type": "plain_text", "text": "JupyterLab"}, "value": "lab"},
                {"text": {"type": "plain_text", "text": "Klassisk"}, "value": "classic"},
            ],
        },
    }
    view = client.views_open(
        trigger_id=fake.new_trigger_id("U1"),
        view=modal(
            text_input("ingress", "value", max_length=42),
            text_input("memory", "value", initial_value="2GB"),
            {**text_input("namespace", "value"), "optional": True},
            select,
        ),
    )["view"]
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(200))
    slack = SlackRequests("http://app.test", SECRET, fake, transport=transport)

    with pytest.raises(ValueError, match="required input 'ingress'"):
        slack.view_submission("U1", view, {"ui": {"value": "lab"}})
    with pytest.raises(ValueError, match="longer than max_length"):
        slack.view_submission("U1", view, {"ingress": {"value": "x" * 43}, "ui": {"value": "lab"}})
    with pytest.raises(ValueError, match="no input 'cpu'"):
        slack.view_submission("U1", view, {"cpu": {"value": "1"}})
    slack.view_submission("U1", view, {"ingress": {"value": "kyrre"}, "ui": {"value": "classic"}})

    payload = json.loads(parse_qs(seen[0].content.decode())["payload"][0])
    assert payload["type"] == "view_submission"
    assert payload["view"]["state"]["values"] == {
        "ingress": {"value": {"type": "plain_text_input", "value": "kyrre"}},
        "memory": {"value": {"type": "plain_text_input", "value": "2GB"}},
        "namespace": {"value": {"type": "plain_text_input", "value": None}},
        "ui": {"value": {"type": "static_select", "selected_option": select["element"]["options"][1]}},
    }
    assert fake.views("U1") == []  # an empty 200 closes the modal


# -- a real Bolt app behind HTTP --------------------------------------------------------------------------


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def bolt_app(fake: FakeSlack) -> Iterator[tuple[App, str]]:
    """A minimal Bolt app, served by wsgiref on a real socket."""
    app = App(
        signing_secret=SECRET,
        token_verification_enabled=False,
        client=WebClient(token=fake.token, base_url=fake.api_url),
    )
    server: WSGIServer = make_server("127.0.0.1", 0, SlackRequestHandler(app), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_bolt_receives_a_signed_command_and_its_answers_land_in_the_fake(
    fake: FakeSlack, bolt_app: tuple[App, str]
) -> None:
    app, url = bolt_app

    @app.command("/knada")
    def knada(ack, say, respond, command) -> None:  # type: ignore[no-untyped-def]
        ack(f"Mottatt: {command['text']}")
        say(text=f"<@{command['user_id']}> ba om {command['text']}")
        respond("Kun for deg")

    with SlackRequests(url, SECRET, fake) as slack:
        accepted = slack.command("hub list", "U1")
        forged = slack.command("hub delete kyrre", "U1", signing=Signing.FORGED)
        stale = slack.command("hub delete kyrre", "U1", signing=Signing.STALE)
        unsigned = slack.command("hub delete kyrre", "U1", signing=Signing.UNSIGNED)

    assert accepted.status_code == 200
    assert accepted.text == "Mottatt: hub list"
    assert [m["text"] for m in fake.messages(CHANNEL)] == ["<@U1> ba om hub list"]
    assert [e["text"] for e in fake.ephemerals("U1")] == ["Kun for deg"]
    assert [r.status_code for r in (forged, stale, unsigned)] == [401, 401, 401]
    assert len(fake.calls("chat.postMessage")) == 1
    assert fake.violations == []


def test_bolt_opens_a_modal_handles_clicks_submissions_and_home(
    fake: FakeSlack, bolt_app: tuple[App, str]
) -> None:
    app, url = bolt_app

    @app.command("/knada")
    def open_modal(ack, body, client) -> None:  # type: ignore[no-untyped-def]
        ack()
        view = modal(text_input("ingress", "value"), callback_id="create_hub")
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view("create_hub")
    def submit(ack, view, client, body) -> None:  # type: ignore[no-untyped-def]
        ingress = view["state"]["values"]["ingress"]["value"]["value"]
        if not ingress.islower():
            ack(response_action="errors", errors={"ingress": "Bruk små bokstaver"})
            return
        ack()
        client.chat_postMessage(
            channel=CHANNEL,
            text=f"Ny hub {ingress}",
            blocks=[{"type": "actions", "elements": [button("cancel", "Avbryt", ingress)]}],
        )

    @app.action("cancel")
    def cancel(ack, respond, action) -> None:  # type: ignore[no-untyped-def]
        ack()
        respond(text=f"Avbrutt: {action['value']}", replace_original=True)

    @app.event("app_home_opened")
    def home(event, client) -> None:  # type: ignore[no-untyped-def]
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": [section("Dine hubs")]})

    with SlackRequests(url, SECRET, fake) as slack:
        slack.command("hub create", "U1")
        view = fake.wait_for(lambda: fake.views("U1"))[-1]
        refused = slack.view_submission("U1", view, {"ingress": {"value": "Kyrre"}})
        still_open = fake.views("U1")
        slack.view_submission("U1", view, {"ingress": {"value": "kyrre"}})
        card = fake.wait_for(lambda: fake.messages(CHANNEL))[-1]
        slack.block_action("U1", "cancel")
        slack.app_home_opened("U1")
        fake.wait_for(lambda: fake.home("U1"))

    assert refused.json() == {"response_action": "errors", "errors": {"ingress": "Bruk små bokstaver"}}
    assert [v["id"] for v in still_open] == [view["id"]]
    assert fake.views("U1") == []
    assert fake.message(CHANNEL, card["ts"])["text"] == "Avbrutt: kyrre"
    assert block_text(fake.home("U1")) == "Dine hubs"
    assert fake.violations == []


def capturing_transport(
    answer: httpx.Response | None = None,
) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """An app that answers every request with ``answer`` (default: an empty 200) and keeps what it got."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer if answer is not None else httpx.Response(200)

    return httpx.MockTransport(handle), seen


def interactive_payload(request: httpx.Request) -> dict[str, Any]:
    return json.loads(parse_qs(request.content.decode())["payload"][0])


def test_a_click_carries_the_message_and_a_response_url_for_it(fake: FakeSlack, client: WebClient) -> None:
    blocks = [
        {"type": "actions", "block_id": "card_actions", "elements": [button("cancel", "Avbryt", "R-7")]}
    ]
    card = client.chat_postMessage(channel=CHANNEL, text="R-7", blocks=blocks)
    client.chat_postMessage(channel=CHANNEL, text="uten knapper")
    transport, seen = capturing_transport()
    slack = SlackRequests("http://app.test", SECRET, fake, transport=transport)

    slack.block_action("U1", "cancel")
    with pytest.raises(ValueError, match="carries 'R-7'"):
        slack.block_action("U1", "cancel", "R-8")

    payload = interactive_payload(seen[0])
    assert payload["type"] == "block_actions"
    assert payload["container"] == {
        "type": "message",
        "message_ts": card["ts"],
        "channel_id": CHANNEL,
        "is_ephemeral": False,
    }
    assert payload["message"]["blocks"] == blocks
    assert payload["actions"][0] | {"action_ts": None} == {
        "type": "button",
        "action_id": "cancel",
        "block_id": "card_actions",
        "text": {"type": "plain_text", "text": "Avbryt"},
        "value": "R-7",
        "action_ts": None,
    }
    WebhookClient(payload["response_url"]).send(text="Avbrutt", replace_original=True)
    assert fake.message(CHANNEL, card["ts"])["text"] == "Avbrutt"


def test_field_errors_must_name_an_input_of_the_modal(fake: FakeSlack, client: WebClient) -> None:
    view = client.views_open(
        trigger_id=fake.new_trigger_id("U1"), view=modal(text_input("ingress", "value"))
    )["view"]
    answer = httpx.Response(200, json={"response_action": "errors", "errors": {"ingres": "Ugyldig navn"}})
    transport, _ = capturing_transport(answer)
    slack = SlackRequests("http://app.test", SECRET, fake, transport=transport)

    slack.view_submission("U1", view, {"ingress": {"value": "Kyrre"}})

    assert [(v.method, v.error) for v in fake.violations] == [("view_submission", "invalid_response")]
    assert "'ingres'" in fake.violations[0].detail
    assert [v["id"] for v in fake.views("U1")] == [view["id"]]


def test_a_submission_answered_with_update_or_push_changes_the_modal(
    fake: FakeSlack, client: WebClient
) -> None:
    view = client.views_open(
        trigger_id=fake.new_trigger_id("U1"), view=modal(text_input("ingress", "value"))
    )["view"]
    next_step = modal(section("Bekreft"), title="Bekreft")
    update = httpx.Response(200, json={"response_action": "update", "view": next_step})
    push = httpx.Response(200, json={"response_action": "push", "view": next_step})

    SlackRequests("http://app.test", SECRET, fake, transport=capturing_transport(update)[0]).view_submission(
        "U1", view, {"ingress": {"value": "kyrre"}}
    )
    after_update = fake.views("U1")
    SlackRequests("http://app.test", SECRET, fake, transport=capturing_transport(push)[0]).view_submission(
        "U1", after_update[-1]
    )

    assert [(v["id"], block_text(v)) for v in after_update] == [(view["id"], "Bekreft\nBekreft")]
    assert [v["previous_view_id"] for v in fake.views("U1")] == [None, view["id"]]
    assert fake.violations == []


def test_view_closed_is_only_sent_for_views_that_ask_for_it(fake: FakeSlack, client: WebClient) -> None:
    quiet = client.views_open(trigger_id=fake.new_trigger_id("U1"), view=modal(section("x")))["view"]
    told = client.views_open(
        trigger_id=fake.new_trigger_id("U1"), view=modal(section("y"), notify_on_close=True)
    )["view"]
    transport, seen = capturing_transport()
    slack = SlackRequests("http://app.test", SECRET, fake, transport=transport)

    with pytest.raises(ValueError, match="notify_on_close"):
        slack.view_closed("U1", quiet)
    slack.view_closed("U1", told)

    assert interactive_payload(seen[0])["type"] == "view_closed"
    assert [v["id"] for v in fake.views("U1")] == [quiet["id"]]


def test_an_event_redelivery_keeps_its_id_and_says_it_is_a_retry(fake: FakeSlack) -> None:
    transport, seen = capturing_transport()
    slack = SlackRequests("http://app.test", SECRET, fake, transport=transport)

    slack.app_home_opened("U1", event_id="Ev0001")
    slack.app_home_opened("U1", event_id="Ev0001", retry_num=1)

    first, retry = (json.loads(request.content) for request in seen)
    assert first["event_id"] == retry["event_id"] == "Ev0001"
    assert first["event"]["type"] == "app_home_opened" and first["event"]["user"] == "U1"
    assert "x-slack-retry-num" not in seen[0].headers
    assert (seen[1].headers["x-slack-retry-num"], seen[1].headers["x-slack-retry-reason"]) == (
        "1",
        "http_timeout",
    )
