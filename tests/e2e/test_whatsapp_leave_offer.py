"""The cuti tahunan balance and the one-tap "Ajukan izin" through the WhatsApp webhook.

The same flows as on Telegram (tests/e2e/test_telegram_izin_offer.py), with reply buttons and
list rows: /izin shows what is left of the cuti tahunan and refuses dates beyond it; a late
clock-in carries its TPP cost and an "Ajukan izin" reply button that opens the izin prefilled;
the approver approves with one tap and the employee is told the deduction is cancelled.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown
from tests.e2e.test_whatsapp_flows import DEWI, RINA, People, text_of
from tests.e2e.whatsapp_chat import WhatsAppChat, settings
from tests.flows_harness import ADMIN, STAFF, build, without_receipt


@pytest.fixture
def people(tmp_path):
    h = build(tmp_path)
    fake = FakeGraph()

    def runner_factory(config, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    config = settings(f"sqlite:///{tmp_path / 'flows.db'}")
    app = build_app(config, runner_factory, whatsapp_transport=fake.transport, clock=h.clock)
    with TestClient(app) as http:
        chat = People(h, WhatsAppChat(http, fake), fake)
        chat.link(DEWI, STAFF)
        chat.link(RINA, ADMIN)
        yield chat


def clock_in_late(people: People) -> list[dict]:
    """Dewi clocks in at 07:45, 15 minutes late; what the bot sent her for the selfie."""
    people.h.at(7, 45)
    people.says(DEWI, "Masuk")
    people.at_office(DEWI)
    return people.send(wa.image(people.media(b"face:" + STAFF.encode()), sender=DEWI,
                                at=people.now))  # fmt: skip


def test_cuti_tahunan_shows_its_balance_and_refuses_dates_beyond_it(people):
    [types] = people.send(wa.text("/izin", sender=DEWI, at=people.now))
    [kinds] = people.tap(DEWI, types, "Cuti")
    assert kinds["interactive"]["type"] == "list" and ("lt:C:tahunan", "tahunan") in choices(kinds)
    shown_balance = text_of(people.tap(DEWI, kinds, "tahunan"))
    assert shown_balance.startswith(
        "Sisa cuti tahunan 2026: 12 hari kerja (hak 12; diambil 0, menunggu keputusan 0).\n"
        "Tanggal berapa?"
    )
    refused = people.says(DEWI, "01-12-2026 s/d 31-12-2026")
    assert refused.startswith(
        "Cuti tahunan 01-12-2026 s/d 31-12-2026 memakai 21 hari kerja 2026, melebihi sisa cuti "
        "tahunan 2026: 12 hari kerja (hak 12; diambil 0, menunggu keputusan 0). Kirim tanggal "
        "lain, atau /batal."
    )
    assert "Pasal 311 ayat (2)" in refused
    # The step stayed open: dates within the balance go on to the reason.
    assert people.says(DEWI, "01-12-2026 s/d 03-12-2026") == "Tuliskan alasannya singkat."


def test_late_clock_in_then_one_tap_izin_approved_cancels_the_deduction(people):
    answered = clock_in_late(people)
    assert "Masuk tercatat 07:45 WIB: terlambat 15 menit (TL1). Potongan TPP 0,5%." in text_of(
        answered
    )
    [offer] = [m for m in answered if m["type"] == "interactive"
               and m["interactive"]["type"] == "button"]  # fmt: skip
    assert shown(offer) == (
        "Ada alasannya? Ajukan izin terlambat untuk 24-11-2026; bila disetujui, potongannya "
        "dibatalkan."
    )
    [(choice_id, title)] = choices(offer)
    assert (choice_id, title) == ("iz:terlambat:2026-11-24", "Ajukan izin")
    assert len(title) <= 20 and len(choice_id) <= 256  # WhatsApp's reply-button limits

    people.h.at(8, 0)
    opened = text_of(people.tap(DEWI, offer, "Ajukan izin"))
    assert "Izin terlambat 24-11-2026: terlambat 15 menit (TL1), potongan TPP 0,5%." in opened
    people.says(DEWI, "Ban motor bocor di jalan")
    sent = people.send(wa.document(people.media(b"%PDF-1.4 surat izin", "application/pdf"),
                                   sender=DEWI, at=people.now))  # fmt: skip
    assert "terkirim ke Rina Marlina" in text_of(m for m in sent if m["to"] == DEWI)
    request = [m for m in sent if m["to"] == RINA][-1]
    assert "Izin (terlambat) dari Dewi Lestari" in shown(request)

    decided = people.tap(RINA, request, "✅ Setujui")
    assert without_receipt(text_of(m for m in decided if m["to"] == DEWI)) == (
        "Pengajuan Izin (terlambat) Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos. "
        "Potongan TPP 0,5% dibatalkan."
    )
    people.h.at(20, 0)
    recap = people.says(DEWI, "/rekapsaya")
    assert "terlambat" not in recap and "TL1" not in recap
    again = text_of(people.tap(DEWI, offer, "Ajukan izin"))  # the old button, tapped again
    assert "Izin terlambat 24-11-2026 sudah disetujui: hari itu tidak dipotong." in again


def test_the_offer_button_fits_whatsapp_in_english(people):
    people.says(DEWI, "/bahasa en")
    [offer] = [m for m in clock_in_late(people) if m["type"] == "interactive"
               and m["interactive"]["type"] == "button"]  # fmt: skip
    [(choice_id, title)] = choices(offer)
    assert (choice_id, title) == ("iz:terlambat:2026-11-24", "File a permit")
    assert text_of(people.tap(DEWI, offer, title)) == (
        "Izin terlambat for 24-11-2026: late by 15 minutes (TL1), TPP deduction 0.5%. "
        "Write the reason briefly."
    )
