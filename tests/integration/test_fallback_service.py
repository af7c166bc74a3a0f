"""`record_fallback` over real storage (SQLite and PostgreSQL): the quota, the judgement, the
audit entry, and the record's source where the day's list shows it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.fallback import FallbackReason
from core.rules import Direction
from core.services.fallback import FallbackRecorded, FallbackRefused, FallbackRequest
from core.services.fallback import record_fallback as record
from core.services.recap import day_summary, employee_days
from core.storage import audit
from core.storage.tables import AuditRow
from tests.integration.test_recap_service import load

WITA = ZoneInfo("Asia/Makassar")
ORG = "pemkab-konkep"
STAFF_CSV = """nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak
197804122005011002,,La Ode Kepala,PNS,setda,,manager,,
198203252008012004,,Wa Ode Admin,PNS,setda,197804122005011002,admin,,
199611302022032007,,Sitti Staf,CPNS,setda,198203252008012004,,,
"""
HEAD, ADMIN, STAFF = "197804122005011002", "198203252008012004", "199611302022032007"
FORGOT = FallbackReason.PHONE_FORGOTTEN


@pytest.fixture
def konawe(uow_factory):
    return load(uow_factory, "org-konawe-kepulauan.yaml", STAFF_CSV)


def wita(day: int, hour: int, minute: int, month: int = 11) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour, minute), WITA)


def fallback(uow_factory, clock, when, reason=FORGOT, direction=Direction.IN, by=ADMIN):
    """Record at `when` (the admin enters it an hour later) and commit what was recorded."""
    clock.set((when.replace(hour=when.hour + 1)).astimezone(UTC))
    with uow_factory() as uow:
        org_id = uow.organisation(ORG).id
        admin = uow.employee_by_identifier(org_id, by)
        staff = uow.employee_by_identifier(org_id, STAFF)
        done = record(uow, admin, FallbackRequest(staff, direction, reason, at=when, note="SK"))
        uow.commit()
        return done


def test_the_fourth_forgotten_phone_fallback_of_a_month_is_refused_citing_pasal_9_ayat_6(
    uow_factory, clock, konawe
):
    # Tuesday to Thursday, 3-5 November: three forgotten-phone days; the check-out of a day
    # whose check-in was one is the same "kehadiran" and uses no more of the quota.
    for day in (3, 4, 5):
        assert isinstance(fallback(uow_factory, clock, wita(day, 7, 40)), FallbackRecorded)
    out = fallback(uow_factory, clock, wita(3, 16, 10), direction=Direction.OUT)
    assert isinstance(out, FallbackRecorded)

    fourth = fallback(uow_factory, clock, wita(10, 7, 40))

    assert isinstance(fourth, FallbackRefused) and fourth.key == "quota"
    assert fourth.quota is not None
    rule = fourth.quota.rule
    assert (rule.instrument, rule.pasal, rule.ayat) == ("Perbup Konawe Kepulauan 18/2023", "9", "6")
    assert "hanya diberikan toleransi 3 (tiga) kali kehadiran" in rule.quote
    assert str(fourth.quota) == (
        "at most 3 fallbacks a month for a forgotten phone, 3 used "
        "(Perbup Konawe Kepulauan 18/2023, Pasal 9 ayat (6))"
    )
    # No signal is not rationed; a new month starts a new quota.
    assert isinstance(
        fallback(uow_factory, clock, wita(10, 7, 40), FallbackReason.NO_SIGNAL), FallbackRecorded
    )
    assert isinstance(fallback(uow_factory, clock, wita(1, 7, 40, month=12)), FallbackRecorded)


def test_judged_like_a_clock_in_and_audited_under_the_admins_name(uow_factory, clock, konawe):
    late = fallback(uow_factory, clock, wita(24, 7, 50))
    early = fallback(uow_factory, clock, wita(24, 15, 0), direction=Direction.OUT)

    assert isinstance(late, FallbackRecorded) and isinstance(early, FallbackRecorded)
    assert (late.verdict.outcome.value, late.verdict.minutes) == ("late", 20)
    assert (early.verdict.outcome.value, early.verdict.minutes) == ("left_early", 60)
    assert late.record.evidence == {"fallback_reason": "phone_forgotten", "note": "SK"}
    with uow_factory() as uow:
        admin_id = uow.employee_by_identifier(uow.organisation(ORG).id, ADMIN).id
        actors = uow.session.query(AuditRow.actor).filter_by(entity="attendance").all()
        assert [a for (a,) in actors] == [f"employee:{admin_id}"] * 2
        assert audit.verify(uow.session)[1] == []
    assert late.record.actor_id == admin_id


def test_a_head_of_unit_who_is_not_an_admin_records_nothing(uow_factory, clock, konawe):
    refused = fallback(uow_factory, clock, wita(24, 7, 50), by=HEAD)

    assert refused == FallbackRefused("not_administered")


def test_the_day_list_and_status_show_the_source(uow_factory, clock, konawe):
    fallback(uow_factory, clock, wita(24, 7, 50))
    now = wita(24, 17, 0)
    with uow_factory() as uow:
        summary = day_summary(uow, ORG, date(2026, 11, 24), "setda", now=now)
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        [day] = employee_days(uow, staff, date(2026, 11, 24), date(2026, 11, 24), now=now)

    [line] = [x for x in summary.lines if x.person.identifier == STAFF]
    assert (line.entry.check_in, line.entry.check_in_source) == (time(7, 50), "manual")
    assert [(r.direction, r.source) for r in day.records] == [("in", "manual")]


def test_a_closed_month_takes_fallbacks_only_in_its_revisions_window(uow_factory, clock, konawe):
    """Perbup Konawe Kepulauan 18/2023 Pasal 13 ayat (4): a month is revised on the 1st-4th of
    the next; a fallback entered later for it is a revision too."""

    def late_entry(entered: datetime):
        clock.set(entered.astimezone(UTC))
        with uow_factory() as uow:
            org_id = uow.organisation(ORG).id
            admin = uow.employee_by_identifier(org_id, ADMIN)
            staff = uow.employee_by_identifier(org_id, STAFF)
            request = FallbackRequest(
                staff, Direction.IN, FallbackReason.NO_SIGNAL, at=wita(30, 7, 40, month=10)
            )
            done = record(uow, admin, request)
            uow.commit()
            return done

    refused = late_entry(wita(24, 9, 0))
    assert isinstance(refused, FallbackRefused) and refused.key == "window"
    assert (refused.values["first"], refused.values["last"]) == (
        date(2026, 11, 1),
        date(2026, 11, 4),
    )
    assert "Pasal 13" in refused.values["rule"]
    assert isinstance(late_entry(wita(3, 9, 0)), FallbackRecorded)  # 3 November: inside it


def test_inside_a_declared_outage_no_fallback_counts_towards_the_quota(uow_factory, clock, konawe):
    """Pasal 9 ayat (1) huruf c: the server down; nobody there could clock in by chat, so the
    forgotten-phone quota of ayat (6) does not apply to that period's fallbacks."""
    from core.services.outages import declare

    for day in (3, 4, 5):
        assert isinstance(fallback(uow_factory, clock, wita(day, 7, 40)), FallbackRecorded)
    clock.set(wita(10, 12, 0).astimezone(UTC))
    with uow_factory() as uow:
        org_id = uow.organisation(ORG).id
        period = (wita(10, 6, 0), wita(10, 9, 0))
        declared = declare(uow, None, org_id, period, [], "server pusat mati")
        uow.commit()
    assert declared.id

    fourth = fallback(uow_factory, clock, wita(10, 7, 40))
    assert isinstance(fourth, FallbackRecorded)
    assert fourth.record.evidence["outage"] == declared.id
    fifth_day = fallback(uow_factory, clock, wita(11, 7, 40))  # after it: the quota again
    assert isinstance(fifth_day, FallbackRefused) and fifth_day.key == "quota"


def test_a_staff_member_may_not_declare_an_outage(uow_factory, clock, konawe):
    from core.services.outages import OutageRefused, declare

    clock.set(wita(10, 12, 0).astimezone(UTC))
    with uow_factory() as uow:
        org_id = uow.organisation(ORG).id
        admin = uow.employee_by_identifier(org_id, ADMIN)  # a unit admin, not a super admin
        refused = declare(uow, admin, org_id, (wita(10, 6, 0), wita(10, 9, 0)), [], "x")
    assert isinstance(refused, OutageRefused) and refused.key == "not_super_admin"
