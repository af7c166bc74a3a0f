"""Liveness videos for tests and the benchmark, encoded with PyAV from the shared stills.

Attacks: a still photo moved, tilted, turned in perspective (a printed photo rotated in front
of the camera), "shown on a screen" (moire and glare), a still image encoded as video, two
photos side by side; plus a clip with no face, one too long and the real clip's steady part.
Everything is built in memory (bytes) or a tmp dir at test time: no media is committed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from core.faces.geometry import homography
from tests.faces_fixtures import faces_dir, photo_path, shared_file

SIZE = (480, 640)  # width, height: a portrait selfie video
FPS = 12
SECONDS = 2.5
STAGE_CLIP = "stage_clip.mp4"
# Frames 90-210 of stage_clip.mp4 (3.0 s - 7.0 s) hold the face steadily (its README).
STEADY = (3.0, 7.0)


def videos_dir() -> Path:
    """Where the shared real video is expected (beside shared/faces)."""
    return faces_dir().parent / "videos"


def stage_clip() -> bytes:
    """The real 9-second clip of a living head, read in place; skips (fails on CI) if absent."""
    return shared_file(f"../videos/{STAGE_CLIP}").read_bytes()


@cache
def stage_steady() -> bytes:
    """The real clip cut to its steady part (3 s - 7 s), re-encoded: one face in every frame."""
    frames: list[np.ndarray] = []
    with av.open(io.BytesIO(stage_clip())) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and STEADY[0] <= frame.time < STEADY[1]:
                frames.append(frame.to_ndarray(format="rgb24"))
    return encode(frames, fps=30)


@cache
def performer() -> tuple[float, ...]:
    """The performer of the real clip, enrolled by the production pipeline from the most
    frontal sampled frame of its steady part (a JPEG of it, as a photo would be sent)."""
    from core.faces import dlib_engine, geometry, pipeline
    from core.faces.video import VideoLimits, sample_frames

    frontal: list[tuple[float, np.ndarray]] = []
    for frame in sample_frames(stage_steady(), VideoLimits(max_seconds=10)).frames:
        grey = np.asarray(Image.fromarray(frame).convert("L"))
        boxes = dlib_engine.detect(grey, 0)
        if len(boxes) == 1:
            frontal.append((abs(geometry.yaw(dlib_engine.landmarks(grey, boxes[0]))), frame))
    best = min(frontal, key=lambda item: item[0])[1]
    buffer = io.BytesIO()
    Image.fromarray(best).save(buffer, "JPEG", quality=95)
    encoded = pipeline.enroll(buffer.getvalue())
    assert encoded.encoding is not None, encoded.reason
    return encoded.encoding


def recompressed(data: bytes, scale: float = 0.75, crf: int = 32) -> bytes:
    """The same video re-encoded smaller and at a lower quality, as a replay would arrive."""
    frames: list[Image.Image] = []
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        fps = round(float(stream.average_rate or FPS))
        for frame in container.decode(stream):
            image = frame.to_image()
            frames.append(image.resize((round(image.width * scale), round(image.height * scale))))
    return encode(frames, fps=fps, crf=crf)


def encode(frames: Iterable[np.ndarray | Image.Image], fps: int = FPS, crf: int = 23) -> bytes:
    """H.264 in MP4, as a phone sends it."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": str(crf)}
        for index, picture in enumerate(frames):
            pixels = np.asarray(
                picture.convert("RGB") if isinstance(picture, Image.Image) else picture
            )
            if index == 0:
                stream.width, stream.height = pixels.shape[1] // 2 * 2, pixels.shape[0] // 2 * 2
            pixels = pixels[: stream.height, : stream.width]
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(pixels), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return buffer.getvalue()


def clip(make: Callable[[float], Image.Image], seconds: float = SECONDS, fps: int = FPS) -> bytes:
    """A video of `make(t)` for t from 0 to 1 over `seconds`."""
    count = max(2, round(seconds * fps))
    return encode((make(index / (count - 1)) for index in range(count)), fps=fps)


@cache
def still(name: str = "obama_1", width: int = 300) -> Image.Image:
    """A shared photo scaled to `width` pixels, as it would be printed or shown."""
    image = Image.open(photo_path(name)).convert("RGB")
    return image.resize((width, round(image.height * width / image.width)))


def backdrop() -> Image.Image:
    """An office wall with some texture, so that frames are not flat colour (a fresh copy)."""
    return _wall().copy()


@cache
def _wall() -> Image.Image:
    rng = np.random.default_rng(3)
    wall = rng.normal(150, 12, (SIZE[1] // 8, SIZE[0] // 8, 3)).clip(0, 255).astype(np.uint8)
    return Image.fromarray(wall).resize(SIZE, Image.Resampling.BICUBIC)


def placed(picture: Image.Image, corners: list[tuple[float, float]]) -> Image.Image:
    """The backdrop with `picture` drawn into the quadrilateral `corners` (tl, tr, br, bl)."""
    w, h = picture.size
    source = np.array([(0, 0), (w, 0), (w, h), (0, h)], dtype=float)
    # Pillow's PERSPECTIVE wants the map from the output back into the picture.
    back = homography(np.array(corners, dtype=float), source).flatten()[:8]
    warped = picture.transform(SIZE, Image.Transform.PERSPECTIVE, tuple(back), Image.BICUBIC)
    mask = Image.new("L", picture.size, 255).transform(
        SIZE, Image.Transform.PERSPECTIVE, tuple(back), Image.BICUBIC
    )
    frame = backdrop()
    frame.paste(warped, mask=mask)
    return frame


def plane(
    picture: Image.Image,
    *,
    yaw: float,
    roll: float = 0,
    pitch: float = 0,
    shift: tuple[float, float] = (0, 0),
    scale: float = 1.0,
) -> list[tuple[float, float]]:
    """Where the corners of a flat picture land when it is turned (degrees) before a camera."""
    w, h = picture.size[0] * scale, picture.size[1] * scale
    focal, distance = 700.0, 900.0
    cy, sy = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
    cp, sp = math.cos(math.radians(pitch)), math.sin(math.radians(pitch))
    cr, sr = math.cos(math.radians(roll)), math.sin(math.radians(roll))
    corners = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        x, y = x * cr - y * sr, x * sr + y * cr  # roll in the picture's plane
        x, z = x * cy, x * sy  # turn about the vertical axis
        y, z = y * cp - z * sp, y * sp + z * cp  # nod about the horizontal axis
        u = SIZE[0] / 2 + shift[0] + focal * x / (distance + z)
        v = SIZE[1] / 2 + shift[1] + focal * y / (distance + z)
        corners.append((u, v))
    return corners


@cache
def moved(name: str = "obama_1") -> bytes:
    """A photo slid and brought nearer the camera."""
    picture = still(name)
    return clip(
        lambda t: placed(
            picture, plane(picture, yaw=0, shift=(60 * t - 30, 20 * t), scale=1 + 0.2 * t)
        )
    )


@cache
def tilted(name: str = "obama_1") -> bytes:
    """A photo rolled in its plane, as a hand tilts it."""
    picture = still(name)
    return clip(lambda t: placed(picture, plane(picture, yaw=0, roll=25 * math.sin(2 * t * 3.14))))


@cache
def warped(name: str = "obama_1", degrees: float = 40) -> bytes:
    """A printed photo turned about its vertical axis, to fake a turn of the head."""
    picture = still(name)
    return clip(
        lambda t: placed(picture, plane(picture, yaw=degrees * math.sin(t * 3.14), pitch=8 * t))
    )


@cache
def close_and_turned(name: str = "obama_2", degrees: float = 50) -> bytes:
    """A large print held close to the camera and turned far: the strongest perspective."""
    picture = still(name, 460)
    return clip(
        lambda t: placed(picture, plane(picture, yaw=degrees * math.sin(t * 3.14), shift=(0, 40)))
    )


@cache
def on_screen(name: str = "obama_1") -> bytes:
    """The photo on a phone screen held to the camera: turned, with moire and glare."""
    picture = still(name)
    moire = _moire(picture.size)

    def frame(t: float) -> Image.Image:
        shown = Image.blend(picture, moire, 0.18)
        image = placed(shown, plane(shown, yaw=-30 * math.sin(t * 3.14), shift=(10 * t, 0)))
        return Image.composite(Image.new("RGB", SIZE, "white"), image, _glare(t))

    return clip(frame)


@cache
def still_video(name: str = "obama_1") -> bytes:
    """One still frame repeated: a photo sent as a video."""
    picture = still(name)
    image = placed(picture, plane(picture, yaw=0))
    return clip(lambda t: image)


@cache
def two_faces() -> bytes:
    """Two photos side by side, moving a little."""
    left, right = still("obama_1", 200), still("biden_1", 200)

    def frame(t: float) -> Image.Image:
        image = backdrop()
        image.paste(left, (20 + round(10 * t), 150))
        image.paste(right, (250 - round(10 * t), 170))
        return image

    return clip(frame)


@cache
def no_face() -> bytes:
    """A wall panned across: motion and texture, no face."""
    wall = backdrop().resize((SIZE[0] * 2, SIZE[1]))
    return clip(lambda t: wall.crop((round(200 * t), 0, round(200 * t) + SIZE[0], SIZE[1])))


@cache
def too_long(seconds: float) -> bytes:
    """A short, small clip that runs `seconds`."""
    wall = backdrop().resize((160, 120))
    return clip(lambda t: wall.rotate(10 * t), seconds=seconds, fps=5)


ATTACKS: dict[str, Callable[[], bytes]] = {
    "photo moved": moved,
    "photo tilted": tilted,
    "photo turned in perspective": warped,
    "photo close, turned 50 degrees": close_and_turned,
    "photo on a screen (moire, glare)": on_screen,
    "still image as video": still_video,
    "two faces": two_faces,
}


def _moire(size: tuple[int, int]) -> Image.Image:
    """Interference of two fine line gratings, as a camera sees a screen's pixel grid."""
    y, x = np.mgrid[0 : size[1], 0 : size[0]]
    waves = np.sin(x * 1.9 + y * 0.35) * np.sin(x * 0.3 - y * 1.7)
    grey = ((waves + 1) * 127.5).astype(np.uint8)
    return Image.fromarray(np.stack([grey, np.roll(grey, 2, axis=1), grey], axis=2))


def _glare(t: float) -> Image.Image:
    """A soft bright ellipse wandering over the screen."""
    mask = Image.new("L", SIZE, 0)
    cx, cy = 140 + 160 * t, 220
    ImageDraw.Draw(mask).ellipse((cx - 70, cy - 40, cx + 70, cy + 40), fill=150)
    return mask.filter(ImageFilter.GaussianBlur(25))
