"""Minimal edits of hub configs: exact output text for each edit on realistic configs.

What a reviewer sees in the PR diff is what is asserted: the whole edited file, and for the common
requests that the diff is one line.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
import yaml

from bot.hubconfig import document
from bot.hubconfig.document import EditError

SAMPLE_CONFIGS = Path(__file__).resolve().parents[1] / "bot" / "sample" / "config-repo" / "configs"
CORPUS_CONFIGS = Path(os.environ.get("KNADA_CORPUS", "/work/shared/corpus")) / "knada-jupyterhub" / "configs"


def config_files() -> list[Path]:
    files = sorted(SAMPLE_CONFIGS.glob("*.yaml"))
    if CORPUS_CONFIGS.is_dir():
        files += sorted(CORPUS_CONFIGS.glob("*.yaml"))
    return files


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts, as a unified diff shows them."""
    removed, added = [], []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


KYRRE = """\
namespace: kyrre-havik-eriksen
ingress: kyrre
users:
  - e152435
"""

FISKERI = """\
# Fiskeridata: the fisheries statistics team
namespace: fiskeri
ingress: fiskeri

users:
  # team leads
  - a111111
  - b222222   # on leave until March

  # analysts
  - c333333
memoryLimit: 8GB
cpuLimit: 1
extraEnvs:
  - "TZ: Europe/Oslo"
  - "PIP_INDEX_URL: https://repo.adeo.no/repository/api/pypi/pypi-proxy/simple"
secretToken.enc: U2FsdGVkX1+Fi5kE3r1Qm9Yt6rE2wQ5uI8oP1aS4dF7gH0jK3lZ6xC9vB2nM5qW8
"""

HELSE = """\
---
namespace: "helse-analyse"
ingress: 'helse'
users: [d444444, e555555]
memoryLimit: 16G
cpuLimit: 2
secretToken.enc: U2FsdGVkX18He1sE8Jj7Kk6Ll5Zz4Xx3Cc2Vv1Bb0Nn9Mm8Qq7Ww6Ee5Rr4Tt3Y
"""

KLASSISK = """\
namespace: klassisk
ingress: klassisk
users:
- f666666
- g777777
jupyterLabs: false
memoryLimit: 4096MB
extraEnvs: []
secretToken.enc: U2FsdGVkX19aQm3c5r0Zb2mHhQ1kq9o9Jm8v1n4kP0sT7yW2eR5tY8uI3oP6aS9d
"""


# --- round trip -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", config_files(), ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}")
def test_an_untouched_config_comes_back_byte_for_byte(path: Path) -> None:
    raw = path.read_bytes()
    assert document.roundtrip(raw.decode("utf-8")).encode("utf-8") == raw


def test_the_corpus_and_the_sample_are_both_round_tripped() -> None:
    if not CORPUS_CONFIGS.is_dir():
        pytest.skip(f"no corpus at {CORPUS_CONFIGS} (set KNADA_CORPUS)")
    assert len(config_files()) == len(list(SAMPLE_CONFIGS.glob("*.yaml"))) + len(
        list(CORPUS_CONFIGS.glob("*.yaml"))
    )


def test_roundtrip_keeps_crlf_a_bom_and_a_missing_final_newline() -> None:
    for text in ["\ufeffnamespace: a\r\nusers:\r\n  - a123456\r\n", "users: [a123456]"]:
        assert document.roundtrip(text) == text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("- a123456\n", "not-mapping"),
        ("# only a comment\n", "not-mapping"),
        ("{namespace: a, users: [a123456]}\n", "flow-mapping"),
        ("namespace: a\n---\nnamespace: b\n", "several-documents"),
        ("users: [a123456\n", "not-yaml"),
    ],
)
def test_a_config_that_cannot_be_edited_says_why(text: str, code: str) -> None:
    with pytest.raises(EditError) as raised:
        document.roundtrip(text)
    assert raised.value.code == code


def test_edit_errors_read_in_both_languages_without_quoting_the_file() -> None:
    with pytest.raises(EditError) as raised:
        document.add_users("users: s3cr3t-value\n", ["a123456"])
    error = raised.value
    assert error.code == "not-a-list"
    assert error.message("en") == (
        "`users` on line 1 is not a list. Rewrite it by hand as a list with one value per line (`  - value`)."
    )
    assert error.message("nb") == (
        "`users` på linje 1 er ikke en liste. "
        "Skriv den om for hånd som en liste med én verdi per linje (`  - verdi`)."
    )
    assert "s3cr3t" not in error.message("en") + error.message("nb")


def test_a_yaml_error_names_the_line_but_not_its_text() -> None:
    with pytest.raises(EditError) as raised:
        document.set_env('namespace: a\ntoken: "hunter2\n', "A", "b")
    assert raised.value.code == "not-yaml"
    assert "hunter2" not in raised.value.message("en")
    assert "line 3" in raised.value.message("en")


# --- users ----------------------------------------------------------------------------------------------


def test_adding_a_user_is_a_one_line_diff() -> None:
    new = document.add_users(KYRRE, ["g678901"])
    assert new == KYRRE + "  - g678901\n"
    assert changed_lines(KYRRE, new) == ([], ["  - g678901"])


def test_a_user_is_added_after_the_last_one_keeping_comments_and_blank_lines() -> None:
    new = document.add_users(FISKERI, ["d444444"])
    assert new == FISKERI.replace("  - c333333\n", "  - c333333\n  - d444444\n")
    assert changed_lines(FISKERI, new) == ([], ["  - d444444"])


def test_a_user_is_added_after_an_inline_comment_on_the_last_item() -> None:
    text = "namespace: a\ningress: a\nusers:\n  - a123456   # lead\n\njupyterLabs: true\n"
    assert document.add_users(text, ["b234567"]) == (
        "namespace: a\ningress: a\nusers:\n  - a123456   # lead\n  - b234567\n\njupyterLabs: true\n"
    )


def test_a_user_is_added_at_the_lists_own_indentation() -> None:
    assert document.add_users(KLASSISK, ["h888888"]) == KLASSISK.replace(
        "- g777777\n", "- g777777\n- h888888\n"
    )
    four = "users:\n    - a123456\n"
    assert document.add_users(four, ["b234567"]) == "users:\n    - a123456\n    - b234567\n"


def test_a_user_is_added_inside_a_flow_list_which_stays_one_line() -> None:
    new = document.add_users(HELSE, ["f666666", "g777777"])
    assert new == HELSE.replace("[d444444, e555555]", "[d444444, e555555, f666666, g777777]")
    assert changed_lines(HELSE, new) == (
        ["users: [d444444, e555555]"],
        ["users: [d444444, e555555, f666666, g777777]"],
    )


def test_a_flow_list_keeps_its_own_spacing() -> None:
    assert document.add_users("users: [ a123456,b234567 ]\n", ["c345678"]) == (
        "users: [ a123456,b234567,c345678 ]\n"
    )
    multi = "users: [\n  a123456,\n  b234567,\n]\n"
    assert document.add_users(multi, ["c345678"]) == "users: [\n  a123456,\n  b234567,\n  c345678,\n]\n"


def test_present_idents_are_skipped_and_an_all_present_add_returns_the_input() -> None:
    assert document.add_users(KYRRE, ["e152435"]) is KYRRE
    assert document.add_users(KYRRE, ["g678901", "e152435", "g678901"]) == KYRRE + "  - g678901\n"


def test_users_are_added_to_an_empty_key_as_a_block_list() -> None:
    assert document.add_users("namespace: a\nusers:\ningress: a\n", ["a123456"]) == (
        "namespace: a\nusers:\n  - a123456\ningress: a\n"
    )
    assert document.add_users("namespace: a\nusers: []  # none\n", ["a123456"]) == (
        "namespace: a\nusers:  # none\n  - a123456\n"
    )


def test_adding_keeps_crlf_and_ends_with_one_newline() -> None:
    assert document.add_users("users:\r\n  - a123456\r\n", ["b234567"]) == (
        "users:\r\n  - a123456\r\n  - b234567\r\n"
    )
    assert document.add_users("users:\n  - a123456", ["b234567"]) == "users:\n  - a123456\n  - b234567\n"
    assert (
        document.add_users("users:\n  - a123456\n\n\n", ["b234567"]) == "users:\n  - a123456\n  - b234567\n"
    )


def test_removing_a_user_deletes_its_line_and_keeps_the_comments_around_it() -> None:
    new = document.remove_users(FISKERI, ["b222222"])
    assert new == FISKERI.replace("  - b222222   # on leave until March\n", "")
    assert changed_lines(FISKERI, new) == (["  - b222222   # on leave until March"], [])
    assert "  # team leads\n  - a111111\n\n  # analysts\n" in new


def test_removing_the_first_users_under_a_comment_keeps_the_comment() -> None:
    new = document.remove_users(FISKERI, ["a111111", "c333333"])
    assert new == FISKERI.replace("  - a111111\n", "").replace("  - c333333\n", "")


def test_removing_from_a_flow_list() -> None:
    assert document.remove_users(HELSE, ["d444444"]) == HELSE.replace("[d444444, e555555]", "[e555555]")
    assert document.remove_users("users: [ a123456 , b234567, c345678 ]\n", ["b234567"]) == (
        "users: [ a123456 , c345678 ]\n"
    )


def test_removing_an_absent_user_returns_the_input() -> None:
    assert document.remove_users(FISKERI, ["z999999"]) is FISKERI


def test_removing_every_user_is_refused() -> None:
    with pytest.raises(EditError) as raised:
        document.remove_users(HELSE, ["d444444", "e555555"])
    assert raised.value.code == "no-users-left"
    assert raised.value.message("en").startswith("That would leave the hub without users: it only has")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("users: a123456\n", "not-a-list"),
        ("users: [a123456]\nusers: [b234567]\n", "duplicate-key"),
        ("team: &team [a123456]\nusers: *team\n", "layout"),
        ("users: [a123456,  # lead\n  b234567]\n", "layout"),
    ],
)
def test_users_written_in_a_way_that_cannot_be_edited_safely(text: str, code: str) -> None:
    with pytest.raises(EditError) as raised:
        document.add_users(text, ["c345678"])
    assert raised.value.code == code


# --- extraEnvs ------------------------------------------------------------------------------------------


def test_a_new_env_is_appended_double_quoted() -> None:
    new = document.set_env(FISKERI, "LANG", "nb_NO.UTF-8")
    assert changed_lines(FISKERI, new) == ([], ['  - "LANG: nb_NO.UTF-8"'])
    assert new.index('  - "LANG: nb_NO.UTF-8"\n') < new.index("secretToken.enc")


def test_setting_an_env_replaces_only_its_value() -> None:
    text = 'users: [a123456]\nextraEnvs:\n  - "TZ: UTC"   # default\n  - "LANG: C"\n'
    assert document.set_env(text, "TZ", "Europe/Oslo") == (
        'users: [a123456]\nextraEnvs:\n  - "TZ: Europe/Oslo"   # default\n  - "LANG: C"\n'
    )
    assert document.set_env(text, "TZ", "UTC") is text


def test_setting_an_env_fixes_the_unquoted_mistake_and_drops_a_second_entry() -> None:
    text = "users: [a123456]\nextraEnvs:\n  - TZ: UTC\n  - 'LANG: C'\n  - \"TZ: GMT\"\n"
    assert document.set_env(text, "TZ", "Europe/Oslo") == (
        "users: [a123456]\nextraEnvs:\n  - \"TZ: Europe/Oslo\"\n  - 'LANG: C'\n"
    )


def test_an_empty_flow_extra_envs_becomes_a_block_list_in_the_files_style() -> None:
    assert document.set_env(KLASSISK, "TZ", "Europe/Oslo") == KLASSISK.replace(
        "extraEnvs: []\n", 'extraEnvs:\n- "TZ: Europe/Oslo"\n'
    )


def test_a_missing_extra_envs_is_added_before_the_enc_lines() -> None:
    assert document.set_env(HELSE, "TZ", "Europe/Oslo") == HELSE.replace(
        "cpuLimit: 2\n", 'cpuLimit: 2\nextraEnvs:\n  - "TZ: Europe/Oslo"\n'
    )
    assert document.set_env(KYRRE, "TZ", "Europe/Oslo") == KYRRE + 'extraEnvs:\n  - "TZ: Europe/Oslo"\n'


def test_a_comment_above_the_enc_line_stays_with_it() -> None:
    text = "users: [a123456]\n# added by the check\nsecretToken.enc: abc\n"
    assert document.set_memory(text, "4GB") == (
        "users: [a123456]\nmemoryLimit: 4GB\n# added by the check\nsecretToken.enc: abc\n"
    )


def test_a_flow_extra_envs_stays_flow() -> None:
    text = "users: [a123456]\nextraEnvs: [\"TZ: UTC\", 'LANG: C']\n"
    assert document.set_env(text, "A", "b") == (
        'users: [a123456]\nextraEnvs: ["TZ: UTC", \'LANG: C\', "A: b"]\n'
    )
    assert document.unset_env(text, "TZ") == "users: [a123456]\nextraEnvs: ['LANG: C']\n"


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ('say "hi"', r'  - "X: say \"hi\""'),
        ("C:\\temp\\", r'  - "X: C:\\temp\\"'),
        ("a # not a comment", '  - "X: a # not a comment"'),
        ("{a: 1}, [b]", '  - "X: {a: 1}, [b]"'),
        ("tab\there", r'  - "X: tab\there"'),
        ("line\nbreak", r'  - "X: line\nbreak"'),
        ("ÆØÅ æøå – ✓", '  - "X: ÆØÅ æøå – ✓"'),
        ("x.enc: y", r'  - "X: x.enc:\x20y"'),
        ("\u2028\x85\ufeff\x00", r'  - "X: \u2028\x85\ufeff\0"'),
        ("  padded  ", '  - "X:   padded  "'),
    ],
)
def test_hostile_env_values_are_escaped_and_read_back_exactly(value: str, line: str) -> None:
    new = document.set_env(KYRRE, "X", value)
    assert new == KYRRE + f"extraEnvs:\n{line}\n"
    assert yaml.safe_load(new)["extraEnvs"] == [f"X: {value}"]
    assert ".enc: " not in new


def test_an_invalid_env_name_is_refused() -> None:
    for name in ["9LIVES", "A-B", "A: B", ""]:
        with pytest.raises(EditError) as raised:
            document.set_env(KYRRE, name, "x")
        assert raised.value.code == "env-name"


def test_unsetting_an_env_deletes_its_line() -> None:
    new = document.unset_env(FISKERI, "TZ")
    assert changed_lines(FISKERI, new) == (['  - "TZ: Europe/Oslo"'], [])


def test_unsetting_the_last_env_removes_the_key_but_not_its_comments() -> None:
    text = (
        'users: [a123456]\nextraEnvs:\n  # proxy for pip\n  - "HTTPS_PROXY: http://proxy:8088"\ncpuLimit: 1\n'
    )
    assert document.unset_env(text, "HTTPS_PROXY") == "users: [a123456]\n  # proxy for pip\ncpuLimit: 1\n"
    flow = 'users: [a123456]\nextraEnvs: ["TZ: UTC"]\ncpuLimit: 1\n'
    assert document.unset_env(flow, "TZ") == "users: [a123456]\ncpuLimit: 1\n"


def test_unsetting_an_absent_env_returns_the_input() -> None:
    assert document.unset_env(FISKERI, "NOPE") is FISKERI
    assert document.unset_env(KLASSISK, "TZ") is KLASSISK
    assert document.unset_env(KYRRE, "TZ") is KYRRE


# --- limits and interface -------------------------------------------------------------------------------


def test_setting_memory_replaces_only_the_value() -> None:
    new = document.set_memory(FISKERI, "16GB")
    assert new == FISKERI.replace("memoryLimit: 8GB\n", "memoryLimit: 16GB\n")
    assert changed_lines(FISKERI, new) == (["memoryLimit: 8GB"], ["memoryLimit: 16GB"])
    assert document.set_memory(FISKERI, "8GB") is FISKERI


def test_a_quoted_memory_stays_quoted_and_its_comment_stays() -> None:
    assert document.set_memory("users: [a]\nmemoryLimit: '16G'  # ok'd by ops\n", "32G") == (
        "users: [a]\nmemoryLimit: '32G'  # ok'd by ops\n"
    )
    assert (
        document.set_memory('users: [a]\nmemoryLimit: "16G"\n', "32G") == 'users: [a]\nmemoryLimit: "32G"\n'
    )


def test_memory_is_added_before_the_enc_line_and_removed_back_to_the_default() -> None:
    added = document.set_memory(KLASSISK.replace("memoryLimit: 4096MB\n", ""), "4GB")
    assert added == KLASSISK.replace(
        "memoryLimit: 4096MB\nextraEnvs: []\n", "extraEnvs: []\nmemoryLimit: 4GB\n"
    )
    assert document.set_memory(KLASSISK, None) == KLASSISK.replace("memoryLimit: 4096MB\n", "")
    assert document.set_memory(KYRRE, None) is KYRRE


def test_removing_the_last_key_leaves_no_blank_line_at_the_end() -> None:
    assert document.set_memory("users: [a]\n\nmemoryLimit: 4GB\n", None) == "users: [a]\n"


def test_memory_fills_an_empty_key() -> None:
    assert document.set_memory("users: [a]\nmemoryLimit:\ncpuLimit: 1\n", "4GB") == (
        "users: [a]\nmemoryLimit: 4GB\ncpuLimit: 1\n"
    )
    assert document.set_memory("users: [a]\nmemoryLimit: ~\n", "4GB") == "users: [a]\nmemoryLimit: 4GB\n"


def test_setting_cpu_writes_an_unquoted_number() -> None:
    assert document.set_cpu(FISKERI, 2.5) == FISKERI.replace("cpuLimit: 1\n", "cpuLimit: 2.5\n")
    assert document.set_cpu('users: [a]\ncpuLimit: "2"\n', 2) == "users: [a]\ncpuLimit: 2\n"
    assert document.set_cpu(KYRRE, 0.00001) == KYRRE + "cpuLimit: 0.00001\n"
    assert document.set_cpu(FISKERI, 1.0) is FISKERI
    assert document.set_cpu(FISKERI, None) == FISKERI.replace("cpuLimit: 1\n", "")


@pytest.mark.parametrize("cpu", [True, float("nan"), float("inf"), "2"])
def test_a_cpu_that_is_not_a_number_is_refused(cpu: object) -> None:
    with pytest.raises(EditError) as raised:
        document.set_cpu(KYRRE, cpu)  # type: ignore[arg-type]
    assert raised.value.code == "cpu-not-a-number"


def test_setting_the_interface() -> None:
    assert document.set_jupyter_labs(KYRRE, False) == KYRRE + "jupyterLabs: false\n"
    assert document.set_jupyter_labs(KLASSISK, True) == KLASSISK.replace(
        "jupyterLabs: false", "jupyterLabs: true"
    )
    assert document.set_jupyter_labs(KLASSISK, False) is KLASSISK
    # a quoted "false" is a string (truthy in the template): setting it writes a real boolean
    assert document.set_jupyter_labs('users: [a]\njupyterLabs: "false"\n', False) == (
        "users: [a]\njupyterLabs: false\n"
    )


def test_a_limit_written_as_a_list_is_refused() -> None:
    with pytest.raises(EditError) as raised:
        document.set_memory("users: [a]\nmemoryLimit: [4GB]\n", "8GB")
    assert raised.value.code == "not-a-value"


# --- new configs ----------------------------------------------------------------------------------------


def test_a_new_config_in_the_documented_style() -> None:
    assert document.new_config("kyrre-havik-eriksen", "kyrre", ["e152435"]) == KYRRE


def test_a_new_config_with_every_option() -> None:
    text = document.new_config(
        "team-a",
        "team-a",
        ["a123456", "b234567", "a123456"],
        memory="4GB",
        cpu=1.5,
        jupyter_labs=False,
        envs=[("TZ", "Europe/Oslo"), ("MOTD", 'say "hi"')],
    )
    assert text == (
        "namespace: team-a\n"
        "ingress: team-a\n"
        "users:\n"
        "  - a123456\n"
        "  - b234567\n"
        "memoryLimit: 4GB\n"
        "cpuLimit: 1.5\n"
        "jupyterLabs: false\n"
        "extraEnvs:\n"
        '  - "TZ: Europe/Oslo"\n'
        '  - "MOTD: say \\"hi\\""\n'
    )
    assert document.roundtrip(text) == text


def test_a_new_config_quotes_what_would_not_read_back_as_text() -> None:
    text = document.new_config("true", "1e3", ["null"])
    assert text == 'namespace: "true"\ningress: "1e3"\nusers:\n  - "null"\n'
    assert yaml.safe_load(text) == {"namespace": "true", "ingress": "1e3", "users": ["null"]}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"users": []}, "no-users"),
        ({"users": ["a123456"], "envs": [("TZ", "a"), ("TZ", "b")]}, "env-duplicate"),
        ({"users": ["a123456"], "envs": [("A B", "a")]}, "env-name"),
        ({"users": ["a123456"], "cpu": float("nan")}, "cpu-not-a-number"),
    ],
)
def test_a_new_config_that_cannot_be_written(kwargs: dict, code: str) -> None:
    with pytest.raises(EditError) as raised:
        document.new_config("a", "a", **kwargs)
    assert raised.value.code == code


# --- the injection guard --------------------------------------------------------------------------------


def test_an_edit_that_would_read_back_differently_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulate a rendering bug: values written raw instead of quoted when needed.
    monkeypatch.setattr(document, "_render_str", lambda value: value)
    monkeypatch.setattr(document, "_render_env", lambda entry: entry)
    for edit in [
        lambda: document.add_users(HELSE, ["x, y"]),
        lambda: document.add_users(KYRRE, ["a\nmemoryLimit: 64GB"]),
        lambda: document.set_env(KYRRE, "A", "b: c"),
        lambda: document.set_memory(KYRRE, "4GB\ncpuLimit: 8"),
        lambda: document.new_config("a", "a", ["true"]),
    ]:
        with pytest.raises(EditError) as raised:
            edit()
        assert raised.value.code == "unexpected-result"
        assert raised.value.message("nb").startswith("Endringen av")
