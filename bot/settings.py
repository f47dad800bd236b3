"""Settings: every environment variable of PRODUCT.md section 6, in one place, validated at start.

Secrets are ``SecretStr`` and never appear in a message: errors name the variable and what is wrong with
it, never its value. ``serve`` needs Slack and GitHub credentials; ``local`` needs none of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
SLACK_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")


class SettingsError(Exception):
    """One line per problem, each naming the variable and how to fix it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Settings(BaseSettings):
    # An empty variable is an unset one: `SLACK_BOT_TOKEN=` must fail the check, not pass as a token.
    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore", frozen=True, env_ignore_empty=True)

    SLACK_BOT_TOKEN: SecretStr | None = None
    SLACK_SIGNING_SECRET: SecretStr | None = None
    SLACK_APP_TOKEN: SecretStr | None = None
    SLACK_API_URL: str = "https://slack.com/api/"

    GITHUB_TOKEN: SecretStr | None = None
    GITHUB_APP_ID: int | None = None
    GITHUB_APP_PRIVATE_KEY: SecretStr | None = None
    GITHUB_APP_INSTALLATION_ID: int | None = None
    GITHUB_API_URL: str = "https://api.github.com"
    GITHUB_REPO: str = "navikt/knada-jupyterhub"
    GITHUB_BASE_BRANCH: str = "main"
    GITHUB_WEBHOOK_SECRET: SecretStr | None = None

    DATABASE_URL: str = "sqlite:///knada-bot.db"
    PORT: int = Field(default=8080, ge=1, le=65535)

    KNADA_CHANNEL: str | None = None
    KNADA_ADMIN_GROUP: str | None = None
    KNADA_ADMINS: str = ""
    KNADA_IDENT_FIELD: str | None = None
    KNADA_IDENT_MAP: Path | None = None
    KNADA_HUB_DOMAIN: str = "jupyter.adeo.no"
    KNADA_POLICY: Path | None = None
    KNADA_LANGUAGE: Literal["nb", "en"] = "nb"

    JUPYTERHUB_API_TOKEN: SecretStr | None = None

    # Tuning, beyond PRODUCT.md's variables; the defaults are what production wants.
    KNADA_HTTP_THREADS: int = Field(default=8, ge=1, le=256)
    KNADA_WORKER_THREADS: int = Field(default=4, ge=1, le=64)
    KNADA_RECONCILE_SECONDS: float = Field(default=60.0, gt=0)
    # Seconds between GitHub writes (PyGithub's pacing against GitHub's secondary rate limits).
    KNADA_GITHUB_WRITE_PACING: float = Field(default=1.0, ge=0)
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("GITHUB_REPO")
    @classmethod
    def _repo(cls, value: str) -> str:
        if not REPO_RE.match(value):
            raise ValueError("must be owner/name, e.g. navikt/knada-jupyterhub")
        return value

    @field_validator("SLACK_API_URL", "GITHUB_API_URL")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("DATABASE_URL")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError(
                "must be a SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db"
            )
        return value

    @field_validator("KNADA_ADMINS")
    @classmethod
    def _admins(cls, value: str) -> str:
        bad = [v for v in _split(value) if not SLACK_ID_RE.match(v)]
        if bad:
            raise ValueError(
                f"must be Slack user ids separated by commas (like U012AB3CD); not: {', '.join(bad)}"
            )
        return value

    @field_validator("KNADA_IDENT_MAP", "KNADA_POLICY")
    @classmethod
    def _file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(_split(self.KNADA_ADMINS))

    def github_private_key(self) -> str | None:
        """The App's private key: PEM text in the variable, or the path of a file holding it (a mounted
        secret)."""
        if self.GITHUB_APP_PRIVATE_KEY is None:
            return None
        value = self.GITHUB_APP_PRIVATE_KEY.get_secret_value()
        if "-----BEGIN" in value:
            # A PEM pasted into a one-line secret often arrives with its newlines as "\\n".
            return value.replace("\\n", "\n") if "\n" not in value else value
        try:
            return Path(value).read_text(encoding="utf-8")
        except OSError:
            raise ValueError("GITHUB_APP_PRIVATE_KEY is neither PEM text nor a readable file path") from None

    def problems_for_serve(self) -> list[str]:
        problems = [
            f"{name} is required for `knada-bot serve`: {why}"
            for name, why in (
                ("SLACK_BOT_TOKEN", "the bot token (xoxb-...) from the Slack app's OAuth page"),
                ("SLACK_SIGNING_SECRET", "from the Slack app's Basic Information page"),
                ("GITHUB_WEBHOOK_SECRET", "the secret set on the GitHub App's (or repo's) webhook"),
            )
            if getattr(self, name) is None
        ]
        if self.GITHUB_TOKEN is None and self.GITHUB_APP_ID is None:
            problems.append(
                "GITHUB_TOKEN or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY is required for `knada-bot serve`"
            )
        if self.GITHUB_APP_ID is not None and self.GITHUB_APP_PRIVATE_KEY is None:
            problems.append("GITHUB_APP_PRIVATE_KEY is required with GITHUB_APP_ID (PEM text or a file path)")
        if self.GITHUB_APP_PRIVATE_KEY is not None:
            try:
                key = self.github_private_key()
            except ValueError as error:
                problems.append(str(error))
            else:
                if key is not None and "PRIVATE KEY-----" not in key:
                    problems.append("GITHUB_APP_PRIVATE_KEY does not hold a PEM private key")
        if self.SLACK_APP_TOKEN is not None and not self.SLACK_APP_TOKEN.get_secret_value().startswith(
            "xapp-"
        ):
            problems.append("SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write")
        return problems


def load_settings(env: Mapping[str, str] | None = None, *, for_serve: bool = False) -> Settings:
    """Settings from ``env`` (default: the process environment). Raises SettingsError listing every
    missing or malformed variable, without echoing any value."""
    try:
        if env is not None:
            settings = Settings.model_validate({name: value for name, value in env.items() if value != ""})
        else:
            settings = Settings()
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in item['loc'])}: {_reason(item)}"
            for item in error.errors(include_input=False, include_url=False)
        ]
        raise SettingsError(problems) from None
    if for_serve and (problems := settings.problems_for_serve()):
        raise SettingsError(problems)
    return settings


def _reason(item: Mapping[str, object]) -> str:
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
