"""The ``/knada`` slash grammar: the text after ``/knada`` in, a :mod:`bot.lifecycle.commands` value out.

``parse`` is pure and total: for any text it returns a ``Command`` or raises one of two exceptions,

- ``ParseError``: the text is not a command. It carries a stable ``code``, the ``params`` of its catalog
  message, and the commands whose usage lines the message shows (the one meant, or the closest by edit
  distance). ``message(lang)`` says what was not understood, then the usage.
- ``NeedsModal``: a bare ``hub create``. The Slack layer opens the create modal; the CLI, which has no
  modal, shows ``message(lang)`` (give an ingress) and exits with a usage error.

The input is text as Slack sends it with ``should_escape``: a raw ``<...>`` is Slack markup (``<@U123|ola>``
is a mention) and ``&amp;`` ``&lt;`` ``&gt;`` stand for ``& < >``. Callers with plain text (the CLI) pass
it through ``escape`` first. ``format_command`` is the inverse of ``parse``: the Slack-escaped ``/knada``
text of a command, quoted so that every value comes back as itself.

Tokens are separated by whitespace. A quote (``"`` ``'``, or the curly quotes Slack clients type: “ ” ‘ ’,
and « ») starts a quoted part at the beginning of a token, right after ``=`` (``NAME="two words"``) or
right after another quoted part (``'it'"'"'s'``, as ``shlex.join`` writes it), and any quote of the same
kind ends it; elsewhere a quote is a plain character, so ``it’s`` and ``it's`` stay one word.
Outside single quotes, a backslash before a quote, a backslash or whitespace makes that character
literal; inside single quotes everything is literal, as in a shell. A token that starts unquoted with
``--`` (or the dash a phone makes of it, or ``-``) and a letter is a flag, ``--flag value`` or
``--flag=value``. Command words and flag names are case-insensitive; values are kept as typed, because
the rules that judge them quote them back.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot import catalog
from bot.hubconfig.model import DEFAULT_CPU, DEFAULT_MEMORY
from bot.lifecycle.change import REQUEST_ID_RE
from bot.lifecycle.commands import (
    AddUsers,
    Cancel,
    Command,
    CreateHub,
    DeleteHub,
    Help,
    Ident,
    ListHubs,
    ListRequests,
    Mention,
    RemoveUsers,
    SetEnv,
    SetInterface,
    SetLimits,
    ShowHub,
    UnsetEnv,
    UserRef,
)
from bot.textdistance import typo_distance

COMMAND_NAMES: tuple[str, ...] = (
    "hub create",
    "hub users add",
    "hub users remove",
    "hub limits",
    "hub env set",
    "hub env unset",
    "hub ui",
    "hub delete",
    "hub show",
    "hub list",
    "requests",
    "cancel",
    "help",
)

__all__ = [
    "COMMAND_NAMES",
    "NeedsModal",
    "ParseError",
    "escape",
    "format_command",
    "help_text",
    "parse",
    "usage",
]


class ParseError(Exception):
    """The text is not a command: ``code`` names the problem (catalog key ``command.error.<code>``).

    ``usage`` holds the names of the commands whose usage lines the message shows; empty means all. For
    ``argument.missing``, ``params["argument"]`` names the argument (``hub``, ``users``, ...); the message
    shows it as the usage line writes it.
    """

    def __init__(self, code: str, params: dict[str, str] | None = None, usage: Sequence[str] = ()) -> None:
        self.code = code
        self.params = dict(params or {})
        self.usage = tuple(usage)
        super().__init__(code)

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if "argument" in params:
            params["argument"] = catalog.text(f"command.arg.{params['argument']}", lang)
        problem = catalog.text(f"command.error.{self.code}", lang, **params)
        return f"{problem}\n{_usage_block(self.usage, lang)}"

    def __str__(self) -> str:
        return self.message()


class NeedsModal(Exception):
    """``command`` was given without arguments and is filled in through a modal (only ``hub create``)."""

    def __init__(self, command: str) -> None:
        self.command = command
        super().__init__(command)

    def message(self, lang: str | None = None) -> str:
        """For callers without modals (the CLI): give the ingress on the command line."""
        return f"{catalog.text('command.needs-ingress', lang)}\n{_usage_block((self.command,), lang)}"

    def __str__(self) -> str:
        return self.message()


# --- tokens --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Markup:
    """Slack markup, ``<...>`` in the raw text, kept raw (still escaped) between the brackets."""

    inner: str


Segment = str | _Markup


@dataclass(frozen=True)
class _Token:
    segments: tuple[Segment, ...]
    # A token can only be a flag if it starts with a character typed as is: a quoted or escaped "--x"
    # is a value, which is how a value that starts with a dash gets through.
    plain_start: bool


_DOUBLE, _SINGLE = '"“”', "'‘’"
_QUOTE_CLOSERS = {
    '"': _DOUBLE,
    "“": _DOUBLE,
    "”": _DOUBLE,
    "'": _SINGLE,
    "‘": _SINGLE,
    "’": _SINGLE,
    "«": "»",
}
_QUOTES = frozenset("\"“”'‘’«»")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_ENTITY_RE = re.compile(r"&(?:amp|lt|gt);")


class _UnclosedQuote(Exception):
    def __init__(self, position: int) -> None:
        self.position = position


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    segments: list[Segment] = []
    chars: list[str] = []
    in_token = False
    plain_start = False
    quote_closers = ""  # while inside a quoted part, the characters that end it
    quote_start = 0
    quote_end = -1  # index just after the last closing quote: another quoted part may follow at once
    i, n = 0, len(text)

    def flush_chars() -> None:
        if chars:
            segments.append("".join(chars))
            chars.clear()

    while i < n:
        c = text[i]
        if not quote_closers and c.isspace():
            if in_token:
                flush_chars()
                tokens.append(_Token(tuple(segments), plain_start))
                segments.clear()
                in_token = False
            i += 1
            continue
        if not in_token:
            in_token = True
            plain_start = c not in _QUOTES and c not in "\\<"
            starts_token = True
        else:
            starts_token = False
        if c == "<":
            end = text.find(">", i + 1)
            inner = text[i + 1 : end] if end != -1 else ""
            if inner and "<" not in inner:
                flush_chars()
                segments.append(_Markup(inner))
                i = end + 1
                continue
        if (
            c == "\\"
            and quote_closers != _SINGLE  # as in a shell, single quotes take everything literally
            and i + 1 < n
            and (text[i + 1] in _QUOTES or text[i + 1] == "\\" or text[i + 1].isspace())
        ):
            chars.append(text[i + 1])
            i += 2
            continue
        if c == "&":
            entity = _ENTITY_RE.match(text, i)
            if entity:
                chars.append(_ENTITIES[entity.group()])
                i = entity.end()
                continue
        if quote_closers:
            if c in quote_closers:
                quote_closers = ""
                quote_end = i + 1
            else:
                chars.append(c)
            i += 1
            continue
        if c in _QUOTE_CLOSERS and (starts_token or text[i - 1] == "=" or i == quote_end):
            quote_closers = _QUOTE_CLOSERS[c]
            quote_start = i
            i += 1
            continue
        chars.append(c)
        i += 1
    if quote_closers:
        raise _UnclosedQuote(quote_start)
    if in_token:
        flush_chars()
        tokens.append(_Token(tuple(segments), plain_start))
    return tokens


def _unescape(raw: str) -> str:
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m.group()], raw)


_MENTION_RE = re.compile(r"@([UW][A-Z0-9]+)(?:\|(.*))?", re.DOTALL)


def _mention(markup: _Markup) -> Mention | None:
    match = _MENTION_RE.fullmatch(markup.inner)
    if not match:
        return None
    label = _unescape(match.group(2) or "")
    return Mention(match.group(1), label or None)


def _markup_text(markup: _Markup) -> str:
    """What the user saw in their message for a piece of markup: ``@ola``, ``#general``, a link's text."""
    target, _, label = markup.inner.partition("|")
    target, label = _unescape(target), _unescape(label)
    if target.startswith("@"):
        return f"@{label}" if label else target
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!"):
        return label or "@" + target[1:].split("^", 1)[0]
    # A link: Slack turns a typed "example.com" into <http://example.com|example.com>; the label is
    # what was typed.
    return label or target


def _render(segments: Sequence[Segment]) -> str:
    return "".join(s if isinstance(s, str) else _markup_text(s) for s in segments)


def _text(token: _Token) -> str:
    return _render(token.segments)


# --- values ----------------------------------------------------------------------------------------------


def _user_refs(tokens: Sequence[_Token]) -> tuple[UserRef, ...]:
    """Users from tokens like ``e152435``, ``a,b``, ``"a, b"`` and ``<@U123|ola>``, in the order typed."""
    refs: list[UserRef] = []
    for token in tokens:
        item: list[Segment] = []
        for segment in token.segments:
            if isinstance(segment, _Markup):
                item.append(segment)
                continue
            for c in segment:
                if c == "," or c.isspace():
                    if item:
                        refs.append(_user_ref(item))
                    item = []
                else:
                    item.append(c)
        if item:
            refs.append(_user_ref(item))
    return tuple(refs)


def _user_ref(item: list[Segment]) -> UserRef:
    if len(item) == 1 and isinstance(item[0], _Markup):
        mention = _mention(item[0])
        if mention is not None:
            return mention
    return Ident(_render(item))


_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_LOOSE_REQUEST_ID_RE = re.compile(r"#?[Rr]-?([0-9]+)")


def _cpu(value: str, command: str) -> str:
    if not _NUMBER_RE.fullmatch(value):
        raise ParseError("cpu.not-a-number", {"value": _shown(value)}, (command,))
    return value


def _assignment(value: str, command: str) -> tuple[str, str]:
    name, sep, rest = value.partition("=")
    if not sep or not name:
        raise ParseError("env.not-assignment", {"value": _shown(value)}, (command,))
    return name, rest


def _request_id(value: str) -> str:
    match = _LOOSE_REQUEST_ID_RE.fullmatch(value.strip())
    request_id = f"R-{match.group(1)}" if match else ""
    if not REQUEST_ID_RE.match(request_id):
        raise ParseError("request-id.bad", {"value": _shown(value)}, ("cancel",))
    return request_id


# --- commands --------------------------------------------------------------------------------------------


class _Kind(Enum):
    VALUE = "value"  # --flag value, at most once
    SWITCH = "switch"  # --flag, no value
    REPEATED = "repeated"  # --flag value, any number of times


@dataclass(frozen=True)
class _Parsed:
    args: list[_Token]
    rest: list[_Token]
    flags: dict[str, list[_Token]]
    switches: set[str]

    def text(self, index: int) -> str:
        return _text(self.args[index])

    def flag(self, name: str) -> str | None:
        values = self.flags.get(name)
        return _text(values[0]) if values else None


@dataclass(frozen=True)
class _Spec:
    args: tuple[str, ...] = ()  # catalog labels (command.arg.<label>) of the required arguments
    rest: str | None = None  # label of a trailing list of at least one argument
    flags: tuple[tuple[str, _Kind], ...] = ()
    build: Callable[[str, _Parsed], Command] | None = None


def _build_create(name: str, p: _Parsed) -> Command:
    users = _user_refs(p.flags.get("users", []))
    if "users" in p.flags and not users:
        raise ParseError("flag.missing-value", {"flag": "--users"}, (name,))
    cpu = p.flag("cpu")
    return CreateHub(
        ingress=p.text(0),
        namespace=p.flag("namespace"),
        users=users,
        memory=p.flag("memory"),
        cpu=_cpu(cpu, name) if cpu is not None else None,
        classic="classic" in p.switches,
        envs=tuple(_assignment(_text(t), name) for t in p.flags.get("env", [])),
    )


def _build_users(name: str, p: _Parsed) -> Command:
    users = _user_refs(p.rest)
    if not users:
        raise ParseError("argument.missing", {"argument": "users"}, (name,))
    return AddUsers(p.text(0), users) if name == "hub users add" else RemoveUsers(p.text(0), users)


def _build_limits(name: str, p: _Parsed) -> Command:
    memory, cpu = p.flag("memory"), p.flag("cpu")
    if memory is None and cpu is None:
        raise ParseError("limits.nothing", {}, (name,))
    return SetLimits(p.text(0), memory=memory, cpu=_cpu(cpu, name) if cpu is not None else None)


def _build_env_set(name: str, p: _Parsed) -> Command:
    env_name, value = _assignment(p.text(1), name)
    return SetEnv(p.text(0), env_name, value)


def _build_ui(name: str, p: _Parsed) -> Command:
    value = p.text(1)
    interface = value.strip().lower()
    if interface not in ("lab", "classic"):
        raise ParseError("ui.bad-value", {"value": _shown(value)}, (name,))
    return SetInterface(p.text(0), lab=interface == "lab")


_MINE = (("mine", _Kind.SWITCH),)

_SPECS: dict[str, _Spec] = {
    "hub create": _Spec(
        args=("ingress",),
        flags=(
            ("namespace", _Kind.VALUE),
            ("users", _Kind.VALUE),
            ("memory", _Kind.VALUE),
            ("cpu", _Kind.VALUE),
            ("classic", _Kind.SWITCH),
            ("env", _Kind.REPEATED),
        ),
        build=_build_create,
    ),
    "hub users add": _Spec(args=("hub",), rest="users", build=_build_users),
    "hub users remove": _Spec(args=("hub",), rest="users", build=_build_users),
    "hub limits": _Spec(
        args=("hub",), flags=(("memory", _Kind.VALUE), ("cpu", _Kind.VALUE)), build=_build_limits
    ),
    "hub env set": _Spec(args=("hub", "assignment"), build=_build_env_set),
    "hub env unset": _Spec(args=("hub", "name"), build=lambda _, p: UnsetEnv(p.text(0), p.text(1))),
    "hub ui": _Spec(args=("hub", "interface"), build=_build_ui),
    "hub delete": _Spec(args=("hub",), build=lambda _, p: DeleteHub(p.text(0))),
    "hub show": _Spec(args=("hub",), build=lambda _, p: ShowHub(p.text(0))),
    "hub list": _Spec(flags=_MINE, build=lambda _, p: ListHubs(mine="mine" in p.switches)),
    "requests": _Spec(flags=_MINE, build=lambda _, p: ListRequests(mine="mine" in p.switches)),
    "cancel": _Spec(args=("request-id",), build=lambda _, p: Cancel(_request_id(p.text(0)))),
    "help": _Spec(),  # takes any words as its topic, see parse()
}
if set(_SPECS) != set(COMMAND_NAMES):
    raise RuntimeError("every command needs a spec")

_FLAG_RE = re.compile(r"(?:--|—|–|-)([A-Za-z][A-Za-z0-9_-]*)")
_HELP_FLAGS = ("help", "h")


def parse(text: str) -> Command:
    """The command in ``text`` (Slack-escaped, without ``/knada``); empty text is ``Help()``."""
    try:
        tokens = _tokenize(text)
    except _UnclosedQuote as unclosed:
        raise _unclosed_quote_error(text, unclosed.position) from None
    if not tokens:
        return Help()
    flag = _flag(tokens[0])
    if flag is not None and flag[1] in _HELP_FLAGS:
        return Help()
    name, rest = _match_command(tokens)
    if name == "help":
        return Help(" ".join(_text(t) for t in rest).strip() or None)
    if name == "hub create" and not rest:
        raise NeedsModal(name)
    return _parse_arguments(name, rest)


def _match_command(tokens: list[_Token]) -> tuple[str, list[_Token]]:
    words = [_text(t).lower() for t in tokens[:3]]
    for name in sorted(COMMAND_NAMES, key=lambda n: -n.count(" ")):
        name_words = name.split()
        if words[: len(name_words)] == name_words:
            return name, tokens[len(name_words) :]
    raise _unknown_command(tokens)


def _flag(token: _Token) -> tuple[str, str, _Token | None] | None:
    """``(as typed, name, inline value)`` if the token is a flag (``--name`` or ``--name=value``)."""
    if not token.plain_start or not token.segments or not isinstance(token.segments[0], str):
        return None
    head = token.segments[0]
    typed, sep, inline_start = head.partition("=")
    match = _FLAG_RE.fullmatch(typed)
    if not match:
        return None
    inline = _Token((inline_start, *token.segments[1:]), plain_start=False) if sep else None
    return typed, match.group(1).lower(), inline


def _parse_arguments(name: str, tokens: list[_Token]) -> Command:
    spec = _SPECS[name]
    kinds = dict(spec.flags)
    positional: list[_Token] = []
    flags: dict[str, list[_Token]] = {}
    switches: set[str] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        flag = _flag(token)
        if flag is None:
            positional.append(token)
            continue
        typed, flag_name, inline = flag
        if flag_name in _HELP_FLAGS:
            return Help(name)
        kind = kinds.get(flag_name)
        if kind is None:
            raise _unknown_flag(name, typed, flag_name, kinds)
        canonical = f"--{flag_name}"
        if (flag_name in flags or flag_name in switches) and kind is not _Kind.REPEATED:
            raise ParseError("flag.repeated", {"flag": canonical}, (name,))
        if kind is _Kind.SWITCH:
            if inline is not None:
                raise ParseError(
                    "flag.takes-no-value", {"flag": canonical, "value": _shown(_text(inline))}, (name,)
                )
            switches.add(flag_name)
            continue
        value = inline
        if value is None and i < len(tokens) and _flag(tokens[i]) is None:
            value = tokens[i]
            i += 1
        if value is None or not _text(value).strip():
            raise ParseError("flag.missing-value", {"flag": canonical}, (name,))
        flags.setdefault(flag_name, []).append(value)

    if len(positional) < len(spec.args):
        missing = spec.args[len(positional)]
        raise ParseError("argument.missing", {"argument": missing}, (name,))
    args, rest = positional[: len(spec.args)], positional[len(spec.args) :]
    if rest and spec.rest is None:
        raise ParseError("argument.extra", {"token": _shown(_text(rest[0]))}, (name,))
    if spec.rest is not None and not rest:
        raise ParseError("argument.missing", {"argument": spec.rest}, (name,))
    assert spec.build is not None
    return spec.build(name, _Parsed(args, rest, flags, switches))


# --- errors ---------------------------------------------------------------------------------------------


#: Words people reach for to change what identifies a hub, which no edit can do.
_RENAME_WORDS = frozenset({"rename", "move", "namespace", "ingress"})
_RENAME_USAGE = ("hub create", "hub delete")


def _unknown_command(tokens: list[_Token]) -> ParseError:
    words = [_text(t) for t in tokens[:3]]
    lowered = [w.lower() for w in words]
    if lowered[:1] == ["hub"] and lowered[1:2] and lowered[1] in _RENAME_WORDS:
        return ParseError("hub.rename", {}, _RENAME_USAGE)
    best: tuple[int, str] | None = None
    for name in COMMAND_NAMES:
        size = name.count(" ") + 1
        limit = max(1, len(name) // 4)
        distance = typo_distance(" ".join(lowered[:size]), name, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, name)
    if best is not None:
        size = best[1].count(" ") + 1
        typed = " ".join(words[:size])
        return ParseError("command.did-you-mean", {"typed": _shown(typed), "suggestion": best[1]}, (best[1],))
    # Not close to any command: show the commands of the longest group the words start with.
    for size in (2, 1):
        group = " ".join(lowered[:size])
        members = [n for n in COMMAND_NAMES if n.startswith(group + " ")]
        if len(lowered) >= size and members:
            typed = " ".join(words[: size + 1])
            code = "command.incomplete" if len(words) == size else "command.unknown"
            return ParseError(code, {"typed": _shown(typed)}, members)
    return ParseError("command.unknown", {"typed": _shown(words[0])}, COMMAND_NAMES)


def _unknown_flag(command: str, typed: str, name: str, kinds: dict[str, _Kind]) -> ParseError:
    if name in ("namespace", "ingress"):  # on any command but create: a rename, which is no edit
        return ParseError("hub.rename", {}, _RENAME_USAGE)
    close = sorted((typo_distance(name, known, 2), known) for known in kinds)
    if close and close[0][0] <= 2:
        suggestion = f"--{close[0][1]}"
        return ParseError("flag.did-you-mean", {"flag": _shown(typed), "suggestion": suggestion}, (command,))
    return ParseError("flag.unknown", {"flag": _shown(typed)}, (command,))


def _unclosed_quote_error(text: str, position: int) -> ParseError:
    # The text before the quote tokenises (the first unclosed quote is the only problem), so the
    # command meant can still be found for its usage line.
    command: tuple[str, ...] = ()
    before = _tokenize(text[:position])
    if before:
        with contextlib.suppress(ParseError):
            command = (_match_command(before)[0],)
    return ParseError("quote.unclosed", {"start": _shown(_unescape(text[position : position + 20]))}, command)


def _shown(value: str, limit: int = 40) -> str:
    """A user's value as quoted in a message: one line, no backticks to break the code span, bounded."""
    value = " ".join(value.replace("`", "'").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- usage and help -------------------------------------------------------------------------------------


def _slug(command_name: str) -> str:
    if command_name not in COMMAND_NAMES:
        raise ValueError(f"unknown command {command_name!r}; one of {', '.join(COMMAND_NAMES)}")
    return command_name.replace(" ", "-")


def usage(command_name: str, lang: str | None = None) -> str:
    """The usage line of a command, ``/knada hub limits <hub> [--memory SIZE] [--cpu N]``."""
    return catalog.text(f"command.usage.{_slug(command_name)}", lang)


def _usage_block(names: Sequence[str], lang: str | None) -> str:
    if len(names) == 1:
        return catalog.text("command.usage-one", lang, line=usage(names[0], lang))
    names = tuple(names) or COMMAND_NAMES
    lines = [catalog.text("command.usage-many", lang)]
    lines += [f"• `{usage(name, lang)}`" for name in names]
    if names == COMMAND_NAMES:
        lines.append(catalog.text("command.help-hint", lang))
    return "\n".join(lines)


def _examples(command_name: str, lang: str | None) -> list[str]:
    return catalog.text(f"command.examples.{_slug(command_name)}", lang).splitlines()


def help_text(topic: str | None = None, lang: str | None = None) -> str:
    """Help by example: an overview, or the help of the commands a topic names (``hub create``, ``env``)."""
    words = (topic or "").lower().split()
    if words[:1] == ["/knada"]:
        words = words[1:]
    if not words:
        return _overview(lang)
    wanted = " ".join(words)
    names = [
        name
        for name in COMMAND_NAMES
        if wanted in name.split()[1:]
        or any(form == wanted or form.startswith(wanted + " ") for form in (name, name.removeprefix("hub ")))
    ]
    if names:
        return "\n\n".join(_command_help(name, lang) for name in names)
    shown = _shown(" ".join((topic or "").split()))
    close: list[tuple[int, str]] = []
    for name in COMMAND_NAMES:
        for form in (name, name.removeprefix("hub ")):
            limit = max(1, len(form) // 4)
            distance = typo_distance(wanted, form, limit)
            if distance <= limit:
                close.append((distance, name))
    if close:
        name = min(close)[1]
        heading = catalog.text("command.help.did-you-mean", lang, topic=shown, suggestion=name)
        return f"{heading}\n\n{_command_help(name, lang)}"
    return f"{catalog.text('command.help.unknown-topic', lang, topic=shown)}\n\n{_overview(lang)}"


def _overview(lang: str | None) -> str:
    lines = [catalog.text("command.help.intro", lang)]
    for name in COMMAND_NAMES:
        summary = catalog.text(f"command.summary.{_slug(name)}", lang)
        lines.append(f"• `{_examples(name, lang)[0]}` – {summary}")
    lines.append(catalog.text("command.help.more", lang))
    return "\n".join(lines)


def _command_help(name: str, lang: str | None) -> str:
    slug = _slug(name)
    lines = [
        f"*/knada {name}*: {catalog.text(f'command.summary.{slug}', lang)}",
        catalog.text("command.usage-one", lang, line=usage(name, lang)),
        catalog.text("command.help.examples", lang),
        *(f"• `{example}`" for example in _examples(name, lang)),
        catalog.text(f"command.details.{slug}", lang, memory=DEFAULT_MEMORY, cpu=DEFAULT_CPU),
    ]
    return "\n".join(lines)


# --- formatting -----------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Escape ``& < >`` the way Slack does in command text, so plain text parses as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped(value: str) -> str:
    """``value`` Slack-escaped, with its quotes and backslashes escaped: inside or outside quotes alike."""
    return "".join("\\" + c if c in _QUOTES or c == "\\" else c for c in escape(value))


def _quoted(value: str) -> str:
    """``value`` as one token that parses back to exactly ``value`` and is never taken for a flag."""
    if value and not any(c.isspace() or c in _QUOTES or c == "\\" for c in value) and value[0] not in "-—–":
        return escape(value)
    return f'"{_escaped(value)}"'


def _users_text(refs: Sequence[UserRef]) -> str:
    """Users as one token, ``a,<@U1|ola>``; idents can't hold commas or spaces, or they would split."""
    parts = []
    for ref in refs:
        if isinstance(ref, Mention):
            if not re.fullmatch(r"[UW][A-Z0-9]+", ref.user_id):
                raise ValueError(f"not a Slack user id: {ref.user_id!r}")
            parts.append(f"<@{ref.user_id}|{escape(ref.label)}>" if ref.label else f"<@{ref.user_id}>")
        elif not ref.value or any(c == "," or c.isspace() for c in ref.value):
            raise ValueError(f"an ident must be one word without commas: {ref.value!r}")
        else:
            parts.append(_escaped(ref.value))
    text = ",".join(parts)
    # Markup still works inside quotes, so quoting the whole list keeps a leading dash from being a flag.
    return f'"{text}"' if text[:1] in ("-", "—", "–") else text


def _assignment_text(name: str, value: str) -> str:
    if not name or "=" in name:
        raise ValueError(f"an environment variable name can't be empty or contain '=': {name!r}")
    return _quoted(f"{name}={value}")


def format_command(command: Command) -> str:
    """The ``/knada`` text (Slack-escaped, without ``/knada``) that ``parse`` turns back into ``command``."""
    match command:
        case CreateHub():
            parts = ["hub create", _quoted(command.ingress)]
            if command.namespace is not None:
                parts += ["--namespace", _quoted(command.namespace)]
            if command.users:
                parts += ["--users", _users_text(command.users)]
            if command.memory is not None:
                parts += ["--memory", _quoted(command.memory)]
            if command.cpu is not None:
                parts += ["--cpu", _quoted(command.cpu)]
            if command.classic:
                parts.append("--classic")
            for name, value in command.envs:
                parts += ["--env", _assignment_text(name, value)]
        case AddUsers() | RemoveUsers():
            verb = "add" if isinstance(command, AddUsers) else "remove"
            parts = [f"hub users {verb}", _quoted(command.hub), *(_users_text([u]) for u in command.users)]
        case SetLimits():
            parts = ["hub limits", _quoted(command.hub)]
            if command.memory is not None:
                parts += ["--memory", _quoted(command.memory)]
            if command.cpu is not None:
                parts += ["--cpu", _quoted(command.cpu)]
        case SetEnv():
            parts = ["hub env set", _quoted(command.hub), _assignment_text(command.name, command.value)]
        case UnsetEnv():
            parts = ["hub env unset", _quoted(command.hub), _quoted(command.name)]
        case SetInterface():
            parts = ["hub ui", _quoted(command.hub), "lab" if command.lab else "classic"]
        case DeleteHub():
            parts = ["hub delete", _quoted(command.hub)]
        case ShowHub():
            parts = ["hub show", _quoted(command.hub)]
        case ListHubs():
            parts = ["hub list", "--mine"] if command.mine else ["hub list"]
        case ListRequests():
            parts = ["requests", "--mine"] if command.mine else ["requests"]
        case Cancel():
            parts = ["cancel", _quoted(command.request_id)]
        case Help():
            parts = ["help", *(_quoted(word) for word in (command.topic or "").split())]
        case _:
            raise TypeError(f"not a command: {command!r}")
    return " ".join(parts)
