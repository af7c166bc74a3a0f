"""A stand-in for the flow runner: answers each event with a scripted Answer and keeps the events.

It has the methods the composition root and the adapters call (`handle`, `chat_of`,
`send_early_with`) and takes the fetchers the adapter hands a runner factory, so tests can read
a photo the way a flow would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from core.flows.messages import Answer, Channel, Inbound, Media

Script = Callable[[Inbound], Answer | Awaitable[Answer]]


class ScriptedRunner:
    def __init__(
        self,
        script: Script | None = None,
        chats: Mapping[int, list[tuple[Channel, str]]] | None = None,
    ) -> None:
        self.script = script or (lambda event: Answer())
        self.chats = dict(chats or {})
        self.events: list[Inbound] = []
        self.fetchers: Mapping[Channel, Callable[[Media], Awaitable[bytes]]] = {}
        self.send_early: Callable[..., Awaitable[object]] | None = None

    def factory(self, settings: Any, fetchers: Mapping[Channel, Any]) -> ScriptedRunner:
        """The runner factory the composition root calls; keeps the fetchers it is given."""
        self.fetchers = fetchers
        return self

    def send_early_with(self, send: Callable[..., Awaitable[object]]) -> None:
        self.send_early = send

    async def handle(self, event: Inbound) -> Answer:
        self.events.append(event)
        answer = self.script(event)
        if not isinstance(answer, Answer):
            answer = await answer
        return answer

    async def chat_of(self, employee_id: int) -> list[tuple[Channel, str]]:
        return self.chats.get(employee_id, [])
