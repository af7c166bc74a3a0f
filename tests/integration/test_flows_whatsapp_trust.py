"""WhatsApp clock-ins in core: location by request and in time, and the unit's trust policy."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.citations import Citation
from core.config_error import InvalidConfig
from core.flows.messages import Channel, Location
from core.flows.turn import MediaUnavailable
from core.policy.config import apply_overrides
from core.presets import build_preset
from core.storage.tables import UnitRow
from tests.flows_harness import OFFICE, STAFF, build, rows, texts

WA = "6281366002104"


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await _link(harness)
    return harness


async def _link(h) -> None:
    """Register the WhatsApp user as STAFF (the harness's `link` speaks Telegram)."""
    await h.send(WA, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(WA, channel=Channel.WHATSAPP, text=STAFF)
    answer = await h.send(WA, channel=Channel.WHATSAPP, text=h.code_for(STAFF))
    assert "terhubung" in answer.replies[-1].text


def pin(h, lat=OFFICE[0], lon=OFFICE[1]) -> Location:
    """A WhatsApp location: no accuracy, not live, stamped with the message's time."""
    return Location(lat, lon, None, False, h.clock.now())


def set_unit_policy(h, overrides: dict) -> None:
    with h.uow() as uow:
        for unit in uow.session.query(UnitRow):
            unit.policy = {**(unit.policy or {}), **overrides}
        uow.commit()


async def clock_in(h):
    asked = await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    await h.send(WA, channel=Channel.WHATSAPP, location=pin(h))
    photo = h.photo(f"face:{STAFF}|{h.clock.now()}".encode())
    return asked, await h.send(WA, channel=Channel.WHATSAPP, photo=photo)


async def test_whatsapp_asks_for_the_location_with_a_request_button(h):
    asked, done = await clock_in(h)
    [reply] = asked.replies
    assert reply.ask_location and "LOKASI TERKINI" not in reply.text
    assert "tercatat 07:20 WIB: tepat waktu" in texts(done)
    [row] = rows(h)
    assert (row.source, row.accepted, row.accuracy_m) == ("whatsapp", True, None)
    assert "review" not in row.evidence


async def test_a_location_sent_long_after_the_request_is_refused(h):
    await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    h.clock.set(h.clock.now() + timedelta(minutes=4))
    answer = await h.send(WA, channel=Channel.WHATSAPP, location=pin(h))
    assert "4 menit yang lalu" in texts(answer)
    assert rows(h) == []


async def test_text_instead_of_the_location_names_the_whatsapp_way(h):
    await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    answer = await h.send(WA, channel=Channel.WHATSAPP, text="di kantor")
    assert "ketuk tombol di bawah" in texts(answer) and "TERKINI" not in texts(answer)


async def test_review_records_the_clock_in_with_a_flag_and_says_so(h):
    set_unit_policy(h, {"whatsapp_clock_in": "review"})
    _, done = await clock_in(h)
    assert "akan ditinjau admin unit" in texts(done)
    [row] = rows(h)
    assert row.accepted and row.evidence["review"] == "whatsapp"


async def test_refuse_sends_the_user_to_telegram_and_records_nothing(h):
    set_unit_policy(h, {"whatsapp_clock_in": "refuse"})
    answer = await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    assert "tidak menerima absen lewat WhatsApp" in texts(answer)
    assert "Telegram" in texts(answer)
    assert not any(r.ask_location for r in answer.replies)
    late_pin = await h.send(WA, channel=Channel.WHATSAPP, location=pin(h))
    assert "swafoto" not in texts(late_pin)
    assert rows(h) == []


async def test_the_policy_does_not_touch_telegram(h):
    set_unit_policy(h, {"whatsapp_clock_in": "refuse"})
    await h.link("501", STAFF)  # the same employee on Telegram: one account per channel
    done = await h.clock_in("501", STAFF)
    assert "tepat waktu" in texts(done)
    assert [r.source for r in rows(h)] == ["telegram"]


def test_the_policy_key_takes_three_values_and_cites_where_it_was_set():
    preset = build_preset("sungai-penuh", {})
    assert preset.trust_of("whatsapp").value == "accept"
    assert isinstance(preset.trust_of("whatsapp").rule, Citation)
    # The old key still loads, as location_trust: {whatsapp: ...}.
    changed = apply_overrides(preset, {"whatsapp_clock_in": "review"}, where="unit setda")
    assert changed.trust_of("whatsapp").value == "review"
    assert changed.trust_of("whatsapp").rule.quote == "set by unit setda"
    with pytest.raises(InvalidConfig) as error:
        apply_overrides(preset, {"whatsapp_clock_in": "maybe"}, where="unit setda")
    assert error.value.path == "whatsapp_clock_in"


async def test_a_selfie_the_channel_cannot_deliver_is_asked_again(h):
    async def broken(media):
        raise MediaUnavailable("failed")

    await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    await h.send(WA, channel=Channel.WHATSAPP, location=pin(h))
    fetchers = h.runner.deps.fetchers
    working, fetchers[Channel.WHATSAPP] = fetchers[Channel.WHATSAPP], broken
    answer = await h.send(WA, channel=Channel.WHATSAPP, photo=h.photo(b"face:x"))
    assert texts(answer) == "Foto/berkas tidak dapat diunduh. Kirim sekali lagi."
    assert rows(h) == []
    fetchers[Channel.WHATSAPP] = working  # the step is still open: the next selfie counts
    photo = h.photo(f"face:{STAFF}|again".encode())
    assert "tepat waktu" in texts(await h.send(WA, channel=Channel.WHATSAPP, photo=photo))
