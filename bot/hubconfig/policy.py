"""The policy: bounds and reserved names that the rules check against, with a YAML override.

The defaults are PRODUCT.md section 2. A deployment may tighten or widen them with ``KNADA_POLICY``
pointing at a YAML file with any of the fields below; reserved namespaces listed there are added to the
built-in ones, never replace them (removing ``kube-system`` from the list is never what anyone wants).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

BUILTIN_RESERVED_NAMESPACES = frozenset(
    {
        "default",
        "kube-system",
        "kube-public",
        "kube-node-lease",
        "nais",
        "aura",
        "knada",
        "gatekeeper-system",
    }
)
RESERVED_ENV_NAMES = frozenset({"MEM_LIMIT", "MEM_GUARANTEE", "CPU_LIMIT", "CPU_GUARANTEE"})
RESERVED_ENV_PREFIXES = ("JUPYTERHUB_", "JPY_")

SIZE_RE = re.compile(r"^(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<unit>M|MB|G|GB)$")
_UNIT_BYTES = {"M": 1000**2, "MB": 1000**2, "G": 1000**3, "GB": 1000**3}


def size_bytes(size: str) -> float | None:
    """Bytes in a size like ``10GB`` or ``2048MB``; None if it is not in the accepted form."""
    match = SIZE_RE.match(size)
    if not match:
        return None
    return float(match["number"]) * _UNIT_BYTES[match["unit"]]


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    memory_min: str = "1GB"
    memory_max: str = "64GB"
    cpu_min_exclusive: float = 0.0
    cpu_max: float = 8.0
    reserved_namespaces: frozenset[str] = Field(default=BUILTIN_RESERVED_NAMESPACES)
    hub_domain: str = "jupyter.adeo.no"

    @field_validator("memory_min", "memory_max")
    @classmethod
    def _size(cls, value: str) -> str:
        if size_bytes(value) is None:
            raise ValueError(f"{value!r} is not a size like 1GB or 512MB (units M, MB, G, GB)")
        return value

    @field_validator("reserved_namespaces", mode="after")
    @classmethod
    def _keep_builtin(cls, value: frozenset[str]) -> frozenset[str]:
        return value | BUILTIN_RESERVED_NAMESPACES

    @model_validator(mode="after")
    def _ordered(self) -> Policy:
        if size_bytes(self.memory_min) > size_bytes(self.memory_max):  # type: ignore[operator]
            raise ValueError("memory_min is larger than memory_max")
        if self.cpu_max <= self.cpu_min_exclusive:
            raise ValueError("cpu_max must be larger than cpu_min_exclusive")
        return self

    @classmethod
    def load(cls, path: str | Path | None) -> Policy:
        """The built-in policy, or the built-in one overridden by the YAML file at ``path``."""
        if not path:
            return cls()
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a policy file must be a YAML mapping")
        return cls.model_validate(data)


DEFAULT_POLICY = Policy()
