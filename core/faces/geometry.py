"""Geometry of the 68 facial landmarks (dlib's iBUG 300-W layout), pure numpy.

Landmarks are (68, 2) arrays of image x, y in pixels. Indices: 0-16 the jaw from the image's
left to its right, 27-30 the nose bridge down to its tip, 36-41 and 42-47 the eyes (image left
and right), each from its outer or inner corner round the lid.

Flatness: every view of a flat object (a printed photo, a phone or monitor screen) is a
homography of every other view, whatever the camera does, so the landmarks of its frames fit
one 3x3 projective map up to the landmark detector's noise. A living head turning does not: the
nose moves against the plane of the brows, eyes and mouth (parallax). The homography is fitted
here by the normalised direct linear transform (Hartley & Zisserman, Multiple View Geometry,
alg. 4.2) written by hand: none of the project's libraries (numpy, Pillow, dlib, shapely) fits
one, and OpenCV or scikit-image would be a large dependency for fifteen lines of linear algebra.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

JAW_LEFT, JAW_RIGHT = 0, 16
NOSE_TIP = 30
LEFT_EYE = slice(36, 42)
RIGHT_EYE = slice(42, 48)
LANDMARKS = 68
# Points close to one plane on a face: brows, the eyes' corners, the mouth's corners, the top
# of the nose bridge; and the nose tip and base, which stand ~1/3 of the eye distance out of it.
FACE_PLANE = [*range(17, 27), 27, 36, 39, 42, 45, 48, 54]
NOSE = [30, 33]


def homography(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 3x3 projective map taking `source` points (n >= 4, n x 2) closest to `target`."""
    src, src_norm = _normalised(source)
    dst, dst_norm = _normalised(target)
    rows = []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([-x, -y, -1, 0, 0, 0, u * x, u * y, u])
        rows.append([0, 0, 0, -x, -y, -1, v * x, v * y, v])
    system = np.asarray(rows, dtype=float)
    # Four points give 8 equations for 9 unknowns: a zero row keeps the null space in `vt`.
    system = np.vstack([system, np.zeros((max(0, 9 - len(system)), 9))])
    # The map is the right singular vector of the smallest singular value (least squares);
    # the reduced SVD: the full one builds a 136 x 136 basis nobody reads.
    _, _, vt = np.linalg.svd(system, full_matrices=False)
    fitted = vt[-1].reshape(3, 3)
    # Undo the normalisations: target = dst_norm^-1 . fitted . src_norm . source.
    matrix = np.linalg.inv(dst_norm) @ fitted @ src_norm
    return matrix / matrix[2, 2]


def project(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Apply a 3x3 projective map to n x 2 points."""
    lifted = np.column_stack([points, np.ones(len(points))]) @ matrix.T
    return lifted[:, :2] / lifted[:, 2:3]


def nose_parallax(source: np.ndarray, target: np.ndarray) -> float:
    """How far the nose in `target` is from where a flat face would put it: the map of the
    face's plane (brows, eye and mouth corners) from `source` to `target` predicts the nose
    tip and base, and their distance to the detected ones, as a share of the eye distance,
    is returned. A flat face's nose moves with its plane (the detector's noise only); a head's
    nose stands out of it, and turning shows it."""
    plane = homography(source[FACE_PLANE], target[FACE_PLANE])
    predicted = project(plane, source[NOSE])
    error = float(np.mean(np.linalg.norm(predicted - target[NOSE], axis=1)))
    return error / face_size(target)


def flatness(landmark_sets: Sequence[np.ndarray]) -> float:
    """The parallax of a face across frames: the nose parallax of each frame against the
    first, the 80th percentile of them, so that one badly fitted frame neither makes a photo
    look 3-D nor a head look flat; 0.0 for a single frame.

    The jaw's contour is left out on purpose: on a photo warped in perspective the landmark
    model's shape prior reads the squeezed face as a turned head and bends the contour as if
    it were one, which halves the margin between photos and heads (benchmarks/liveness_bench).
    """
    if len(landmark_sets) < 2:
        return 0.0
    first = landmark_sets[0]
    parallax = [nose_parallax(first, later) for later in landmark_sets[1:]]
    return float(np.percentile(parallax, 80))


def face_size(points: np.ndarray) -> float:
    """Distance between the centres of the eyes, in pixels (never below 1)."""
    left = points[LEFT_EYE].mean(axis=0)
    right = points[RIGHT_EYE].mean(axis=0)
    return max(float(np.linalg.norm(right - left)), 1.0)


def yaw(points: np.ndarray) -> float:
    """Where the nose tip lies between the jaw's ends, from -0.5 (image left) to 0.5 (image
    right); 0 faces the camera. A head turning towards the image's right raises it. Measured
    along the line of the eyes, so that a head (or a photo) tilted sideways does not turn."""
    left_eye, right_eye = points[LEFT_EYE].mean(axis=0), points[RIGHT_EYE].mean(axis=0)
    across = right_eye - left_eye
    length = float(np.linalg.norm(across))
    if length < 1:
        return 0.0
    along = across / length
    left, right, nose = (float(points[i] @ along) for i in (JAW_LEFT, JAW_RIGHT, NOSE_TIP))
    if right - left < 1:
        return 0.0
    return (nose - left) / (right - left) - 0.5


def eye_aspect_ratio(points: np.ndarray) -> float:
    """The eyes' openness, mean of both (Soukupová and Čech 2016): ~0.3 open, under 0.15 shut."""
    return (_ear(points[LEFT_EYE]) + _ear(points[RIGHT_EYE])) / 2


def count_blinks(ratios: Sequence[float], *, closed_share: float) -> int:
    """How many times the eyes close: a drop below `closed_share` of the open level (the
    upper quartile of the ratios) after being open counts once."""
    if len(ratios) < 3:
        return 0
    closed_below = float(np.percentile(ratios, 75)) * closed_share
    blinks, shut = 0, True  # an eye shut in the first frame is no blink yet
    for ratio in ratios:
        if ratio < closed_below and not shut:
            blinks += 1
        shut = ratio < closed_below
    return blinks


def _ear(eye: np.ndarray) -> float:
    vertical = np.linalg.norm(eye[1] - eye[5]) + np.linalg.norm(eye[2] - eye[4])
    horizontal = max(float(np.linalg.norm(eye[0] - eye[3])), 1e-6)
    return float(vertical / (2 * horizontal))


def _normalised(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points moved to their centroid and scaled to mean distance sqrt(2), and that map."""
    points = np.asarray(points, dtype=float)
    centre = points.mean(axis=0)
    spread = np.mean(np.linalg.norm(points - centre, axis=1))
    scale = np.sqrt(2) / spread if spread > 0 else 1.0
    matrix = np.array([[scale, 0, -scale * centre[0]], [0, scale, -scale * centre[1]], [0, 0, 1]])
    return project(matrix, points), matrix
