"""The ``/knada`` grammar: what each command text parses to, what a user reads when it doesn't parse."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import catalog
from bot.lifecycle.commands import (
    AddUsers,
    Cancel,
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
)
from bot.lifecycle.grammar import (
    COMMAND_NAMES,
    NeedsModal,
    ParseError,
    escape,
    format_command,
    help_text,
    parse,
    usage,
)

COMMAND_TYPES = (
    CreateHub,
    AddUsers,
    RemoveUsers,
    SetLimits,
    SetEnv,
    UnsetEnv,
    SetInterface,
    DeleteHub,
    ShowHub,
    ListHubs,
    ListRequests,
    Cancel,
    Help,
)


# --- commands that parse ------------------------------------------------------------------------------

PARSED = [
    # hub create, every flag and form
    ("hub create kyrre", CreateHub("kyrre")),
    (
        "hub create kyrre --namespace kyrre-havik --users e152435,k654321 --memory 4GB --cpu 1 --classic"
        " --env TZ=Europe/Oslo --env LANG=nb_NO.UTF-8",
        CreateHub(
            "kyrre",
            namespace="kyrre-havik",
            users=(Ident("e152435"), Ident("k654321")),
            memory="4GB",
            cpu="1",
            classic=True,
            envs=(("TZ", "Europe/Oslo"), ("LANG", "nb_NO.UTF-8")),
        ),
    ),
    (
        "hub create kyrre --namespace=ns --users=e152435 --memory=512MB --cpu=0.5 --env=A=b=c",
        CreateHub(
            "kyrre",
            namespace="ns",
            users=(Ident("e152435"),),
            memory="512MB",
            cpu="0.5",
            envs=(("A", "b=c"),),
        ),
    ),
    ("hub create --cpu 2 kyrre", CreateHub("kyrre", cpu="2")),
    (
        'hub create kyrre --users "e152435, k654321"',
        CreateHub("kyrre", users=(Ident("e152435"), Ident("k654321"))),
    ),
    (
        "hub create kyrre --users 'E152435 ,k654321,'",
        CreateHub("kyrre", users=(Ident("E152435"), Ident("k654321"))),
    ),
    (
        "hub create kyrre --users <@U123ABC|ola>,e152435",
        CreateHub("kyrre", users=(Mention("U123ABC", "ola"), Ident("e152435"))),
    ),
    ('hub create kyrre --env "GREETING=god morgen"', CreateHub("kyrre", envs=(("GREETING", "god morgen"),))),
    ("hub create kyrre --env GREETING='god morgen'", CreateHub("kyrre", envs=(("GREETING", "god morgen"),))),
    ("hub create kyrre --env A=", CreateHub("kyrre", envs=(("A", ""),))),
    # Slack clients with smart punctuation: curly quotes, and "--" turned into an em or en dash
    ("hub create kyrre —memory 4GB –cpu 2", CreateHub("kyrre", memory="4GB", cpu="2")),
    (
        "hub create kyrre --users “e152435, k654321”",
        CreateHub("kyrre", users=(Ident("e152435"), Ident("k654321"))),
    ),
    ("hub create kyrre --env GREETING=”god morgen”", CreateHub("kyrre", envs=(("GREETING", "god morgen"),))),
    ("hub create kyrre --env ‘GREETING=god morgen’", CreateHub("kyrre", envs=(("GREETING", "god morgen"),))),
    ("hub create kyrre --env «GREETING=god morgen»", CreateHub("kyrre", envs=(("GREETING", "god morgen"),))),
    # command words and flag names in any case (phones capitalise the first letter); values as typed
    ("Hub Create Kyrre --MEMORY 4gb", CreateHub("Kyrre", memory="4gb")),
    # users add / remove: idents, mentions with and without label, commas and spaces
    ("hub users add kyrre k654321", AddUsers("kyrre", (Ident("k654321"),))),
    (
        "hub users add kyrre <@U123ABC|ola> <@W0ABC> K654321, m112233",
        AddUsers("kyrre", (Mention("U123ABC", "ola"), Mention("W0ABC"), Ident("K654321"), Ident("m112233"))),
    ),
    ("hub users remove kyrre k654321,m112233", RemoveUsers("kyrre", (Ident("k654321"), Ident("m112233")))),
    ("hub users remove kyrre <@U1|kari.nordmann>", RemoveUsers("kyrre", (Mention("U1", "kari.nordmann"),))),
    # limits
    ("hub limits kyrre --memory 8GB", SetLimits("kyrre", memory="8GB")),
    ("hub limits kyrre --cpu .5", SetLimits("kyrre", cpu=".5")),
    ("hub limits kyrre --memory=16G --cpu=2", SetLimits("kyrre", memory="16G", cpu="2")),
    # env
    ("hub env set kyrre TZ=Europe/Oslo", SetEnv("kyrre", "TZ", "Europe/Oslo")),
    ('hub env set kyrre GREETING="god morgen: #1"', SetEnv("kyrre", "GREETING", "god morgen: #1")),
    ("hub env set kyrre A=x&amp;y&lt;z&gt;", SetEnv("kyrre", "A", "x&y<z>")),
    ("hub env set kyrre A=&amp;lt;", SetEnv("kyrre", "A", "&lt;")),
    ("hub env set kyrre GREETING=it’s", SetEnv("kyrre", "GREETING", "it’s")),
    ("hub env set kyrre GREETING=it's", SetEnv("kyrre", "GREETING", "it's")),
    # adjacent quoted parts join, so words re-quoted with shlex.join (the CLI) come through
    ("hub env set kyrre 'GREETING=it'\"'\"'s'", SetEnv("kyrre", "GREETING", "it's")),
    ('hub env set kyrre A="say \\"hi\\""', SetEnv("kyrre", "A", 'say "hi"')),
    ("hub env set kyrre 'A=C:\\'", SetEnv("kyrre", "A", "C:\\")),
    ("hub env set kyrre PATHS=C:\\temp", SetEnv("kyrre", "PATHS", "C:\\temp")),
    # Slack wraps what looks like a link; the value is what the user typed
    ("hub env set kyrre URL=<https://data.nav.no>", SetEnv("kyrre", "URL", "https://data.nav.no")),
    ("hub env set kyrre URL=<http://data.nav.no|data.nav.no>", SetEnv("kyrre", "URL", "data.nav.no")),
    ("hub env unset kyrre TZ", UnsetEnv("kyrre", "TZ")),
    # ui
    ("hub ui kyrre lab", SetInterface("kyrre", lab=True)),
    ("hub ui kyrre Classic", SetInterface("kyrre", lab=False)),
    # the rest
    ("hub delete kyrre", DeleteHub("kyrre")),
    ("hub show kyrre", ShowHub("kyrre")),
    ("hub show 'kyrre'", ShowHub("kyrre")),
    ("hub list", ListHubs()),
    ("hub list --mine", ListHubs(mine=True)),
    ("requests", ListRequests()),
    ("requests --mine", ListRequests(mine=True)),
    ("cancel R-42", Cancel("R-42")),
    ("cancel r-42", Cancel("R-42")),
    ("cancel R42", Cancel("R-42")),
    ("cancel #R-7", Cancel("R-7")),
    ("", Help()),
    ("   \n ", Help()),
    ("help", Help()),
    ("help hub create", Help("hub create")),
    ("help env", Help("env")),
    ("--help", Help()),
    ("hub limits kyrre --help", Help("hub limits")),
    ("hub create -h", Help("hub create")),
    # a value can't become a flag or an extra argument
    ('hub show "--mine"', ShowHub("--mine")),
    ('hub env set kyrre "A=x --cpu 3"', SetEnv("kyrre", "A", "x --cpu 3")),
    ('hub create kyrre --namespace "--classic"', CreateHub("kyrre", namespace="--classic")),
    ('hub create kyrre --env "A=b c" --env "B=<@U1>"', CreateHub("kyrre", envs=(("A", "b c"), ("B", "@U1")))),
]


@pytest.mark.parametrize(("text", "expected"), PARSED, ids=[text or "empty" for text, _ in PARSED])
def test_parse(text, expected):
    assert parse(text) == expected


def test_bare_hub_create_asks_for_the_modal():
    with pytest.raises(NeedsModal) as raised:
        parse("hub create")
    assert raised.value.command == "hub create"
    # what the CLI, which has no modal, prints
    assert raised.value.message("en") == (
        "`/knada hub create` without an ingress opens a form in Slack; here, give the ingress.\n"
        f"Usage: `{usage('hub create', 'en')}`"
    )
    assert "oppgi ingress" in raised.value.message("nb")


def test_hub_create_with_flags_but_no_ingress_is_an_error_not_a_modal():
    with pytest.raises(ParseError) as raised:
        parse("hub create --memory 4GB")
    assert raised.value.message("en").startswith("Missing `<ingress>`.\nUsage: `/knada hub create <ingress>")


# --- errors ----------------------------------------------------------------------------------------------

# (text, code, the command whose usage is shown, what the English message must quote, and the Norwegian)
ERRORS = [
    (
        "hub usrs add kyrre e1",
        "command.did-you-mean",
        "hub users add",
        "Did you mean `hub users add`?",
        "Mente du",
    ),
    ("hub lsit", "command.did-you-mean", "hub list", "`hub lsit`", "`hub lsit`"),
    ("hjelp", "command.did-you-mean", "help", "Did you mean `help`?", "Mente du `help`?"),
    ("hub creat kyrre", "command.did-you-mean", "hub create", "`hub creat`", "`hub creat`"),
    ("hub", "command.incomplete", "hub list", "`hub` is not a complete command", "ikke en hel kommando"),
    ("hub users", "command.incomplete", "hub users remove", "`hub users`", "`hub users`"),
    (
        "hub frobnicate kyrre",
        "command.unknown",
        "hub show",
        "Unknown command `hub frobnicate`",
        "Kjenner ikke",
    ),
    (
        "hello world",
        "command.unknown",
        "cancel",
        "Unknown command `hello`",
        "Kjenner ikke kommandoen `hello`",
    ),
    (
        "hub create kyrre --mine",
        "flag.unknown",
        "hub create",
        "Unknown option `--mine`",
        "Kjenner ikke flagget",
    ),
    (
        "hub create kyrre --memroy 4GB",
        "flag.did-you-mean",
        "hub create",
        "Did you mean `--memory`?",
        "Mente du",
    ),
    ("hub limits kyrre -mem 4GB", "flag.unknown", "hub limits", "`-mem`", "`-mem`"),
    (
        "hub create kyrre --memory",
        "flag.missing-value",
        "hub create",
        "`--memory` needs a value",
        "mangler en verdi",
    ),
    (
        "hub create kyrre --memory --cpu 1",
        "flag.missing-value",
        "hub create",
        "`--memory` needs a value",
        "--memory",
    ),
    ("hub create kyrre --users", "flag.missing-value", "hub create", "`--users` needs a value", "--users"),
    (
        'hub create kyrre --users ","',
        "flag.missing-value",
        "hub create",
        "`--users` needs a value",
        "--users",
    ),
    ("hub limits kyrre --cpu=", "flag.missing-value", "hub limits", "`--cpu` needs a value", "--cpu"),
    (
        "hub create kyrre --cpu 1 --cpu 2",
        "flag.repeated",
        "hub create",
        "`--cpu` is given more than once",
        "én gang",
    ),
    ("hub create kyrre --classic --classic", "flag.repeated", "hub create", "`--classic`", "`--classic`"),
    (
        "hub list --mine=yes",
        "flag.takes-no-value",
        "hub list",
        "`--mine` takes no value, but got `yes`",
        "`yes`",
    ),
    (
        "hub show kyrre ml-lab",
        "argument.extra",
        "hub show",
        "Did not understand `ml-lab`",
        "Forsto ikke `ml-lab`",
    ),
    ("hub env set kyrre A=god morgen", "argument.extra", "hub env set", "`morgen`", "anførselstegn"),
    ("hub list kyrre", "argument.extra", "hub list", "`kyrre`", "`kyrre`"),
    ("hub show", "argument.missing", "hub show", "Missing `<hub>`", "Mangler `<hub>`"),
    (
        "hub users add kyrre",
        "argument.missing",
        "hub users add",
        "Missing `<ident or @mention>`",
        "<ident eller @navn>",
    ),
    (
        "hub users remove kyrre ,",
        "argument.missing",
        "hub users remove",
        "<ident or @mention>",
        "<ident eller @navn>",
    ),
    ("hub env set kyrre", "argument.missing", "hub env set", "Missing `NAME=value`", "Mangler `NAVN=verdi`"),
    ("hub env unset kyrre", "argument.missing", "hub env unset", "Missing `NAME`", "Mangler `NAVN`"),
    ("hub ui kyrre", "argument.missing", "hub ui", "Missing `lab|classic`", "Mangler `lab|classic`"),
    ("cancel", "argument.missing", "cancel", "Missing `<request-id>`", "Mangler `<forespørsels-ID>`"),
    ("hub limits kyrre", "limits.nothing", "hub limits", "Say what to change", "Si hva som skal endres"),
    (
        "hub limits kyrre --cpu 0,5",
        "cpu.not-a-number",
        "hub limits",
        "not `0,5`",
        "(med punktum), ikke `0,5`",
    ),
    ("hub create kyrre --cpu one", "cpu.not-a-number", "hub create", "not `one`", "ikke `one`"),
    ("hub ui kyrre notebook", "ui.bad-value", "hub ui", "not `notebook`", "ikke `notebook`"),
    ("cancel 42", "request-id.bad", "cancel", "`42` is not a request id", "ikke en forespørsels-ID"),
    ("cancel R-0", "request-id.bad", "cancel", "`R-0`", "`R-0`"),
    (
        "hub env set kyrre TZ",
        "env.not-assignment",
        "hub env set",
        "`TZ` is not of the form `NAME=value`",
        "NAVN=verdi",
    ),
    ("hub env set kyrre =x", "env.not-assignment", "hub env set", "`=x`", "`=x`"),
    ("hub create kyrre --env TZ", "env.not-assignment", "hub create", "`TZ`", "`TZ`"),
    (
        'hub env set kyrre "A=b',
        "quote.unclosed",
        "hub env set",
        'The quote in `"A=b` is never closed',
        "aldri lukket",
    ),
    ("hub show “kyrre", "quote.unclosed", "hub show", "“kyrre", "“kyrre"),
]


@pytest.mark.parametrize(("text", "code", "command", "en", "nb"), ERRORS, ids=[e[0] for e in ERRORS])
def test_parse_error_says_what_and_shows_usage(text, code, command, en, nb):
    with pytest.raises(ParseError) as raised:
        parse(text)
    error = raised.value
    assert error.code == code
    assert command in error.usage
    for lang, fragment in (("en", en), ("nb", nb)):
        message = error.message(lang)
        assert fragment in message
        assert f"`{usage(command, lang)}`" in message


def test_error_message_exactly_as_the_user_reads_it():
    with pytest.raises(ParseError) as raised:
        parse("hub usrs add kyrre e152435")
    assert raised.value.message("nb") == (
        "Kjenner ikke kommandoen `hub usrs add`. Mente du `hub users add`?\n"
        "Bruk: `/knada hub users add <hub> <ident eller @navn>...`"
    )
    assert raised.value.message("en") == (
        "Unknown command `hub usrs add`. Did you mean `hub users add`?\n"
        "Usage: `/knada hub users add <hub> <ident or @mention>...`"
    )


def test_a_group_name_alone_lists_the_group():
    with pytest.raises(ParseError) as raised:
        parse("hub env")
    message = raised.value.message("en")
    assert message.splitlines() == [
        "`hub env` is not a complete command.",
        "Usage:",
        "• `/knada hub env set <hub> NAME=value`",
        "• `/knada hub env unset <hub> NAME`",
    ]


def test_an_unknown_command_far_from_any_lists_all_commands():
    with pytest.raises(ParseError) as raised:
        parse("deploy everything")
    message = raised.value.message("nb")
    for name in COMMAND_NAMES:
        assert usage(name, "nb") in message
    assert message.endswith("Skriv `/knada help` for eksempler.")


def test_the_message_follows_the_configured_language(monkeypatch):
    monkeypatch.setenv("KNADA_LANGUAGE", "en")
    with pytest.raises(ParseError) as raised:
        parse("hub show")
    assert str(raised.value) == "Missing `<hub>`.\nUsage: `/knada hub show <hub>`"


def test_quoted_user_text_cannot_break_out_of_its_code_span():
    with pytest.raises(ParseError) as raised:
        parse("hub show kyrre `x`*bold*" + "y" * 100)
    first_line = raised.value.message("en").splitlines()[0]
    quoted = first_line.split("`")[1]
    assert quoted.startswith("'x'*bold*yyy") and quoted.endswith("…") and len(quoted) == 40


# --- usage and help ---------------------------------------------------------------------------------------


def test_usage_line_of_each_command_names_it():
    for name in COMMAND_NAMES:
        for lang in catalog.LANGUAGES:
            assert usage(name, lang).startswith(f"/knada {name}")


def test_usage_of_an_unknown_command_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown command 'hub frob'"):
        usage("hub frob")


@pytest.mark.parametrize("lang", catalog.LANGUAGES)
def test_every_help_example_parses_to_its_own_command(lang):
    for name in COMMAND_NAMES:
        examples = catalog.text(f"command.examples.{name.replace(' ', '-')}", lang).splitlines()
        assert examples, name
        for line in examples:
            assert line.startswith(f"/knada {name}")
            try:
                command = parse(line.removeprefix("/knada "))
            except NeedsModal as modal:
                assert modal.command == name
                continue
            expected = {"help": Help, "requests": ListRequests, "cancel": Cancel}.get(name)
            if expected is not None:
                assert isinstance(command, expected), line


@pytest.mark.parametrize("lang", catalog.LANGUAGES)
def test_help_overview_shows_an_example_of_every_command(lang):
    text = help_text(None, lang)
    for name in COMMAND_NAMES:
        first = catalog.text(f"command.examples.{name.replace(' ', '-')}", lang).splitlines()[0]
        assert f"`{first}`" in text
    assert help_text("", lang) == text
    assert help_text("/knada", lang) == text


def test_help_on_a_command():
    text = help_text("hub create", "nb")
    assert text.startswith("*/knada hub create*: lag en ny hub\nBruk: `/knada hub create <ingress>")
    assert "`/knada hub create kyrre --users e152435,k654321 --memory 4GB --cpu 1`" in text
    assert "2GB minne og 0.5 CPU" in text  # the defaults, from the config model


def test_help_on_part_of_a_command_shows_each_match():
    text = help_text("users", "en")
    assert "*/knada hub users add*" in text and "*/knada hub users remove*" in text
    assert "*/knada hub create*" not in text
    assert help_text("Hub Env", "en") == help_text("env", "en")
    assert help_text("remove", "en").startswith("*/knada hub users remove*")


def test_help_on_a_misspelt_topic_shows_the_closest_command():
    text = help_text("limts", "en")
    assert text.startswith("No help on `limts`; here is `hub limits`.\n\n*/knada hub limits*")


def test_help_on_an_unknown_topic_says_so_and_shows_the_overview():
    text = help_text("kubernetes", "nb")
    assert text.startswith("Fant ingen hjelp om `kubernetes`.\n\n")
    assert help_text(None, "nb") in text


def test_help_topic_of_a_command_parsed_from_help_flag_gives_its_help():
    command = parse("hub ui kyrre --help")
    assert help_text(command.topic, "en").startswith("*/knada hub ui*")


# --- format_command ---------------------------------------------------------------------------------------


def test_format_quotes_and_escapes_what_needs_it():
    command = CreateHub(
        "kyrre",
        users=(Mention("U123ABC", "ola & co"), Ident("e152435")),
        envs=(("GREETING", 'say "hi" <now>'),),
    )
    text = format_command(command)
    assert text == (
        'hub create kyrre --users <@U123ABC|ola &amp; co>,e152435 --env "GREETING=say \\"hi\\" &lt;now&gt;"'
    )
    assert parse(text) == command


def test_format_refuses_values_that_cannot_come_back():
    with pytest.raises(ValueError, match="one word"):
        format_command(AddUsers("kyrre", (Ident("a b"),)))
    with pytest.raises(ValueError, match="name"):
        format_command(SetEnv("kyrre", "A=B", "c"))
    with pytest.raises(ValueError, match="Slack user id"):
        format_command(AddUsers("kyrre", (Mention("ola"),)))


def test_escape_makes_plain_text_parse_as_typed():
    assert parse(escape("hub env set kyrre A=<b>&c")) == SetEnv("kyrre", "A", "<b>&c")


# --- properties -------------------------------------------------------------------------------------------

NASTY_PIECES = [
    "hub",
    "create",
    "users",
    "add",
    "env",
    "set",
    "ui",
    "cancel",
    "help",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "--",
    "--env",
    "--users",
    "--cpu",
    "—",
    "-",
    "=",
    ",",
    '"',
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "\\",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "|",
    "<@U123|ola>",
    "<@",
    "<!here>",
    "<#C1|general>",
    "æøå",
    "`",
]


@settings(max_examples=600)
@given(
    st.one_of(
        st.text(),
        st.lists(st.one_of(st.sampled_from(NASTY_PIECES), st.text(max_size=4)), max_size=30).map("".join),
    )
)
@example('hub env set kyrre "')
@example("hub create kyrre --env")
@example("<@U1|")
@example("hub users add k <@U1|a>,<@U2>")
def test_any_text_parses_or_explains(text):
    try:
        command = parse(text)
    except ParseError as error:
        for lang in catalog.LANGUAGES:
            message = error.message(lang)
            assert message.count("\n") >= 1  # the problem, then the usage
    except NeedsModal as modal:
        assert modal.command == "hub create"
    else:
        assert isinstance(command, COMMAND_TYPES)


# Values a user may type: anything, including quotes, `=`, `:`, `#`, markup characters, unicode, newlines.
any_value = st.text(st.characters(exclude_categories=("Cs",)), max_size=25)
non_blank = any_value.filter(lambda v: v.strip() != "")
one_word = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda v: not any(c == "," or c.isspace() for c in v)
)
env_name = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True)
env = st.tuples(env_name, any_value)
cpu = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3})?|\.[0-9]{1,2}", fullmatch=True)
mention = st.builds(
    Mention,
    st.from_regex(r"[UW][A-Z0-9]{1,10}", fullmatch=True),
    st.one_of(st.none(), st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)),
)
user = st.one_of(st.builds(Ident, one_word), mention)
users = st.lists(user, min_size=1, max_size=4).map(tuple)

valid_commands = st.one_of(
    st.builds(
        CreateHub,
        any_value,
        st.one_of(st.none(), non_blank),
        st.one_of(st.just(()), users),
        st.one_of(st.none(), non_blank),
        st.one_of(st.none(), cpu),
        st.booleans(),
        st.lists(env, max_size=3).map(tuple),
    ),
    st.builds(AddUsers, any_value, users),
    st.builds(RemoveUsers, any_value, users),
    st.builds(SetLimits, any_value, non_blank, st.one_of(st.none(), cpu)),
    st.builds(SetLimits, any_value, st.none(), cpu),
    st.builds(SetEnv, any_value, env_name, any_value),
    st.builds(UnsetEnv, any_value, any_value),
    st.builds(SetInterface, any_value, st.booleans()),
    st.builds(DeleteHub, any_value),
    st.builds(ShowHub, any_value),
    st.builds(ListHubs, st.booleans()),
    st.builds(ListRequests, st.booleans()),
    st.builds(Cancel, st.from_regex(r"R-[1-9][0-9]{0,9}", fullmatch=True)),
    st.builds(Help, st.one_of(st.none(), st.lists(one_word, min_size=1, max_size=3).map(" ".join))),
)


@settings(max_examples=600)
@given(valid_commands)
@example(SetEnv("kyrre", "A", '--cpu 3 " extra'))
@example(CreateHub("--classic", namespace="-x", envs=(("A", "\\"),)))
@example(AddUsers("kyrre", (Ident("-e1"), Ident("“x”"), Mention("U1", "<b>&amp;"))))
def test_a_formatted_command_parses_back_to_itself(command):
    assert parse(format_command(command)) == command


@given(any_value.filter(lambda v: not v.startswith(("-", "—", "–"))), env_name, any_value)
def test_shell_words_joined_by_shlex_parse_to_the_same_values(hub, name, value):
    # The CLI re-quotes its shell words with shlex.join (which leaves a dashed word like -A bare, so
    # that one is a flag, as in a shell) and escapes them as Slack would.
    text = escape(shlex.join(["hub", "env", "set", hub, f"{name}={value}"]))
    assert parse(text) == SetEnv(hub, name, value)


@pytest.mark.parametrize(
    "text",
    [
        "hub rename kyrre kyrre2",
        "hub move kyrre",
        "hub namespace kyrre ny",
        "hub limits kyrre --namespace ny",
        "hub users add kyrre e123456 --ingress ny",
    ],
)
def test_renaming_a_hub_is_explained_as_create_plus_delete(text: str) -> None:
    with pytest.raises(ParseError) as error:
        parse(text)
    message = error.value.message("en")
    assert message.startswith(
        "A hub's namespace or ingress can't be changed: that is a new hub plus the deletion"
    )
    assert "/knada hub create <ingress>" in message and "/knada hub delete <hub>" in message
    assert error.value.message("nb").startswith("En hubs namespace eller ingress kan ikke endres")
