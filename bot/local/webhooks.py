"""What GitHub would tell the bot after the console's ``/checks``, ``/approve``, ``/merge`` and ``/close``.

The offline mode plays GitHub with ``LocalForge`` and then tells the bot what happened the way GitHub does:
a webhook delivery (``pull_request``, ``check_run``, ``pull_request_review``) with GitHub's payload shape,
signed with the webhook secret (``X-Hub-Signature-256``) and handed to the real ``WebApp`` as a WSGI
request to ``POST /github/webhook``. The bot verifies, parses, records and syncs it exactly as in
production; only the HTTP socket is skipped.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import uuid
from collections.abc import Iterable
from typing import Any

from bot.forge.base import Check, PullRequest
from bot.web import WebApp


class Webhooks:
    """Signed deliveries from the repository ``repository`` (``owner/name``) into ``web``."""

    def __init__(self, web: WebApp, secret: str, repository: str, base_branch: str) -> None:
        self.web = web
        self._secret = secret.encode()
        self.repository = repository
        self.base_branch = base_branch

    def synchronized(self, pr: PullRequest, before: str, sender: str) -> tuple[int, str]:
        """New commits on the PR branch (the check's ``*.enc`` commit)."""
        return self.deliver(
            "pull_request",
            {
                "action": "synchronize",
                "before": before,
                "after": pr.head_sha,
                "pull_request": self._pull(pr),
                "sender": _user(sender),
            },
        )

    def check_completed(self, pr: PullRequest, check: Check) -> tuple[int, str]:
        run = {
            "name": check.name,
            "status": "completed",
            "conclusion": check.outcome,
            "head_sha": pr.head_sha,
            "html_url": check.url,
            "details_url": check.url,
            "output": {"title": check.name, "summary": check.summary or ""},
            "pull_requests": [
                {
                    "number": pr.number,
                    "head": {"ref": pr.branch, "sha": pr.head_sha},
                    "base": {"ref": self.base_branch},
                }
            ],
            "check_suite": {"head_branch": pr.branch, "head_sha": pr.head_sha},
        }
        payload = {"action": "completed", "check_run": run, "sender": _user("github-actions[bot]")}
        return self.deliver("check_run", payload)

    def review_submitted(self, pr: PullRequest, reviewer: str) -> tuple[int, str]:
        review = {"state": "approved", "user": _user(reviewer), "html_url": f"{pr.url}/reviews"}
        payload = {
            "action": "submitted",
            "review": review,
            "pull_request": self._pull(pr),
            "sender": _user(reviewer),
        }
        return self.deliver("pull_request_review", payload)

    def closed(self, pr: PullRequest, by: str, merge_sha: str | None = None) -> tuple[int, str]:
        pull = self._pull(pr)
        pull.update(
            state="closed",
            merged=merge_sha is not None,
            merge_commit_sha=merge_sha,
            merged_by=_user(by) if merge_sha else None,
        )
        return self.deliver("pull_request", {"action": "closed", "pull_request": pull, "sender": _user(by)})

    def deliver(self, event: str, payload: dict[str, Any]) -> tuple[int, str]:
        """POST the delivery through the WSGI app: (HTTP status, the bot's ``outcome``)."""
        body = json.dumps({**payload, "repository": {"full_name": self.repository}}).encode()
        digest = hmac.new(self._secret, body, hashlib.sha256).hexdigest()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/github/webhook",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "HTTP_X_GITHUB_EVENT": event,
            "HTTP_X_GITHUB_DELIVERY": str(uuid.uuid4()),
            "HTTP_X_HUB_SIGNATURE_256": f"sha256={digest}",
            "HTTP_USER_AGENT": "GitHub-Hookshot/local",
        }
        status: list[str] = []

        def start_response(line: str, _headers: Iterable[tuple[str, str]], *_: Any) -> None:
            status.append(line)

        answer = b"".join(self.web(environ, start_response))
        try:
            outcome = str(json.loads(answer).get("outcome") or json.loads(answer).get("error"))
        except ValueError:
            outcome = answer.decode(errors="replace")
        return int(status[0].split()[0]), outcome

    def _pull(self, pr: PullRequest) -> dict[str, Any]:
        return {
            "number": pr.number,
            "html_url": pr.url,
            "title": pr.title,
            "state": "open" if pr.state == "open" else "closed",
            "merged": pr.state == "merged",
            "head": {"ref": pr.branch, "sha": pr.head_sha},
            "base": {"ref": self.base_branch},
        }


def _user(login: str) -> dict[str, str]:
    return {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"}
