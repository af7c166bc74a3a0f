"""Why a liveness video was refused: stable codes, plain values (no numpy, no av, no dlib).

The chat layer reads the text of a code from core.flows.texts_liveness (Indonesian, English).
"""

from __future__ import annotations

from enum import StrEnum


class LivenessReason(StrEnum):
    """Why a liveness video was refused; the values are stable codes."""

    VIDEO_UNREADABLE = "video_unreadable"
    VIDEO_TOO_LONG = "video_too_long"
    VIDEO_TOO_LARGE = "video_too_large"
    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    STILL_IMAGE = "still_image"
    FLAT = "flat"
    NOT_TURNED_LEFT = "not_turned_left"
    NOT_TURNED_RIGHT = "not_turned_right"
    NOT_BLINKED_TWICE = "not_blinked_twice"
    FACE_CHANGED = "face_changed"
    NO_MATCH = "no_match"
    NOT_ENROLLED = "not_enrolled"
    TRY_AGAIN = "try_again"

    @property
    def text_key(self) -> str:
        """The key of this reason's text in core.flows.texts.TEXTS."""
        return f"liveness_{self.value}"
