"""How old a chat message may be when it reaches the server and still be acted on.

A clock-in is evidence of where someone is at a given time. A message the platform delivers long
after it was sent (the phone was offline, the platform queued it) no longer shows that: judging
it would accept a location and a selfie from an unknown earlier moment, or a button tapped on a
question that has since moved on. Such a message is not run through the flows; the sender is
told to send it again. No regulation fixes the limit: ten minutes covers a platform's ordinary
delays and is shorter than any check-in window. Operators may set another (the composition
root reads `WHATSAPP_MAX_MESSAGE_AGE_S`); core never reads settings.

The age is the time from sending to arrival at the server, never to processing: a message
stored during an outage and processed later is judged as it arrived (`Inbound.arrived_at`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.citations import default

MAX_MESSAGE_AGE = timedelta(minutes=10)
MESSAGE_AGE_RULE = default(
    "a message sent more than 10 minutes before it reached the server is not acted on: "
    "its location, selfie or button no longer show the present"
)


def too_old(sent_at: datetime, arrived_at: datetime, max_age: timedelta = MAX_MESSAGE_AGE) -> bool:
    """Whether a message sent at `sent_at` and received at `arrived_at` is too old to act on."""
    return arrived_at - sent_at > max_age
