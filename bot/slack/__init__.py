"""The Slack adapter: the Bolt app factory, listeners, Block Kit builders, identity and admins."""
