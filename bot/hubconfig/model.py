"""What a config says, once parsed: the facts the bot plans with."""

from __future__ import annotations

from dataclasses import dataclass

CONFIG_DIR = "configs"
KNOWN_KEYS = ("namespace", "ingress", "users", "extraEnvs", "jupyterLabs", "memoryLimit", "cpuLimit")
DEFAULT_MEMORY = "2GB"
DEFAULT_CPU = 0.5


@dataclass(frozen=True)
class Hub:
    """One hub as its config file describes it. Fields are None/empty when the key is absent or unusable."""

    path: str
    namespace: str | None
    ingress: str | None
    users: tuple[str, ...] = ()
    extra_envs: tuple[str, ...] = ()
    jupyter_labs: bool | None = None
    memory_limit: str | None = None
    cpu_limit: float | int | None = None

    def env_names(self) -> dict[str, str]:
        """``NAME -> value`` for the ``"NAME: value"`` entries of extraEnvs."""
        envs: dict[str, str] = {}
        for entry in self.extra_envs:
            name, sep, value = entry.partition(":")
            if sep:
                envs[name.strip()] = value.strip()
        return envs
