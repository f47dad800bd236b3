"""``knada-bot validate`` through the real command line: exit codes, printed findings in the three formats,
usage errors, and the policy override."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT, locate_shared

HUB = "namespace: {name}\ningress: {name}\nusers:\n  - e152435\n"


def validate(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("KNADA_POLICY", "KNADA_LANGUAGE")}
    environment.update({"KNADA_LANGUAGE": "en", **env})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "validate", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def make_repo(root: Path, files: dict[str, str]) -> Path:
    (root / "configs").mkdir(parents=True)
    for name, content in files.items():
        (root / "configs" / name).write_text(content, encoding="utf-8")
    return root


def invalid_cases() -> dict[str, dict[str, object]]:
    shared = locate_shared()
    if shared is None:
        return {}
    return yaml.safe_load((shared / "corpus" / "invalid" / "expected.yaml").read_text(encoding="utf-8"))


INVALID = invalid_cases()


def test_the_sample_repos_are_clean(sample_repo: Path, corpus_dir: Path) -> None:
    for repo in (sample_repo, corpus_dir / "knada-jupyterhub"):
        count = len(list((repo / "configs").glob("*.y*ml")))
        result = validate(str(repo))
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == f"{count} files checked: 0 errors, 0 warnings.\n"


def test_the_default_path_is_the_current_directory(sample_repo: Path) -> None:
    result = validate(cwd=sample_repo)
    assert result.returncode == 0
    assert result.stdout.endswith("files checked: 0 errors, 0 warnings.\n")


@pytest.mark.parametrize("case", sorted(INVALID))
def test_each_broken_config_fails_with_its_finding(case: str, corpus_dir: Path) -> None:
    expected = INVALID[case]
    result = validate(".", cwd=corpus_dir / "invalid" / case)
    assert result.returncode == 1, result.stdout + result.stderr
    printed = [
        line
        for line in result.stdout.splitlines()
        if line.startswith(f"{expected['file']}:{expected['line']}:")
    ]
    assert any(": error " in line for line in printed), result.stdout


def test_the_broken_configs_report_file_line_and_key_in_json(corpus_dir: Path) -> None:
    if not INVALID:
        pytest.skip("no cases")
    cases = corpus_dir / "invalid"
    result = validate("--format", "json", *sorted(INVALID), cwd=cases)
    assert result.returncode == 1
    reported = {
        (f["file"], f["line"], f["key"]) for f in json.loads(result.stdout) if f["severity"] == "error"
    }
    for case, expected in INVALID.items():
        assert (f"{case}/{expected['file']}", expected["line"], expected["key"]) in reported, case


def test_text_format_prints_path_line_column_severity_code_and_the_fix(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo", {"abc.yaml": HUB.format(name="abc") + "extraEnvs:\n  - hello: world\n"}
    )
    result = validate(str(repo))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{repo}/configs/abc.yaml:6:5: error extraEnvs.unquoted: The environment variable is not in quotes, "
        'so YAML reads it as a mapping and the deploy fails: write it as - "hello: world"',
        "1 file checked: 1 error, 0 warnings.",
    ]


def test_text_is_norwegian_by_default(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"abc.yaml": HUB.format(name="abc").replace("e152435", "E152435")})
    result = validate(".", cwd=repo, KNADA_LANGUAGE="")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "configs/abc.yaml:4:5: error users.not-lowercase: E152435 har stor bokstav, men JupyterHub kjenner "
        "brukerne på identen med små bokstaver: skriv e152435.",
        "1 fil sjekket: 1 feil, 0 advarsler.",
    ]


def test_github_format_annotates_the_file_with_escaped_properties(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"abc.yaml": HUB.format(name="abc") + "memoryLimit: 10Gi\n"})
    (repo / "a,b.yaml").write_text(HUB.format(name="ab"), encoding="utf-8")
    result = validate("--format", "github", ".", "a,b.yaml", cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=a%2Cb.yaml,line=1,col=1,title=file.path::a,b.yaml is not deployed: the deploy only "
        "reads configs/<name>.yaml. Move the file to configs/ and give it the extension .yaml.",
        "::error file=configs/abc.yaml,line=5,col=14,title=memoryLimit.unit::memoryLimit 10Gi is not a size "
        "the deploy understands: write a number followed by M, MB, G or GB, for example memoryLimit: 10GB",
        "2 files checked: 2 errors, 0 warnings.",
    ]


def test_github_format_marks_warnings_as_warnings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"abc.yml": HUB.format(name="abc")})
    result = validate("--format", "github", ".", cwd=repo)
    assert result.returncode == 0
    assert result.stdout.startswith("::warning file=configs/abc.yml,line=1,col=1,title=file.not-deployed::")


def test_json_format_lists_every_finding_with_its_fields(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"abc.yaml": HUB.format(name="abc") + "owner: me\njupyterLabs: 'false'\n"})
    result = validate("--format", "json", ".", cwd=repo)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "code": "key.unknown",
            "severity": "warning",
            "file": "configs/abc.yaml",
            "line": 5,
            "column": 1,
            "key": "owner",
            "message": "Unknown key owner: the template does not use it. Known keys are namespace, ingress, "
            "users, extraEnvs, jupyterLabs, memoryLimit, cpuLimit; remove the line if it is not needed.",
        },
        {
            "code": "jupyterLabs.quoted",
            "severity": "error",
            "file": "configs/abc.yaml",
            "line": 6,
            "column": 14,
            "key": "jupyterLabs",
            "message": 'jupyterLabs is "false" in quotes, which is text, and any non-empty text counts as '
            "true: remove the quotes: jupyterLabs: false",
        },
    ]


def test_json_format_prints_an_empty_list_when_clean(sample_repo: Path) -> None:
    result = validate("--format", "json", str(sample_repo))
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path, {"abc.yaml": HUB.format(name="abc") + "owner: me\n", "def.yml": HUB.format(name="def")}
    )
    result = validate(str(repo))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "2 files checked: 0 errors, 2 warnings."


def test_single_files_in_one_repo_are_checked_together(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"abc.yaml": HUB.format(name="abc"), "def.yaml": HUB.format(name="def")})
    (repo / "configs" / "def.yaml").write_text(HUB.format(name="def").replace("ingress: def", "ingress: abc"))
    result = validate("configs/def.yaml", str(repo / "configs" / "abc.yaml"), cwd=repo)
    assert result.returncode == 1
    assert (
        "configs/def.yaml:2:10: error ingress.duplicate: ingress abc is already used by configs/abc.yaml"
        in result.stdout
    )
    assert result.stdout.splitlines()[-1] == "2 files checked: 1 error, 1 warning."  # + file.stem-mismatch


def test_the_configs_directory_itself_can_be_given(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"abc.yaml": HUB.format(name="abc").rstrip("\n")})
    result = validate("configs", cwd=repo)
    assert result.returncode == 1
    assert result.stdout.startswith("configs/abc.yaml:4:12: error file.no-trailing-newline:")


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = validate(str(tmp_path / "nowhere"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"knada-bot validate: {tmp_path / 'nowhere'} does not exist.\n"


def test_a_directory_without_configs_is_a_usage_error(tmp_path: Path) -> None:
    result = validate(str(tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert "is not a config repo (the directory has no configs/)" in result.stderr


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        (None, "No such file or directory"),
        ("memory_max: [32GB\n", "while parsing a flow sequence"),
        ("memory_max: lots\n", "memory_max: Value error, 'lots' is not a size"),
        ("cpu_maximum: 4\n", "cpu_maximum: Extra inputs are not permitted"),
        ("- 4GB\n", "a policy file must be a YAML mapping"),
    ],
)
def test_a_bad_policy_file_is_a_usage_error(
    tmp_path: Path, sample_repo: Path, policy: str | None, reason: str
) -> None:
    path = tmp_path / "policy.yaml"
    if policy is not None:
        path.write_text(policy, encoding="utf-8")
    result = validate("--policy", str(path), str(sample_repo))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"knada-bot validate: the policy file {path} cannot be used: ")
    assert reason in result.stderr


def test_a_policy_that_lowers_the_memory_maximum_makes_32gb_an_error(
    tmp_path: Path, corpus_dir: Path
) -> None:
    repo = corpus_dir / "knada-jupyterhub"
    policy = tmp_path / "policy.yaml"
    policy.write_text("memory_max: 16GB\n", encoding="utf-8")
    expected = (
        "configs/pensjon-analyse.yaml:15:14: error memoryLimit.bounds: memoryLimit 32GB is outside what the "
        "platform allows: choose a size from 1GB to 16GB."
    )
    for result in (
        validate("--policy", str(policy), ".", cwd=repo),
        validate(".", cwd=repo, KNADA_POLICY=str(policy)),
    ):
        assert result.returncode == 1
        assert result.stdout.splitlines() == [expected, "8 files checked: 1 error, 0 warnings."]
    assert validate(".", cwd=repo).returncode == 0


def test_the_example_workflow_runs_a_check_that_passes_on_the_sample_repo(sample_repo: Path) -> None:
    workflow = yaml.safe_load((REPO_ROOT / "examples" / "config-repo-check.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["validate"]["steps"] if "knada-bot validate" in s.get("run", "")]
    program, command, *args = shlex.split(step["run"])
    assert (program, command) == ("knada-bot", "validate")
    result = validate(*args, cwd=sample_repo)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("files checked: 0 errors, 0 warnings.\n")
