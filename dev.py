#!/usr/bin/env python3
"""Developer entry point: `python3 dev.py demo|test|anyday|bench|lint|shell CMD...|dlib-blas`.

Needs only Python 3.11+. On first use (and whenever pyproject.toml changes) it creates `.venv`
and installs the project with its face and dev extras, then runs the command inside it.

`dlib-blas [--cpu LEVEL]` replaces the prebuilt dlib wheel in `.venv` with dlib compiled here
with OpenBLAS (face encodings ~5x faster; 5-8 minutes on two cores; needs cmake, a C++ compiler
and `apt-get install libopenblas-dev liblapack-dev`); later reinstalls keep it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".presensi-installed"
# Installed without dependencies: its metadata asks for dlib, which would compile from source.
NO_DEPS = ["face-recognition==1.3.0"]
# `dev.py dlib-blas`: the dlib it compiles, and where the wheel is kept for reinstalls.
DLIB_VERSION = "20.0.0"
BLAS_WHEELS = VENV / "dlib-blas"


def _fingerprint() -> str:
    data = (ROOT / "pyproject.toml").read_bytes() + repr(NO_DEPS).encode()
    return hashlib.sha256(data).hexdigest()


def ensure_venv() -> None:
    """Create .venv and install the project when missing or out of date."""
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not PY.exists():
        print("presensi: creating .venv (first run only)...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("presensi: installing dependencies...", flush=True)
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[face,dev]"], check=True)
    subprocess.run([*pip, "--no-deps", *NO_DEPS], check=True)
    if list(BLAS_WHEELS.glob("dlib-*.whl")):  # dlib-bin came back with the face extra
        _install_blas_wheel()
    STAMP.write_text(_fingerprint())


def dlib_blas(args: list[str]) -> int:
    """Compile dlib with OpenBLAS and LAPACK for this CPU and install it in place of dlib-bin.

    dlib-bin ships without BLAS: its face encoder multiplies matrices with dlib's own loops.
    The same encoder on OpenBLAS gives the same encodings (within 4e-7) about five times
    faster. No prebuilt wheel with BLAS exists, so it is compiled from dlib's sdist: AVX off
    and `-march=LEVEL` instead, since GCC 12 with plain -mavx makes HOG detection 2.4x slower.
    """
    cpu = args[args.index("--cpu") + 1] if "--cpu" in args[:-1] else "x86-64-v3"
    missing = [tool for tool in ("cmake", "c++") if shutil.which(tool) is None]
    if missing:
        print(f"dev.py: dlib-blas needs {' and '.join(missing)} (apt-get install "
              "build-essential cmake libopenblas-dev liblapack-dev)", file=sys.stderr)  # fmt: skip
        return 2
    with tempfile.TemporaryDirectory(prefix="presensi-dlib-") as work:
        pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "install", "wheel"], check=True)
        subprocess.run([*pip, "download", "--no-deps", "--no-binary", ":all:",
                        f"dlib=={DLIB_VERSION}", "-d", work], check=True)  # fmt: skip
        shutil.unpack_archive(next(Path(work).glob("dlib-*.tar.gz")), work)
        source = Path(work) / f"dlib-{DLIB_VERSION}"
        flags = ["--set", "DLIB_USE_BLAS=ON", "--set", "DLIB_USE_LAPACK=ON",
                 "--set", "DLIB_NO_GUI_SUPPORT=ON", "--no", "USE_AVX_INSTRUCTIONS",
                 "--compiler-flags", f"-march={cpu}"]  # fmt: skip
        env = {**os.environ, "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 1)}
        print(f"dev.py: compiling dlib {DLIB_VERSION} with OpenBLAS for {cpu} ...", flush=True)
        built = subprocess.run([str(PY), "setup.py", "bdist_wheel", *flags], cwd=source, env=env,
                               capture_output=True, text=True)  # fmt: skip
        if built.returncode != 0:
            print(built.stdout[-3000:] + built.stderr[-3000:], file=sys.stderr)
            return 1
        BLAS_WHEELS.mkdir(exist_ok=True)
        for old in BLAS_WHEELS.glob("dlib-*.whl"):
            old.unlink()
        for wheel in (source / "dist").glob("dlib-*.whl"):
            shutil.copy(wheel, BLAS_WHEELS)
    _install_blas_wheel()
    check = "import dlib; print(dlib.DLIB_USE_BLAS, dlib.DLIB_USE_LAPACK)"
    uses = subprocess.run([str(PY), "-c", check], capture_output=True, text=True).stdout.split()
    if uses != ["True", "True"]:
        hint = "apt-get install libopenblas-dev liblapack-dev, then dev.py dlib-blas again"
        print(f"dev.py: dlib was built without OpenBLAS or LAPACK: {hint}", file=sys.stderr)
        return 1
    print("dev.py: dlib with OpenBLAS installed; python3 dev.py bench face_bench measures it")
    return 0


def _install_blas_wheel() -> None:
    """dlib-bin out (both write the module `dlib`), the compiled wheel in."""
    pip = [str(PY), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "uninstall", "-y", "dlib-bin"], check=False)
    wheel = next(BLAS_WHEELS.glob("dlib-*.whl"))
    subprocess.run([*pip, "install", "--force-reinstall", "--no-deps", str(wheel)], check=True)


def run(*args: str, env: dict[str, str] | None = None, out: IO[str] | None = None) -> int:
    """Run the venv's Python with `args`; its output to `out` (with its errors) if given."""
    stderr = subprocess.STDOUT if out is not None else None
    return subprocess.call([str(PY), *args], cwd=ROOT, env=env, stdout=out, stderr=stderr)


@contextlib.contextmanager
def test_temp() -> Iterator[dict[str, str]]:
    """The environment for a test run, with its temporary files in memory where Linux has
    /dev/shm: every test writes a SQLite file and commits to it, and the fsync of each commit
    on a disk cost a fifth of the suite's time. Removed afterwards."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield dict(os.environ)
        return
    folder = tempfile.mkdtemp(prefix="presensi-tests-", dir=shm)
    try:
        yield {**os.environ, "TMPDIR": folder}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# The suite must not care what day it is: it runs again as if it were New Year's Day, a Friday
# and a national holiday, half a minute before midnight in WIB (the run crosses into Saturday
# there); a Saturday half a minute before midnight UTC (the run crosses into Sunday in UTC; it
# is Sunday morning in WIB); and a Monday at 07:30 WIB, the apel inside the check-in window.
# Together with the run at the real time, that is a Friday, a Sunday, a holiday and 23:59.
# tests/conftest.py moves the process's clock there with time-machine (libfaketime was tried
# first: under it Python's sleeps fail with EINVAL or timed waits on a condition never return).
ANY_DAY = (
    "2027-01-01T16:59:30+00:00",
    "2026-11-28T23:59:30+00:00",
    "2026-11-30T00:30:00+00:00",
)


def any_day(rest: list[str]) -> int:
    """Run the test suite once as if it were each instant of ANY_DAY; the clock keeps going.

    The runs go side by side, each with its own PostgreSQL database, temporary folder and Redis
    keys: much of a run is waiting (servers starting, leases running out, PostgreSQL), so two
    runs together on two cores take about as long as one alone. Each run's output is printed
    whole when it ends."""
    print(f"dev.py: the whole suite as if it were each of {', '.join(ANY_DAY)}", flush=True)
    with concurrent.futures.ThreadPoolExecutor(len(ANY_DAY)) as pool:
        runs = [pool.submit(_suite_at, instant, rest) for instant in ANY_DAY]
        statuses = [run.result() for run in concurrent.futures.as_completed(runs)]
    return max(statuses, default=0)


def _suite_at(instant: str, rest: list[str]) -> int:
    with test_temp() as env, tempfile.TemporaryFile("w+") as out:
        env["PRESENSI_TEST_NOW"] = instant
        status = run("-m", "pytest", "-q", *rest, env=env, out=out)
        out.seek(0)
        with _PRINTING:
            print(f"dev.py: the whole suite as if it were {instant}", flush=True)
            sys.stdout.write(out.read())
            if status:
                print(f"dev.py: the suite failed as if it were {instant}", file=sys.stderr)
            sys.stdout.flush()
    return status


_PRINTING = threading.Lock()


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return run("-m", "presensi.cli", "demo", *rest)
    if command == "test":
        lint = (
            run("-m", "ruff", "check", ".")
            or run("-m", "ruff", "format", "--check", ".")
            or run("-m", "mypy", "core")
        )
        with test_temp() as env:
            tests = run("-m", "pytest", "-q", *rest, env=env)
        return tests or lint
    if command == "anyday":
        return any_day(rest)
    if command == "lint":
        return (
            run("-m", "ruff", "check", ".", *rest)
            or run("-m", "ruff", "format", "--check", ".")
            or run("-m", "mypy", "core")
        )
    if command == "bench":  # every benchmark, or one with its own options: bench NAME [OPTIONS]
        found = sorted(p.stem for p in (ROOT / "benchmarks").glob("*_bench.py"))
        if not rest:
            return max((run(f"benchmarks/{name}.py") for name in found), default=0)
        if rest[0] not in found:
            print(
                f"dev.py: no benchmark {rest[0]!r}; there are: {' '.join(found)}", file=sys.stderr
            )
            return 2
        return run(f"benchmarks/{rest[0]}.py", *rest[1:])
    if command == "dlib-blas":
        return dlib_blas(rest)
    if command == "shell":
        path = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
        return subprocess.call(rest, cwd=ROOT, env={**os.environ, "PATH": path})
    print(
        f"dev.py: unknown command {command!r}; try: demo test anyday lint bench shell dlib-blas",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
