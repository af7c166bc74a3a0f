"""`presensi inbox status|retry`: the operator sees what waits and what was given up, and gives a
given-up message its tries back once its cause is fixed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.services import inbox
from presensi.settings import get_settings
from presensi.wiring import unit_of_work


def fill(cli) -> None:
    """One message waiting, one waiting out a Redis outage, one given up after three failures."""
    assert cli("db", "upgrade")[0] == 0
    with unit_of_work(get_settings()) as uow:
        for key in ("101", "102", "103"):
            inbox.store(uow, "telegram", key, {"update_id": int(key), "message": {"text": "NIP"}})
        uow.commit()
    with unit_of_work(get_settings()) as uow:
        outage = inbox.claim(uow, "telegram", "102")
        inbox.mark_unavailable(uow, outage.id, "ConnectionError", timedelta(0))
        uow.commit()
    for _ in range(inbox.MAX_FAILURES):
        with unit_of_work(get_settings()) as uow:
            inbox.mark_failed(uow, inbox.claim(uow, "telegram", "103").id, "KeyError")
            uow.commit()


def check(cli) -> None:
    fill(cli)
    code, out, err = cli("inbox", "status")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "telegram: 1 waiting, 1 waiting for a service, 1 given up, 0 answers not yet delivered"
    )
    assert lines[1].startswith("given up: telegram 103 KeyError after 3 failures, received ")
    assert "NIP" not in out  # what people sent is never shown

    for args, message in [
        ((), "name one KEY or use --all"),
        (("103", "--all"), "name one KEY or use --all"),
        (("101",), "no given-up message 101"),  # waiting, not given up
        (("103", "--channel", "whatsapp"), "no given-up message 103"),
    ]:
        code, _, err = cli("inbox", "retry", *args)
        assert (code, err.strip()) == (1, f"error: {message}")

    code, out, _ = cli("inbox", "retry", "103")
    assert code == 0 and out.strip() == "1 message(s) will be tried again by the running server"
    with unit_of_work(get_settings()) as uow:
        assert {r.key for r in inbox.pending(uow, "telegram")} == {"101", "102", "103"}
    assert cli("inbox", "status")[1].splitlines() == [
        "telegram: 2 waiting, 1 waiting for a service, 0 given up, 0 answers not yet delivered"
    ]


def test_inbox_on_sqlite(cli):
    check(cli)


@pytest.mark.postgres
def test_inbox_on_postgresql(pg_cli):
    check(pg_cli)


def test_inbox_status_without_a_schema_is_one_line(cli):
    code, _, err = cli("inbox", "status")
    assert code == 1 and err.count("\n") == 1 and "presensi db upgrade" in err
