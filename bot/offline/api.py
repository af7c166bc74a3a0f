"""An offline Bot API: a python-telegram-bot `BaseRequest` that records every call.

Give it to `build_application(..., request=OfflineBotApi())`. Each Bot API call is kept as a
`Call` (method name, parameters as Telegram would receive them, uploaded files) and answered with
JSON of the shape Telegram returns. Nothing touches the network.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.offline.updates import AT, BOT_ID, BOT_USERNAME

BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Presensi",
    "username": BOT_USERNAME,
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
TRUE_METHODS = {
    "answerCallbackQuery",
    "setMyCommands",
    "deleteMyCommands",
    "setChatMenuButton",
    "setWebhook",
    "deleteWebhook",
    "close",
    "logOut",
}

# Edits of a message's text or caption, by the field each changes.
EDITS = {"editMessageText": "text", "editMessageCaption": "caption"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (filename, data)


class OfflineBotApi(BaseRequest):
    """Records Bot API calls and answers them; serves the file bytes registered with `add_file`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.downloads: list[str] = []
        self._files: dict[str, bytes] = {}
        self._failures: dict[tuple[str, str | None], tuple[int, str]] = {}
        self._floods: dict[str, list[int]] = {}  # method -> retry_after of its next answers
        self._message_ids = itertools.count(9001)
        # The bot's messages by (chat, id), as they now read: what an edit may change.
        self.messages: dict[tuple[str, int], dict[str, Any]] = {}

    # Test-facing helpers ------------------------------------------------------------------

    def add_file(self, file_id: str, data: bytes) -> None:
        """Make `file_id` fetchable (getFile, then the download)."""
        self._files[file_id] = data

    def fail(
        self,
        method: str,
        chat_id: str | int | None = None,
        code: int = 403,
        description: str = "Forbidden: bot was blocked by the user",
    ) -> None:
        """Answer `method` (for one chat, or any) with a Bot API error from now on."""
        self._failures[(method, None if chat_id is None else str(chat_id))] = (code, description)

    def flood(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with Telegram's 429 (flood control)."""
        self._floods.setdefault(method, []).extend([retry_after] * times)

    def sent(self, method: str | None = None) -> list[Call]:
        """The calls made, without the bootstrap (getMe), optionally of one method."""
        return [c for c in self.calls if c.method != "getMe" and method in (None, c.method)]

    def methods(self) -> list[str]:
        return [c.method for c in self.sent()]

    def texts(self, chat_id: str | int | None = None) -> list[str]:
        """What the chat (or every chat) was sent as messages, in order."""
        return [
            c.params["text"]
            for c in self.sent("sendMessage")
            if chat_id is None or str(c.params["chat_id"]) == str(chat_id)
        ]

    # BaseRequest -----------------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer one HTTP request as the Bot API (or its file server) would."""
        if method == "GET":  # a file download: {base_file_url}{token}/{file_path}
            return self._download(url)
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            for part, value in request_data.multipart_data.items():
                filename, content = value[0], value[1]
                files[part] = (filename, content if isinstance(content, bytes) else content.read())
        self.calls.append(Call(name, params, files))
        chat = None if "chat_id" not in params else str(params["chat_id"])
        failure = self._failures.get((name, chat)) or self._failures.get((name, None))
        if failure is not None:
            code, description = failure
            return code, _error(code, description)
        if self._floods.get(name):
            after = self._floods[name].pop(0)
            flood = {"ok": False, "error_code": 429, "parameters": {"retry_after": after},
                     "description": f"Too Many Requests: retry after {after}"}  # fmt: skip
            return 429, _body(flood)
        if name == "getFile" and params["file_id"] not in self._files:
            return 400, _error(400, "Bad Request: invalid file_id")
        if name in EDITS:
            return self._edit(name, params)
        return 200, _body({"ok": True, "result": self._result(name, params, files)})

    def _result(self, name: str, params: dict[str, Any], files: dict) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in TRUE_METHODS:
            return True
        if name == "getFile":
            file_id = params["file_id"]
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self._files[file_id]),
                "file_path": f"files/{file_id}.bin",
            }
        if name in ("sendMessage", "sendDocument", "sendPhoto"):
            return self._message(name, params, files)
        if name == "getUpdates":
            return []
        raise AssertionError(f"the fake Bot API does not know {name}")

    def _message(self, name: str, params: dict[str, Any], files: dict) -> dict[str, Any]:
        """The Message Telegram returns for a send: the bot's, in the chat, with what was sent."""
        chat_id = int(params["chat_id"])
        sent: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "date": int(AT.timestamp()),
        }
        if name == "sendMessage":
            sent["text"] = params["text"]
        elif "caption" in params:
            sent["caption"] = params["caption"]
        if name == "sendDocument":
            filename, data = next(iter(files.values()))
            sent["document"] = {"file_id": f"BQsent{sent['message_id']}",
                                "file_unique_id": f"u-sent{sent['message_id']}",
                                "file_name": filename, "file_size": len(data)}  # fmt: skip
        if name == "sendPhoto":
            sent["photo"] = [{"file_id": f"AgSent{sent['message_id']}",
                              "file_unique_id": f"u-sent{sent['message_id']}",
                              "width": 800, "height": 600}]  # fmt: skip
        if (
            isinstance(params.get("reply_markup"), dict)
            and "inline_keyboard" in params["reply_markup"]
        ):
            sent["reply_markup"] = params["reply_markup"]
        self.messages[(str(chat_id), sent["message_id"])] = sent
        return sent

    def _edit(self, name: str, params: dict[str, Any]) -> tuple[int, bytes]:
        """editMessageText / editMessageCaption of a message the bot sent, as Telegram answers
        them: the edited Message, or the errors of a message that is gone or has no text."""
        message = self.messages.get((str(params.get("chat_id")), int(params["message_id"])))
        if message is None:
            return 400, _error(400, "Bad Request: message to edit not found")
        field = EDITS[name]
        if (field == "text") != ("text" in message):
            return 400, _error(400, "Bad Request: there is no text in the message to edit")
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        if message.get(field) == params.get(field) and message.get("reply_markup") == markup:
            return 400, _error(400, "Bad Request: message is not modified")
        message[field] = params.get(field)
        message.pop("reply_markup", None)  # an edit without a keyboard removes it
        if markup is not None:
            message["reply_markup"] = markup
        return 200, _body({"ok": True, "result": message})

    def _download(self, url: str) -> tuple[int, bytes]:
        file_path = url.split("/files/", 1)[-1]
        file_id = file_path.removesuffix(".bin")
        self.downloads.append(file_id)
        if file_id not in self._files:
            return 404, b"Not Found"
        return 200, self._files[file_id]


def _error(code: int, description: str) -> bytes:
    return _body({"ok": False, "error_code": code, "description": description})


def _body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()
