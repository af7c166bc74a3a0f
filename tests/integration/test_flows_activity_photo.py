"""Local duty (T, dinas dalam) proven by a photo at the activity, through /izin on real storage.

Perwal Sungai Penuh 12/2023 Pasal 12 ayat (2): "Pegawai ASN dan Pegawai Tidak Tetap yang
melaksanakan kegiatan kedinasan, tetapi bukan merupakan dinas luar daerah yang menyebabkan tidak
mengisi daftar hadir secara online dan/atau manual pada jam masuk kerja dan/atau jam pulang
kerja, dihitung sebagai masuk kerja yang dibuktikan dengan print foto sedang mengikuti kegiatan
yang selanjutnya disampaikan kepada atasan langsung atau Admin yang ditunjuk"; ayat (3): "...
dibuktikan dengan print foto atau surat tugas/keterangan/dispensasi dan dokumen sejenis
lainnya". One of the two proves the duty: a photo or the assignment letter.
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image

from core.services.recap import month_recap
from core.storage.tables import AbsenceRow
from tests.flows_harness import ADMIN, ENGINES, ORG, STAFF, WIB, build, engine_for, texts

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 60)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


async def to_evidence(h) -> str:
    await h.send(command="izin")
    await h.send(button="lt:T")
    await h.send(button="lt:T:dinas_dalam")
    await h.send(text="24-11-2026")
    return texts(await h.send(text="Pendampingan musrenbang di kantor camat"))


def filed(h) -> AbsenceRow:
    with h.uow() as uow:
        [row] = uow.session.query(AbsenceRow).all()
        uow.session.expunge(row)
        return row


async def test_the_employee_is_asked_for_a_photo_at_the_activity_or_the_letter(h):
    asked = await to_evidence(h)
    assert asked == (
        "Lampirkan salah satu: surat tugas (SPT) atau foto Anda sedang mengikuti kegiatan. "
        "Kirim sebagai foto atau PDF. [Perwal Sungai Penuh 12/2023, Pasal 12 ayat (2)]"
    )


async def test_a_photo_at_the_activity_proves_the_duty(h):
    await to_evidence(h)
    photo = jpeg()
    sent = await h.send(photo=h.photo(photo))
    assert "Tugas (dinas dalam) 24-11-2026 terkirim ke Rina Marlina" in texts(sent)
    [(_, notice)] = sent.notices
    assert "Lampiran: foto kegiatan." in notice.text
    assert notice.document.data == photo and notice.document.name.endswith(".jpg")
    assert [e["kind"] for e in filed(h).evidence] == ["foto_kegiatan"]
    await h.send("600", button=notice.buttons[0][0].data)
    # The day counts as masuk kerja (Pasal 12 ayat (1)-(2)): T, present, no TK.
    with h.uow() as uow:
        result = month_recap(uow, ORG, 2026, 11, "setda", now=datetime(2026, 12, 1, tzinfo=WIB))
    line = next(e for e in result.unit("setda").employees if e.person.identifier == STAFF)
    assert line.days[23].status.code.value == "T"
    assert line.totals.absences == {"T": 1} and line.totals.present == 1


async def test_the_assignment_letter_still_proves_it(h):
    await to_evidence(h)
    sent = await h.send(document=h.document(PDF))
    assert "terkirim" in texts(sent)
    assert [e["kind"] for e in filed(h).evidence] == ["surat_tugas"]


async def test_no_photo_nor_letter_is_asked_again_and_files_nothing(h):
    await to_evidence(h)
    assert "Lampiran harus foto atau PDF" in texts(await h.send(text="nanti saya kirim"))
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 13
    assert "bukan PDF atau foto" in texts(await h.send(photo=h.photo(program)))
    with h.uow() as uow:
        assert uow.session.query(AbsenceRow).count() == 0


async def test_in_english_the_choice_is_worded_for_the_employee(h):
    english = "199005172015031001"  # another setda employee, whose Telegram is in English
    await h.send("502", command="start", language="en")
    await h.send("502", text=english, language="en")
    assert "linked" in texts(await h.send("502", text=h.code_for(english), language="en"))
    await h.send("502", command="izin")
    await h.send("502", button="lt:T")
    await h.send("502", button="lt:T:dinas_dalam")
    await h.send("502", text="24-11-2026")
    asked = texts(await h.send("502", text="Village planning meeting"))
    assert "Attach one of these: assignment letter (SPT) or photo of you taking part" in asked
