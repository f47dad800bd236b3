"""The console of ``knada-bot local``: Slack and GitHub in a terminal, one line at a time.

Every line is a *step*: a slash command as the current user, a press on a numbered button, a field of the
open modal, or something GitHub or a person on GitHub does (``/checks``, ``/approve``, ``/merge``,
``/close``). After each step the bot's queued jobs run to the end (``LocalBot.drain``), and what a person in
Slack would have seen appears: new messages, thread replies under their card, cards updated in place with
the changed lines marked, ephemerals, modals and Home tabs.

A step succeeds, fails, or is turned down:

- *failed*: the console can't do it (unknown command, no such button or PR, an answer the Slack client
  would refuse), the app answers with an HTTP error, a job fails, or a request ends up ``failed``;
- *turned down*: the bot refuses a ``/knada`` command or answers it with usage help (read from the
  service's command metric), or GitHub refuses (a merge before the check passed and a code owner approved);
- *succeeded*: anything else. Field errors the bot puts on a modal are not failures: those fields are
  asked again, as Slack shows them again.

A script (``--script``) stops at the first step that does not succeed. A line starting with ``!`` expects to
be turned down instead: it passes when it is turned down, or when it changes nothing (no request created or
moved on, no PR changed), so that ``!/press Approve`` checks that a requester can't approve their own
request whatever way the bot chooses to say no.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from slack_bolt import BoltResponse

from bot import catalog
from bot.forge.base import ForgeError, PullRequestStatus
from bot.local import forms, render
from bot.local.runtime import LocalBot
from bot.local.slack import (
    ADMIN_GROUP_HANDLE,
    BOT_NAME,
    CHANNEL_NAME,
    Change,
    Message,
    SlackError,
    user_id_for,
)

IDENT_RE = re.compile(r"^[a-z][0-9]{6}$")
_MENTION_RE = re.compile(r"(?<![\w<@])@([a-z][0-9]{6})\b")
CHECK_AUTHOR = "knada-jupyterhub-check"
REFUSED_OUTCOMES = ("refused", "usage", "wrong_channel")

#: A function that shows ``prompt`` and returns the next line, or None at the end of input.
Reader = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Outcome:
    """How a step went. ``reason`` is printed when the step ends; ``summary`` (default: the reason) names
    it when a script stops there."""

    kind: str  # ok | unchanged | refused | failed | quit
    reason: str = ""
    summary: str = ""


OK = Outcome("ok")
QUIT = Outcome("quit")


def failed(reason: str) -> Outcome:
    return Outcome("failed", reason)


def refused(reason: str) -> Outcome:
    return Outcome("refused", reason)


@dataclass(frozen=True)
class Control:
    """A numbered interactive element: where it is, and how to find it again."""

    where: str  # "message" or "view"
    ref: str  # the message's ts or the view's id
    owner: str | None  # the only user who sees it (an ephemeral, a modal, a Home tab); None: everyone
    block_id: str | None
    action_id: str
    value: str | None
    label: str


@dataclass
class Form:
    """The modal being filled in: its view, what was answered, and which fields are still to ask."""

    view: dict[str, Any]
    fields: list[forms.Field]
    answers: dict[str, dict[str, Any]]
    queue: list[int]
    introduced: bool = False  # the current field's choices and value were shown


@dataclass
class Console:
    """One terminal's view of the workspace, acting as one person at a time (``ident``)."""

    bot: LocalBot
    out: TextIO
    ident: str
    reader: Reader | None = None  # where the lines come from (set by run)
    lang: str = field(init=False)
    user: str = field(init=False)

    def __post_init__(self) -> None:
        self.lang = self.bot.settings.KNADA_LANGUAGE
        self.user = user_id_for(self.ident)
        self._numbers: dict[tuple[str, str, str | None, str, str | None], int] = {}
        self._controls: dict[int, Control] = {}
        self._shown: dict[str, list[str]] = {}  # ts -> the lines last shown for that message
        self._context: str | None = None  # ts of the card whose thread was shown last
        self.form: Form | None = None

    # -- running ----------------------------------------------------------------------------------------

    def greet(self) -> None:
        repo = self.bot.forge.repo_dir
        self.say("local.banner")
        self.say("local.repo-created" if self.bot.created else "local.repo-existing", repo=repo)
        self.say("local.state", path=self.bot.state_dir)
        self.say("local.you-are", ident=self.ident, admin=self._admin_suffix(), channel=CHANNEL_NAME)

    def run(self, read: Reader, *, script: bool = False, line_numbers: list[int] | None = None) -> int:
        """Read and run steps until the input ends or ``/quit``. A script stops at the first step that does
        not go as its line expects and returns 1 (``line_numbers``: the number of each line read)."""
        self.reader = read
        steps = 0
        while True:
            self._introduce_field()
            line = read(self.prompt())
            if line is None:
                break
            if not line.strip() and self.form is None:
                continue
            where = line_numbers[-1] if line_numbers else steps + 1
            steps += 1
            expect_no = line.lstrip().startswith("!")
            outcome = self.step(line.lstrip()[1:] if expect_no else line, expect_no=expect_no)
            self.out.flush()
            if outcome.kind == "quit":
                break
            problem = _judge(outcome, expect_no, self.lang)
            if problem and script:
                self.say("local.step-failed", line=where, reason=problem)
                return 1
        if script and self.form is not None and self.form.view.get("submit"):  # a form left unsent
            self.say("local.script-modal-open", title=render.text_of(self.form.view.get("title")))
            return 1
        self.say("local.script-done" if script else "local.quit", steps=steps, repo=self.bot.forge.repo_dir)
        self.out.flush()
        return 0

    def step(self, line: str, *, expect_no: bool = False) -> Outcome:
        """Run one line and show what it caused. With ``expect_no``, a step that went through but changed
        nothing comes back ``unchanged``. The outcome is judged by ``run``."""
        states = self.bot.request_states()
        before = self._fingerprint(states) if expect_no else None
        try:
            outcome = self._do(line.strip())
        except (ForgeError, SlackError) as error:
            outcome = failed(str(error))
        except Exception as error:  # the console must survive the bot's bugs: show them, go on
            outcome = failed(
                catalog.text("local.console-error", self.lang, error=f"{type(error).__name__}: {error}")
            )
        if outcome.kind == "quit":
            return outcome
        if outcome.reason:
            self.say_text(outcome.reason)
        problems = self._settle(states)
        if problems and outcome.kind != "failed":
            return failed("; ".join(problems))
        if outcome.kind == "ok" and before is not None and before == self._fingerprint():
            return Outcome("unchanged")
        return outcome

    def _settle(self, states_before: Mapping[str, tuple[str, str | None]]) -> list[str]:
        """Run the jobs the step queued, show what changed, and return what went wrong meanwhile."""
        problems = []
        for failure in self.bot.drain():
            request = (
                catalog.text("local.job-request", self.lang, request_id=failure.request_id)
                if failure.request_id
                else ""
            )
            error = failure.error.splitlines()[0] if failure.error else ""
            key = "local.job-dead" if failure.dead else "local.job-failed"
            problems.append(catalog.text(key, self.lang, kind=failure.kind, request=request, error=error))
        self.show(self.bot.workspace.take_changes())
        for request_id, (state, reason) in self.bot.request_states().items():
            if state == "failed" and states_before.get(request_id, ("",))[0] != "failed":
                problems.append(
                    catalog.text(
                        "local.request-failed", self.lang, request_id=request_id, reason=reason or ""
                    )
                )
        for problem in problems:
            self.print(problem)
        self._sync_form()
        return problems

    def _fingerprint(self, states: Mapping[str, tuple[str, str | None]] | None = None) -> tuple[Any, ...]:
        """What a step that is turned down must leave as it was: the requests' states and the PRs."""
        states = self.bot.request_states() if states is None else states
        prs = tuple(
            (s.pr.number, s.pr.state, s.pr.head_sha, s.reviews, s.checks) for s in self.bot.pull_requests()
        )
        return tuple(sorted(states.items())), prs

    def prompt(self) -> str:
        form = self.form
        if form is None:
            admin = catalog.text("local.prompt-admin", self.lang) if self._is_admin() else ""
            return f"{self.ident}{admin}> "
        if form.queue:
            current = form.fields[form.queue[0]]
            now = forms.shown(form.answers.get(current.block_id))
            return f"  {current.label}{'' if current.optional else '*'}{f' [{now}]' if now else ''}: "
        submit, close = self._modal_buttons(form.view)
        if form.view.get("submit"):
            return catalog.text("local.prompt.submit", self.lang, submit=submit, close=close)
        return catalog.text("local.prompt.close-only", self.lang, close=close)

    # -- the commands -------------------------------------------------------------------------------------

    def _do(self, line: str) -> Outcome:
        if self.form is not None and not line.startswith("/"):
            return self._answer(line)
        if not line.startswith("/"):
            return failed(self.text("local.not-a-command"))
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        handlers: dict[str, Callable[[str], Outcome]] = {
            "/knada": self._knada,
            "/press": self._press,
            "/home": lambda _: self._home(),
            "/as": self._as,
            "/admin": lambda _: self._toggle_admin(),
            "/checks": self._checks,
            "/approve": self._approve,
            "/merge": self._merge,
            "/close": self._close,
            "/prs": lambda _: self._prs(),
            "/diff": self._diff,
            "/submit": lambda _: self._submit(),
            "/dismiss": lambda _: self._dismiss(),
            "/help": lambda _: self._help(),
            "/quit": lambda _: QUIT,
        }
        handler = handlers.get(command.lower())
        if handler is None:
            return failed(self.text("local.unknown-command", command=command))
        return handler(rest)

    def _help(self) -> Outcome:
        self.print(self.text("local.help"))
        return OK

    def _knada(self, text: str) -> Outcome:
        counts = self.bot.command_outcomes()
        response = self.bot.requests.command(self.user, slack_text(text))
        problem = self._http_problem(response)
        if problem:
            return failed(problem)
        self._show_ack(response)
        after = self.bot.command_outcomes()
        changed = [label for label, count in after.items() if count > counts.get(label, 0)]
        for label in changed:
            if label in REFUSED_OUTCOMES:  # the bot's own answer is on screen already
                return Outcome("refused", summary=self.text(f"local.outcome.{label}"))
            if label == "error":
                return Outcome("failed", summary=self.text("local.outcome.error"))
        return OK

    def _show_ack(self, response: BoltResponse) -> None:
        """A slash command's acknowledgement with a body is shown to the user alone, as Slack does."""
        if not response.body:
            return
        try:
            body = json.loads(response.body)
        except ValueError:
            body = {"text": response.body}
        if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
            return
        ephemeral = (body.get("response_type") or "ephemeral") == "ephemeral"
        message = self.bot.workspace.add_response(
            self.user, str(body.get("text") or ""), list(body.get("blocks") or []), ephemeral=ephemeral
        )
        self._show_message(message, None, ephemeral=ephemeral)

    def _press(self, rest: str) -> Outcome:
        words = rest.split()
        if not words:
            return failed(self.text("local.press-usage"))
        number, pick = self._find_control(words)
        if number is None:
            return failed(self.text("local.no-such-button", which=rest))
        control = self._controls[number]
        if control.owner is not None and control.owner != self.user:
            return failed(
                self.text("local.button-not-yours", number=number, who="@" + render.user_name(control.owner))
            )
        container, element = self._locate(control)
        if element is None:
            return failed(self.text("local.button-gone", number=number))
        if element.get("type") == "button":
            action: dict[str, Any] = {
                "type": "button",
                "action_id": control.action_id,
                "text": element.get("text"),
            }
            for key in ("value", "style", "url"):
                if key in element:
                    action[key] = element[key]
            if element.get("url"):
                self.print(self.text("local.press-link", url=element["url"]))
        else:
            if not pick:
                example = _example_pick(element)
                return failed(self.text("local.press-needs-option", number=number, example=example))
            picked = forms.Field(control.block_id or "", control.action_id, dict(element), "", True, "")
            try:
                state = forms.answer(picked, pick)
            except forms.AnswerError as error:
                return failed(error.message(self.lang))
            action = {**state, "action_id": control.action_id}
        if element.get("confirm") and not self._confirmed(element["confirm"]):
            self.say("local.confirm-declined")
            return OK
        if control.where == "message":
            response = self.bot.requests.message_action(self.user, container, control.block_id, action)
        else:
            answers = self.form.answers if self.form and self.form.view["id"] == control.ref else {}
            values = forms.state(container, answers)
            response = self.bot.requests.view_action(self.user, container, values, control.block_id, action)
        problem = self._http_problem(response)
        return failed(problem) if problem else OK

    def _find_control(self, words: list[str]) -> tuple[int | None, str]:
        """The control a ``/press`` names (by number, label or action id), and the rest (a menu pick)."""
        if words[0].isdigit():
            number = int(words[0])
            return (number if number in self._controls else None), " ".join(words[1:])
        for take in range(len(words), 0, -1):  # the longest leading words that name a control
            wanted = " ".join(words[:take]).lower()
            for number in sorted(self._controls, reverse=True):  # the newest one on screen wins
                control = self._controls[number]
                if wanted not in (control.label.lower(), control.action_id.lower()):
                    continue
                if control.owner not in (None, self.user) or self._locate(control)[1] is None:
                    continue
                return number, " ".join(words[take:])
        return None, ""

    def _locate(self, control: Control) -> tuple[Any, dict[str, Any] | None]:
        """The control's container as it is now (a Message or a view), and its element, if still there."""
        if control.where == "message":
            container: Any = self.bot.workspace.message(control.ref)
            blocks = container.blocks if container else []
        else:
            owner = control.owner or self.user
            container = None
            for view in (self.bot.workspace.modal(owner), self.bot.workspace.home(owner)):
                if view is not None and view["id"] == control.ref:
                    container = view
            blocks = container.get("blocks", []) if container else []
        for block in blocks:
            for element in _elements(block):
                if (
                    block.get("block_id") == control.block_id
                    and element.get("action_id") == control.action_id
                    and element.get("value") == control.value
                ):
                    return container, element
        return container, None

    def _confirmed(self, confirm: Mapping[str, Any]) -> bool:
        self.print(
            self.text(
                "local.confirm",
                title=render.text_of(confirm.get("title")),
                text=render.text_of(confirm.get("text")),
            )
        )
        prompt = self.text(
            "local.prompt.confirm",
            confirm=render.text_of(confirm.get("confirm")) or "OK",
            deny=render.text_of(confirm.get("deny")) or self.text("local.close-default"),
        )
        answer = self._read(prompt)
        return (answer or "").strip().lower() in self.text("local.yes").split(",")

    def _home(self) -> Outcome:
        before = self.bot.workspace.home(self.user)
        response = self.bot.requests.app_home_opened(self.user)
        problem = self._http_problem(response)
        if problem:
            return failed(problem)
        changes = self.bot.workspace.take_changes()
        self.show(changes)
        if not any(c.kind == "home" for c in changes) and before is None:
            self.say("local.home-none")
        return OK

    def _as(self, rest: str) -> Outcome:
        ident = rest.strip().lstrip("@").lower()
        if not IDENT_RE.match(ident):
            return failed(self.text("local.bad-ident", ident=rest.strip()))
        self.ident, self.user = ident, user_id_for(ident)
        self.form = None
        self.say("local.now-you", ident=ident, admin=self._admin_suffix())
        return OK

    def _toggle_admin(self) -> Outcome:
        admin = not self._is_admin()
        self.bot.workspace.set_admin(self.user, admin)
        if admin:
            self.say("local.admin-on", ident=self.ident, group=ADMIN_GROUP_HANDLE)
        else:
            self.say("local.admin-off", ident=self.ident)
        return OK

    # -- GitHub --------------------------------------------------------------------------------------------

    def _pr(self, rest: str, command: str) -> PullRequestStatus | Outcome:
        prs = self.bot.pull_requests()
        if rest:
            which = rest.strip().lstrip("#")
            found = next((s for s in prs if which.isdigit() and s.pr.number == int(which)), None)
            return found or failed(self.text("local.bad-pr", which=rest.strip()))
        open_prs = [s for s in prs if s.pr.state == "open"]
        return open_prs[-1] if open_prs else failed(self.text("local.no-open-pr", command=command))

    def _checks(self, rest: str) -> Outcome:
        status = self._pr(rest, "/checks")
        if isinstance(status, Outcome):
            return status
        before = status.pr
        try:
            check = self.bot.forge.run_checks(before.number)
        except ForgeError as error:
            return refused(self.text("local.github.refused", reason=error.message(self.lang)))
        after = self.bot.forge.status(before.number).pr
        if after.head_sha != before.head_sha:
            self.say(
                "local.github.commit-added", number=after.number, branch=after.branch, sha=after.head_sha[:7]
            )
            problem = self._delivered(
                "pull_request", self.bot.webhooks.synchronized(after, before.head_sha, CHECK_AUTHOR)
            )
            if problem:
                return failed(problem)
        if check.outcome == "success":
            self.say("local.github.checks-passed", number=after.number, check=check.name)
        else:
            self.say("local.github.checks-failed", number=after.number, check=check.name)
            for line in (check.summary or "").splitlines():
                self.print("    " + line)
        problem = self._delivered("check_run", self.bot.webhooks.check_completed(after, check))
        return failed(problem) if problem else OK

    def _approve(self, rest: str) -> Outcome:
        status = self._pr(rest, "/approve")
        if isinstance(status, Outcome):
            return status
        try:
            self.bot.forge.approve(status.pr.number, self.ident)
        except ForgeError as error:
            return refused(self.text("local.github.refused", reason=error.message(self.lang)))
        self.say("local.github.approved", number=status.pr.number, user=self.ident)
        problem = self._delivered(
            "pull_request_review", self.bot.webhooks.review_submitted(status.pr, self.ident)
        )
        return failed(problem) if problem else OK

    def _merge(self, rest: str) -> Outcome:
        status = self._pr(rest, "/merge")
        if isinstance(status, Outcome):
            return status
        try:
            sha = self.bot.merge(status.pr.number)
        except ForgeError as error:
            return refused(self.text("local.github.refused", reason=error.message(self.lang)))
        pr = self.bot.forge.status(status.pr.number).pr
        self.say("local.github.merged", number=pr.number, base=self.bot.forge.base_branch, sha=sha[:7])
        problem = self._delivered("pull_request", self.bot.webhooks.closed(pr, self.ident, sha))
        return failed(problem) if problem else OK

    def _close(self, rest: str) -> Outcome:
        status = self._pr(rest, "/close")
        if isinstance(status, Outcome):
            return status
        if status.pr.state != "open":
            return refused(
                self.text(
                    "local.github.refused",
                    reason=catalog.text("forge.pull-request-not-open", self.lang, number=status.pr.number),
                )
            )
        self.bot.forge.close(status.pr.number)
        pr = self.bot.forge.status(status.pr.number).pr
        self.say("local.github.closed", number=pr.number)
        problem = self._delivered("pull_request", self.bot.webhooks.closed(pr, self.ident))
        return failed(problem) if problem else OK

    def _prs(self) -> Outcome:
        prs = self.bot.pull_requests()
        if not prs:
            self.say("local.no-prs")
        for status in prs:
            checks = " ".join(f"{_CHECK_MARK[c.outcome]} {c.name}" for c in status.checks)
            approved = ", ".join(status.approved_by)
            self.say(
                "local.pr-line",
                number=status.pr.number,
                state=self.text(f"local.pr-state.{status.pr.state}"),
                branch=status.pr.branch,
                title=status.pr.title,
                checks=self.text("local.pr-checks", checks=checks) if checks else "",
                approved=self.text("local.pr-approved", users=approved) if approved else "",
            )
        return OK

    def _diff(self, rest: str) -> Outcome:
        status = self._pr(rest, "/diff")
        if isinstance(status, Outcome):
            return status
        if status.pr.state != "open":
            self.say(
                "local.diff-not-open",
                number=status.pr.number,
                state=self.text(f"local.pr-state.{status.pr.state}"),
            )
            return OK
        for line in self.bot.diff(status).splitlines():
            self.print("    " + line)
        return OK

    def _delivered(self, event: str, result: tuple[int, str]) -> str | None:
        status, outcome = result
        if status == 202:
            return None
        return self.text("local.github.webhook-failed", event=event, status=status, outcome=outcome)

    # -- modals -------------------------------------------------------------------------------------------

    def _sync_form(self) -> None:
        """Follow the user's modal: a new or changed view starts a new form, a closed one ends it."""
        view = self.bot.workspace.modal(self.user)
        if view is None:
            self.form = None
            return
        if self.form is not None and (self.form.view["id"], self.form.view["hash"]) == (
            view["id"],
            view["hash"],
        ):
            return
        fields = forms.fields(view)
        answers = {f.block_id: forms.initial(f.element) for f in fields if forms.is_stateful(f.element)}
        self.form = Form(view, fields, answers, list(range(len(fields))))

    def _introduce_field(self) -> None:
        """Before a menu's prompt: its choices, numbered."""
        form = self.form
        if form is None or not form.queue or form.introduced:
            return
        form.introduced = True
        choices = form.fields[form.queue[0]].choices()
        if choices:
            self.print("    " + "   ".join(choices))

    def _answer(self, typed: str) -> Outcome:
        form = self.form
        assert form is not None
        if not form.queue:
            if typed.strip() or not form.view.get("submit"):
                key = "local.modal-nothing" if form.view.get("submit") else "local.modal-close-only"
                return failed(self.text(key, submit=self._modal_buttons(form.view)[0]))
            return self._submit()
        current = form.fields[form.queue[0]]
        if typed.strip() in ("", "-"):
            value = form.answers.get(current.block_id) or {}
            if not current.optional and (not value or forms.is_empty(value)):
                return failed(self.text("local.answer.required"))
        else:
            try:
                value = forms.answer(current, typed)
            except forms.AnswerError as error:
                return failed(error.message(self.lang))
        form.answers[current.block_id] = value
        form.queue.pop(0)
        form.introduced = False
        return self._submit() if not form.queue else OK

    def _submit(self) -> Outcome:
        form = self.form
        if form is None:
            return failed(self.text("local.no-modal"))
        view = form.view
        for current in form.fields:  # the Slack client won't send a form with a required field empty
            value = form.answers.get(current.block_id)
            if not current.optional and (value is None or forms.is_empty(value)):
                return failed(self.text("local.required-field", label=current.label))
        response = self.bot.requests.view_submission(self.user, view, forms.state(view, form.answers))
        problem = self._http_problem(response)
        if problem:
            return failed(problem)
        answer = json.loads(response.body) if response.body else None
        errors = self.bot.workspace.apply_view_response(self.user, view["id"], answer)
        if errors:
            self.say("local.field-errors")
            labels = {f.block_id: f.label for f in form.fields}
            for block_id, message in errors.items():
                self.say(
                    "local.field-error", label=labels.get(block_id, block_id), error=render.mrkdwn(message)
                )
            form.queue = [i for i, f in enumerate(form.fields) if f.block_id in errors]
            form.introduced = False
        return OK

    def _dismiss(self) -> Outcome:
        form = self.form
        if form is None:
            return failed(self.text("local.no-modal"))
        view = form.view
        self.bot.workspace.close_modal(self.user, view["id"])
        if view.get("notify_on_close"):
            response = self.bot.requests.view_closed(self.user, view, forms.state(view, form.answers))
            problem = self._http_problem(response)
            if problem:
                return failed(problem)
        return OK

    def _modal_buttons(self, view: Mapping[str, Any]) -> tuple[str, str]:
        submit = render.text_of(view.get("submit")) or self.text("local.submit-default")
        close = render.text_of(view.get("close")) or self.text("local.close-default")
        return submit, close

    # -- showing what Slack shows -----------------------------------------------------------------------

    def show(self, changes: Iterable[Change]) -> None:
        for change in changes:
            if change.kind in ("posted", "ephemeral") and change.message is not None:
                self._show_message(change.message, None, ephemeral=change.kind == "ephemeral")
            elif change.kind == "updated" and change.message is not None:
                self._show_message(change.message, change.before)
            elif change.kind == "deleted" and change.message is not None:
                title = render.mrkdwn(change.message.text).splitlines()[0] if change.message.text else ""
                self.say("local.header.deleted", channel=CHANNEL_NAME, author=BOT_NAME, title=title)
            elif change.kind == "modal" and change.user == self.user:
                self._show_view(change.view, home=False)
            elif change.kind == "home" and change.user == self.user:
                self._show_view(change.view, home=True)
            elif change.kind == "unknown-method":
                self.say("local.unknown-method", method=change.note)

    def _show_message(self, message: Message, before: Message | None, *, ephemeral: bool = False) -> None:
        number = self._numberer("message", message.ts, message.ephemeral_to)
        lines = render.message_lines(message.text, message.blocks, number)
        threaded = bool(message.thread_ts)
        indent = "    "
        if threaded and self._context != message.thread_ts:
            parent = self.bot.workspace.message(message.thread_ts or "")
            title = (
                render.mrkdwn(parent.text).splitlines()[0] if parent and parent.text else message.thread_ts
            )
            self.say("local.header.thread", title=title)
        if ephemeral:
            who = (
                self.text("local.you")
                if message.ephemeral_to == self.user
                else "@" + render.user_name(message.ephemeral_to or "")
            )
            self.say("local.header.ephemeral", channel=CHANNEL_NAME, author=BOT_NAME, who=who)
        elif before is not None:
            old = self._shown.get(message.ts) or render.message_lines(before.text, before.blocks, number)
            if old == lines:
                title = render.mrkdwn(message.text).splitlines()[0] if message.text else message.ts
                self.say("local.header.same", channel=CHANNEL_NAME, author=BOT_NAME, title=title)
                self._context = message.thread_ts or message.ts
                return
            self.say("local.header.updated", channel=CHANNEL_NAME, author=BOT_NAME)
            lines = _diff_lines(old, lines)
            indent = "  "
        elif not threaded:
            if message.channel.startswith("D"):
                self.say(
                    "local.header.dm", user="@" + render.user_name("U" + message.channel[1:]), author=BOT_NAME
                )
            else:
                self.say("local.header.message", channel=CHANNEL_NAME, author=BOT_NAME)
        if before is not None:
            self._shown[message.ts] = render.message_lines(message.text, message.blocks, number)
        elif not ephemeral:
            self._shown[message.ts] = lines
        if threaded and not ephemeral and before is None:
            lines = ["↳ " + lines[0]] + ["  " + line for line in lines[1:]]
            indent = "      "
        for line in lines:
            self.print(indent + line)
        if not ephemeral:
            self._context = message.thread_ts or message.ts

    def _show_view(self, view: dict[str, Any] | None, *, home: bool) -> None:
        who = self.text("local.you")
        if view is None:
            self.say("local.header.modal-closed", who=who)
            return
        number = self._numberer("view", view["id"], self.user)
        if home:
            self.say("local.header.home", author=BOT_NAME, who=who)
            values: dict[str, str] = {}
        else:
            self.say("local.header.modal", who=who, title=render.text_of(view.get("title")))
            same = self.form is not None and self.form.view["hash"] == view["hash"]
            form = self.form if same else None
            values = {
                str(b.get("block_id")): forms.shown(
                    form.answers.get(str(b.get("block_id"))) if form else forms.initial(b["element"])
                )
                for b in view.get("blocks") or []
                if b.get("type") == "input" and forms.is_stateful(b.get("element"))
            }
        for line in render.block_lines(view.get("blocks") or [], number, values):
            self.print("    " + line)
        if not home:
            submit, close = self._modal_buttons(view)
            key = "local.modal.buttons" if view.get("submit") else "local.modal.close-button"
            self.say(key, submit=submit, close=close)
            if forms.fields(view):
                self.say("local.modal.how")
        self._context = None

    def _numberer(self, where: str, ref: str, owner: str | None) -> render.Numberer:
        def number(block_id: str | None, element: Mapping[str, Any]) -> int:
            action_id = str(element.get("action_id") or "")
            value = element.get("value")
            key = (where, ref, block_id, action_id, value)
            if key not in self._numbers:
                self._numbers[key] = len(self._numbers) + 1
                label = render.element_label(element)
                self._controls[self._numbers[key]] = Control(
                    where, ref, owner, block_id, action_id, value, label
                )
            return self._numbers[key]

        return number

    # -- helpers ------------------------------------------------------------------------------------------

    def _http_problem(self, response: BoltResponse) -> str | None:
        if response.status == 200:
            return None
        if response.status == 404:
            return self.text("local.unhandled")
        return self.text("local.http-error", status=response.status, body=(response.body or "")[:200])

    def _read(self, prompt: str) -> str | None:
        return self.reader(prompt) if self.reader else None

    def _is_admin(self) -> bool:
        return self.bot.workspace.is_admin(self.user)

    def _admin_suffix(self) -> str:
        return self.text("local.admin-suffix") if self._is_admin() else ""

    def text(self, key: str, **params: object) -> str:
        return catalog.text(key, self.lang, **params)

    def say(self, key: str, **params: object) -> None:
        self.say_text(self.text(key, **params))

    def say_text(self, line: str) -> None:
        """A line of the console's own (not part of a message): thread replies after it get a header."""
        self._context = None
        self.print(line)

    def print(self, line: str) -> None:
        self.out.write(line + "\n")


_CHECK_MARK = {"success": "✓", "failure": "✗", "pending": "…"}


def _judge(outcome: Outcome, expect_no: bool, lang: str) -> str | None:
    """Why the step did not go as the line expected, or None when it did."""
    summary = outcome.summary or outcome.reason
    if outcome.kind == "failed":
        return summary or catalog.text("local.outcome.error", lang)
    if expect_no:
        return (
            None if outcome.kind in ("refused", "unchanged") else catalog.text("local.expected-refusal", lang)
        )
    return summary if outcome.kind == "refused" else None


def _diff_lines(old: list[str], new: list[str]) -> list[str]:
    """``new`` with what changed since ``old`` marked: ``- `` lines that went, ``+ `` lines that came."""
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend("  " + line for line in new[j1:j2])
            continue
        out.extend("- " + line for line in old[i1:i2])
        out.extend("+ " + line for line in new[j1:j2])
    return out


def _elements(block: Mapping[str, Any]) -> list[dict[str, Any]]:
    if block.get("type") == "actions":
        return [e for e in block.get("elements") or [] if isinstance(e, dict)]
    if block.get("type") == "section" and isinstance(block.get("accessory"), dict):
        return [block["accessory"]]
    if block.get("type") == "input" and isinstance(block.get("element"), dict):
        return [block["element"]]
    return []


def _example_pick(element: Mapping[str, Any]) -> str:
    options = render.options_of(element)
    return render.text_of(options[0].get("text")) if options else "…"


def slack_text(typed: str) -> str:
    """What Slack delivers for a slash command typed as ``typed``: ``& < >`` escaped, and an
    ``@ident`` turned into the escaped mention of that person (the command has ``should_escape``)."""
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION_RE.sub(lambda m: f"<@{user_id_for(m.group(1))}|{m.group(1)}>", escaped)


def script_reader(lines: list[str], out: TextIO, numbers: list[int]) -> Reader:
    """Reads a script's steps: comments are shown as they pass, blank lines skipped, each step shown
    after its prompt as if typed. ``numbers`` receives the line number of each line read."""
    it = iter(enumerate(lines, 1))

    def read(prompt: str) -> str | None:
        for number, raw in it:
            line = raw.rstrip("\n")
            if not line.strip():
                continue
            if line.lstrip().startswith("#"):
                out.write(line + "\n")
                continue
            out.write(prompt + line + "\n")
            numbers.append(number)
            return line
        return None

    return read


def stream_reader(stream: TextIO, out: TextIO, *, echo: bool) -> Reader:
    """Reads lines a person types: with line editing on a terminal, echoed when piped in."""
    if stream is sys.stdin and stream.isatty():
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401  (gives input() history and line editing)

        def read_tty(prompt: str) -> str | None:
            try:
                return input(prompt)
            except EOFError:
                out.write("\n")
                return None

        return read_tty

    def read(prompt: str) -> str | None:
        out.write(prompt)
        out.flush()
        line = stream.readline()
        if not line:
            out.write("\n")
            return None
        if echo:
            out.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\n")

    return read
