"""A snapshot of the config repo's ``configs/`` at one commit: what planning and uniqueness checks read.

Forges build these (GitHub from one archive download, the local forge from a git tree) and cache them by
commit sha; everything here is pure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.hubconfig.model import CONFIG_DIR, Hub
from bot.hubconfig.policy import DEFAULT_POLICY, Policy

if TYPE_CHECKING:
    from bot.hubconfig.rules import CheckResult


def is_config_path(path: str) -> bool:
    """Only ``configs/*.yaml`` is deployed (``*.yml`` is not, and the rules warn about it)."""
    head, _, name = path.rpartition("/")
    return head == CONFIG_DIR and (name.endswith(".yaml") or name.endswith(".yml"))


@dataclass(frozen=True)
class ConfigSnapshot:
    sha: str
    files: Mapping[str, bytes]  # repo-relative path -> content, configs/*.yaml and *.yml only
    policy: Policy = field(default=DEFAULT_POLICY, compare=False)

    @cached_property
    def check(self) -> CheckResult:
        from bot.hubconfig.rules import check_files

        return check_files(self.files, self.policy)

    @cached_property
    def hubs(self) -> dict[str, Hub]:
        """Deployed hubs by ingress (first file wins when two claim one; the rules report that)."""
        by_ingress: dict[str, Hub] = {}
        for path in sorted(self.check.hubs):
            hub = self.check.hubs[path]
            if path.endswith(".yaml") and hub.ingress and hub.ingress not in by_ingress:
                by_ingress[hub.ingress] = hub
        return by_ingress

    def hub(self, ingress: str) -> Hub | None:
        return self.hubs.get(ingress)

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8")

    def with_file(self, path: str, content: bytes | None) -> ConfigSnapshot:
        """This snapshot with one file written (or removed, for None): to check a planned change."""
        files = dict(self.files)
        if content is None:
            files.pop(path, None)
        else:
            files[path] = content
        return ConfigSnapshot(sha=f"{self.sha}+change", files=files, policy=self.policy)


def snapshot_from_directory(root: Path, policy: Policy = DEFAULT_POLICY) -> ConfigSnapshot:
    """The configs of a checkout on disk, as they are in the work tree (not as committed)."""
    config_dir = root / CONFIG_DIR
    if not config_dir.is_dir():
        raise FileNotFoundError(f"{root} has no {CONFIG_DIR}/ directory: is it a config repo checkout?")
    files = {
        f"{CONFIG_DIR}/{p.name}": p.read_bytes()
        for p in sorted(config_dir.iterdir())
        if p.is_file() and is_config_path(f"{CONFIG_DIR}/{p.name}")
    }
    return ConfigSnapshot(sha="worktree", files=files, policy=policy)


class SnapshotsBySha:
    """The last few snapshots by commit sha: a commit never changes, so a snapshot of it never goes stale."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._snapshots: dict[str, ConfigSnapshot] = {}

    def get(self, sha: str, load: Callable[[], Mapping[str, bytes]], policy: Policy) -> ConfigSnapshot:
        """The snapshot of ``sha``, made from ``load()`` (the configs at that commit) the first time."""
        cached = self._snapshots.get(sha)
        if cached is None:
            cached = ConfigSnapshot(sha=sha, files=load(), policy=policy)
            while len(self._snapshots) >= self._size:
                self._snapshots.pop(next(iter(self._snapshots)))
            self._snapshots[sha] = cached
        return cached
