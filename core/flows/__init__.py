"""The conversations, written once for every chat channel."""
