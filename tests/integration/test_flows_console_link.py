"""/web in chat: a console user gets their sign-in link; where the server has no console, they
are told to ask IT; staff are not offered it."""

from __future__ import annotations

import pytest

from core.console_auth import console_key, issue_link, read_link
from tests.flows_harness import ADMIN, ENGINES, HEAD, STAFF, build, engine_for

KEY = console_key(b"secret")


@pytest.fixture(params=ENGINES)
def h(request, tmp_path):
    return build(tmp_path, engine=engine_for(request))


async def test_the_link_signs_in_the_one_who_asked(h):
    await h.link("600", ADMIN)
    made = []

    def link(employee_id, now):
        made.append((employee_id, now))
        return f"https://presensi.example.go.id/admin/masuk?t={issue_link(KEY, employee_id, now)}"

    h.runner.deps.console_link = link
    answer = await h.send("600", command="web", text="/web")
    [reply] = answer.replies
    assert reply.text.startswith("🔐 Tautan masuk konsol web (berlaku 10 menit, sekali pakai):\n")
    assert "Jangan teruskan tautan ini" in reply.text
    token = reply.text.split("t=", 1)[1].split()[0]
    with h.uow() as uow:
        rina = uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, ADMIN)
    assert read_link(KEY, token, h.clock.now()).employee_id == rina.id
    assert made == [(rina.id, h.clock.now())]


async def test_a_head_of_unit_gets_one_too_and_staff_do_not(h):
    await h.link("700", HEAD)
    await h.link("501", STAFF)
    h.runner.deps.console_link = lambda employee_id, now: "https://x/admin/masuk?t=T"
    assert "https://x/admin/masuk?t=T" in (await h.send("700", command="web")).replies[0].text
    refused = await h.send("501", command="web", text="/web")
    assert refused.replies[0].text == "Anda tidak berwenang untuk tindakan ini."


async def test_without_a_console_the_admin_is_told_to_ask_it(h):
    await h.link("600", ADMIN)
    answer = await h.send("600", command="web", text="/web")
    assert answer.replies[0].text == (
        "Konsol web belum diaktifkan di server ini. Minta petugas TI mengisi PUBLIC_URL."
    )
