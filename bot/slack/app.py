"""The Bolt app factory: the listeners for ``/knada``, the buttons, the forms and the App Home.

Built per process by ``create_app`` (never at import time). ``process_before_response=True``: a listener
runs on the HTTP server's request thread and acks when it returns, which is after the request is committed
to the database. Listeners stay thin: they read the payload, hand it to the service (where the one access
check, ``bot.slack.access.check``, stands in front of every command, button and form), and show the
outcome. The only Slack calls made before the ack are the ones Slack allows no later: opening or updating
a modal with the click's ``trigger_id`` (valid for 3 s), and the short answer to the clicker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import catalog
from bot.slack import cards, home, modals
from bot.slack.access import Actor
from bot.slack.answers import EDIT_PREFIX

if TYPE_CHECKING:
    from bot.service import Service

log = logging.getLogger(__name__)

#: Buttons that decide something about a request: action id -> what the service does with the click.
Decision = Callable[["Service", Actor, str], str]
DECISIONS: dict[str, Decision] = {
    cards.APPROVE: lambda service, actor, value: service.decide_deletion(value, actor, approve=True),
    cards.REJECT: lambda service, actor, value: service.decide_deletion(value, actor, approve=False),
    cards.CANCEL: lambda service, actor, value: service.cancel(value, actor),
    cards.RETRY: lambda service, actor, value: service.retry(value, actor),
    cards.REBUILD: lambda service, actor, value: service.request_rebuild(value, actor),
    cards.CHORE_DONE: lambda service, actor, value: service.tick_chore(*_chore(value), actor),
}


def _chore(value: str) -> tuple[str, str]:
    """A Done button's value, ``"R-42 helm-release"``: the request and the chore."""
    request_id, _, chore = value.partition(" ")
    return request_id, chore


def create_app(service: Service, *, signing_secret: str, client: WebClient) -> App:
    app = App(
        signing_secret=signing_secret,
        client=client,
        token_verification_enabled=False,  # auth.test happens on the first request, not at import
        process_before_response=True,
        request_verification_enabled=True,
        logger=logging.getLogger("slack_bolt"),
    )
    lang = service.lang

    @app.command("/knada")
    def knada(ack: Ack, command: dict[str, Any]) -> None:
        reply = service.handle_command(
            user_id=command["user_id"], channel_id=command["channel_id"], text=command.get("text") or ""
        )
        if reply.view is not None:
            if _open(client, command.get("trigger_id"), reply.view):
                ack()
                return
            ack(response_type="ephemeral", text=catalog.text("ack.form-failed", lang))
            return
        ack(response_type="ephemeral", text=reply.text, blocks=reply.blocks)

    @app.action(cards.OPEN_PR)
    def open_pr(ack: Ack) -> None:
        ack()  # a link button: Slack opens the URL, the bot only has to acknowledge

    def decision_listener(decide: Decision) -> Callable[..., None]:
        def listener(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
            ack()
            user = body["user"]["id"]
            text = decide(service, service.actor(user), action.get("value") or "")
            _tell(client, body, respond, text, lang)
            if _in_home(body):
                service.queue_home(user)

        return listener

    for action_id, decide in DECISIONS.items():
        app.action(action_id)(decision_listener(decide))

    def open_form(body: dict[str, Any], respond: Respond, view: dict[str, Any]) -> None:
        if not _open(client, body.get("trigger_id"), view):
            _tell(client, body, respond, catalog.text("ack.form-failed", lang), lang)

    @app.action(re.compile("^" + re.escape(EDIT_PREFIX)))
    def edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        kind = action["action_id"].removeprefix(EDIT_PREFIX)
        origin = modals.Origin(kind, hub=action.get("value"), channel=service.card_channel(_channel(body)))
        open_form(body, respond, service.form(origin, body["user"]["id"]))

    @app.action(home.HUB_MENU)
    def hub_menu(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        kind, _, hub = ((action.get("selected_option") or {}).get("value") or "").partition(" ")
        origin = modals.Origin(kind, hub=hub, channel=service.card_channel(None))
        open_form(body, respond, service.form(origin, body["user"]["id"]))

    @app.action(home.NEW_HUB)
    def new_hub(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        origin = modals.Origin("create", channel=service.card_channel(_channel(body)))
        open_form(body, respond, service.form(origin, body["user"]["id"]))

    @app.action(cards.RESUBMIT)
    def resubmit(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        view = service.resubmit_form(action.get("value") or "", body["user"]["id"], _channel(body))
        open_form(body, respond, view)

    @app.action(modals.BACK)
    def back(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        view = body["view"]
        form = service.back_to_form(view, body["user"]["id"])
        try:
            client.views_update(view_id=view["id"], hash=view.get("hash"), view=form)
        except (SlackApiError, SlackClientError) as error:
            log.warning("views.update failed: %s", _slack_error(error))

    @app.view(modals.FORM)
    def submit_form(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ack(**service.submit_form(view, body["user"]["id"]))

    @app.view(modals.PREVIEW)
    def submit_preview(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ack(**service.submit_preview(view, body["user"]["id"]))

    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        try:
            service.publish_home(event["user"])
        except (SlackApiError, SlackClientError) as error:
            log.warning("views.publish failed: %s", _slack_error(error))

    @app.error
    def failed(error: Exception, body: dict[str, Any]) -> None:
        log.error("listener failed on a %s", body.get("type") or "command", exc_info=error)

    return app


def _open(client: WebClient, trigger_id: str | None, view: dict[str, Any]) -> bool:
    if not trigger_id:
        return False
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except (SlackApiError, SlackClientError) as error:  # an expired trigger (Slack took > 3 s to get here)
        log.warning("views.open failed: %s", _slack_error(error))
        return False
    return True


def _tell(client: WebClient, body: dict[str, Any], respond: Respond, text: str, lang: str | None) -> None:
    """Show the clicker the outcome of a click: ephemerally where they clicked, or, from the App Home (which
    has no place for a message), in a small modal."""
    try:
        if body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
        elif body.get("trigger_id"):
            client.views_open(trigger_id=body["trigger_id"], view=modals.notice("notice.title", text, lang))
    except (SlackApiError, SlackClientError) as error:
        log.warning("could not tell the user: %s", _slack_error(error))


def _channel(body: dict[str, Any]) -> str | None:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    return channel if isinstance(channel, str) else None


def _in_home(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def _slack_error(error: Exception) -> str:
    response = getattr(error, "response", None)
    return str(response.get("error")) if response is not None else type(error).__name__
