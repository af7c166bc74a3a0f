"""/lkh through the WhatsApp webhook: the same flow as on Telegram, with reply buttons.

Perbup Musi Banyuasin 9/2023 (E-Office) Pasal 8 ayat (1): "LKH wajib dilakukan oleh setiap
pegawai dalam setiap hari kerja." Dewi files on WhatsApp; Rina, her supervisor, verifies on
WhatsApp too.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, shown
from tests.e2e.test_whatsapp_flows import DEWI, RINA, People, text_of
from tests.e2e.whatsapp_chat import WhatsAppChat, settings
from tests.flows_harness import ADMIN, STAFF, build


@pytest.fixture
def people(tmp_path):
    h = build(tmp_path, preset="eoffice-muba")
    h.at(16, 10)
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


def test_a_report_is_filed_and_verified_with_reply_buttons(people):
    assert "satu per baris" in people.says(DEWI, "/lkh")
    [asked] = people.send(wa.text("Menyusun RKA - draf RKA selesai", sender=DEWI, at=people.now))
    assert asked["interactive"]["type"] == "button" and "bukti dukung" in shown(asked)
    [summary] = people.tap(DEWI, asked, "Lewati")
    assert "1. Menyusun RKA → draf RKA selesai" in shown(summary)
    sent = people.tap(DEWI, summary, "📨 Kirim LKH")
    to_rina = [m for m in sent if m["to"] == RINA]
    assert "terkirim ke Rina Marlina S.Sos" in text_of([m for m in sent if m["to"] == DEWI])
    [notice] = to_rina
    assert "LKH Dewi Lestari A.Md" in shown(notice) and "Bukti dukung: tidak ada." in shown(notice)
    done = people.tap(RINA, notice, "✅ Verifikasi")
    told = [m for m in done if m["to"] == DEWI]
    assert text_of(told) == "LKH Anda 24-11-2026 DIVERIFIKASI oleh Rina Marlina S.Sos."
