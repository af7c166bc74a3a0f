"""/tinjau decisions: the unit admin confirms a flagged clock-in (it loses its flag) or rejects it
with a reason (it no longer counts; a day with nothing else valid is TK), both audited, the
employee told, the recap following; what cannot be decided is refused and changes nothing.
On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import select

from core.services.recap import month_recap
from core.services.review_decide import Reviewed, ReviewRefused, decide_review
from core.storage import audit
from core.storage.tables import AttendanceRow, AuditRow, EmployeeRow
from tests.flows_harness import ADMIN, ENGINES, HEAD, ORG, STAFF, build, engine_for, rows, texts
from tests.integration.test_flows_checkin import set_unit_policy

NURSE = "199203152023212003"  # pkm-sungai-penuh: another unit
PKM_ADMIN = "198512202010012011"  # pkm-sungai-penuh's admin
SECOND_ADMIN = "199005172015031001"  # Ahmad Fauzi, setda's other admin
PUSKESMAS = (-2.06840, 101.39620)
DEWI, RINA = "Dewi Lestari A.Md", "Rina Marlina S.Sos"
NO_FACE = "tanpa pencocokan wajah (wajah belum terdaftar)"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    """Dewi (no enrolled face: flagged) clocks in at 07:20 on Tuesday 24 November."""
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.clock_in("501", STAFF)
    harness.at(8, 0)
    return harness


async def tinjau(h, sender: str = "600", *args: str):
    return await h.send(sender, command="tinjau", text=" ".join(["/tinjau", *args]), args=args)


async def tap(h, data: str, sender: str = "600"):
    return await h.send(sender, button=data)


def record_id(h, n: int = 0) -> int:
    return rows(h)[n].id


def actions(h) -> list[str]:
    with h.uow() as uow:
        query = select(AuditRow.action).order_by(AuditRow.org_id, AuditRow.seq)
        return list(uow.session.scalars(query))


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.session.query(EmployeeRow).filter_by(identifier=identifier).one().id


def day_of(h, day: date = date(2026, 11, 24)):
    """Dewi's cell of the month's recap for `day`, as /rekapbulan counts it."""
    with h.uow() as uow:
        recap = month_recap(uow, ORG, 2026, 11, "setda", now=h.clock.now())
    [line] = [line for line in recap.units[0].employees if line.person.name == DEWI]
    return line.days[day.day - 1]


async def reject(h, reason: str = "tidak berada di kantor", sender: str = "600"):
    asked = await tap(h, f"rv:no:{record_id(h)}", sender)
    assert texts(asked).startswith("Tuliskan alasan menolak absen ini"), texts(asked)
    return await h.send(sender, text=reason)


# --- confirming --------------------------------------------------------------------------------


async def test_a_confirmed_clock_in_loses_its_flag_and_the_employee_is_told(h):
    listed = await tinjau(h)
    [button, _] = listed.replies[1].buttons[0]

    answer = await tap(h, button.data)

    [reply] = answer.replies
    assert reply.text == f"✅ DIKONFIRMASI: {DEWI}, masuk 24-11-2026 07:20 WIB ({NO_FACE})."
    assert reply.replaces == f"review:{record_id(h)}"  # shown in the listed message's place
    assert answer.toast == "Dikonfirmasi."
    [(who, notice)] = answer.notices
    assert who == employee_id(h, STAFF)
    assert notice.text == (
        f"Absen masuk Anda 24-11-2026 07:20 WIB sudah ditinjau dan dikonfirmasi oleh admin {RINA}."
    )
    [row] = rows(h)
    assert "flags" not in row.evidence and "review" not in row.evidence
    assert row.evidence["reviewed"]["decision"] == "confirmed"
    assert row.evidence["reviewed"]["flags"] == ["no_face"]
    assert (row.accepted, row.outcome) == (True, "on_time")  # the verdict is untouched
    assert actions(h)[-1] == "attendance.review_confirm"
    assert texts(await tinjau(h)).startswith("Tidak ada absen yang perlu ditinjau")
    assert day_of(h).status.label == "on_time" and not day_of(h).revised
    with h.uow() as uow:
        assert audit.verify(uow.session)[1] == []


# --- rejecting ---------------------------------------------------------------------------------


async def test_a_rejection_asks_for_the_reason_then_the_day_becomes_tk(h):
    h.at(9, 0, date(2026, 11, 25))  # reviewed the next morning: the 24th is over

    listed = await tinjau(h, "600", "24-11-2026")
    assert f"{DEWI}: Masuk 07:20 WIB, {NO_FACE}" in texts(listed)
    answer = await reject(h, "  tidak berada di kantor  ")

    [reply] = answer.replies
    assert reply.text == (
        f"❌ DITOLAK: {DEWI}, masuk 24-11-2026 07:20 WIB ({NO_FACE}).\n"
        "Alasan: tidak berada di kantor\n"
        "24-11-2026 kini: Tanpa keterangan (TK)."
    )
    assert reply.replaces == f"review:{record_id(h)}"
    [(who, notice)] = answer.notices
    assert who == employee_id(h, STAFF)
    assert notice.text == (
        f"Absen masuk Anda 24-11-2026 07:20 WIB ditolak oleh admin {RINA} setelah ditinjau.\n"
        "Alasan: tidak berada di kantor\n"
        "Absen itu tidak dihitung; 24-11-2026 kini: Tanpa keterangan (TK). Bila keliru, hubungi "
        "admin unit Anda."
    )
    old, new = rows(h)
    assert (new.corrects_id, new.accepted, new.outcome) == (old.id, False, "rejected")
    assert new.minutes == 0
    assert (new.actor_id, new.reason) == (employee_id(h, ADMIN), "tidak berada di kantor")
    assert new.evidence["reviewed"]["decision"] == "rejected"
    assert actions(h)[-1] == "attendance.review_reject"
    cell = day_of(h)
    assert (cell.status.code.value, cell.revised) == ("TK", True)  # the recap follows
    with h.uow() as uow:
        assert audit.verify(uow.session)[1] == []


async def test_the_employees_history_says_why_the_day_is_tk(h):
    await reject(h, "wajah orang lain")
    h.at(9, 0, date(2026, 11, 25))

    history = await h.send("501", command="riwayat", text="/riwayat")

    assert (
        "\nSel 24-11 TK: tanpa keterangan, masuk 07:20 ditolak: ditolak admin saat ditinjau "
        "(wajah orang lain), direvisi admin\n"
    ) in texts(history)


async def test_rejected_the_same_day_it_is_not_tk_yet(h):
    answer = await reject(h)

    assert texts(answer).endswith(
        "24-11-2026 kini: belum ada absen yang sah (TK bila tetap begitu sampai akhir hari)."
    )
    assert day_of(h).status.code.value == "BELUM"


async def test_a_rejected_check_in_beside_a_valid_check_out_leaves_a_day_without_check_in(h):
    h.at(16, 5)
    await h.clock_in("501", STAFF, "pulang")
    set_check_out_unflagged(h)

    answer = await reject(h)

    assert texts(answer).endswith("24-11-2026 kini: hadir tanpa absen masuk yang sah (TL4).")
    assert day_of(h).status.missing_in


def set_check_out_unflagged(h) -> None:
    """The check-out was matched against a face after all (flags off), so only the check-in
    is under review."""
    with h.uow() as uow:
        out = uow.session.scalars(select(AttendanceRow).where(AttendanceRow.direction == "out"))
        for row in out:
            row.evidence = {k: v for k, v in row.evidence.items() if k not in ("flags", "review")}
        uow.commit()


# --- bad input ---------------------------------------------------------------------------------


async def test_a_reason_missing_is_asked_again_and_batal_changes_nothing(h):
    await tap(h, f"rv:no:{record_id(h)}")

    blank = await h.send("600", text="   ")
    photo = await h.send("600", photo=h.photo(b"not a reason"))
    cancelled = await h.send("600", command="batal", text="/batal")

    asked = (
        "Tuliskan alasan menolak absen ini (misalnya: tidak berada di kantor). Kirim /batal bila "
        "tidak jadi."
    )
    assert texts(blank) == texts(photo) == asked
    assert texts(cancelled) == "Dibatalkan. Pilih Masuk atau Pulang."
    assert len(rows(h)) == 1 and "flags" in rows(h)[0].evidence


async def test_deciding_twice_is_refused_naming_the_first_decision(h):
    await tap(h, f"rv:ok:{record_id(h)}")
    h.at(8, 30)

    again = await tap(h, f"rv:ok:{record_id(h)}")
    reject_after = await tap(h, f"rv:no:{record_id(h)}")

    expected = (
        f"Absen itu sudah dikonfirmasi oleh {RINA} pada 24-11-2026 08:00 WIB; tidak ada yang "
        "diubah."
    )
    assert texts(again) == texts(reject_after) == expected
    assert again.toast == expected and again.notices == []
    assert len(rows(h)) == 1
    assert actions(h).count("attendance.review_confirm") == 1


async def test_a_rejected_one_cannot_be_confirmed_after(h):
    await reject(h)

    answer = await tap(h, f"rv:ok:{record_id(h)}")

    assert texts(answer) == (
        f"Absen itu sudah ditolak oleh {RINA} pada 24-11-2026 08:00 WIB; tidak ada yang diubah."
    )
    assert len(rows(h)) == 2


async def test_one_of_another_unit_is_refused(h):
    h.at(7, 25)
    await h.link("502", NURSE)
    await h.send("502", command="masuk", text="/masuk")
    await h.send("502", location=h.live_location(*PUSKESMAS))
    await h.send("502", photo=h.photo(f"face:{NURSE}|1".encode()))
    nurse_record = rows(h)[-1].id

    answer = await tap(h, f"rv:ok:{nurse_record}")
    asked = await tap(h, f"rv:no:{nurse_record}")

    refusal = "Absen itu bukan dari unit yang Anda kelola; tidak ada yang diubah."
    assert texts(answer) == texts(asked) == refusal
    assert "flags" in rows(h)[-1].evidence and len(rows(h)) == 2
    await h.link("700", PKM_ADMIN)  # the nurse's own admin may
    assert texts(await tap(h, f"rv:ok:{nurse_record}", "700")).startswith("✅ DIKONFIRMASI")


async def test_a_record_corrected_since_the_list_was_sent_is_refused(h):
    await tinjau(h)
    args = (STAFF, "24-11-2026", "masuk", "07:15", "jam", "salah")
    await h.send("600", command="koreksi", text="/koreksi " + " ".join(args), args=args)

    answer = await tap(h, f"rv:no:{record_id(h)}")

    assert texts(answer) == (
        f"Absen itu sudah dikoreksi oleh {RINA} sejak daftar dikirim; tidak ada yang diubah. "
        "Kirim /tinjau untuk daftar terbaru."
    )
    assert len(rows(h)) == 2
    # The correction keeps the flag: it is listed for review in its turn.
    assert f"{DEWI}: Masuk 07:15 WIB, {NO_FACE}" in texts(await tinjau(h))


async def test_someone_who_is_not_an_admin_cannot_decide(h):
    answer = await tap(h, f"rv:ok:{record_id(h)}", sender="501")

    assert texts(answer) == "Anda tidak berwenang untuk tindakan ini."
    assert "flags" in rows(h)[0].evidence


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("rv:ok:999999", "Absen itu tidak ditemukan. Kirim /tinjau untuk daftar terbaru."),
        ("rv:zz:1", "Absen itu tidak ditemukan. Kirim /tinjau untuk daftar terbaru."),
        ("rv:ok:x", "Absen itu tidak ditemukan. Kirim /tinjau untuk daftar terbaru."),
    ],
    ids=["unknown", "bad_verb", "bad_id"],
)
async def test_an_unknown_or_forged_button_changes_nothing(h, data, expected):
    assert texts(await tap(h, data)) == expected
    assert len(rows(h)) == 1 and "flags" in rows(h)[0].evidence


async def test_a_record_that_needs_no_review_is_refused(h):
    set_check_out_unflagged(h)
    with h.uow() as uow:
        row = uow.session.get(AttendanceRow, record_id(h))
        row.evidence = {k: v for k, v in row.evidence.items() if k not in ("flags", "review")}
        uow.commit()

    answer = await tap(h, f"rv:ok:{record_id(h)}")

    assert texts(answer) == "Absen itu tidak perlu ditinjau; tidak ada yang diubah."


async def test_a_closed_month_is_rejected_only_inside_its_revisions_window(h):
    set_unit_policy(h, {"revision_days": [1, 4]})
    h.at(9, 0, date(2026, 12, 5))

    late = await tap(h, f"rv:no:{record_id(h)}")
    h.at(9, 0, date(2026, 12, 3))
    inside = await reject(h)

    assert texts(late).startswith(
        "Ditolak: bulan 11-2026 sudah ditutup; perubahan hanya pada 01-12-2026 s/d 04-12-2026"
    )
    assert texts(inside).startswith("❌ DITOLAK")


async def test_a_submitted_month_without_a_window_is_not_rejected(h):
    """No revisions window in this preset, but the month was submitted with /kirimrekap: the
    month is locked, and the rejection is refused as /koreksi's correction would be."""
    h.at(9, 0, date(2026, 12, 2))
    submitted = await h.send("600", command="kirimrekap", text="/kirimrekap 2026-11",
                             args=("2026-11",))  # fmt: skip
    assert texts(submitted).startswith("✅ Rekap 11-2026 ditandai terkirim")

    asked = await tap(h, f"rv:no:{record_id(h)}")

    assert texts(asked).startswith(
        "Ditolak: rekap bulan 11-2026 sudah dikirim pada 02-12-2026; bulan itu terkunci"
    )
    assert len(rows(h)) == 1 and "flags" in rows(h)[0].evidence


async def test_a_rule_of_the_correction_the_review_does_not_ask_is_a_clear_refusal(h, monkeypatch):
    """Should `correct` refuse what the review's checks let through, the admin reads why and
    nothing changes (no failed update retried)."""
    from core.services import review_decide
    from core.services.attendance import AttendanceRefused

    def refuses(*_args, **_kwargs):
        raise AttendanceRefused("2026-11 was submitted on 2026-12-02: it is locked")

    monkeypatch.setattr(review_decide, "correct", refuses)

    answer = await reject(h)

    assert texts(answer) == "Ditolak: 2026-11 was submitted on 2026-12-02: it is locked"
    assert len(rows(h)) == 1 and "flags" in rows(h)[0].evidence


@pytest.mark.postgres
async def test_two_admins_deciding_at_once_decide_it_once(tmp_path, pg_engine):
    """Ahmad rejects while Rina's confirmation is being written: his decision waits for the
    row, then finds it decided (SQLite has one writer at a time)."""
    h = build(tmp_path, engine=pg_engine)
    await h.link("501", STAFF)
    await h.clock_in("501", STAFF)
    with h.uow() as uow:
        org = uow.organisation(ORG).id
        rina, ahmad = (uow.employee_by_identifier(org, who).id for who in (ADMIN, SECOND_ADMIN))
    target = record_id(h)

    def ahmad_rejects():
        with h.uow() as uow:
            outcome = decide_review(uow, uow.employee(ahmad), target, False, "bukan di kantor")
            uow.commit()
            return outcome

    with h.uow() as confirming:
        done = decide_review(confirming, confirming.employee(rina), target, confirm=True)
        assert isinstance(done, Reviewed)
        with ThreadPoolExecutor(1) as pool:
            rejecting = pool.submit(ahmad_rejects)
            time.sleep(0.3)
            assert not rejecting.done()  # waiting for the row, not deciding on a stale read
            confirming.commit()
            refused = rejecting.result(timeout=10)
    assert isinstance(refused, ReviewRefused) and refused.key == "decided"
    assert refused.values["decision"] == "confirmed" and refused.values["by"] == RINA
    assert len(rows(h)) == 1


async def test_in_english_for_an_admin_who_reads_english(h):
    await h.send("600", command="bahasa", text="/bahasa en", args=("en",))

    answer = await tap(h, f"rv:ok:{record_id(h)}")

    assert texts(answer) == (
        f"✅ CONFIRMED: {DEWI}, check-in 24-11-2026 07:20 WIB (no face match (not enrolled))."
    )
    [(_, notice)] = answer.notices  # Dewi reads Bahasa Indonesia
    assert notice.text.startswith("Absen masuk Anda 24-11-2026 07:20 WIB sudah ditinjau")


async def test_head_of_unit_sees_the_tk_in_the_daily_recap(h):
    await h.link("700", HEAD)
    await reject(h)
    h.at(9, 0, date(2026, 11, 25))

    recap = await h.send("700", command="rekap", text="/rekap 24-11-2026", args=("24-11-2026",))

    text = texts(recap)
    tk = text[text.index("Tanpa keterangan") :]
    assert DEWI in tk.split("\n\n")[0], text
