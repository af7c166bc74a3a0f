"""/tinjau: a unit admin lists the day's clock-ins flagged for review, with the time and why, one
message each with its Konfirmasi / Tolak buttons (the decisions: test_flows_review_decide.py)."""

from __future__ import annotations

import pytest

from core.flows.messages import Channel, Location
from core.storage.tables import UnitRow
from tests.flows_harness import ADMIN, HEAD, OFFICE, STAFF, build, rows, texts

NURSE = "199203152023212003"  # pkm-sungai-penuh
PKM_ADMIN = "198512202010012011"  # pkm-sungai-penuh, admin
PUSKESMAS = (-2.06840, 101.39620)
WA = "6281366002104"
SETDA = "Sekretariat Daerah Kota Sungai Penuh"
HOW = (
    "Konfirmasi absen yang benar. Tolak yang tidak sah, dengan alasan: absen itu tidak dihitung, "
    "dan hari tanpa absen sah lainnya menjadi TK."
)


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


async def tinjau(h, sender: str = "600", *args: str):
    return await h.send(sender, command="tinjau", text=" ".join(["/tinjau", *args]), args=args)


async def nurse_clocks_in(h) -> None:
    await h.link("502", NURSE)
    await h.send("502", command="masuk", text="/masuk")
    await h.send("502", location=h.live_location(*PUSKESMAS))
    await h.send("502", photo=h.photo(f"face:{NURSE}|1".encode()))


async def test_the_admin_sees_who_clocked_in_without_a_face_and_when(h):
    await h.clock_in("501", STAFF)
    h.at(7, 25)
    await nurse_clocks_in(h)  # another unit: not this admin's to review
    h.at(8, 0)

    answer = await tinjau(h)

    header, item = answer.replies
    assert header.text == f"Absen yang perlu ditinjau, {SETDA}, 24-11-2026 (1):\n{HOW}"
    assert item.text == (
        "Dewi Lestari A.Md: Masuk 07:20 WIB, tanpa pencocokan wajah (wajah belum terdaftar)"
    )
    row = rows(h)[0]  # Dewi's (the nurse's is the second)
    assert [(b.label, b.data) for b in item.buttons[0]] == [
        ("✅ Konfirmasi", f"rv:ok:{row.id}"), ("❌ Tolak", f"rv:no:{row.id}")]  # fmt: skip
    assert item.tag == f"review:{row.id}"  # its decision takes its place where it can


async def test_the_other_units_admin_sees_only_their_unit(h):
    await h.clock_in("501", STAFF)
    h.at(7, 25)
    await nurse_clocks_in(h)
    await h.link("700", PKM_ADMIN)

    answer = await tinjau(h, "700")

    assert "Nurhayati A.Md.Keb: Masuk 07:25 WIB, tanpa pencocokan wajah" in texts(answer)
    assert "Dewi" not in texts(answer)


async def test_a_whatsapp_review_clock_in_says_both_reasons(h):
    with h.uow() as uow:
        for unit in uow.session.query(UnitRow):
            unit.policy = {**(unit.policy or {}), "whatsapp_clock_in": "review"}
        uow.commit()
    await h.send(WA, channel=Channel.WHATSAPP, command="start", text="/start")
    await h.send(WA, channel=Channel.WHATSAPP, text=STAFF)
    await h.send(WA, channel=Channel.WHATSAPP, text=h.code_for(STAFF))
    await h.send(WA, channel=Channel.WHATSAPP, text="Masuk")
    pin = Location(OFFICE[0], OFFICE[1], None, False, h.clock.now())
    await h.send(WA, channel=Channel.WHATSAPP, location=pin)
    await h.send(WA, channel=Channel.WHATSAPP, photo=h.photo(f"face:{STAFF}|wa".encode()))

    answer = await tinjau(h)

    assert (
        "Dewi Lestari A.Md: Masuk 07:20 WIB, tanpa pencocokan wajah (wajah belum terdaftar); "
        "lewat WhatsApp (tanpa lokasi terkini)"
    ) in texts(answer)


async def test_matched_and_refused_clock_ins_are_not_listed(h):
    await h.send("501", command="wajah")
    await h.send("501", photo=h.photo(f"face:{STAFF}|enrol".encode()))
    done = await h.send("501", button="fe:done")
    await h.send("600", button=done.notices[0][1].buttons[0][0].data)
    await h.send("501", command="masuk")
    await h.send("501", location=h.live_location())
    await h.send("501", photo=h.photo(b"face:someone-else"))  # refused: not the enrolled face
    await h.clock_in("501", STAFF)  # matched

    answer = await tinjau(h)

    assert texts(answer) == (f"Tidak ada absen yang perlu ditinjau di {SETDA} pada 24-11-2026.")


async def test_another_day_by_date(h):
    await h.clock_in("501", STAFF)
    h.clock.advance(days=1)

    today = await tinjau(h)
    yesterday = await tinjau(h, "600", "2026-11-24")
    also = await tinjau(h, "600", "24-11-2026")

    assert "Tidak ada absen yang perlu ditinjau" in texts(today) and "25-11-2026" in texts(today)
    assert "Dewi Lestari A.Md: Masuk 07:20 WIB" in texts(yesterday)
    assert texts(also) == texts(yesterday)


async def test_a_date_that_cannot_be_read(h):
    answer = await tinjau(h, "600", "kemarin-lusa")

    assert texts(answer) == (
        "Tanggal tidak dapat dibaca. Contoh: /tinjau 2026-11-24 atau /tinjau 24-11-2026"
    )


@pytest.mark.parametrize("who", [STAFF, HEAD], ids=["employee", "head of unit"])
async def test_someone_who_is_not_an_admin_is_refused(h, who):
    await h.clock_in("501", STAFF)
    sender = "501" if who == STAFF else "503"
    if who == HEAD:
        await h.link(sender, HEAD)

    answer = await tinjau(h, sender)

    assert texts(answer) == "Anda tidak berwenang untuk tindakan ini."


async def test_help_lists_it_for_admins_only(h):
    admin_help = await h.send("600", command="bantuan", text="/bantuan")
    staff_help = await h.send("501", command="bantuan", text="/bantuan")

    assert "/tinjau - Absen yang perlu ditinjau" in texts(admin_help)
    assert "tinjau" in dict(admin_help.replies[0].commands)
    assert "tinjau" not in texts(staff_help)
    assert "tinjau" not in dict(staff_help.replies[0].commands)


async def test_in_english_for_an_admin_who_reads_english(h):
    from core.storage.chat_tables import ChatAccount

    await h.clock_in("501", STAFF)
    with h.uow() as uow:
        for account in uow.session.query(ChatAccount).filter_by(external_id="600"):
            account.language = "en"
        uow.commit()

    answer = await tinjau(h)

    assert texts(answer) == (
        f"Clock-ins to review, {SETDA}, 24-11-2026 (1):\n"
        "Confirm a record that is genuine. Reject one that is not, with a reason: it no longer "
        "counts, and a day with no other valid record becomes TK.\n"
        "Dewi Lestari A.Md: Clock in 07:20 WIB, no face match (not enrolled)"
    )
    assert [b.label for b in answer.replies[1].buttons[0]] == ["✅ Confirm", "❌ Reject"]


async def test_a_long_list_shows_the_first_ones_and_says_how_many_wait(h, monkeypatch):
    from core.flows import review

    monkeypatch.setattr(review, "MAX_SHOWN", 1)
    await h.clock_in("501", STAFF)
    h.at(16, 5)
    await h.clock_in("501", STAFF, "pulang")

    answer = await tinjau(h)

    header, item = answer.replies
    assert header.text == (
        f"Absen yang perlu ditinjau, {SETDA}, 24-11-2026 (2):\n"
        "1 yang pertama ditampilkan; putuskan, lalu kirim /tinjau lagi untuk sisanya.\n" + HOW
    )
    assert item.text.startswith("Dewi Lestari A.Md: Masuk 07:20 WIB")
    await h.send("600", button=item.buttons[0][0].data)  # confirmed: the next one comes up
    again = await tinjau(h)
    assert "(1):" in again.replies[0].text
    assert again.replies[1].text.startswith("Dewi Lestari A.Md: Pulang 16:05 WIB")
