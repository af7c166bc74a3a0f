"""Registration in core, without any chat platform."""

from __future__ import annotations

import pytest

from tests.flows_harness import ADMIN, HEAD, STAFF, build, texts


@pytest.fixture
def h(tmp_path):
    return build(tmp_path)


async def test_start_asks_for_a_nip_and_a_code_links_the_account(h):
    assert "NIP" in texts(await h.send(command="start", text="/start"))
    answer = await h.send(text="1996 1130 2022 03 2 007")  # typed with spaces, as printed
    assert "kode aktivasi" in texts(answer)
    assert answer.replies[-1].ask_contact  # or share the number on file
    linked = await h.send(text=h.code_for(STAFF))
    reply = linked.replies[-1]
    assert "Akun terhubung: Dewi Lestari" in reply.text
    assert reply.keyboard[0] == ("Masuk", "Pulang")
    assert ("masuk", "Absen masuk") in reply.commands and all(
        command != "kode" for command, _ in reply.commands
    )


async def test_admin_gets_the_admin_menu(h):
    await h.link("600", ADMIN)
    answer = await h.send("600", command="bantuan", text="/bantuan")
    assert "/kode" in texts(answer) and "/rekap" in texts(answer)


async def test_sharing_the_number_on_file_links_too(h):
    await h.send(command="start")
    await h.send(text=STAFF)
    answer = await h.send(contact_phone="0813-6600-2104", contact_is_own=True)
    assert "Akun terhubung" in texts(answer)


async def test_someone_elses_contact_or_a_wrong_number_is_refused(h):
    await h.send(command="start")
    await h.send(text=STAFF)
    assert "nomor Anda sendiri" in texts(await h.send(contact_phone="081366002104"))
    assert "tidak cocok" in texts(await h.send(contact_phone="0811111111", contact_is_own=True))


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12345", "Yang dikirim bukan NIP atau NIK. Kirim NIP (18 digit) atau NIK (16 digit)"),
        ("1996113020221320x7", "NIP hanya berisi angka. Kirim NIP"),
        ("199611302022132007", "Bulan pengangkatan pada NIP (13) bukan bulan (01-12)."),
        ("199999999999999999", "Tanggal lahir pada NIP (19999999) bukan tanggal yang ada."),
        ("1371014107990000", "Nomor urut NIK tidak mungkin 0000."),
    ],
)
async def test_a_bad_or_unknown_identifier_gets_a_clear_answer(h, typed, message):
    await h.send(command="start")
    assert message in texts(await h.send(text=typed))


async def test_a_bad_identifier_is_explained_in_an_english_speaking_clients_language(h):
    await h.send(command="start", language="en")
    answer = texts(await h.send(text="199611302022132007", language="en"))
    assert answer == (
        "The NIP's appointment month 13 is not a month (01-12). "
        "Send your NIP (18 digits) or NIK (16 digits)."
    )


async def test_a_wrong_code_is_refused_and_guessing_is_capped(h):
    await h.send(command="start")
    await h.send(text=STAFF)
    for _ in range(5):
        assert "salah atau kedaluwarsa" in texts(await h.send(text="000000"))
    good = h.code_for(STAFF)
    assert "salah atau kedaluwarsa" in texts(await h.send(text=good))  # sixth try: refused


async def test_a_second_account_for_the_same_employee_needs_an_admin_reset(h):
    await h.link("501", STAFF)
    await h.send("502", command="start")
    await h.send("502", text=STAFF)
    answer = await h.send("502", text=h.code_for(STAFF))
    assert "sudah terhubung dengan akun lain" in texts(answer)
    await h.link("600", ADMIN)
    assert "dilepas" in texts(await h.send("600", command="reset", args=(STAFF,)))
    await h.send("502", command="start")
    await h.send("502", text=STAFF)
    assert "Akun terhubung" in texts(await h.send("502", text=h.code_for(STAFF)))


async def test_a_blocked_user_is_told_who_can_unblock(h):
    await h.link("501", STAFF)
    await h.link("600", ADMIN)
    assert "diblokir" in texts(await h.send("600", command="blokir", args=(STAFF,)))
    answer = await h.send("501", command="masuk")
    assert "Akun Anda diblokir" in texts(answer) and "Rina Marlina" in texts(answer)
    await h.send("600", command="buka", args=(STAFF,))
    assert "lokasi" in texts(await h.send("501", command="masuk")).lower()


async def test_an_unknown_user_is_sent_to_start(h):
    assert "/start" in texts(await h.send("999", command="masuk"))
    assert "/start" in texts(await h.send("999", text="halo"))


async def test_staff_cannot_use_admin_commands(h):
    await h.link("501", STAFF)
    await h.link("700", HEAD)
    assert "tidak berwenang" in texts(await h.send("501", command="kode", args=(HEAD,)))
    assert "tidak berwenang" in texts(await h.send("700", command="kode", args=(STAFF,)))


async def test_the_same_delivery_twice_is_handled_once(h):
    event = h.event(command="start", text="/start")
    first = await h.runner.handle(event)
    assert first.replies and not first.repeated
    await h.send(text="bukan NIP")  # the conversation moves on
    again = await h.runner.handle(event)  # handed back as it was, not handled again
    assert again.repeated and again.replies == first.replies
    assert (await h.runner.deps.state.get(event.channel, event.sender)).step == "register.identity"


async def test_english_speakers_get_english(h):
    answer = await h.send(command="start", language="en")
    assert "Send your NIP" in texts(answer)
