"""Forges: where pull requests live. ``GitHubForge`` (PyGithub) in production, ``LocalForge`` offline."""
