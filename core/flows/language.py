"""/bahasa [id|en]: the language of this chat's replies and command menu.

It is kept with the chat account (`chat_accounts.language`, first set from the phone's language
at registration), which the runner reads for every later message of the chat.
"""

from __future__ import annotations

from core.flows.commands import menus
from core.flows.texts import LANGUAGES
from core.flows.turn import Turn
from core.services import accounts

# What people type after /bahasa, besides the codes themselves.
WORDS = {"indonesia": "id", "indonesian": "id", "english": "en", "inggris": "en"}


async def language(turn: Turn) -> None:
    """Without a word: the current language and how to switch; with id or en: switch."""
    args = turn.event.args
    if not args:
        turn.say("language_now")
        return
    word = " ".join(args).lower()
    chosen = word if word in LANGUAGES else WORDS.get(word)
    if chosen is None:
        turn.say("language_unknown", word=" ".join(args)[:20])
        return
    channel, sender = turn.event.channel.value, turn.event.sender
    changed = await turn.db(lambda uow: accounts.set_language(uow, channel, sender, chosen))
    turn.language = chosen  # this reply already speaks it, and the menu follows
    key = "language_set" if changed else "language_same"
    turn.menu_text(turn.text(key), **menus(turn))
