"""Official travel through the real Telegram adapter, under the Konawe Kepulauan preset.

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "Dalam hal ASN melakukan perjalanan Dinas,
maka ASN melakukan Presensi Daring di tempat tugas". Dewi files a DL with its destination (a
point dropped on the map), Rina approves it with one tap, and on the travel day Dewi's live
location at the destination is accepted while the one at the office is refused.
"""

from __future__ import annotations

from datetime import date

import pytest
from pyproj import Geod

from bot.offline import updates as tg
from tests.e2e.test_telegram_flows import (
    DEWI,
    RINA,
    telegram_chat,
    texts,
)
from tests.flows_harness import ADMIN, OFFICE, STAFF, build, rows

WEDNESDAY = date(2026, 11, 25)
_lon, _lat, _ = Geod(ellps="WGS84").fwd(OFFICE[1], OFFICE[0], 90, 5000)
VENUE = (_lat, _lon)  # the kantor camat the travel goes to, 5 km east of the office


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path, preset="konawe-kepulauan")
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN)) as talk:
        yield talk


async def test_a_live_location_at_the_dl_destination_is_accepted_and_at_the_office_refused(chat):
    now = chat.h.clock.now
    await chat.says(DEWI, "/izin")
    await chat.send(tg.callback("lt:DL", sender=DEWI))
    await chat.send(tg.callback("lt:DL:dalam_kota", sender=DEWI))
    await chat.says(DEWI, "25-11-2026")
    asked = await chat.says(DEWI, "Rapat di kantor camat")
    assert "Kirim lokasi tempat tujuan" in asked and "Pasal 9 ayat (5)" in asked
    refused = await chat.send(tg.forwarded_location(*VENUE, sender=DEWI, at=now()))
    assert "Lokasi terusan tidak diterima sebagai tujuan" in texts(refused)
    sppd = await chat.send(tg.static_location(*VENUE, sender=DEWI, at=now()))
    assert "Surat Perintah Perjalanan Dinas (SPPD)" in texts(sppd)
    chat.fake.add_file("BQACsppd", b"%PDF-1.4 sppd")
    await chat.send(tg.document("BQACsppd", "sppd.pdf", sender=DEWI, at=now()))
    chat.fake.add_file("BQACspt", b"%PDF-1.4 surat tugas")
    sent = await chat.send(tg.document("BQACspt", "spt.pdf", sender=DEWI, at=now()))
    [to_admin] = [c for c in sent if c.method == "sendDocument"]
    assert "Tujuan: https://maps.google.com/?q=" in to_admin.params["caption"]
    approve = to_admin.params["reply_markup"]["inline_keyboard"][0][0]
    await chat.send(tg.callback(approve["callback_data"], sender=RINA))

    chat.h.at(7, 20, WEDNESDAY)
    await chat.says(DEWI, "/masuk")
    at_office = await chat.send(tg.live_location(*OFFICE, sender=DEWI, at=now()))
    assert "Ditolak: Anda 4,5 km di luar area tujuan dinas luar Anda." in texts(at_office)
    assert "[Perbup Konawe Kepulauan 18/2023, Pasal 9 ayat (5)]" in texts(at_office)

    chat.h.at(7, 22, WEDNESDAY)
    await chat.says(DEWI, "/masuk")
    there = await chat.send(tg.live_location(*VENUE, sender=DEWI, at=now()))
    assert "Lokasi diterima (tujuan dinas luar)" in texts(there)
    done = await chat.selfie(DEWI, b"face:" + STAFF.encode())
    assert "Masuk tercatat 07:22 WIB: tepat waktu." in texts(done)
    assert "Di tujuan dinas luar yang disetujui." in texts(done)
    refused_row, accepted_row = rows(chat.h)
    assert not refused_row.accepted and accepted_row.accepted
    assert accepted_row.evidence["fence"] == "travel" and accepted_row.site == "dl-1"
