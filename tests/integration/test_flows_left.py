"""An employee who left the organisation (`presensi employees deactivate`) is told so in chat,
in their language, on /masuk and on every other command, from the day they left."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.services import staff
from core.storage.chat_tables import ChatAccount
from tests.flows_harness import ORG, STAFF, TUESDAY, build, texts

GONE = "Akun Anda tidak aktif lagi sejak 24-11-2026"


@pytest.fixture
def h(tmp_path):
    return build(tmp_path)


def leave(h, on: date) -> None:
    with h.uow() as uow:
        staff.deactivate(uow, staff.find_employee(uow, ORG, STAFF), on, "pensiun")
        uow.commit()


async def test_a_departed_employee_cannot_clock_in_or_use_other_commands(h):
    await h.link("501", STAFF)
    leave(h, TUESDAY)

    for command in ("masuk", "pulang", "status", "izin"):
        answer = await h.send("501", command=command)
        assert GONE in texts(answer), command
    assert "tidak dapat absen" in texts(await h.send("501", text="Masuk"))


async def test_until_the_day_they_leave_nothing_changes(h):
    await h.link("501", STAFF)
    leave(h, TUESDAY + timedelta(days=7))

    assert "lokasi" in texts(await h.send("501", command="masuk")).lower()


async def test_english_readers_read_english(h):
    await h.link("501", STAFF)
    leave(h, TUESDAY)
    with h.uow() as uow:
        for account in uow.session.query(ChatAccount):
            account.language = "en"
        uow.commit()

    answer = await h.send("501", command="masuk")

    assert texts(answer).startswith("Your account is no longer active since 24-11-2026")


async def test_a_departed_employee_cannot_link_a_new_chat(h):
    leave(h, TUESDAY)

    await h.send("502", command="start")
    await h.send("502", text=STAFF)
    answer = await h.send("502", text=h.code_for(STAFF))

    assert GONE in texts(answer) and "Akun terhubung" not in texts(answer)
