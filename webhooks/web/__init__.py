"""The web channel: the console's actions (and the playground's chat) through the same flows."""
