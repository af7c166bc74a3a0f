"""The WhatsApp Cloud API front end: webhook checks, payload parsing, sending, processing."""
