"""Running the same action on many threads at once, for race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable


def race(count: int, action: Callable[[int], object]) -> list[object]:
    """Run ``action(n)`` on ``count`` threads released at once; its results, or the exceptions it raised."""
    barrier = threading.Barrier(count)
    results: list[object] = []
    lock = threading.Lock()

    def run(number: int) -> None:
        barrier.wait()
        try:
            outcome = action(number)
        except Exception as exc:
            outcome = exc
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
