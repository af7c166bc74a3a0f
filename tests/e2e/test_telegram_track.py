"""A live location's later positions through the real Telegram adapter: `edited_message`
updates of the first live location, judged with the selfie (core.track)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.offline import updates as tg
from tests import track_samples as samples
from tests.e2e.test_telegram_flows import DEWI, RINA, telegram_chat, texts
from tests.flows_harness import ADMIN, OFFICE, STAFF, build
from tests.integration.test_flows_checkin import set_unit_policy

MESSAGE = 41  # the live location's message, which Telegram edits as the phone moves


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN)) as conversation:
        yield conversation


async def shares_a_moving_location(chat, fixes) -> str:
    """Dewi clocks in: /masuk, her live location, its edits as it moves, then the selfie."""
    h, first = chat.h, fixes[0]
    h.clock.set(first.at)
    await chat.says(DEWI, "/masuk")
    start = tg.live_location(first.lat, first.lon, accuracy=first.accuracy_m, sender=DEWI,
                             at=first.at, message_id=MESSAGE)  # fmt: skip
    assert "swafoto" in texts(await chat.send(start))
    for fix in fixes[1:]:
        h.clock.set(fix.at)
        moved = tg.edited_live_location(fix.lat, fix.lon, edited_at=fix.at,
                                        accuracy=fix.accuracy_m, message_id=MESSAGE,
                                        at=first.at, sender=DEWI)  # fmt: skip
        assert await chat.send(moved) == []  # no answer to a move
    h.clock.set(fixes[-1].at + timedelta(seconds=5))
    return texts(await chat.selfie(DEWI, f"face:{STAFF}|track".encode()))


async def test_a_mocked_still_location_is_flagged_and_listed_for_the_admin(chat):
    said = await shares_a_moving_location(chat, samples.mock_still(fixes=8))
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in said
    assert (
        "Lokasi terkini Anda akan ditinjau admin unit: 8 posisi berturut-turut persis sama "
        "dengan akurasi yang tidak berubah, ciri aplikasi lokasi palsu." in said
    )
    listed = await chat.says(RINA, "/tinjau")
    assert "lokasi terkini diam sempurna dengan akurasi tetap (aplikasi lokasi palsu?)" in listed


async def test_a_jump_is_refused_under_action_refuse_and_a_real_phone_is_not(chat):
    set_unit_policy(chat.h, {"track": {"action": "refuse"}})
    lying = samples.standing_indoors(21, fixes=8)
    lying[0] = replace(lying[0], lat=OFFICE[0], lon=OFFICE[1], accuracy_m=12.0)
    far = samples.moved(OFFICE, 9000, 0)
    jumped = [*lying[:4], replace(lying[4], lat=far[0], lon=far[1]), *lying[5:]]
    refused = await shares_a_moving_location(chat, jumped)
    assert refused.startswith("Absen Masuk ditolak: lokasi terkini Anda tidak bergerak seperti")
    assert "lokasi melompat 9 km dalam 5 detik" in refused
    later = [replace(f, at=f.at + timedelta(minutes=2)) for f in lying]
    accepted = await shares_a_moving_location(chat, later)
    assert "Masuk tercatat 07:22 WIB: tepat waktu" in accepted
    assert "Lokasi terkini Anda akan ditinjau" not in accepted
