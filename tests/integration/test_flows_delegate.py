"""/wakil: an approver away names a substitute for a period. New requests go to the substitute,
who sees and decides the approver's waiting ones in /antrian; /wakil shows it, /wakil hapus
ends it; every bad input is refused with nothing written. Audited. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from core.employee_file import parse_employees_csv
from core.org.file import parse_org
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage import audit
from core.storage.approval_tables import DelegationRow
from core.storage.tables import AuditRow, EmployeeRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    EXAMPLES,
    HEAD,
    ORG,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    texts,
)
from tests.integration.test_flows_leave import file_sick_note

AHMAD = "199005172015031001"  # setda, admin
FITRI = "199107222019032008"  # disdik, staff: approves nobody
ELSEWHERE = "198801012010011001"  # on the staff of another organisation


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    return harness


async def wakil(h, *args: str, sender="600"):
    return await h.send(sender, command="wakil", text="/wakil " + " ".join(args), args=args)


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation(ORG).id, identifier).id


def delegations(h) -> list[tuple[int, int, date, date, bool]]:
    with h.uow() as uow:
        rows = uow.session.scalars(select(DelegationRow).order_by(DelegationRow.id))
        return [
            (r.employee_id, r.delegate_id, r.first_day, r.last_day, r.revoked_at is not None)
            for r in rows
        ]


async def test_the_substitute_gets_new_requests_and_decides_the_waiting_ones(h):
    await file_sick_note(h)  # waits for Rina
    named = await wakil(h, HEAD, "24-11-2026", "s/d", "26-11-2026")
    assert texts(named) == (
        "Wakil Anda: Drs. Hendra Saputra, 24-11-2026 s/d 26-11-2026. Selama itu pengajuan baru "
        "dikirim kepadanya, dan ia dapat memutuskan pengajuan yang menunggu Anda (1 sekarang) "
        "lewat /antrian. Akhiri lebih awal dengan /wakil hapus."
    )
    [(head, notice)] = named.notices
    assert head == employee_id(h, HEAD)
    assert notice.text == (
        "Rina Marlina S.Sos menunjuk Anda sebagai wakil untuk menyetujui pengajuan, 24-11-2026 "
        "s/d 26-11-2026. Lihat yang menunggu dengan /antrian."
    )
    sent = await file_sick_note(h, "25-11-2026")
    assert "terkirim ke Drs. Hendra Saputra" in texts(sent)
    assert [who for who, _ in sent.notices] == [head]

    listed = await h.send("700", command="antrian", text="/antrian")
    cards = [r.text for r in listed.replies[1:-1]]
    assert cards[0].startswith(
        "#1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 24-11-2026 "
        "(untuk Rina Marlina S.Sos)\n"
    )
    assert cards[1].startswith(
        "#2 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 25-11-2026\n"
    )
    approved = await h.send("700", button="ap:1")  # the head is no admin: as the substitute
    assert approved.toast == "Tercatat: disetujui."
    assert "DISETUJUI oleh Drs. Hendra Saputra" in approved.notices[0][1].text

    shown = await wakil(h)
    assert texts(shown) == "Wakil Anda: Drs. Hendra Saputra, 24-11-2026 s/d 26-11-2026"
    assert texts(await wakil(h, sender="700")) == (
        "Anda wakil Rina Marlina S.Sos, 24-11-2026 s/d 26-11-2026"
    )
    h.at(9, 0)
    ended = await wakil(h, "hapus")
    assert texts(ended) == (
        "Penunjukan wakil diakhiri: Drs. Hendra Saputra, 24-11-2026 s/d 26-11-2026. Pengajuan "
        "baru kembali kepada Anda."
    )
    assert ended.notices[0] == (head, ended.notices[0][1])
    assert ended.notices[0][1].text == (
        "Rina Marlina S.Sos mengakhiri penunjukan Anda sebagai wakil (24-11-2026 s/d 26-11-2026)."
    )
    assert "terkirim ke Rina Marlina" in texts(await file_sick_note(h, "26-11-2026"))
    h.at(9, 1)  # a minute later (the same instant would be a replay of the first)
    assert texts(await wakil(h, "hapus")) == (
        "Anda tidak sedang menunjuk wakil, jadi tidak ada yang diakhiri."
    )
    assert texts(await wakil(h)).startswith(
        "Anda tidak sedang menunjuk wakil, dan tidak menjadi wakil siapa pun."
    )
    # The one filed while he stood in stays his to decide; the rest are Rina's again.
    again = await h.send("700", command="antrian", text="/antrian")
    assert texts(again).startswith("1 pengajuan menunggu keputusan Anda") and "#2 " in texts(again)
    with h.uow() as uow:
        actions = uow.session.scalars(
            select(AuditRow.action).where(AuditRow.entity == "delegations")
        ).all()
        assert actions == ["delegation.create", "delegation.revoke"]
        assert audit.verify(uow.session)[1] == []
        # A substitute changed behind the log's back shows.
        uow.session.execute(update(DelegationRow).values(delegate_id=employee_id(h, AHMAD)))
        uow.commit()
        problems = [p.what for p in audit.verify(uow.session)[1]]
        assert problems == ["delegations row 1 was edited"]


def other_organisation(h) -> None:
    """Kabupaten Balangan, with one employee of its own."""
    spec = parse_org((EXAMPLES / "org-balangan.yaml").read_text())
    csv = (
        "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak\n"
        f"{ELSEWHERE},,Orang Balangan,PNS,diskominfo,,,,\n"
    )
    with h.uow() as uow:
        load_org(uow, spec)
        rows = parse_employees_csv(csv, {u.code for u in spec.units})
        import_employees(uow, spec.code, rows, date(2026, 1, 1))
        uow.commit()


async def test_bad_substitutions_are_refused_and_nothing_is_written(h):
    other_organisation(h)
    unknown = "NIP/NIK itu tidak ada di organisasi Anda. Periksa lagi nomornya."
    with h.uow() as uow:
        blocked = uow.session.scalars(select(EmployeeRow).filter_by(identifier=AHMAD)).one()
        blocked.blocked = True
        uow.touch(blocked, "test", "employee.block")
        uow.commit()
    cases = [
        ((ADMIN, "25-11-2026"), "Anda tidak dapat menunjuk diri sendiri sebagai wakil."),
        (("199901012020011099", "25-11-2026"), unknown),
        ((ELSEWHERE, "25-11-2026"), unknown),  # another organisation: told alike
        ((AHMAD, "25-11-2026"), "Ahmad Fauzi S.Kom tidak aktif (diblokir atau tidak lagi "
                                "bertugas), jadi tidak dapat menjadi wakil."),
        ((HEAD, "23-11-2026", "s/d", "25-11-2026"),
         "Masa penunjukan harus mulai hari ini (24-11-2026) atau sesudahnya."),
        ((HEAD, "kemarin"), "Masa penunjukan harus mulai hari ini (24-11-2026) atau sesudahnya."),
        ((HEAD, "24-11-2026", "s/d", "31-03-2027"), "Masa penunjukan paling lama 100 hari."),
    ]  # fmt: skip
    for args, said in cases:
        assert texts(await wakil(h, *args)) == said, args
    usage = "Tunjuk wakil selama Anda pergi: /wakil NIP 01-12-2026 s/d 05-12-2026."
    bad = (("abc", "25-11-2026"), (HEAD,), (HEAD, "besok", "lusa"), (HEAD, "26-11 s/d 25-11"))
    for args in bad:
        assert texts(await wakil(h, *args)).startswith(usage), args
    await h.link("502", FITRI)
    assert texts(await wakil(h, HEAD, "25-11-2026", sender="502")) == (
        "Tidak ada pengajuan yang dikirim kepada Anda untuk disetujui, jadi Anda tidak perlu "
        "menunjuk wakil."
    )
    assert delegations(h) == []

    await wakil(h, HEAD, "24-11-2026", "s/d", "26-11-2026")
    assert texts(await wakil(h, HEAD, "26-11-2026", "s/d", "28-11-2026")) == (
        "Anda sudah menunjuk Drs. Hendra Saputra untuk 24-11-2026 s/d 26-11-2026. Akhiri dulu "
        "dengan /wakil hapus."
    )
    cycle = await wakil(h, ADMIN, "25-11-2026", "s/d", "27-11-2026", sender="700")
    assert texts(cycle) == (
        "Tidak bisa: Rina Marlina S.Sos sudah menunjuk Anda sebagai wakilnya untuk 24-11-2026 "
        "s/d 26-11-2026, sehingga pengajuan akan berputar kembali kepada Anda. Pilih orang lain."
    )
    assert cycle.notices == []
    # After Rina's period the head may name her: no day in common, no cycle.
    later = await wakil(h, ADMIN, "27-11-2026", sender="700")
    assert texts(later).startswith("Wakil Anda: Rina Marlina S.Sos, 27-11-2026 s/d 27-11-2026.")
    rina, head = employee_id(h, ADMIN), employee_id(h, HEAD)
    friday = date(2026, 11, 27)
    assert delegations(h) == [
        (rina, head, TUESDAY, date(2026, 11, 26), False),
        (head, rina, friday, friday, False),
    ]


async def test_a_substitute_never_decides_their_own_request(h):
    """Dewi stands in for Rina: her own sick note stays with Rina (she may not decide it)."""
    await wakil(h, STAFF, "24-11-2026", "s/d", "26-11-2026")
    sent = await file_sick_note(h, "25-11-2026")
    assert "terkirim ke Rina Marlina S.Sos" in texts(sent)
    tapped = await h.send("501", button="ap:1")
    assert tapped.toast == "Anda tidak berwenang untuk tindakan ini."
    own = await h.send("501", command="antrian", text="/antrian")
    assert texts(own) == "Tidak ada pengajuan yang menunggu keputusan Anda."


async def test_the_same_message_replayed_names_the_substitute_once(h):
    event = h.event("600", command="wakil", text="/wakil", args=(HEAD, "25-11-2026"))
    first = await h.runner.handle(event)
    await h.redis.flushall()  # the answer was lost in a crash: the message comes again
    again = await h.runner.handle(event)
    assert texts(again) == texts(first)
    assert len(delegations(h)) == 1


async def test_a_longer_cycle_is_refused_too(h):
    """Rina names the head, the head names Ahmad on the 25th: Ahmad naming Rina that day would
    send requests round back to him."""
    await h.link("601", AHMAD)
    await wakil(h, HEAD, "24-11-2026", "s/d", "26-11-2026")
    await wakil(h, AHMAD, "25-11-2026", sender="700")
    refused = await wakil(h, ADMIN, "25-11-2026", sender="601")
    assert texts(refused) == (
        "Tidak bisa: Drs. Hendra Saputra sudah menunjuk Anda sebagai wakilnya untuk 25-11-2026 "
        "s/d 25-11-2026, sehingga pengajuan akan berputar kembali kepada Anda. Pilih orang lain."
    )
    assert len(delegations(h)) == 2
    allowed = await wakil(h, ADMIN, "27-11-2026", sender="601")  # a day outside both
    assert texts(allowed).startswith("Wakil Anda: Rina Marlina S.Sos, 27-11-2026")
