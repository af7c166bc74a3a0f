"""Nothing is said about a NIP until its code or phone matches (UU 27/2022), on both databases."""

from __future__ import annotations

import pytest

from tests.flows_harness import ADMIN, STAFF, build, texts

UNKNOWN = "199611302022032099"  # a well-formed NIP no one holds
OTHER_UNIT = "198007082006041003"  # dr. Yusuf Pratama, head of dinkes, not Rina's unit


@pytest.fixture
async def h(tmp_path, engine):
    return build(tmp_path, engine=engine)


async def after_nip(h, sender: str, nip: str) -> str:
    await h.send(sender, command="start")
    return texts(await h.send(sender, text=nip))


async def test_a_known_and_an_unknown_nip_get_the_same_answer_naming_no_one(h):
    known, unknown = await after_nip(h, "801", STAFF), await after_nip(h, "802", UNKNOWN)
    assert known == unknown
    assert "Kirim kode aktivasi" in known and "Dewi" not in known


async def test_an_unknown_nip_never_gets_past_the_proof(h):
    await after_nip(h, "802", UNKNOWN)
    assert "salah atau kedaluwarsa" in texts(await h.send("802", text="123456"))
    answer = await h.send("802", contact_phone="0813-6600-2104", contact_is_own=True)
    assert "tidak cocok" in texts(answer)


async def test_the_name_is_told_once_the_code_matches(h):
    await after_nip(h, "801", STAFF)
    assert "Akun terhubung: Dewi Lestari" in texts(await h.send("801", text=h.code_for(STAFF)))


async def test_a_blocked_employee_learns_it_only_after_the_proof(h):
    await h.link("600", ADMIN)
    await h.send("600", command="blokir", args=(STAFF,))
    asked = await after_nip(h, "801", STAFF)
    assert "diblokir" not in asked and asked == await after_nip(h, "802", UNKNOWN)
    answer = await h.send("801", contact_phone="0813-6600-2104", contact_is_own=True)
    assert "Akun Anda diblokir" in texts(answer) and "Rina Marlina" in texts(answer)


@pytest.mark.parametrize("command", ["kode", "reset", "blokir", "buka"])
async def test_an_admin_cannot_tell_another_units_nip_from_an_unknown_one(h, command):
    await h.link("600", ADMIN)
    other = texts(await h.send("600", command=command, args=(OTHER_UNIT,)))
    unknown = texts(await h.send("600", command=command, args=(UNKNOWN,)))
    assert other == unknown == "NIP/NIK itu tidak ada di unit yang Anda kelola."
