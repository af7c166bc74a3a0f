"""/antrian: the approver's waiting requests (absences and missed records), the oldest first,
each with its buttons; approving several at once by the button under the list or by typed
numbers; the same list approved from two chats at once is decided once. Every request has an
approver when filed, or the filing is refused naming who to ask. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.absence import Evidence
from core.flows.messages import Channel
from core.services.absences import AbsenceRequest, request_absence
from core.storage.tables import AbsenceRow, AttendanceRequestRow, AuditRow, EmployeeRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    HEAD,
    ORG,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    texts,
    without_receipt,
)
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_leave import file_sick_note
from tests.integration.test_flows_missed import filed as missed_filed

AHMAD = "199005172015031001"  # setda, admin, supervised by HEAD
CAMAT = "198306142009011005"  # kec-sungai-penuh, manager: no admin, no supervisor
RINA_WA = "6281277003005"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    return harness


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation(ORG).id, identifier).id


def statuses(h) -> list[tuple[str, int, str]]:
    with h.uow() as uow:
        found = uow.session.scalars(select(AbsenceRow).order_by(AbsenceRow.id))
        absences = [("absence", r.id, r.status) for r in found]
        missed = uow.session.scalars(select(AttendanceRequestRow).order_by(AttendanceRequestRow.id))
        return absences + [("missed", r.id, r.status) for r in missed]


async def queue(h, sender="600"):
    return await h.send(sender, command="antrian", text="/antrian")


async def approve(h, *refs: str, sender="600"):
    args = ("setujui", *refs)
    return await h.send(sender, command="antrian", text="/antrian " + " ".join(args), args=args)


async def test_the_queue_lists_both_kinds_oldest_first_with_their_buttons(h):
    assert texts(await queue(h)) == "Tidak ada pengajuan yang menunggu keputusan Anda."
    await file_sick_note(h)  # 07:20
    h.at(9, 0)
    await missed_filed(h)
    h.at(9, 5)
    await file_sick_note(h, "25-11-2026")
    listed = await queue(h)
    header, first, second, third, bulk = listed.replies
    assert header.text == "3 pengajuan menunggu keputusan Anda, yang terlama dulu:"
    assert first.text == (
        "#1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 24-11-2026\n"
        "Alasan: Demam tinggi\nLampiran: 1 berkas; diajukan 24-11-2026 07:20 WIB"
    )
    assert second.text == (
        "#L1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): lupa absen masuk "
        "24-11-2026 pukul 07:45 WIB\nAlasan: rapat di ruang kepala\n"
        "Bukti: 1 berkas; diajukan 24-11-2026 09:00 WIB"
    )
    assert third.text.startswith("#2 Dewi Lestari A.Md") and "Sakit, 25-11-2026" in third.text
    buttons = [[(b.label, b.data) for b in reply.buttons[0]] for reply in (first, second, third)]
    assert buttons == [  # the same buttons as the first message: a tap decides it as before
        [("✅ Setujui", "ap:1"), ("❌ Tolak", "rj:1")],
        [("✅ Setujui", "ap:lm:1"), ("❌ Tolak", "rj:lm:1")],
        [("✅ Setujui", "ap:2"), ("❌ Tolak", "rj:2")],
    ]
    assert first.tag == "absence:1"  # /batal replaces the latest copy too
    assert bulk.text == (
        "Setujui semua yang tampil di atas sekaligus dengan tombol di bawah, atau sebagian "
        "dengan nomornya: /antrian setujui 1 L1 2"
    )
    [[everything]] = bulk.buttons
    assert (everything.label, everything.data) == ("✅ Setujui semua (3)", "aq:1.-1.2")
    # Nobody else is asked: the employee, the head of unit.
    assert texts(await queue(h, "501")) == "Tidak ada pengajuan yang menunggu keputusan Anda."
    assert texts(await queue(h, "700")) == "Tidak ada pengajuan yang menunggu keputusan Anda."

    one = await h.send("600", button="rj:2")  # the old buttons still work from the list
    assert "alasan penolakan" in texts(one)
    await h.send("600", text="Surat tidak terbaca")
    done = await h.send("600", button=everything.data)
    assert texts(done) == (
        "Persetujuan sekaligus:\n✅ #1 Dewi Lestari A.Md: disetujui\n"
        "✅ #L1 Dewi Lestari A.Md: disetujui\n"
        "• #2 Dewi Lestari A.Md: sudah ditolak sebelumnya, tidak diubah"
    )
    assert done.toast is None  # the lines say it all (WhatsApp shows a toast as a message)
    dewi = employee_id(h, STAFF)
    assert [(who, without_receipt(note.text)) for who, note in done.notices] == [
        (dewi, "Pengajuan Sakit Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos."),
        (dewi, "✅ Lupa absen masuk 24-11-2026 pukul 07:45 WIB DISETUJUI oleh Rina Marlina S.Sos: "
               "tercatat, terlambat 15 menit."),
    ]  # fmt: skip
    assert statuses(h) == [
        ("absence", 1, "approved"),
        ("absence", 2, "rejected"),
        ("missed", 1, "approved"),
    ]
    assert texts(await queue(h)) == "Tidak ada pengajuan yang menunggu keputusan Anda."


async def test_typed_numbers_and_what_is_refused_on_its_own_line(h):
    await file_sick_note(h)
    await file_sick_note(h, "25-11-2026")
    h.at(9, 0)
    await h.send("600", command="izin")  # Rina's own request goes to Ahmad, the other admin
    await h.send("600", button="lt:I:tidak_masuk")
    await h.send("600", text="26-11-2026")
    await h.send("600", text="Urusan keluarga")
    sent = await h.send("600", document=h.document(b"%PDF-1.4 surat izin"))
    assert "terkirim ke Ahmad Fauzi S.Kom" in texts(sent)
    mine = statuses(h)[-1][1]
    done = await approve(h, "#1", f"{mine}", "L9", "999")
    assert texts(done) == (
        "Persetujuan sekaligus:\n✅ #1 Dewi Lestari A.Md: disetujui\n"
        f"⛔ #{mine}: pengajuan Anda sendiri tidak dapat Anda putuskan\n"
        "⛔ #L9: tidak ada\n⛔ #999: tidak ada"
    )
    # Not the head's to decide, pending or decided: answered as an unknown number, neither the
    # employee's name nor the request's state shown.
    by_head = await approve(h, "2", "1", sender="700")
    assert texts(by_head) == "Persetujuan sekaligus:\n⛔ #2: tidak ada\n⛔ #1: tidak ada"
    assert by_head.notices == []
    for args in (("setujui",), ("setujui", "dua"), ("hapus", "1"), ("setujui", "0")):
        bad = await h.send("600", command="antrian", text="/antrian", args=args)
        assert texts(bad).startswith("Ketik /antrian untuk melihat pengajuan yang menunggu Anda")
    forged = await h.send("600", button="aq:zzzzzzz")
    assert texts(forged) == "Tombol ini tidak dikenal atau sudah kedaluwarsa."
    assert [s for _, _, s in statuses(h)] == ["approved", "pending", "pending"]


async def test_the_same_list_approved_from_two_chats_at_once_is_decided_once(h):
    """Rina on Telegram and on WhatsApp taps "approve all" in both at the same moment: each
    request is approved once (the row is locked while it is decided), the other chat is told
    it was approved already, and the employee hears of each approval once."""
    await h.send(RINA_WA, command="start", text="/start", channel=Channel.WHATSAPP)
    await h.send(RINA_WA, text=ADMIN, channel=Channel.WHATSAPP)
    await h.send(RINA_WA, text=h.code_for(ADMIN), channel=Channel.WHATSAPP)
    for day in ("24-11-2026", "25-11-2026", "26-11-2026"):
        await file_sick_note(h, day)
    h.at(9, 0)
    await missed_filed(h)
    data = (await queue(h)).replies[-1].buttons[0][0].data
    telegram, whatsapp = await asyncio.gather(
        h.send("600", button=data), h.send(RINA_WA, button=data, channel=Channel.WHATSAPP)
    )
    lines = texts(telegram).splitlines()[1:] + texts(whatsapp).splitlines()[1:]
    assert sorted(line.split(":")[0] for line in lines) == sorted(
        ["✅ #1 Dewi Lestari A.Md", "✅ #2 Dewi Lestari A.Md", "✅ #3 Dewi Lestari A.Md",
         "✅ #L1 Dewi Lestari A.Md", "• #1 Dewi Lestari A.Md", "• #2 Dewi Lestari A.Md",
         "• #3 Dewi Lestari A.Md", "• #L1 Dewi Lestari A.Md"]
    )  # fmt: skip
    assert len(telegram.notices) + len(whatsapp.notices) == 4
    assert [s for _, _, s in statuses(h)] == ["approved"] * 4
    with h.uow() as uow:
        decisions = uow.session.scalars(
            select(AuditRow.action).where(AuditRow.action.like("%.approved"))
        ).all()
    assert sorted(decisions) == ["absence.approved"] * 3 + ["attendance_request.approved"]


async def test_a_request_nobody_may_approve_is_refused_naming_who_to_ask(h):
    """The camat's unit has no admin and he has no supervisor: the filing is refused at the
    dates step (nothing filed); with a super admin in the organisation, they are named."""
    await h.link("800", CAMAT)
    await h.send("800", command="izin")
    await h.send("800", button="lt:I:tidak_masuk")
    refused = await h.send("800", text="24-11-2026")
    assert texts(refused) == (
        "Pengajuan tidak dapat dikirim: belum ada yang dapat menyetujuinya (unit Anda belum "
        "punya admin dan atasan langsung Anda belum tercatat). Minta pengelola presensi "
        "organisasi Anda menambahkan admin unit Anda, lalu ajukan lagi."
    )
    assert refused.replies[0].keyboard and refused.notices == []
    with h.uow() as uow:
        head = uow.session.scalars(select(EmployeeRow).filter_by(identifier=HEAD)).one()
        head.roles = "employee,manager,super_admin"
        uow.touch(head, "test", "employee.roles")
        uow.commit()
    await h.send("800", command="izin")
    await h.send("800", button="lt:I:tidak_masuk")
    named = await h.send("800", text="24-11-2026")
    assert "Minta Drs. Hendra Saputra menambahkan admin unit Anda" in texts(named)
    h.at(9, 0)
    await h.send("800", command="lupaabsen", text="/lupaabsen")
    missed = await h.send("800", text="hari ini")
    assert texts(missed) == (
        "Tidak bisa: belum ada yang dapat menyetujuinya (unit Anda belum punya admin dan atasan "
        "langsung Anda belum tercatat); minta Drs. Hendra Saputra menambahkan admin unit Anda."
    )
    assert texts(await h.send("800", text="kemarin")) != texts(missed)  # the step has ended
    assert statuses(h) == []


async def test_the_approver_per_kind_of_request(h):
    """Where the regulation gives permits to the direct supervisor and the rest to the unit
    admin (Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (4) and Pasal 11 ayat (1), as its
    preset says): Ahmad's izin goes to his supervisor, the head; his cuti to the other admin."""
    set_unit_policy(h, {"approver": "admin", "approver_by_type": {"I": "supervisor"}})
    await h.link("601", AHMAD)
    await h.send("601", command="izin")
    await h.send("601", button="lt:I:tidak_masuk")
    await h.send("601", text="25-11-2026")
    await h.send("601", text="Urusan keluarga")
    permit = await h.send("601", document=h.document(b"%PDF-1.4 surat izin"))
    assert "terkirim ke Drs. Hendra Saputra" in texts(permit)
    assert permit.notices[0][0] == employee_id(h, HEAD)
    await h.send("601", command="izin")
    await h.send("601", button="lt:C:tahunan")
    await h.send("601", text="01-12-2026")
    await h.send("601", text="Cuti tahunan")
    leave = await h.send("601", document=h.document(b"%PDF-1.4 surat izin cuti"))
    assert "terkirim ke Rina Marlina S.Sos" in texts(leave)
    assert leave.notices[0][0] == employee_id(h, ADMIN)
    assert "#1 Ahmad Fauzi S.Kom" in texts(await queue(h, "700"))
    assert "#2 Ahmad Fauzi S.Kom" in texts(await queue(h, "600"))


async def test_ten_at_a_time_and_the_rest_after_them(h):
    dewi = employee_id(h, STAFF)
    papers = [{"kind": e.value, "media": "m", "mime": "application/pdf"} for e in Evidence]
    with h.uow() as uow:
        for n in range(12):
            day = TUESDAY + timedelta(days=n)
            request = AbsenceRequest(dewi, "I", "tidak_masuk", day, day, "Urusan", papers)
            request_absence(uow, request)
        uow.commit()
    listed = await queue(h)
    assert listed.replies[0].text.startswith("12 pengajuan menunggu keputusan Anda")
    cards = listed.replies[1:11]
    assert [c.text.split(" ")[0] for c in cards] == [f"#{n}" for n in range(1, 11)]
    assert listed.replies[11].text == (
        "Ditampilkan 10 yang terlama; 2 lagi menyusul setelah yang ini diputuskan (ketik "
        "/antrian lagi)."
    )
    [[everything]] = listed.replies[12].buttons
    assert everything.label == "✅ Setujui semua (10)" and len(everything.data.encode()) <= 64
    done = await h.send("600", button=everything.data)
    assert texts(done).count("disetujui") == 10 and len(done.notices) == 10
    rest = await queue(h)
    assert rest.replies[0].text.startswith("2 pengajuan menunggu keputusan Anda")
    assert [r.text.split(" ")[0] for r in rest.replies[1:3]] == ["#11", "#12"]
