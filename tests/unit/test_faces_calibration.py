"""The default face threshold against every labelled pair of the shared photos, read in place.

29 genuine and 124 impostor pairs (shared/faces and shared/faces/calibration), encoded by the
production pipeline. `python benchmarks/face_bench.py --calibration` prints the whole curve;
at the default 0.55 it measured no false accept and no false reject, genuine pairs at most
0.518 apart and impostors at least 0.686.
"""

from __future__ import annotations

from functools import cache

import pytest

from core.faces import calibration, pipeline
from core.faces.calibration import Pairs, person_of
from core.faces.port import Reason
from tests.faces_fixtures import labelled_photos, two_face_photos

DEFAULT = pipeline.DEFAULT_SETTINGS.threshold


@cache
def measured() -> tuple[Pairs, dict[str, Reason | None]]:
    results = {name: pipeline.encode(path.read_bytes()) for name, path in labelled_photos().items()}
    found = calibration.pairs({name: r.encoding for name, r in results.items()})
    return found, {name: r.reason for name, r in results.items()}


@pytest.mark.faces
def test_the_default_accepts_no_impostor_and_refuses_no_genuine_pair():
    found, _ = measured()
    rates = calibration.rates(found, DEFAULT)

    assert (rates.genuines, rates.impostors) == (29, 124)
    assert rates.false_accepts == 0  # measured: 0 of 124
    assert rates.false_rejects == 0  # measured: 0 of 29 (0.5 refused 2)


@pytest.mark.faces
def test_the_default_keeps_a_margin_on_both_sides():
    found, _ = measured()

    # Measured: the hardest genuine pair at 0.518, the closest impostors at 0.686.
    assert found.hardest_genuine.distance <= DEFAULT - 0.025
    assert found.closest_impostor.distance >= DEFAULT + 0.1


@pytest.mark.faces
def test_every_one_person_photo_passes_the_quality_gate():
    # Before face sizes were measured in the photo's own pixels, obama_3 (2333 px tall) and
    # kit_harington_1 were refused as "face too small".
    _, reasons = measured()

    assert {name: reason for name, reason in reasons.items() if reason} == {}


@pytest.mark.faces
def test_the_two_person_photos_are_refused():
    refused = {
        name: pipeline.encode(path.read_bytes()).reason for name, path in two_face_photos().items()
    }

    assert refused == {"two_people": Reason.MULTIPLE_FACES, "kit_with_rose": Reason.MULTIPLE_FACES}


def test_the_person_is_the_name_before_the_variant():
    assert person_of("alex_lacamoire_3") == person_of("alex_lacamoire_1") == "alex_lacamoire"
    assert person_of("obama_small") == person_of("obama_partial") == "obama"
    assert person_of("lin_manuel_miranda_1") == "lin_manuel_miranda"


def test_a_refused_photo_counts_against_its_genuine_pairs_only():
    near, far = (0.0,) * 128, (0.3,) + (0.0,) * 127
    found = calibration.pairs({"ann_1": near, "ann_2": None, "ann_3": far, "bob_1": far})

    rates = calibration.rates(found, 0.5)

    # ann_1/ann_3 (0.3) match; ann_2 was refused: its two genuine pairs are false rejects.
    assert (rates.false_rejects, rates.genuines) == (2, 3)
    # bob_1 lies within 0.5 of ann_1 and ann_3: two false accepts; ann_2/bob_1 is refused.
    assert (rates.false_accepts, rates.impostors) == (2, 3)
