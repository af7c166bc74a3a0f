"""/izin shows the service's refusal of the dates in the user's language, at the dates step."""

from __future__ import annotations

import pytest

from tests.flows_harness import STAFF, build, texts

ENGLISH = "199005172015031001"  # Ahmad Fauzi, whose Telegram is in English


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    return harness


async def test_a_permit_five_months_back_is_refused_with_the_earliest_day(h):
    await h.send(command="izin")
    await h.send(button="lt:I")
    await h.send(button="lt:I:tidak_masuk")
    refused = texts(await h.send(text="24-06-2026"))  # the harness's today: 24-11-2026
    assert "paling lama 31 hari ke belakang" in refused
    assert "paling awal 24-10-2026" in refused and "presensi default" in refused
    assert "alasan" in texts(await h.send(text="24-10-2026")).lower()  # the same step, again


async def test_the_refusal_in_english(h):
    await h.send("502", command="start", language="en")
    await h.send("502", text=ENGLISH, language="en")
    assert "linked" in texts(await h.send("502", text=h.code_for(ENGLISH), language="en"))
    await h.send("502", command="izin", language="en")
    await h.send("502", button="lt:I", language="en")
    await h.send("502", button="lt:I:tidak_masuk", language="en")
    refused = texts(await h.send("502", text="24-06-2026", language="en"))
    assert "at most 31 days back: the first day at the earliest 24-10-2026" in refused


async def test_a_request_longer_than_a_quarter_is_refused_at_the_dates_step(h):
    await h.send(command="izin")
    await h.send(button="lt:C")
    await h.send(button="lt:C:tahunan")
    refused = texts(await h.send(text="01-12-2026 s/d 31-03-2027"))
    assert "paling banyak 92 hari" in refused
