"""Prometheus metrics for ``/metrics``: requests by state, job latency, GitHub and Slack calls, webhooks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class _RequestStates(Collector):
    """Counts requests by state from the database at scrape time: right on every replica."""

    def __init__(self, count_by_state: Callable[[], Mapping[str, int]]) -> None:
        self._count = count_by_state

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = GaugeMetricFamily("knada_requests", "Requests by state", labels=["state"])
        try:
            counts = self._count()
        except Exception:  # a scrape must not fail because the database blinked
            counts = {}
        for state, count in sorted(counts.items()):
            family.add_metric([state], count)
        yield family


class Metrics:
    def __init__(self, count_by_state: Callable[[], Mapping[str, int]] | None = None) -> None:
        self.registry = CollectorRegistry()
        if count_by_state is not None:
            self.registry.register(_RequestStates(count_by_state))
        self.jobs = Histogram(
            "knada_job_seconds",
            "Time to run a job, by kind and outcome",
            ["kind", "outcome"],
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.github_calls = Counter(
            "knada_github_requests", "GitHub API requests, by method", ["method"], registry=self.registry
        )
        self.slack_calls = Counter(
            "knada_slack_calls",
            "Slack Web API calls, by method and outcome",
            ["method", "ok"],
            registry=self.registry,
        )
        self.webhooks = Counter(
            "knada_github_webhooks",
            "GitHub webhook deliveries, by outcome",
            ["outcome"],
            registry=self.registry,
        )
        self.commands = Counter(
            "knada_commands", "Slash commands, by outcome", ["outcome"], registry=self.registry
        )
        self.ack_seconds = Histogram(
            "knada_ack_seconds",
            "Time from receiving a slash command to acknowledging it",
            registry=self.registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3),
        )
