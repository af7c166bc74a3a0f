"""`presensi face compare`: JSON verdict and exit status, as an admin sees them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from core.faces import pipeline
from presensi.cli_face import face_app
from tests.faces_fixtures import PDF, photo_path

pytestmark = pytest.mark.faces

runner = CliRunner()


def compare(*args: object):
    return runner.invoke(face_app, ["compare", *map(str, args)])


def test_same_person_matches_with_exit_status_0():
    result = compare(photo_path("obama_1"), photo_path("obama_2"))

    assert result.exit_code == 0
    verdict = json.loads(result.stdout)
    assert verdict["match"] is True
    assert verdict["threshold"] == pipeline.DEFAULT_SETTINGS.threshold
    assert 0 < verdict["distance"] <= verdict["threshold"]
    assert "reason" not in verdict


def test_same_figures_as_the_production_pipeline():
    reference = pipeline.enroll(photo_path("biden_1").read_bytes()).encoding
    expected = pipeline.verify(photo_path("biden_2").read_bytes(), [reference])

    verdict = json.loads(compare(photo_path("biden_1"), photo_path("biden_2")).stdout)

    assert verdict["distance"] == pytest.approx(expected.distance, abs=1e-4)


def test_another_person_does_not_match_with_exit_status_1():
    result = compare(photo_path("obama_1"), photo_path("biden_1"))

    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert (verdict["match"], verdict["reason"]) == (False, "no_match")
    assert verdict["reason_text"] == "The face does not match the enrolled face."


def test_threshold_option_decides():
    loose = compare(photo_path("obama_1"), photo_path("biden_1"), "--threshold", "1.5")

    assert loose.exit_code == 0
    assert json.loads(loose.stdout)["threshold"] == 1.5


def test_refused_selfie_names_the_photo_and_the_reason():
    result = compare(photo_path("obama_1"), photo_path("two_people"))

    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert verdict == {
        "match": False,
        "distance": None,
        "threshold": pipeline.DEFAULT_SETTINGS.threshold,
        "reason": "multiple_faces",
        "reason_text": "More than one face found. Only you should be in the photo.",
        "photo": "selfie",
    }


def test_refused_reference_is_reported(tmp_path):
    pdf = tmp_path / "reference.jpg"
    pdf.write_bytes(PDF)

    result = compare(pdf, photo_path("obama_2"))

    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert (verdict["reason"], verdict["photo"]) == ("not_an_image", "reference")


def test_missing_file_is_a_usage_error(tmp_path):
    result = compare(tmp_path / "nope.jpg", photo_path("obama_2"))

    assert result.exit_code == 2
    assert "Invalid value" in result.output


@pytest.mark.parametrize("threshold", ["0", "-0.1", "2.5", "nan"])
def test_threshold_out_of_range_is_a_usage_error(threshold):
    result = compare(photo_path("obama_1"), photo_path("obama_2"), "--threshold", threshold)

    assert result.exit_code == 2
