"""An offline Bot API and Telegram update builders: the demo's stand-in and the tests' fake."""
