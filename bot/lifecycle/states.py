"""The request state machine (PRODUCT.md section 5), in one place.

```
received -> pr_open -> checks_failed | checks_passed -> approved -> merged -> done
                \\-> failed (reason, Retry button)      cancelled      rejected (deletion not approved)
delete:  received -> awaiting_approval -> approved -> pr_open -> ... -> merged -> chores -> done
```

While a pull request is open, its state is derived from the facts GitHub reports (checks of the head
commit, reviews, merged or closed) rather than from the order events arrived in: webhooks come late, twice
or not at all, and the reconciler must land on the same state as the webhooks would have.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    PR_OPEN = "pr_open"
    CHECKS_FAILED = "checks_failed"
    CHECKS_PASSED = "checks_passed"
    MERGED = "merged"
    CHORES = "chores"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


TERMINAL = frozenset({State.DONE, State.CANCELLED, State.REJECTED})
#: States in which the request has (or is about to have) an open pull request.
PR_STATES = frozenset({State.PR_OPEN, State.CHECKS_FAILED, State.CHECKS_PASSED, State.APPROVED})
#: Requests that need a human in Slack before any pull request is opened.
NEEDS_APPROVAL = frozenset({"delete"})
#: Requests whose merge leaves manual work for the admins.
HAS_CHORES = frozenset({"delete", "users-remove"})
#: States from which a request can still be cancelled: nothing has been merged yet.
CANCELLABLE = frozenset({State.RECEIVED, State.AWAITING_APPROVAL, State.FAILED}) | PR_STATES

# An open PR moves freely among its phase states as checks re-run and reviews come and go.
_FROM_PR = PR_STATES | {State.MERGED, State.FAILED, State.CANCELLED}
_ALLOWED: dict[State, frozenset[State]] = {
    State.RECEIVED: frozenset({State.PR_OPEN, State.AWAITING_APPROVAL, State.FAILED, State.CANCELLED}),
    State.AWAITING_APPROVAL: frozenset({State.APPROVED, State.REJECTED, State.CANCELLED}),
    **{state: _FROM_PR for state in PR_STATES},
    State.MERGED: frozenset({State.CHORES, State.DONE}),
    State.CHORES: frozenset({State.DONE}),
    State.FAILED: frozenset({State.RECEIVED, State.APPROVED, State.CANCELLED}),
    State.DONE: frozenset(),
    State.CANCELLED: frozenset(),
    State.REJECTED: frozenset(),
}


class IllegalTransition(Exception):
    def __init__(self, current: State, target: State) -> None:
        super().__init__(f"{current} -> {target}")
        self.current = current
        self.target = target


def check_transition(current: State | str, target: State | str) -> State:
    current, target = State(current), State(target)
    if current != target and target not in _ALLOWED[current]:
        raise IllegalTransition(current, target)
    return target


def initial_state(kind: str) -> State:
    return State.AWAITING_APPROVAL if kind in NEEDS_APPROVAL else State.RECEIVED


def after_merge(kind: str) -> State:
    return State.CHORES if kind in HAS_CHORES else State.DONE


def retry_state(kind: str) -> State:
    """Where a failed request starts over: a deletion only fails after its approval, so it stays approved."""
    return State.APPROVED if kind in NEEDS_APPROVAL else State.RECEIVED


def pr_state(*, merged: bool, closed: bool, checks: str, approved: bool) -> State | None:
    """The state a request with an open-or-finished PR is in, from GitHub's facts.

    ``checks`` is the folded outcome of the head commit's checks (pending | success | failure). Returns
    None for a PR closed without merge: whether that is a cancellation is the caller's decision.
    """
    if merged:
        return State.MERGED
    if closed:
        return None
    if checks == "failure":
        return State.CHECKS_FAILED
    if approved:
        return State.APPROVED
    if checks == "success":
        return State.CHECKS_PASSED
    return State.PR_OPEN
