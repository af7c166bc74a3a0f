"""/lupaabsen: an employee asks for a missed check-in or check-out; the approver of their permits
decides with one tap; approved, it is recorded with source "request", judged like a chat
clock-in at the time asked for. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.flows.messages import Channel
from core.reports.table import day_note
from core.reports.xlsx import day_xlsx
from core.rules import Direction
from core.services.missed import MissedRequest, file_request
from core.services.recap import day_summary
from core.storage.chat_tables import ChatAccount
from core.storage.tables import AttendanceRequestRow, AuditRow, EmployeeRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    HEAD,
    ORG,
    STAFF,
    build,
    engine_for,
    rows,
    texts,
    without_receipt,
)

DEWI, RINA = "Dewi Lestari A.Md", "Rina Marlina S.Sos"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"0" * 200
MONDAY = date(2026, 11, 23)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    harness.at(9, 0)
    return harness


async def say(h, sender: str = "501", **event):
    return await h.send(sender, **event)


async def ask(h, day="hari ini", direction="in", clock="07:45", reason="rapat di ruang kepala"):
    """Dewi's request up to the confirmation, with a photo as evidence; the last answer."""
    await say(h, command="lupaabsen", text="/lupaabsen")
    await say(h, text=day)
    await say(h, button=f"lm:{direction}")
    await say(h, text=clock)
    await say(h, text=reason)
    return await say(h, photo=h.photo(JPEG))


async def filed(h, **kw):
    """Dewi's request, sent to her approver; the answer to Send."""
    await ask(h, **kw)
    return await say(h, button="lm:send")


def requests(h) -> list[AttendanceRequestRow]:
    with h.uow() as uow:
        query = select(AttendanceRequestRow).order_by(AttendanceRequestRow.id)
        return list(uow.session.scalars(query))


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.session.query(EmployeeRow).filter_by(identifier=identifier).one().id


def set_policy(h, identifier: str, **policy) -> None:
    """An employee's own policy overrides (an organisation file's `policy:` of a person)."""
    with h.uow() as uow:
        employee = uow.session.query(EmployeeRow).filter_by(identifier=identifier).one()
        employee.policy = {**employee.policy, **policy}
        uow.touch(employee, "cli", "employee.policy")
        uow.commit()


async def test_a_missed_check_in_is_asked_for_approved_and_recorded_late(h):
    assert texts(await say(h, command="lupaabsen", text="/lupaabsen")) == (
        "Lupa absen: untuk tanggal berapa? Ketik tanggalnya (misalnya 24-11-2026), hari ini, "
        "atau kemarin."
    )
    asked = await say(h, text="hari ini")
    assert texts(asked) == "Lupa absen 24-11-2026: masuk atau pulang?"
    assert [b.data for b in asked.replies[0].buttons[0]] == ["lm:in", "lm:out"]
    when = await say(h, button="lm:in")
    assert texts(when) == "Jam berapa Anda masuk pada 24-11-2026? Tulis JJ:MM, misalnya 07:25."
    assert "Apa alasannya?" in texts(await say(h, text="07:45"))
    evidence = await say(h, text="rapat di ruang kepala")
    assert texts(evidence) == (
        "Kirim buktinya: foto atau dokumen PDF (foto kegiatan, surat keterangan). Wajib "
        "menurut Perwal Sungai Penuh 12/2023, Pasal 12 ayat (2)-(3)."
    )
    confirm = await say(h, photo=h.photo(JPEG))
    assert texts(confirm) == (
        "Periksa pengajuan Anda:\nPresensi masuk 24-11-2026 pukul 07:45 WIB: terlambat 15 menit\n"
        f"Alasan: rapat di ruang kepala\nBukti: 1 lampiran\nDikirim ke {RINA} untuk disetujui."
    )
    sent = await say(h, button="lm:send")

    assert texts(sent) == (
        f"Pengajuan lupa absen masuk 24-11-2026 pukul 07:45 terkirim ke {RINA}. Anda akan "
        "diberi tahu keputusannya."
    )
    [(approver, request)] = sent.notices
    assert approver == employee_id(h, ADMIN)
    assert request.text == (
        f"🕘 Lupa absen dari {DEWI} (Sekretariat Daerah Kota Sungai Penuh): masuk 24-11-2026 "
        "pukul 07:45 WIB; bila disetujui tercatat terlambat 15 menit.\n"
        "Alasan: rapat di ruang kepala\nBukti: 1 lampiran"
    )
    [row] = requests(h)
    assert [b.data for b in request.buttons[0]] == [f"ap:lm:{row.id}", f"rj:lm:{row.id}"]
    assert request.document is not None and request.document.data == JPEG
    assert rows(h) == [] and row.status == "pending"

    approved = await say(h, "600", button=f"ap:lm:{row.id}")

    assert texts(approved) == "Tercatat: disetujui."
    [(who, told)] = approved.notices
    assert who == employee_id(h, STAFF)
    assert without_receipt(told.text) == (
        f"✅ Lupa absen masuk 24-11-2026 pukul 07:45 WIB DISETUJUI oleh {RINA}: tercatat, "
        "terlambat 15 menit."
    )
    [record] = rows(h)
    assert (record.source, record.direction, record.outcome, record.minutes) == (
        "request",
        "in",
        "late",
        15,
    )
    assert record.accepted and record.actor_id == employee_id(h, ADMIN)
    assert record.evidence == {"request": row.id} and record.lat is None
    [row] = requests(h)
    assert (row.status, row.attendance_id, row.decided_by) == (
        "approved",
        record.id,
        employee_id(h, ADMIN),
    )
    with h.uow() as uow:
        actions = [
            (a.entity, a.action, a.actor)
            for a in uow.session.scalars(select(AuditRow).order_by(AuditRow.seq))
            if a.entity in ("attendance", "attendance_requests")
        ]
    admin, staff = employee_id(h, ADMIN), employee_id(h, STAFF)
    assert actions == [
        ("attendance_requests", "attendance_request.file", f"employee:{staff}"),
        ("attendance", "attendance.in", f"employee:{admin}"),
        ("attendance_requests", "attendance_request.approved", f"employee:{admin}"),
    ]


async def test_the_status_says_the_record_came_from_a_request(h):
    await filed(h)
    await say(h, "600", button=f"ap:lm:{requests(h)[0].id}")

    status = await say(h, command="status", text="/status")

    assert "- Masuk 07:45: terlambat (pengajuan lupa absen)" in texts(status)


async def test_the_daily_list_and_its_xlsx_name_the_request_as_the_source(h):
    await filed(h)
    await say(h, "600", button=f"ap:lm:{requests(h)[0].id}")
    h.at(17, 0)
    with h.uow() as uow:
        summary = day_summary(uow, ORG, date(2026, 11, 24), "setda", now=h.clock.now())
    [line] = [line for line in summary.lines if line.person.name == DEWI]

    book = load_workbook(io.BytesIO(day_xlsx(summary)))
    cells = [row for row in book.active.iter_rows(values_only=True) if DEWI in row]

    assert (line.entry.check_in_source, line.entry.check_in.strftime("%H:%M")) == (
        "request",
        "07:45",
    )
    assert day_note(line, "en").endswith("In: missed-record request")
    [(*_, note)] = cells
    assert note.endswith("Masuk: pengajuan lupa absen")


async def test_a_rejection_asks_for_the_reason_and_tells_the_employee(h):
    await filed(h)
    row = requests(h)[0]

    assert texts(await say(h, "600", button=f"rj:lm:{row.id}")) == ("Tuliskan alasan penolakan.")
    rejected = await say(h, "600", text="Hari itu Anda cuti, bukan rapat")

    assert texts(rejected) == "Tercatat: ditolak."
    [(who, told)] = rejected.notices
    assert who == employee_id(h, STAFF)
    assert without_receipt(told.text) == (
        f"❌ Lupa absen masuk 24-11-2026 pukul 07:45 DITOLAK oleh {RINA}. Alasan: Hari itu "
        "Anda cuti, bukan rapat"
    )
    assert rows(h) == []
    [row] = requests(h)
    assert (row.status, row.decision_reason) == ("rejected", "Hari itu Anda cuti, bukan rapat")


async def test_nobody_approves_their_own_request(h):
    await h.link("700", HEAD)
    await filed(h)
    row = requests(h)[0]

    own = await say(h, "501", button=f"ap:lm:{row.id}")
    head = await say(h, "700", button=f"ap:lm:{row.id}")  # not an admin, not the approver

    assert texts(own) == texts(head) == "Anda tidak berwenang untuk tindakan ini."
    assert rows(h) == [] and requests(h)[0].status == "pending"


async def test_an_admins_own_request_goes_to_another_and_they_cannot_approve_it(h):
    await say(h, "600", command="lupaabsen", text="/lupaabsen")
    for event in ({"text": "hari ini"}, {"button": "lm:in"}, {"text": "07:35"}):
        await say(h, "600", **event)
    await say(h, "600", text="rapat pagi")
    await say(h, "600", photo=h.photo(JPEG))
    await say(h, "600", button="lm:send")
    [row] = requests(h)
    assert row.approver_id != employee_id(h, ADMIN)

    pressed = await say(h, "600", button=f"ap:lm:{row.id}")

    assert "tidak berwenang" in texts(pressed) and rows(h) == []


async def test_approving_twice_records_once(h):
    await filed(h)
    row = requests(h)[0]
    await say(h, "600", button=f"ap:lm:{row.id}")

    again = await say(h, "600", button=f"ap:lm:{row.id}")

    assert texts(again) == "Pengajuan ini sudah disetujui."
    assert again.toast == "Pengajuan ini sudah disetujui."
    assert again.notices == [] and len(rows(h)) == 1


async def test_a_request_is_checked_again_when_approved(h):
    """Meanwhile an admin entered the check-in by /manual: the approval cannot record a second
    one, says why, and leaves the request waiting."""
    await filed(h)
    row = requests(h)[0]
    args = (STAFF, "masuk", "07:50", "lupa_hp")
    await say(h, "600", command="manual", text="/manual", args=args)

    pressed = await say(h, "600", button=f"ap:lm:{row.id}")

    assert texts(pressed) == (
        "Belum dapat dicatat: presensi masuk hari itu sudah tercatat pukul 07:50 (manual). "
        "Pengajuan masih menunggu; tolak dengan alasan bila perlu."
    )
    assert pressed.notices == []
    assert [r.source for r in rows(h)] == ["manual"] and requests(h)[0].status == "pending"


@pytest.mark.parametrize(
    ("steps", "said"),
    [
        ([{"text": "besok"}], "Tidak bisa: tanggal 25-11-2026 belum tiba. Ketik tanggal lain"),
        ([{"text": "kemarin lusa"}], 'Tanggal "kemarin lusa" tidak dapat dibaca'),
        ([{"text": "23-11-2026 s/d 24-11-2026"}], "tidak dapat dibaca: tulis satu tanggal"),
        ([{"text": "22-11-2026"}], "Tidak bisa: 22-11-2026 bukan hari kerja."),
        (
            [{"text": "20-10-2026"}],
            "Tidak bisa: pengajuan paling lama 31 hari ke belakang, paling awal 24-10-2026",
        ),
        ([{"text": "hari ini"}, {"button": "lm:in"}, {"text": "jam tujuh"}], 'Jam "jam tujuh"'),
        ([{"text": "hari ini"}, {"button": "lm:in"}, {"text": "24:00"}], "tulis JJ:MM"),
        (
            [{"text": "hari ini"}, {"button": "lm:out"}, {"text": "16:00"}],
            "Tidak bisa: jam 16:00 belum lewat. Ketik jam lain, atau /batal.",
        ),
        (
            [{"text": "hari ini"}, {"button": "lm:in"}, {"text": "06:30"}],
            "Tidak bisa: jam itu sebelum jam absen dibuka.",
        ),
        (
            [{"text": "hari ini"}, {"button": "lm:in"}, {"text": "07:45"}, {"text": "x" * 301}],
            "Tidak bisa: alasannya paling banyak 300 karakter.",
        ),
    ],
)
async def test_bad_input_says_what_is_wrong_and_files_nothing(h, steps, said):
    await say(h, command="lupaabsen", text="/lupaabsen")
    for event in steps:
        answer = await say(h, **event)

    assert said in texts(answer)
    assert requests(h) == [] and rows(h) == []


async def test_a_day_that_has_the_record_already_is_refused(h):
    h.at(7, 20)
    await h.clock_in("501", STAFF)
    h.at(9, 0)
    await say(h, command="lupaabsen", text="/lupaabsen")
    await say(h, text="hari ini")

    answer = await say(h, button="lm:in")

    assert texts(answer) == (
        "Tidak bisa: presensi masuk hari itu sudah tercatat pukul 07:20 (Telegram). Pilih "
        "yang lain, atau /batal."
    )
    assert "Jam berapa Anda pulang" in texts(await say(h, button="lm:out"))


async def test_a_check_in_after_the_days_check_out_is_refused(h):
    args = (STAFF, "pulang", "08:30", "lupa_hp")
    h.at(8, 40)
    await say(h, "600", command="manual", text="/manual", args=args)
    await say(h, command="lupaabsen", text="/lupaabsen")
    await say(h, text="hari ini")
    await say(h, button="lm:in")

    answer = await say(h, text="08:35")

    assert texts(answer) == (
        "Tidak bisa: hari itu ada presensi pukul 08:30 yang harus sesudahnya. Ketik jam lain, "
        "atau /batal."
    )
    assert requests(h) == [] and [r.direction for r in rows(h)] == ["out"]


async def test_a_second_request_for_the_same_day_and_record_waits_for_the_first(h):
    await filed(h)
    await say(h, command="lupaabsen", text="/lupaabsen")
    await say(h, text="hari ini")

    answer = await say(h, button="lm:in")

    assert texts(answer) == (
        "Tidak bisa: pengajuan lupa absen masuk 24-11-2026 masih menunggu keputusan. Pilih "
        "yang lain, atau /batal."
    )
    assert len(requests(h)) == 1


async def test_a_closed_month_only_inside_its_revisions_window(h):
    set_policy(h, STAFF, revision_days=[1, 4])
    h.at(9, 0, date(2026, 12, 7))
    await say(h, command="lupaabsen", text="/lupaabsen")

    closed = await say(h, text="27-11-2026")

    assert texts(closed).startswith(
        "Tidak bisa: bulan 11-2026 sudah ditutup; perubahan hanya pada 01-12-2026 s/d "
        "04-12-2026 (presensi default"
    )
    h.at(9, 0, date(2026, 12, 3))
    assert texts(await say(h, text="27-11-2026")) == "Lupa absen 27-11-2026: masuk atau pulang?"


async def test_the_evidence_the_policy_asks_for_cannot_be_skipped(h):
    await say(h, command="lupaabsen", text="/lupaabsen")
    for event in ({"text": "hari ini"}, {"button": "lm:in"}, {"text": "07:45"}, {"text": "x"}):
        await say(h, **event)

    typed = await say(h, text="lewati")
    skipped = await say(h, button="lm:skip")
    zipped = await say(h, document=h.document(b"PK\x03\x04", mime="application/zip"))

    assert texts(typed).startswith("Kirim buktinya: foto atau dokumen PDF")
    assert texts(skipped) == "Tombol ini tidak dikenal atau sudah kedaluwarsa."
    assert "PDF" in texts(zipped) and requests(h) == []


async def test_where_evidence_is_optional_it_may_be_skipped(h):
    set_policy(h, STAFF, missed_evidence="optional")
    await say(h, command="lupaabsen", text="/lupaabsen")
    for event in ({"text": "hari ini"}, {"button": "lm:in"}, {"text": "07:45"}):
        await say(h, **event)
    optional = await say(h, text="rapat")
    assert texts(optional) == "Ada bukti? Kirim foto atau dokumen PDF, atau ketuk Lewati."
    assert [b.data for b in optional.replies[0].buttons[0]] == ["lm:skip"]

    confirm = await say(h, button="lm:skip")
    await say(h, text="kirim")

    assert "Bukti: tidak ada" in texts(confirm)
    [row] = requests(h)
    assert (row.evidence, row.status) == ([], "pending")


async def test_a_redelivered_filing_files_once(h):
    """After a crash between the commit and the answer, the same message files nothing new."""
    with h.uow() as uow:
        dewi = uow.session.query(EmployeeRow).filter_by(identifier=STAFF).one()
        evidence = [{"kind": "missed_record", "media": None}]
        at = (date(2026, 11, 24), Direction.IN, time(7, 45))
        asked = MissedRequest(dewi, *at, "rapat", evidence, dedup_key="tg:77")
        first = file_request(uow, asked)
        uow.commit()
    with h.uow() as uow:
        again = file_request(uow, replace(asked, employee=uow.session.get(EmployeeRow, dewi.id)))
        uow.commit()

    assert again.request.id == first.request.id and len(requests(h)) == 1
    assert (again.preview.entry.verdict.outcome.value, again.preview.entry.verdict.minutes) == (
        "late",
        15,
    )


async def test_cancel_files_nothing(h):
    await ask(h)

    answer = await say(h, button="lm:cancel")

    assert "dibatalkan" in texts(answer).lower() and requests(h) == []


async def test_a_request_uses_none_of_the_fallback_quota(h):
    """Konawe Kepulauan Pasal 9 ayat (6) rations fingerprint fallbacks for a phone left at home;
    an approved request is not one (core.missed.QUOTA_RULE): it neither uses the quota nor is
    refused once the quota is used up."""
    set_policy(h, STAFF, fallback_per_month=1)
    await filed(h, day="23-11-2026")
    await say(h, "600", button=f"ap:lm:{requests(h)[0].id}")
    h.at(17, 0)
    args = (STAFF, "masuk", "07:40", "lupa_hp")

    fallback = await say(h, "600", command="manual", text="/manual", args=args)
    await filed(h, day="hari ini", direction="out", clock="16:05")
    approved = await say(h, "600", button=f"ap:lm:{requests(h)[1].id}")

    assert "dicatat manual: terlambat 10 menit" in texts(fallback)
    assert texts(approved) == "Tercatat: disetujui."
    assert [(r.work_date, r.direction, r.source) for r in rows(h)] == [
        (MONDAY, "in", "request"),
        (date(2026, 11, 24), "in", "manual"),
        (date(2026, 11, 24), "out", "request"),
    ]
    again = (STAFF, "pulang", "16:10", "lupa_hp")
    duplicate = await say(h, "600", command="manual", text="/manual", args=again)
    assert "sudah tercatat pulang pukul 16:05 (pengajuan lupa absen)" in texts(duplicate)


async def test_over_whatsapp_too(h):
    wa = "6281366002104"
    for event in ({"command": "start", "text": "/start"}, {"text": STAFF}):
        await h.send(wa, channel=Channel.WHATSAPP, **event)
    await h.send(wa, channel=Channel.WHATSAPP, text=h.code_for(STAFF))
    steps = (
        {"command": "lupaabsen", "text": "/lupaabsen", "args": ("kemarin",)},
        {"button": "lm:out"},
        {"text": "16:05"},
        {"text": "rapat sampai sore"},
        {"document": h.document(b"%PDF-1.4 surat")},
    )
    for event in steps:
        answer = await h.send(wa, channel=Channel.WHATSAPP, **event)
    assert "Presensi pulang 23-11-2026 pukul 16:05 WIB: tepat waktu" in texts(answer)

    sent = await h.send(wa, channel=Channel.WHATSAPP, button="lm:send")

    assert "terkirim ke" in texts(sent)
    [(approver, request)] = sent.notices
    assert approver == employee_id(h, ADMIN) and request.document.mime == "application/pdf"


async def test_in_english(h):
    with h.uow() as uow:
        for account in uow.session.query(ChatAccount):
            account.language = "en"
        uow.commit()

    confirm = await ask(h)

    assert texts(confirm).startswith(
        "Check your request:\nThe check-in on 24-11-2026 at 07:45 WIB: late by 15 min"
    )


async def test_riwayat_lists_the_missed_record_requests_with_their_state(h):
    h.at(7, 20)
    assert "Masuk tercatat" in texts(await h.clock_in("600", ADMIN))  # the month has records
    h.at(9, 0)
    await filed(h)  # check-in of today, 07:45: waits
    await filed(h, day="23-11-2026", direction="out", clock="16:05", reason="lupa")
    first, second = requests(h)
    await say(h, "600", button=f"rj:lm:{second.id}")
    await say(h, "600", text="Tidak ada bukti")
    history = texts(await say(h, command="riwayat", text="/riwayat")).split("\n")
    at = history.index("Pengajuan Anda untuk November 2026:")
    assert history[at + 1 :] == [
        f"L{second.id} Lupa absen pulang, 23-11-2026 pukul 16:05: ditolak (Tidak ada bukti)",
        f"L{first.id} Lupa absen masuk, 24-11-2026 pukul 07:45: menunggu",
    ]
    await h.send("501", command="bahasa", text="/bahasa en", args=("en",))
    english = texts(await say(h, command="riwayat", text="/riwayat"))
    assert f"L{first.id} Missed clock-in, 24-11-2026 at 07:45: pending" in english
