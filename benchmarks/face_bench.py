"""Face pipeline benchmark: speed against the naive use of face_recognition, and accuracy.

Run from the repository root:  .venv/bin/python benchmarks/face_bench.py  (--help for options)

Each shared test photo is first scaled so that its longest side is 1280 px and saved as JPEG,
as Telegram delivers a photo. Then, in one run:

* time per photo, median of N rounds: the production pipeline (`core.faces.pipeline.encode`,
  bytes in) against the naive use of the same library (decode, full-resolution
  `face_locations`, then `face_encodings`);
* selfies per second in one process (per core), then with one process per core at once,
  best of three runs each, since other load on the machine can only slow a run down;
* accuracy: every pair of single-face photos compared by both methods at the production
  threshold; genuine pairs must match, impostors must not, and both methods must agree;
* calibration: the false-accept and false-reject rates from 0.40 to 0.65 over every pair of
  the 18 one-person photos of shared/faces and shared/faces/calibration (29 genuine, 124
  impostor pairs), each file read in place and encoded by the production pipeline as sent;
  the two-person photos must be refused. `--calibration` prints only this part (seconds).

The exit status is 1 when a target is missed: pipeline >= 3x faster than naive (ratio of the
medians), whole machine >= 80% of cores x the single-process rate, zero impostors accepted,
every genuine pair accepted, the same decision as naive on every pair; on the calibration set
at the default threshold, zero impostors accepted and zero genuine pairs refused.
"""

from __future__ import annotations

import argparse
import io
import itertools
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

from PIL import Image, ImageOps

# One BLAS thread (a BLAS build of dlib would otherwise spread an encoding over every core):
# the face pool runs a process per core, and "per selfie" is on one core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.faces import calibration, pipeline  # noqa: E402
from core.faces.port import face_distance  # noqa: E402
from tests.faces_fixtures import CALIBRATION, GENUINE, TWO_FACES  # noqa: E402

TELEGRAM_SIDE = 1280
PHOTOS = ("obama_1", "obama_2", "obama_small", "biden_1", "biden_2", "two_people")
THRESHOLD = pipeline.DEFAULT_SETTINGS.threshold
CURVE = tuple(round(0.40 + 0.025 * step, 3) for step in range(11))  # 0.400 ... 0.650


def faces_dir() -> Path:
    return Path(os.environ.get("PRESENSI_TEST_FACES") or ROOT.parent / "shared" / "faces")


def telegram_sized(path: Path) -> bytes:
    """The photo as Telegram would deliver it: longest side 1280 px, JPEG."""
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    scale = TELEGRAM_SIDE / max(image.size)
    size = (round(image.width * scale), round(image.height * scale))
    buffer = io.BytesIO()
    image.resize(size, Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=87)
    return buffer.getvalue()


def naive(data: bytes) -> list:
    """The straightforward use of face_recognition on the whole photo."""
    import face_recognition

    image = face_recognition.load_image_file(io.BytesIO(data))
    locations = face_recognition.face_locations(image)
    return face_recognition.face_encodings(image, locations)


def ours(data: bytes):
    return pipeline.encode(data)


def elapsed_ms(function, data: bytes) -> float:
    start = time.perf_counter()
    function(data)
    return (time.perf_counter() - start) * 1000


def time_photos(selfies: dict[str, bytes], rounds: int) -> tuple[float, float]:
    print(f"\nTime per 1280 px photo, median of {rounds} rounds")
    print(f"  {'photo':<12} {'size':>10} {'naive ms':>9} {'ours ms':>8} {'ratio':>6}")
    # Interleaved, so that a change in the machine's load affects both methods alike.
    runs = {name: ([], []) for name in selfies}
    for _ in range(rounds):
        for name, data in selfies.items():
            runs[name][0].append(elapsed_ms(naive, data))
            runs[name][1].append(elapsed_ms(ours, data))
    naive_all, ours_all = [], []
    for name, data in selfies.items():
        naive_ms, ours_ms = (statistics.median(times) for times in runs[name])
        naive_all.append(naive_ms)
        ours_all.append(ours_ms)
        width, height = Image.open(io.BytesIO(data)).size
        print(
            f"  {name:<12} {f'{width}x{height}':>10} {naive_ms:9.0f} {ours_ms:8.0f}"
            f" {naive_ms / ours_ms:5.1f}x"
        )
    naive_median, ours_median = statistics.median(naive_all), statistics.median(ours_all)
    print(
        f"  {'median':<12} {'':>10} {naive_median:9.0f} {ours_median:8.0f}"
        f" {naive_median / ours_median:5.1f}x"
    )
    return naive_median, ours_median


def encoder_stages(selfies: dict[str, bytes], rounds: int) -> float:
    """The installed dlib, and its detection + encoding per single-face selfie (the work a
    BLAS build speeds up: decoding and the quality checks are left out), median ms."""
    import dlib
    import numpy as np

    from core.faces import dlib_engine, imaging

    settings = pipeline.DEFAULT_SETTINGS
    blas = "OpenBLAS" if dlib.DLIB_USE_BLAS else "no BLAS (the dlib-bin wheel)"
    print(f"\nEncoder: dlib {dlib.__version__}, {blas}; detection and encoding of one face")
    detect_all, encode_all = [], []
    for name, data in selfies.items():
        if name == "two_people":
            continue
        image, _ = imaging.load_photo_sized(data, settings)
        frame, scale = imaging.detection_frame(image, settings.detect_side)
        grey, rgb = np.asarray(frame), np.asarray(image)
        [box] = dlib_engine.detect(grey, 0)
        full = tuple(round(v / scale) for v in box)
        for _ in range(rounds):
            start = time.perf_counter()
            dlib_engine.detect(grey, 0)
            middle = time.perf_counter()
            dlib_engine.encode(rgb, full, jitters=settings.num_jitters,
                               landmarks_model=settings.landmarks_model)  # fmt: skip
            detect_all.append((middle - start) * 1000)
            encode_all.append((time.perf_counter() - middle) * 1000)
    detect_ms, encode_ms = statistics.median(detect_all), statistics.median(encode_all)
    print(f"  detect {detect_ms:.1f} ms + encode {encode_ms:.1f} ms = "
          f"{detect_ms + encode_ms:.1f} ms per selfie (median, one thread)")  # fmt: skip
    if not dlib.DLIB_USE_BLAS:
        print("  python3 dev.py dlib-blas compiles dlib with OpenBLAS: encoding ~5x faster")
    return detect_ms + encode_ms


def _throughput_worker(selfies, count, barrier, results) -> None:
    pipeline.warm_up()
    for data in selfies:
        pipeline.encode(data)
    barrier.wait()
    cpu = time.process_time()
    for data in itertools.islice(itertools.cycle(selfies), count):
        pipeline.encode(data)
    results.put((time.monotonic(), time.process_time() - cpu))


def throughput(selfies: list[bytes], processes: int, count: int) -> tuple[float, float]:
    """Selfies per second with `processes` processes each encoding `count` selfies.

    Also returns the share of the CPUs the processes got: other load on the machine lowers it.
    """
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes + 1), context.Queue()
    workers = [
        context.Process(target=_throughput_worker, args=(selfies, count, barrier, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.monotonic()
    ends, cpu_times = zip(*(results.get() for _ in workers), strict=True)
    for worker in workers:
        worker.join()
    wall = max(ends) - start
    return processes * count / wall, sum(cpu_times) / (wall * processes)


def measure_throughput(selfies: list[bytes], cores: int, args) -> tuple[float, float]:
    """Best of `args.repeat` runs in one process, then in one process per core."""
    # Best of several, as timeit does: other load on the machine only ever slows a run down.
    print(f"\nThroughput of the pipeline, selfies per second (best of {args.repeat} runs)")
    rates = {}
    for processes in (1, cores):
        runs = [throughput(selfies, processes, args.count) for _ in range(args.repeat)]
        rates[processes], share = max(runs)
        shown = ", ".join(f"{rate:.2f}" for rate, _ in runs)
        label = "1 process (per core)" if processes == 1 else f"{processes} processes at once"
        print(
            f"  {label:<22} {rates[processes]:6.2f}   runs: {shown}; the best run had "
            f"{share:.0%} of its {processes} core(s)"
        )
    single, machine = rates[1], rates[cores]
    print(f"  whole machine = {machine / (cores * single):.0%} of {cores} x single")
    return single, machine


def encodings(selfies: dict[str, bytes]) -> tuple[dict, dict]:
    """Each photo's encoding by both methods; None when a method finds not exactly one face."""
    ours_enc = {name: pipeline.encode(data).encoding for name, data in selfies.items()}
    naive_enc = {}
    for name, data in selfies.items():
        found = naive(data)
        naive_enc[name] = tuple(found[0]) if len(found) == 1 else None
    return ours_enc, naive_enc


def accuracy(selfies: dict[str, bytes]) -> dict[str, bool]:
    ours_enc, naive_enc = encodings(selfies)
    print(f"\nAccuracy at the production threshold {THRESHOLD}")
    refused = [name for name in selfies if ours_enc[name] is None or naive_enc[name] is None]
    for name in refused:
        print(
            f"  {name}: refused by ours: {ours_enc[name] is None}, by naive: "
            f"{naive_enc[name] is None}"
        )
    agree = all((ours_enc[name] is None) == (naive_enc[name] is None) for name in refused)
    singles = [name for name in selfies if name not in refused]
    print(f"  {'pair':<24} {'kind':<8} {'naive d':>8} {'ours d':>7}  decision (naive/ours)")
    genuine, impostor = [], []
    for a, b in itertools.combinations(singles, 2):
        d_naive = face_distance(naive_enc[a], naive_enc[b])
        d_ours = face_distance(ours_enc[a], ours_enc[b])
        same = a.split("_")[0] == b.split("_")[0]
        (genuine if same else impostor).append(d_ours)
        agree &= (d_naive <= THRESHOLD) == (d_ours <= THRESHOLD)
        print(
            f"  {a + ' / ' + b:<24} {'genuine' if same else 'impostor':<8} {d_naive:8.3f}"
            f" {d_ours:7.3f}  {_word(d_naive)}/{_word(d_ours)}"
        )
    print(
        f"  ours: genuine distances at most {max(genuine):.3f}, "
        f"impostor distances at least {min(impostor):.3f}"
    )
    return {
        "every genuine pair accepted": max(genuine) <= THRESHOLD,
        "zero impostors accepted": min(impostor) > THRESHOLD,
        "same decision as naive on every pair": agree,
    }


def _word(distance: float) -> str:
    return "match" if distance <= THRESHOLD else "no"


def labelled_files(folder: Path) -> dict[str, Path]:
    """The one-person photos by name: shared/faces and its calibration/ folder, in place."""
    named = {name: folder / f"{name}.jpg" for name in GENUINE}
    named.update({Path(f).stem: folder / "calibration" / f for f in CALIBRATION})
    return named


def calibrate(folder: Path) -> dict[str, bool]:
    """FA and FR rates over every labelled pair, threshold 0.40 to 0.65, and the extremes."""
    results = {
        name: pipeline.encode(path.read_bytes()) for name, path in labelled_files(folder).items()
    }
    found = calibration.pairs({name: result.encoding for name, result in results.items()})
    print(
        f"\nCalibration: {len(results)} one-person photos, {len(found.genuine)} genuine and "
        f"{len(found.impostor)} impostor pairs, the production pipeline on each file as sent"
    )
    refused = {name: r.reason.value for name, r in results.items() if r.reason is not None}
    print(f"  one-person photos refused by the quality gate: {_listed(refused)}")
    two = {Path(f).stem: pipeline.encode((folder / f).read_bytes()).reason for f in TWO_FACES}
    print(f"  two-person photos (must be refused): {_listed(two)}")
    print(f"  {'threshold':>9}  {'FA rate':>7} {'FA':>7}  {'FR rate':>7} {'FR':>5}")
    for row in calibration.curve(found, CURVE):
        mark = "  <- default" if abs(row.threshold - THRESHOLD) < 1e-9 else ""
        print(
            f"  {row.threshold:9.3f}  {row.fa_rate:7.1%} {row.false_accepts:>3}/{row.impostors:<3}"
            f"  {row.fr_rate:7.1%} {row.false_rejects:>2}/{row.genuines:<2}{mark}"
        )
    worst, nearest = found.hardest_genuine, found.closest_impostor
    print(f"  max genuine distance  {worst.distance:.3f} ({worst.first} / {worst.second})")
    print(f"  min impostor distance {nearest.distance:.3f} ({nearest.first} / {nearest.second})")
    at_default = calibration.rates(found, THRESHOLD)
    return {
        f"calibration: zero impostors accepted at {THRESHOLD}": at_default.false_accepts == 0,
        f"calibration: zero genuine pairs refused at {THRESHOLD}": at_default.false_rejects == 0,
        "calibration: two-person photos refused": all(
            reason is not None and reason.value == "multiple_faces" for reason in two.values()
        ),
    }


def _listed(reasons: dict) -> str:
    shown = [f"{name} ({getattr(reason, 'value', reason)})" for name, reason in reasons.items()]
    return ", ".join(shown) or "none"


def report(targets: dict[str, bool]) -> int:
    print("\nTargets")
    for name, met in targets.items():
        print(f"  {'PASS' if met else 'FAIL'}  {name}")
    return 0 if all(targets.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per photo")
    parser.add_argument("--count", type=int, default=30, help="selfies per throughput process")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs to take the best")
    parser.add_argument(
        "--calibration", action="store_true", help="only the FA/FR table over the labelled pairs"
    )
    args = parser.parse_args()
    folder = faces_dir()
    if not folder.is_dir():
        print(f"face photos not found in {folder}; set PRESENSI_TEST_FACES", file=sys.stderr)
        return 2
    if args.calibration:
        return report(calibrate(folder))
    selfies = {name: telegram_sized(folder / f"{name}.jpg") for name in PHOTOS}
    for data in selfies.values():  # load the models and warm the caches for both methods
        naive(data)
        ours(data)

    naive_median, ours_median = time_photos(selfies, args.rounds)
    stages_ms = encoder_stages(selfies, args.rounds)
    cores = os.cpu_count() or 1
    single, machine = measure_throughput(list(selfies.values()), cores, args)

    import dlib

    targets = {
        "pipeline >= 3x faster than naive": naive_median / ours_median >= 3,
        # The OpenBLAS build's goal (issue 15); the dlib-bin wheel is not held to it.
        **({"BLAS encoder: detect + encode < 30 ms": stages_ms < 30} if dlib.DLIB_USE_BLAS else {}),
        "machine >= 80% of cores x single": machine >= 0.8 * cores * single,
        **accuracy(selfies),
        **calibrate(folder),
    }
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
