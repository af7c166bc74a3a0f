"""Why there is nothing to report reads in the reader's language, never the operator's English."""

from core.flows.no_data import no_data_words
from core.recap import NoData


def test_each_reason_in_both_languages():
    month, day = NoData("no_records", "2026-11", "dinkes"), NoData("nobody", "2026-12-01", "pkm")
    assert no_data_words("id", month) == "belum ada presensi tercatat pada November 2026"
    assert no_data_words("en", month) == "no attendance was recorded in November 2026"
    assert no_data_words("id", day) == "tidak ada pegawai di pkm pada 01-12-2026"
    assert no_data_words("en", NoData("not_started", "2027-01")) == (
        "January 2027 has not started yet"
    )
    assert str(month) == "no attendance recorded for 2026-11 in dinkes"  # the CLI's line
