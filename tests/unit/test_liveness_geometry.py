"""Landmark geometry and the pure liveness judgement on synthetic 68-point faces.

A synthetic head is 68 points in 3-D (nose forward, jaw ends back) seen by a pinhole camera; a
photo of it is the same points pressed flat. The photo's views fit one homography whatever the
camera does, the turning head's do not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.faces import geometry
from core.faces.liveness import FrameFaces, LivenessSettings, identity, judge
from core.faces.liveness_reasons import LivenessReason
from core.flows.texts import TEXTS
from core.liveness_rule import Challenge


def head(*, shut: float = 0.0) -> np.ndarray:
    """68 points of a head in 3-D (x right, y down, z towards the camera), ~2 units wide;
    `shut` from 0 (eyes open) to 1 (shut)."""
    points = np.zeros((68, 3))
    for i in range(17):  # jaw: a U from ear to ear, its ends set back
        angle = math.pi * i / 16
        points[i] = (-math.cos(angle), 0.2 + 1.0 * math.sin(angle), -0.8 * math.cos(angle) ** 2)
    for i in range(10):  # brows
        points[17 + i] = (-0.8 + 1.6 * i / 9, -0.55, 0.15)
    for i in range(4):  # nose bridge down to the tip, coming forward
        points[27 + i] = (0, -0.35 + 0.2 * i, 0.25 + 0.15 * i)
    for i in range(5):  # nostrils
        points[31 + i] = (-0.2 + 0.1 * i, 0.35, 0.35)
    lid = 0.1 * (1 - shut)
    for start, centre in ((36, -0.4), (42, 0.4)):
        ring = [(-0.15, 0), (-0.05, -lid), (0.05, -lid), (0.15, 0), (0.05, lid), (-0.05, lid)]
        for i, (dx, dy) in enumerate(ring):
            points[start + i] = (centre + dx, -0.25 + dy, 0.1)
    for i in range(20):  # mouth: outer and inner rings
        angle = 2 * math.pi * i / (12 if i < 12 else 8)
        radius = (0.4, 0.15) if i < 12 else (0.3, 0.07)
        points[48 + i] = (radius[0] * math.cos(angle), 0.65 + radius[1] * math.sin(angle), 0.2)
    return points


def view(points: np.ndarray, *, yaw: float = 0, roll: float = 0, shift=(0, 0), flat=False):
    """The image (pixels) of `points` turned by `yaw` degrees (positive: towards the image's
    right) and rolled, 4 units from a camera of focal 400; `flat` presses them onto a plane."""
    p = points.copy()
    if flat:
        p[:, 2] = 0
    a, r = math.radians(yaw), math.radians(roll)
    x, z = (
        p[:, 0] * math.cos(a) + p[:, 2] * math.sin(a),
        -p[:, 0] * math.sin(a) + p[:, 2] * math.cos(a),
    )
    x, y = x * math.cos(r) - p[:, 1] * math.sin(r), x * math.sin(r) + p[:, 1] * math.cos(r)
    depth = 4 - z
    return np.column_stack([320 + shift[0] + 400 * x / depth, 240 + shift[1] + 400 * y / depth])


def noisy(points: np.ndarray, seed: int, pixels: float = 0.5) -> np.ndarray:
    return points + np.random.default_rng(seed).normal(0, pixels, points.shape)


def test_homography_recovers_a_known_map():
    matrix = np.array([[1.1, 0.2, 5.0], [-0.1, 0.9, -3.0], [0.0004, -0.0002, 1.0]])
    source = view(head())

    fitted = geometry.homography(source, geometry.project(matrix, source))

    assert fitted == pytest.approx(matrix, abs=1e-6)


def test_four_points_give_the_exact_map():
    square = np.array([(0, 0), (100, 0), (100, 100), (0, 100)], dtype=float)
    quad = np.array([(10, 5), (120, 20), (90, 130), (0, 95)], dtype=float)

    assert geometry.project(geometry.homography(square, quad), square) == pytest.approx(quad)


def test_a_photo_turned_before_the_camera_is_flat():
    photo = head()
    frames = [view(photo, yaw=angle, roll=angle / 3, flat=True) for angle in (0, 15, 30, -25)]
    frames = [noisy(frame, seed) for seed, frame in enumerate(frames)]

    assert geometry.flatness(frames) < LivenessSettings().max_flatness / 2


def test_a_head_turning_is_not_flat():
    frames = [noisy(view(head(), yaw=angle), seed) for seed, angle in enumerate((0, 10, 20, 30))]

    assert geometry.flatness(frames) > 1.5 * LivenessSettings().max_flatness


def test_one_frame_has_no_parallax():
    assert geometry.flatness([view(head())]) == 0.0


def test_yaw_follows_the_nose_and_is_zero_facing_the_camera():
    assert geometry.yaw(view(head())) == pytest.approx(0, abs=1e-9)
    assert geometry.yaw(view(head(), yaw=25)) > 0.1  # nose towards the image's right
    assert geometry.yaw(view(head(), yaw=-25)) < -0.1
    # Tilting the head sideways (or a photo in its plane) is no turn.
    assert geometry.yaw(view(head(), roll=25)) == pytest.approx(0, abs=1e-9)
    assert geometry.yaw(view(head(), yaw=25, roll=-20)) == pytest.approx(
        geometry.yaw(view(head(), yaw=25)), abs=0.01
    )
    # A photo turned as far moves the nose only by perspective, a fraction of a head's turn.
    assert (
        abs(geometry.yaw(view(head(), yaw=25, flat=True))) < geometry.yaw(view(head(), yaw=25)) / 3
    )


def test_eye_aspect_ratio_open_and_shut():
    assert geometry.eye_aspect_ratio(view(head())) == pytest.approx(2 * 0.1 * 2 / (2 * 0.3), 0.05)
    assert geometry.eye_aspect_ratio(view(head(shut=0.9))) < 0.1


def test_blinks_are_counted_once_each_and_not_from_a_shut_start():
    assert geometry.count_blinks([0.3, 0.3, 0.1, 0.1, 0.3, 0.3, 0.1, 0.3], closed_share=0.75) == 2
    assert geometry.count_blinks([0.1, 0.3, 0.3, 0.3, 0.3], closed_share=0.75) == 0
    assert geometry.count_blinks([0.3, 0.29, 0.31, 0.3, 0.28], closed_share=0.75) == 0


def faces(frames, *, count=1):
    return [FrameFaces(count, (0, 1, 1, 0), frame if count == 1 else None) for frame in frames]


def turning(angles, **options):
    return faces([noisy(view(head(), yaw=a, **options), s) for s, a in enumerate(angles)])


def test_judge_turn_left_is_the_nose_towards_the_image_right():
    seen = turning((0, 10, 20, 30, 20))

    assert judge(seen, Challenge.TURN_LEFT).reason is None
    assert judge(seen, Challenge.TURN_RIGHT).reason is LivenessReason.NOT_TURNED_RIGHT
    # A front camera that stores mirrored video: the same pixels are a turn to the right.
    assert judge(seen, Challenge.TURN_RIGHT, mirrored=True).reason is None


def test_a_verdict_is_plain_json_without_landmarks():
    data = judge(turning((0, 10, 20, 30)), Challenge.TURN_LEFT).to_dict()

    assert data["reason"] is None and data["passed"] is False  # the identity check is to come
    assert data["frames_with_face"] == 4 and data["hashes"] == []
    assert isinstance(data["flatness"], float) and isinstance(data["turn"], float)


def test_judge_refuses_a_flat_face_before_the_challenge():
    seen = faces([view(head(), yaw=a, flat=True) for a in (0, 20, 40, 20)])

    result = judge(seen, Challenge.TURN_LEFT)

    assert result.reason is LivenessReason.FLAT
    assert result.flatness is not None and result.flatness < 0.01


def test_judge_counts_two_blinks():
    shut = (0, 0, 1, 0, 0, 1, 0, 0)
    seen = faces(
        [view(head(shut=0.9 * s), yaw=5 * i) for i, s in enumerate(shut)] + [view(head(), yaw=30)]
    )

    assert judge(seen, Challenge.BLINK_TWICE).blinks == 2
    assert judge(seen, Challenge.BLINK_TWICE).reason is None
    once = faces([view(head(shut=0.9 * (i == 2)), yaw=4 * i) for i in range(8)])
    assert judge(once, Challenge.BLINK_TWICE).reason is LivenessReason.NOT_BLINKED_TWICE


def test_judge_refuses_two_faces_and_too_few_faces():
    frames = turning((0, 10, 20, 30, 20))
    crowded = [*frames[:2], FrameFaces(2), FrameFaces(2), *frames[2:]]
    sparse = frames[:2] + [FrameFaces(0)] * 4

    assert judge(crowded, Challenge.TURN_LEFT).reason is LivenessReason.MULTIPLE_FACES
    assert judge([*frames, FrameFaces(2)], Challenge.TURN_LEFT).reason is None  # one stray box
    assert judge(sparse, Challenge.TURN_LEFT).reason is LivenessReason.NO_FACE
    assert judge([], Challenge.TURN_LEFT).reason is LivenessReason.NO_FACE


def test_identity_same_person_and_enrolled():
    me, other = (0.0,) * 128, (0.1,) * 128  # 1.13 apart
    near = (0.02,) * 128  # 0.23 from me
    turned = (0.05,) * 128  # 0.57 from me: the same person turned, not a selfie's match

    assert identity([me, near], [me], 0.55) == (None, pytest.approx(0, abs=1e-9))
    assert identity([turned, near], [me], 0.55) == (None, pytest.approx(0.226, abs=0.01))
    assert identity([me, turned], [me], 0.55)[0] is None
    assert identity([me, other], [me], 0.55)[0] is LivenessReason.FACE_CHANGED
    assert identity([turned, turned], [me], 0.55)[0] is LivenessReason.NO_MATCH
    assert identity([], [me], 0.55)[0] is LivenessReason.NO_FACE


def test_every_reason_reads_in_both_languages():
    for reason in LivenessReason:
        indonesian, english = TEXTS[reason.text_key]
        assert indonesian and english and indonesian != english
    for challenge in Challenge:
        assert f"liveness_challenge_{challenge.value}" in TEXTS
