"""knada-bot: Slack requests for NAV's per-team JupyterHubs, turned into reviewed pull requests."""

__version__ = "0.1.0"
