"""What a config says, once parsed: the facts the bot plans with."""

from __future__ import annotations

from dataclasses import dataclass

CONFIG_DIR = "configs"
KNOWN_KEYS = ("namespace", "ingress", "users", "extraEnvs", "jupyterLabs", "memoryLimit", "cpuLimit")
DEFAULT_MEMORY = "2GB"
DEFAULT_CPU = 0.5


@dataclass(frozen=True)
class Hub:
    """One hub as its config file describes it (``bot.hubconfig.rules`` builds it while checking the file).

    A field is None (or empty) when its key is absent or its value is not of the key's kind: text for
    namespace and ingress, a size for memoryLimit, a boolean for jupyterLabs (a quoted "false" is not), a
    number for cpuLimit (a quoted one is, with a warning). ``users`` and ``extra_envs`` hold the list's text
    entries. A value of the right kind that breaks a rule (an uppercase ident, a memoryLimit above the
    policy's bound) is kept as written; the findings say what is wrong with it.
    """

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
