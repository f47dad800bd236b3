"""The hub config rules: one bad and one good example per finding code, the rules across files, the policy,
and the sample repos, which must be clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import catalog
from bot.hubconfig.findings import Severity
from bot.hubconfig.model import Hub
from bot.hubconfig.policy import Policy
from bot.hubconfig.rules import RULES, check_file, check_files, suggest_key

HUB = "namespace: abc\ningress: abc\nusers:\n  - e152435\n"
PATH = "configs/abc.yaml"


def env(*entries: str) -> str:
    return HUB + "extraEnvs:\n" + "".join(f"  - {entry}\n" for entry in entries)


# (code, bad, good, line, column, text the English message must contain: the fix). ``bad`` and ``good``
# are file contents at configs/abc.yaml, or (path, contents). ``good`` must be entirely clean.
CASES = [
    ("file.path", ("hubs/abc.yaml", HUB), HUB, 1, 1, "Move the file to configs/"),
    ("file.not-deployed", ("configs/abc.yml", HUB), HUB, 1, 1, "rename the file to configs/abc.yaml"),
    ("file.stem-mismatch", ("configs/kyrre.yaml", HUB), HUB, 2, 10, "rename the file to configs/abc.yaml"),
    (
        "file.not-utf8",
        HUB.replace("ingress: abc", "ingress: ab\xe6").encode("latin-1"),
        HUB,
        2,
        12,
        "as UTF-8",
    ),
    ("file.bom", "\ufeff" + HUB, HUB, 1, 1, "UTF-8 without a BOM"),
    ("file.syntax", HUB.replace("ingress: abc", "ingress: abc: def"), HUB, 2, 13, "fix the syntax here"),
    ("file.multiple-documents", HUB + "---\nmemoryLimit: 4GB\n", "---\n" + HUB, 5, 1, "keep one document"),
    ("file.empty", "# a new hub\n", HUB, 1, 1, "needs at least namespace:, ingress: and users:"),
    ("file.not-mapping", "- namespace: abc\n", HUB, 1, 1, "write one key: value per line"),
    ("file.duplicate-key", HUB + "ingress: def\n", HUB, 5, 1, "also on line 2): keep one of them"),
    ("file.no-trailing-newline", HUB.rstrip("\n"), HUB, 4, 12, "end the last line with a newline"),
    ("file.extra-trailing-newlines", HUB + "\n\n", HUB, 5, 1, "ends with exactly one newline"),
    ("key.typo", HUB + "memorylimit: 4GB\n", HUB + "memoryLimit: 4GB\n", 5, 1, "did you mean memoryLimit?"),
    ("key.unknown", HUB + "owner: team-a\n", HUB, 5, 1, "remove the line if it is not needed"),
    ("key.invalid", HUB + "? [a, b]\n: c\n", HUB, 5, 3, "write name: value"),
    (
        "key.empty",
        HUB + "memoryLimit:\n",
        HUB + "memoryLimit: 4GB\n",
        5,
        1,
        "remove the line to use the default",
    ),
    (
        "namespace.missing",
        HUB.replace("namespace: abc\n", ""),
        HUB,
        1,
        1,
        "add a line like namespace: my-team",
    ),
    ("namespace.not-string", HUB.replace("namespace: abc", "namespace: no"), HUB, 1, 12, 'namespace: "no"'),
    (
        "namespace.invalid",
        HUB.replace("namespace: abc", "namespace: Team_A"),
        HUB,
        1,
        12,
        "lowercase letters",
    ),
    ("namespace.too-long", HUB.replace("namespace: abc", "namespace: " + "a" * 64), HUB, 1, 12, "at most 63"),
    (
        "namespace.reserved",
        HUB.replace("namespace: abc", "namespace: knada"),
        HUB,
        1,
        12,
        "choose a namespace",
    ),
    ("ingress.missing", HUB.replace("ingress: abc\n", ""), HUB, 1, 1, "https://my-team.jupyter.adeo.no"),
    ("ingress.not-string", HUB.replace("ingress: abc", "ingress: 123"), HUB, 2, 10, 'ingress: "123"'),
    ("ingress.invalid", HUB.replace("ingress: abc", "ingress: Abc"), HUB, 2, 10, "lowercase letters a-z"),
    (
        "ingress.too-long",
        ("configs/" + "a" * 43 + ".yaml", HUB.replace("ingress: abc", "ingress: " + "a" * 43)),
        HUB,
        2,
        10,
        "at most 42 are allowed",
    ),
    ("users.missing", "namespace: abc\ningress: abc\n", HUB, 1, 1, "add users: with at least one NAV ident"),
    ("users.not-list", HUB.replace("users:\n  -", "users:"), HUB, 3, 8, "on its own line below users:"),
    ("users.empty", "namespace: abc\ningress: abc\nusers: []\n", HUB, 3, 8, "add at least one NAV ident"),
    ("users.not-lowercase", HUB.replace("e152435", "E152435"), HUB, 4, 5, "write e152435"),
    ("users.invalid", HUB + "  - ola.nordmann\n", HUB, 5, 5, "one lowercase letter and six digits"),
    ("users.duplicate", HUB + "  - e152435\n", HUB, 5, 5, "also on line 4): remove this line"),
    (
        "extraEnvs.not-list",
        HUB + 'extraEnvs: "TZ: Europe/Oslo"\n',
        env('"TZ: Europe/Oslo"'),
        5,
        12,
        "own line",
    ),
    ("extraEnvs.unquoted", env("hello: world"), env('"hello: world"'), 6, 5, 'write it as - "hello: world"'),
    ("extraEnvs.format", env('"TZ=Europe/Oslo"'), env('"TZ: Europe/Oslo"'), 6, 5, "a colon, a space and the"),
    ("extraEnvs.name", env('"MY-VAR: 1"'), env('"MY_VAR: 1"'), 6, 5, "letters, digits and _"),
    ("extraEnvs.duplicate", env('"TZ: UTC"', '"TZ: CET"'), env('"TZ: CET"'), 7, 5, "also on line 6"),
    ("extraEnvs.reserved", env('"MEM_LIMIT: 4G"'), HUB + "memoryLimit: 4G\n", 6, 5, "with memoryLimit and"),
    ("extraEnvs.enc", env('"NOTE: see a.enc: b"'), env('"NOTE: see a.enc"'), 6, 5, 'without ".enc: "'),
    ("extraEnvs.html", env('"URL: a?b=1&c=2"'), env('"URL: a?b=1"'), 6, 5, "contains &, which the deploy"),
    ("extraEnvs.newline", env('"A: b\\nc"'), env('"A: b c"'), 6, 5, "write it on one line"),
    (
        "jupyterLabs.quoted",
        HUB + 'jupyterLabs: "false"\n',
        HUB + "jupyterLabs: false\n",
        5,
        14,
        "jupyterLabs: false",
    ),
    (
        "jupyterLabs.not-bool",
        HUB + "jupyterLabs: classic\n",
        HUB + "jupyterLabs: false\n",
        5,
        14,
        "false (classic",
    ),
    ("memoryLimit.unit", HUB + "memoryLimit: 10Gi\n", HUB + "memoryLimit: 10G\n", 5, 14, "memoryLimit: 10GB"),
    (
        "memoryLimit.bounds",
        HUB + "memoryLimit: 128GB\n",
        HUB + "memoryLimit: 64GB\n",
        5,
        14,
        "from 1GB to 64GB",
    ),
    (
        "cpuLimit.quoted",
        HUB + 'cpuLimit: "2"\n',
        HUB + "cpuLimit: 2\n",
        5,
        11,
        "remove the quotes: cpuLimit: 2",
    ),
    ("cpuLimit.invalid", HUB + "cpuLimit: 500m\n", HUB + "cpuLimit: 0.5\n", 5, 11, "like 0.5 or 2, not 500m"),
    ("cpuLimit.bounds", HUB + "cpuLimit: 16\n", HUB + "cpuLimit: 8\n", 5, 11, "at most 8 CPUs"),
]
CROSS_FILE = {"namespace.duplicate", "ingress.duplicate"}


def check(example: str | bytes | tuple[str, str]):
    path, content = example if isinstance(example, tuple) else (PATH, example)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return check_file(path, data)


def test_every_code_has_a_case_and_a_text_in_both_languages() -> None:
    assert {case[0] for case in CASES} | CROSS_FILE == set(RULES)
    texts = {key.removeprefix("finding.") for key in catalog.CATALOG if key.startswith("finding.")}
    assert texts == set(RULES)


@pytest.mark.parametrize(("code", "bad", "good", "line", "column", "fix"), CASES, ids=[c[0] for c in CASES])
def test_rule(code: str, bad, good, line: int, column: int, fix: str) -> None:
    found = [f for f in check(bad).findings if f.code == code]
    assert [(f.line, f.column) for f in found] == [(line, column)]
    finding = found[0]
    assert finding.severity is RULES[code]
    assert fix in finding.message("en")
    assert finding.message("nb") != finding.message("en")
    assert check(good).findings == []


def test_codes_name_the_key_they_are_about() -> None:
    typo = check(HUB + "memorylimit: 4GB\n").findings[0]
    assert (typo.key, typo.file) == ("memorylimit", PATH)
    assert check(env("hello: world")).findings[0].key == "extraEnvs"
    assert check(HUB.rstrip("\n")).findings[0].key == "file"
    assert check(HUB.replace("namespace: abc\n", "")).findings[0].key == "namespace"


def test_unquoted_env_fix_in_norwegian_shows_the_quoted_line() -> None:
    (finding,) = check(env('hello: "wide world"')).findings
    assert finding.message("nb").endswith('skriv den som - "hello: wide world"')


def test_a_name_and_an_enc_marker_in_one_entry_are_both_reported() -> None:
    codes = [f.code for f in check(env('"MY.enc: value"')).findings]
    assert codes == ["extraEnvs.enc", "extraEnvs.name"]


def test_enc_keys_are_never_flagged() -> None:
    config = HUB + "secretToken.enc: U2FsdGVkX1+3mQ0v7yY0n6lq\nsomething-else.enc: [not, a, string]\n"
    result = check(config)
    assert result.findings == []
    assert result.hub is not None and result.hub.users == ("e152435",)


def test_a_syntax_error_in_an_enc_line_is_reported() -> None:
    (finding,) = check(HUB + "secretToken.enc: a: b\n").findings
    assert (finding.code, finding.line) == ("file.syntax", 5)


def test_yes_and_no_are_booleans_but_quoted_numbers_only_warn() -> None:
    result = check(HUB + "jupyterLabs: no\ncpuLimit: '1.5'\n")
    assert [(f.code, f.severity) for f in result.findings] == [("cpuLimit.quoted", Severity.WARNING)]
    assert result.hub is not None
    assert (result.hub.jupyter_labs, result.hub.cpu_limit) == (False, 1.5)


def test_the_hub_says_what_the_config_says() -> None:
    config = (
        "# team hub\nnamespace: team-a\ningress: 'abc'\nusers: [e152435, f234567]\n"
        'extraEnvs:\n  - "TZ: Europe/Oslo"\njupyterLabs: false\nmemoryLimit: 1.5GB\ncpuLimit: 0.25\n'
    )
    result = check(config)
    assert result.findings == []
    assert result.hub == Hub(
        path=PATH,
        namespace="team-a",
        ingress="abc",
        users=("e152435", "f234567"),
        extra_envs=("TZ: Europe/Oslo",),
        jupyter_labs=False,
        memory_limit="1.5GB",
        cpu_limit=0.25,
    )
    assert result.hub.env_names() == {"TZ": "Europe/Oslo"}


def test_a_file_that_is_not_a_mapping_has_no_hub() -> None:
    assert check("- a\n").hub is None
    assert check(HUB.replace("ingress: abc", "ingress: [abc")).hub is None


def test_typos_are_matched_ignoring_case_and_within_two_edits() -> None:
    assert suggest_key("Namespace") == "namespace"
    assert suggest_key("ingres") == "ingress"
    assert suggest_key("extraEnv") == "extraEnvs"
    assert suggest_key("jupyterlbas") == "jupyterLabs"  # a swap is one edit
    assert suggest_key("memory") is None
    assert suggest_key("owner") is None


def test_policy_bounds_and_reserved_namespaces() -> None:
    policy = Policy(memory_max="16GB", cpu_max=2, reserved_namespaces=frozenset({"abc"}))
    result = check_file(PATH, (HUB + "memoryLimit: 32GB\ncpuLimit: 4\n").encode(), policy)
    assert [f.code for f in result.findings] == [
        "namespace.reserved",
        "memoryLimit.bounds",
        "cpuLimit.bounds",
    ]
    assert "from 1GB to 16GB" in result.findings[1].message("en")
    assert "at most 2 CPUs" in result.findings[2].message("en")
    assert check_file(PATH, HUB.replace("abc", "kube-system").encode(), policy).findings[0].code == (
        "namespace.reserved"
    )


def hub(name: str, ingress: str | None = None, namespace: str | None = None) -> bytes:
    return f"namespace: {namespace or name}\ningress: {ingress or name}\nusers:\n  - e152435\n".encode()


def test_a_duplicate_ingress_is_reported_on_the_later_file_naming_the_earlier() -> None:
    files = {
        "configs/zeta.yaml": hub("zeta", ingress="alpha"),
        "configs/alpha.yaml": hub("alpha"),
        "configs/beta.yaml": hub("beta", ingress="alpha"),
    }
    dupes = [f for f in check_files(files).findings if f.code == "ingress.duplicate"]
    assert [(f.file, f.line, f.column, f.key) for f in dupes] == [
        ("configs/beta.yaml", 2, 10, "ingress"),
        ("configs/zeta.yaml", 2, 10, "ingress"),
    ]
    assert "already used by configs/alpha.yaml" in dupes[0].message("en")
    assert "https://alpha.jupyter.adeo.no" in dupes[0].message("en")


def test_a_duplicate_namespace_is_reported_on_the_later_file() -> None:
    files = {
        "configs/abc.yaml": hub("abc", namespace="shared"),
        "configs/def.yaml": hub("def", namespace="shared"),
    }
    result = check_files(files)
    assert [(f.code, f.file, f.line, f.column) for f in result.findings] == [
        ("namespace.duplicate", "configs/def.yaml", 1, 12)
    ]
    assert "namespace shared is already used by configs/abc.yaml" in result.findings[0].message("en")
    assert "brukes allerede av configs/abc.yaml" in result.findings[0].message("nb")
    assert set(result.hubs) == set(files)


def test_files_that_are_not_deployed_claim_no_ingress() -> None:
    files = {"configs/abc.yaml": hub("abc"), "configs/abc.yml": hub("abc")}
    result = check_files(files)
    assert [f.code for f in result.findings] == ["file.not-deployed"]
    assert result.errors == [] and len(result.warnings) == 1
    assert set(result.hubs) == set(files)


def test_findings_are_sorted_by_file_line_column_and_code() -> None:
    files = {
        "configs/b.yaml": b"namespace: Bad\ningress: b\nusers: [E111111]\n",
        "configs/a.yaml": b"namespace: a\ningress: a\nusers: [x]",
    }
    result = check_files(files)
    keys = [(f.file, f.line, f.column, f.code) for f in result.findings]
    assert keys == sorted(keys)
    assert keys[0][0] == "configs/a.yaml"


def config_files(repo: Path) -> dict[str, bytes]:
    return {f"configs/{p.name}": p.read_bytes() for p in sorted((repo / "configs").iterdir())}


def test_the_sample_config_repo_is_clean(sample_repo: Path) -> None:
    files = config_files(sample_repo)
    result = check_files(files)
    assert result.findings == []
    assert set(result.hubs) == set(files) and len(files) >= 5


def test_the_corpus_config_repo_is_clean(corpus_dir: Path) -> None:
    files = config_files(corpus_dir / "knada-jupyterhub")
    result = check_files(files)
    assert result.findings == []
    assert result.hubs["configs/dvh.yaml"].memory_limit == "2048MB"  # after a leading ---
    assert result.hubs["configs/pensjon-analyse.yaml"].users[0] == "h890123"  # after a comment


FRAGMENTS = [
    *("namespace: ", "ingress: ", "users:", "extraEnvs:", "jupyterLabs: ", "memoryLimit: ", "cpuLimit: "),
    *("abc", "e152435", "E152435", "hello: world", '"TZ: UTC"', "false", "'no'", "10GB", "0.5", "x.enc: y"),
    *("\n", "\n  - ", " ", ": ", "- ", "[", "]", "{", "}", ", ", "# c", "---\n", "...\n", '"', "'", "\t"),
    *("&a ", "*a", "? ", "~", "!!str ", "|\n  ", "\ufeff", "\x00", "é"),
]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join), st.text(max_size=80)))
def test_any_text_gets_findings_with_a_message_never_an_exception(text: str) -> None:
    for path in (PATH, "configs/x.yml"):
        result = check_files({path: text.encode("utf-8", "surrogatepass")})
        for finding in result.findings:
            assert finding.line >= 1 and finding.column >= 1
            assert finding.message("nb") and finding.message("en")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120))
def test_any_bytes_get_findings_never_an_exception(data: bytes) -> None:
    for finding in check_file(PATH, data).findings:
        assert finding.message("en")
