"""How far apart two words are, for "did you mean ...?" (a config key, a command name)."""

from __future__ import annotations


def typo_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of two neighbours as one edit (``lsit`` is one edit from ``list``).

    Anything above ``limit`` is reported as ``limit + 1``: the distance is at least the difference in
    length, and skipping the table for a pasted wall of text keeps a typo check from taking seconds.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)
