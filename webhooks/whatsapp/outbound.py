"""A flow's `Reply` -> the WhatsApp messages that show it, within WhatsApp's limits. Pure.

WhatsApp has no reply keyboard and no command menu. Keyboard rows become reply buttons (at most
three labels) or a list; tapping one sends the label back as if typed (see parse.py). A request
for the location is an interactive location request; a request for the number is just the text.
"""

from __future__ import annotations

import re
from typing import Any

from core.flows.messages import Reply, split_text
from webhooks.whatsapp.parse import KEYBOARD_PREFIX

TEXT_MAX = 4096
BODY_MAX = 1024  # interactive body and media caption
MAX_BUTTONS = 3
BUTTON_TITLE_MAX = 20
MAX_ROWS = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
LIST_BUTTON = "Menu"  # the list's opening button: the same word in Bahasa Indonesia and English
TEMPLATE_PARAM_MAX = 1024

Message = dict[str, Any]


def messages(reply: Reply, media_id: str | None = None) -> list[Message]:
    """The messages (without recipient) that show one reply, in order.

    `media_id` is the uploaded attachment; without it the attachment is left out and the text
    still goes, so that a failed upload does not swallow an approval request.
    """
    text = reply.text.strip()
    choices = _choices(reply)
    out: list[Message] = []
    if media_id is not None and (reply.document or reply.photo):
        caption_fits = not choices and not reply.ask_location and len(text) <= BODY_MAX
        out.append(_attachment(reply, media_id, text if caption_fits else None))
        if caption_fits:
            return out
    if reply.ask_location:
        leading, body = _with_body(text)
        return [*out, *leading, _location_request(body)]
    if not choices:
        return [*out, *(text_message(piece) for piece in split(text, TEXT_MAX))]
    leading, body = _with_body(text)
    out.extend(leading)
    if len(choices) <= MAX_BUTTONS:
        out.append(_buttons(body, choices))
        return out
    for start in range(0, len(choices), MAX_ROWS):
        out.append(_list(body if start == 0 else "…", choices[start : start + MAX_ROWS]))
    return out


def text_message(text: str) -> Message:
    """A plain text message (at most 4096 characters: see `split`)."""
    return {"type": "text", "text": {"body": text, "preview_url": False}}


def template_message(
    name: str, language: str, params: list[str], button: str | None = None
) -> Message:
    """A template message with body parameters (texts without line breaks, as Meta requires)
    and, with `button`, the payload its first quick-reply button sends back when tapped."""
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    components: list[dict[str, Any]] = []
    if params:
        values = [{"type": "text", "text": template_param(p)} for p in params]
        components.append({"type": "body", "parameters": values})
    if button is not None:
        payload = [{"type": "payload", "payload": button}]
        components.append(
            {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": payload}
        )
    if components:
        template["components"] = components
    return {"type": "template", "template": template}


def template_param(text: str) -> str:
    """A template parameter may hold no newline, tab or run of more than four spaces."""
    flat = re.sub(r"\s*\n\s*", " · ", text.strip())
    flat = re.sub(r"\s+", " ", flat)
    return fit(flat, TEMPLATE_PARAM_MAX)


def split(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible; never none."""
    return split_text(text, limit) or ["…"]


def fit(label: str, limit: int) -> str:
    """A label shortened to `limit` characters, with an ellipsis when cut."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _choices(reply: Reply) -> list[tuple[str, str]]:
    """(id, label) of the reply's buttons, or of its keyboard's labels."""
    if reply.buttons:
        return [(b.data, b.label) for row in reply.buttons for b in row]
    if reply.ask_location:
        return []  # the location request is the one button this message can carry
    return [(KEYBOARD_PREFIX + label, label) for row in reply.keyboard for label in row]


def _with_body(text: str) -> tuple[list[Message], str]:
    """Texts to send first, and the last piece short enough for an interactive body."""
    pieces = split(text, TEXT_MAX)
    tail = split(pieces.pop(), BODY_MAX)
    pieces.extend(tail)
    body = pieces.pop()
    return [text_message(p) for p in pieces], body


def _titles(labels: list[str], limit: int) -> list[str]:
    """Shortened labels, kept distinct (WhatsApp refuses two buttons with one title)."""
    titles: list[str] = []
    for label in labels:
        title, n = fit(label, limit), 2
        while title in titles:
            suffix = f" {n}"
            title, n = fit(label, limit - len(suffix)).rstrip("…") + suffix, n + 1
        titles.append(title)
    return titles


def _buttons(body: str, choices: list[tuple[str, str]]) -> Message:
    titles = _titles([label for _, label in choices], BUTTON_TITLE_MAX)
    buttons = [
        {"type": "reply", "reply": {"id": choice_id, "title": title}}
        for (choice_id, _), title in zip(choices, titles, strict=True)
    ]
    return _interactive("button", body, {"buttons": buttons})


def _list(body: str, choices: list[tuple[str, str]]) -> Message:
    titles = _titles([label for _, label in choices], ROW_TITLE_MAX)
    rows = []
    for (choice_id, label), title in zip(choices, titles, strict=True):
        row = {"id": choice_id, "title": title}
        if title != label:
            row["description"] = fit(label, ROW_DESCRIPTION_MAX)  # the whole label, readable
        rows.append(row)
    return _interactive("list", body, {"button": LIST_BUTTON, "sections": [{"rows": rows}]})


def _location_request(body: str) -> Message:
    return _interactive("location_request_message", body, {"name": "send_location"})


def _interactive(kind: str, body: str, action: dict[str, Any]) -> Message:
    return {
        "type": "interactive",
        "interactive": {"type": kind, "body": {"text": body}, "action": action},
    }


def _attachment(reply: Reply, media_id: str, caption: str | None) -> Message:
    """The uploaded document (with its file name) or photo."""
    kind = "document" if reply.document is not None else "image"
    content: dict[str, Any] = {"id": media_id}
    if reply.document is not None:
        content["filename"] = reply.document.name
    if caption:
        content["caption"] = caption
    return {"type": kind, kind: content}
