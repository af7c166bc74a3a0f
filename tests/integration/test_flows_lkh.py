"""/lkh, the daily performance report, through the chat flow on real storage (SQLite and
PostgreSQL), under the E-Office preset (Perbup Musi Banyuasin 9/2023, 002_390e78b142da19ec.txt).

Pasal 8 ayat (1): "LKH wajib dilakukan oleh setiap pegawai dalam setiap hari kerja." Ayat (2):
"LKH dilaporkan dalam sekali pelaporan untuk satu hari kerja dengan melampirkan uraian aktivitas
kerja harian, deskripsi hasil pekerjaan dan lampiran bukti dukung kegiatan." The harness's
organisation (Sungai Penuh's units and staff) is put under the E-Office preset; Dewi (STAFF)
has Rina (ADMIN) as her direct supervisor, Hendra (HEAD) has none.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.absence import Evidence
from core.services.absences import AbsenceRequest, decide, request_absence
from core.storage import audit
from core.storage.lkh_tables import LkhActivityRow, LkhReportRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, ORG, STAFF, TUESDAY, build, engine_for, texts

DAY = "24-11-2026"
WORK = "Menyusun laporan realisasi anggaran - draf laporan selesai\nRapat koordinasi - notulen"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request), preset="eoffice-muba")
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    harness.at(16, 5)  # after check-out, as staff usually file it
    return harness


def reports(h) -> list[LkhReportRow]:
    with h.uow() as uow:
        return list(uow.session.scalars(select(LkhReportRow).order_by(LkhReportRow.id)))


def activities(h) -> list[tuple[int, int, str, str]]:
    with h.uow() as uow:
        rows = uow.session.scalars(select(LkhActivityRow).order_by(LkhActivityRow.id))
        return [(a.version, a.position, a.activity, a.result) for a in rows]


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation(ORG).id, identifier).id


async def file_lkh(h, sender="501", lines=WORK, evidence=None, day_args=()):
    """/lkh, the lines, the evidence (or Lewati), Kirim: the answer to Kirim."""
    begun = await h.send(sender, command="lkh", text="/lkh", args=day_args)
    assert "satu per baris" in texts(begun), texts(begun)
    asked = await h.send(sender, text=lines)
    assert "bukti dukung" in texts(asked), texts(asked)
    if evidence is None:
        summary = await h.send(sender, button="lk:skip")
    else:
        summary = await h.send(sender, photo=h.photo(evidence))
    assert summary.replies[-1].buttons[0][0].data == "lk:send", texts(summary)
    return await h.send(sender, button="lk:send")


async def test_staff_file_the_day_s_report_and_the_supervisor_verifies_it(h):
    """Pasal 8 ayat (2): activities, results and evidence (Pasal 9 huruf a: "dokumentasi
    pekerjaan"), in one report for the day; Pasal 11: the basis of TPP once verified."""
    await h.send("501", command="lkh", text="/lkh")
    await h.send("501", text=WORK)
    summary = await h.send("501", photo=h.photo(b"\xff\xd8\xff\xe0 foto rapat"))
    assert "1. Menyusun laporan realisasi anggaran → draf laporan selesai" in texts(summary)
    assert "Bukti dukung: 1 berkas." in texts(summary)
    sent = await h.send("501", button="lk:send")
    assert "LKH 24-11-2026 (2 kegiatan) terkirim ke Rina Marlina S.Sos" in texts(sent)
    [(to, notice)] = sent.notices
    assert to == employee_id(h, ADMIN)
    assert notice.text.startswith("LKH Dewi Lestari A.Md (Sekretariat Daerah")
    assert "2. Rapat koordinasi → notulen" in notice.text
    assert notice.document is not None and notice.document.mime == "image/jpeg"
    assert [b.label for b in notice.buttons[0]] == ["✅ Verifikasi", "↩️ Kembalikan"]

    verified = await h.send("600", button=notice.buttons[0][0].data)
    assert verified.toast == "LKH Dewi Lestari A.Md 24-11-2026 diverifikasi."
    [(told, note)] = verified.notices
    assert told == employee_id(h, STAFF)
    assert note.text == "LKH Anda 24-11-2026 DIVERIFIKASI oleh Rina Marlina S.Sos."
    [row] = reports(h)
    assert (row.status, row.version, row.decided_by) == ("verified", 1, employee_id(h, ADMIN))
    assert row.evidence[0]["media"].startswith("evidence/")
    assert activities(h) == [
        (1, 1, "Menyusun laporan realisasi anggaran", "draf laporan selesai"),
        (1, 2, "Rapat koordinasi", "notulen"),
    ]
    with h.uow() as uow:
        count, problems = audit.verify(uow.session)
    assert problems == [] and count > 0


async def test_a_returned_report_is_amended_and_verified(h):
    """Pasal 8 ayat (2): "dalam sekali pelaporan untuk satu hari kerja": the second /lkh of
    the day replaces the returned report (a new version), it does not add a second one."""
    sent = await file_lkh(h)
    verify, give_back = sent.notices[0][1].buttons[0]
    asked = await h.send("600", button=give_back.data)
    assert "Tuliskan catatan untuk Dewi Lestari A.Md" in texts(asked)
    returned = await h.send("600", text="Hasil rapat kurang rinci")
    assert "dikembalikan dengan catatan Anda" in texts(returned)
    [(_, note)] = returned.notices
    assert "DIKEMBALIKAN oleh Rina Marlina S.Sos: Hasil rapat kurang rinci" in note.text
    assert "/lkh 24-11-2026" in note.text

    again = await h.send("501", command="lkh", text="/lkh 24-11-2026", args=("24-11-2026",))
    assert "sudah dikirim (dikembalikan)" in texts(again)
    assert "Catatan pemeriksa: Hasil rapat kurang rinci" in texts(again)
    await h.send("501", text=WORK.replace("notulen", "notulen 3 halaman, 5 keputusan"))
    await h.send("501", button="lk:skip")
    amended = await h.send("501", button="lk:send")
    assert "LKH 24-11-2026 diperbarui (2 kegiatan)" in texts(amended)
    [(_, renewed)] = amended.notices
    assert "(diperbarui)" in renewed.text and "notulen 3 halaman" in renewed.text

    stale = await h.send("600", button=verify.data)  # the first version's button
    assert texts(stale) == "LKH 24-11-2026 sudah diperbarui pegawai: periksa pesan yang lebih baru."
    done = await h.send("600", button=renewed.buttons[0][0].data)
    assert "diverifikasi" in done.toast
    [row] = reports(h)
    assert (row.status, row.version, row.note) == ("verified", 2, None)
    assert [a[:2] for a in activities(h)] == [(1, 1), (1, 2), (2, 1), (2, 2)]  # v1 kept


async def test_a_verified_report_is_final(h):
    sent = await file_lkh(h)
    await h.send("600", button=sent.notices[0][1].buttons[0][0].data)
    again = await h.send("501", command="lkh", text="/lkh")
    assert texts(again) == "LKH 24-11-2026 sudah diverifikasi dan tidak dapat diubah lagi."
    assert "bukti" not in texts(await h.send("501", text="Rapat - notulen"))  # no step open
    assert len(reports(h)) == 1 and reports(h)[0].version == 1


async def test_verifying_twice_or_someone_else_s_changes_nothing(h):
    sent = await file_lkh(h)
    verify = sent.notices[0][1].buttons[0][0].data
    stranger = await h.send("700", button=verify)  # the head of unit is not her verifier
    assert stranger.toast == "Anda tidak berwenang memverifikasi LKH ini."
    own = await h.send("501", button=verify)
    assert own.toast == "Anda tidak dapat memverifikasi LKH Anda sendiri."
    await h.send("600", button=verify)
    twice = await h.send("600", button=verify)
    assert twice.toast == "LKH 24-11-2026 sudah diverifikasi." and twice.notices == []
    assert reports(h)[0].decided_by == employee_id(h, ADMIN)


async def test_without_a_supervisor_a_unit_admin_verifies(h):
    """The head of unit has no direct supervisor: a unit admin gets the report."""
    sent = await file_lkh(h, sender="700")
    assert "terkirim ke Ahmad Fauzi S.Kom" in texts(sent)
    assert sent.notices[0][0] == employee_id(h, "199005172015031001")


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ("   \n", "Belum ada kegiatan"),
        ("Rapat koordinasi", "Baris 1 belum ada hasilnya"),
        ("Rapat - notulen\n" + "Menyusun " + "x" * 245 + " - draf", "Baris 2 terlalu panjang"),
        ("\n".join(f"Kegiatan {n} - hasil" for n in range(11)), "paling banyak 10 kegiatan"),
    ],
)
async def test_bad_lines_are_refused_and_asked_again(h, lines, said):
    """Pasal 8 ayat (2): activities with their results; nothing is written for a bad text."""
    await h.send("501", command="lkh", text="/lkh")
    refused = await h.send("501", text=lines)
    assert said in texts(refused)
    fixed = await h.send("501", text="Rapat - notulen")  # the step is still open
    assert "bukti dukung" in texts(fixed)
    assert reports(h) == []


async def test_a_day_to_come_a_day_off_and_a_day_too_old_are_refused(h):
    """Pasal 8 ayat (1): "dalam setiap hari kerja"."""
    future = await h.send("501", command="lkh", text="/lkh besok", args=("besok",))
    assert texts(future).startswith("25-11-2026 belum tiba")
    sunday = await h.send("501", command="lkh", text="/lkh 22-11-2026", args=("22-11-2026",))
    assert "22-11-2026 bukan hari kerja Anda" in texts(sunday)
    assert "Perbup Musi Banyuasin 9/2023, Pasal 8 ayat (1)" in texts(sunday)
    old = await h.send("501", command="lkh", text="/lkh 19-11-2026", args=("19-11-2026",))
    assert "paling lambat 3 hari sesudahnya" in texts(old) and "21-11-2026" in texts(old)
    unread = await h.send("501", command="lkh", text="/lkh kapan", args=("kapan",))
    assert "Tanggal tidak dapat dibaca" in texts(unread)
    assert reports(h) == []


async def test_yesterday_s_report_may_still_be_filed(h):
    """A Monday's report on the Tuesday (within the presensi default of 3 days back)."""
    sent = await file_lkh(h, day_args=("kemarin",))
    assert "LKH 23-11-2026 (2 kegiatan) terkirim" in texts(sent)
    assert reports(h)[0].work_date == TUESDAY - timedelta(days=1)


async def test_long_leave_exempts_from_the_report(h):
    """Pasal 10 huruf c: "pegawai yang menjalani cuti bersama, cuti besar dan cuti di luar
    tanggungan negara" are exempt from the LKH."""
    with h.uow() as uow:
        org = uow.organisation(ORG)
        staff = uow.employee_by_identifier(org.id, STAFF)
        admin = uow.employee_by_identifier(org.id, ADMIN)
        letter = [{"kind": Evidence.APPROVED_LEAVE.value, "media": "surat-cuti.pdf"}]
        request = AbsenceRequest(staff.id, "C", "besar", TUESDAY, TUESDAY, "cuti besar", letter)
        decide(uow, request_absence(uow, request).id, admin.id, approve=True)
        uow.commit()
    refused = await h.send("501", command="lkh", text="/lkh")
    assert "Anda dibebaskan dari LKH pada 24-11-2026" in texts(refused)
    assert "Pasal 10 huruf c" in texts(refused)


async def test_a_second_file_too_many_is_refused_and_the_photo_kept_out(h):
    await h.send("501", command="lkh", text="/lkh")
    await h.send("501", text="Rapat - notulen")
    program = await h.send("501", document=h.document(b"MZ\x90\x00", "application/pdf"))
    assert "bukan PDF atau foto" in texts(program)
    for n in range(3):
        await h.send("501", photo=h.photo(b"\xff\xd8\xff\xe0 foto %d" % n))
    full = await h.send("501", photo=h.photo(b"\xff\xd8\xff\xe0 foto 4"))
    assert "Sudah 3 lampiran" in texts(full) and "Bukti dukung: 3 berkas." in texts(full)
    not_a_photo = await h.send("501", document=h.document(b"MZ\x90\x00", "application/pdf"))
    assert "Sudah 3 lampiran" in texts(not_a_photo)
    sent = await h.send("501", button="lk:send")
    assert "terkirim" in texts(sent) and len(reports(h)[0].evidence) == 3


async def test_a_redelivered_send_files_once(h):
    """The same chat event delivered twice (a crash before its answer was kept) files once."""
    await h.send("501", command="lkh", text="/lkh")
    await h.send("501", text=WORK)
    await h.send("501", button="lk:skip")
    event = h.event("501", button="lk:send")
    first = await h.runner.handle(event)
    second = await h.runner.handle(event)
    assert second.repeated and texts(second) == texts(first)
    assert len(reports(h)) == 1 and len(activities(h)) == 2


async def test_outside_the_e_office_preset_lkh_is_refused(tmp_path):
    """Only Perbup Musi Banyuasin 9/2023 asks for an LKH: under Perwal Sungai Penuh 12/2023
    the command says so and opens nothing."""
    h = build(tmp_path)
    await h.link("501", STAFF)
    refused = await h.send("501", command="lkh", text="/lkh")
    assert texts(refused).startswith("Laporan kinerja harian (LKH) tidak digunakan")
    after = await h.send("501", text="Rapat - notulen")
    assert "bukti" not in texts(after) and reports(h) == []


async def test_the_command_is_in_everyone_s_help(h):
    answer = await h.send("501", command="bantuan", text="/bantuan")
    assert "/lkh - Laporan kinerja harian (LKH)" in texts(answer)


async def test_an_erasure_takes_the_evidence_and_keeps_the_report(h):
    """UU 27/2022 erasure: the evidence file goes, the report stays (Pasal 11: a basis of TPP);
    the subject's copy (export) lists the reports and their activities."""
    from core.services.privacy import export
    from core.services.privacy_erase import erase

    await file_lkh(h, evidence=b"\xff\xd8\xff\xe0 foto kegiatan")
    [row] = reports(h)
    ref = row.evidence[0]["media"]
    with h.uow() as uow:
        copy = export(uow, uow.employee(employee_id(h, STAFF)))
    assert [r["work_date"] for r in copy["lkh_reports"]] == ["2026-11-24"]
    assert [a["result"] for a in copy["lkh_activities"]] == ["draf laporan selesai", "notulen"]
    with h.uow() as uow:
        done = erase(uow, uow.employee(employee_id(h, STAFF)), h.runner.deps.media)
        uow.commit()
    assert done.lkh_documents == 1 and done.action.endswith(" h1")
    with pytest.raises(FileNotFoundError):
        h.runner.deps.media.get(ref)
    [kept] = reports(h)
    assert kept.evidence == [{"media": None, "mime": "image/jpeg"}] and kept.status == "filed"
    assert len(activities(h)) == 2
    with h.uow() as uow:
        assert audit.verify(uow.session)[1] == []


async def test_without_a_supervisor_or_an_admin_the_report_waits_and_the_employee_is_told(h):
    """The camat's unit has no admin and he has no supervisor: nobody can be asked."""
    await h.link("800", "198306142009011005")
    sent = await file_lkh(h, sender="800")
    assert "belum ada atasan langsung atau admin unit" in texts(sent)
    assert sent.notices == [] and reports(h)[0].verifier_id is None


async def test_the_service_refuses_what_the_chat_would_not_send(h):
    """Whoever hands a report over, the rule is checked where it is stored."""
    from core.lkh import Activity, BadReport
    from core.services import lkh

    many = [{"media": f"evidence/2026-11-24/{n:032x}.jpg", "mime": "image/jpeg"} for n in range(4)]
    work = [Activity("Rapat", "notulen")]
    with h.uow() as uow:
        staff = employee_id(h, STAFF)
        with pytest.raises(lkh.LkhRefused, match="too_much_evidence"):
            lkh.file_report(uow, lkh.Filing(staff, TUESDAY, work, many, filed_at=h.clock.now()))
        with pytest.raises(BadReport, match="empty"):
            lkh.file_report(uow, lkh.Filing(staff, TUESDAY, [], filed_at=h.clock.now()))
    assert reports(h) == []


async def test_a_supervisor_who_is_no_admin_verifies_their_staff_s_report(h):
    """The verifier is the direct supervisor, whatever the preset names for requests (an admin
    under E-Office): Ahmad, an admin, reports to Hendra, the head, who is none."""
    await h.link("601", "199005172015031001")
    sent = await file_lkh(h, sender="601")
    assert "terkirim ke Drs. Hendra Saputra" in texts(sent), texts(sent)
    [(to, notice)] = sent.notices
    assert to == employee_id(h, HEAD)
    verified = await h.send("700", button=notice.buttons[0][0].data)
    assert verified.toast == "LKH Ahmad Fauzi S.Kom 24-11-2026 diverifikasi."
    [row] = reports(h)
    assert (row.verifier_id, row.decided_by) == (employee_id(h, HEAD), employee_id(h, HEAD))


@pytest.mark.postgres
async def test_a_verification_waiting_on_an_amendment_sees_the_new_version(tmp_path, pg_engine):
    """The supervisor taps Verify on version 1 while the employee's amendment is being
    written: the verification waits for the row and then finds version 2, unseen, and
    verifies nothing."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from core.lkh import Activity
    from core.services import lkh

    h = build(tmp_path, engine=pg_engine, preset="eoffice-muba")
    await h.link("501", STAFF)
    await h.link("600", ADMIN)
    h.at(16, 5)
    await file_lkh(h)
    [first] = reports(h)
    staff, admin = employee_id(h, STAFF), employee_id(h, ADMIN)

    def verify_version_1() -> None:
        with h.uow() as uow:
            lkh.verify(uow, first.id, 1, admin)
            uow.commit()

    with h.uow() as amending:
        work = [Activity("Rapat", "notulen lengkap")]
        lkh.file_report(amending, lkh.Filing(staff, TUESDAY, work, filed_at=h.clock.now()))
        amending.session.flush()  # holds the row
        with ThreadPoolExecutor(1) as pool:
            verifying = pool.submit(verify_version_1)
            time.sleep(0.3)
            assert not verifying.done()  # waiting for the row, not verifying a stale read
            amending.commit()
            with pytest.raises(lkh.LkhRefused, match="changed"):
                verifying.result(timeout=10)
    [row] = reports(h)
    assert (row.status, row.version) == ("filed", 2)
