"""A base install, without the face extra: the demo runs and face commands name the extra.

The extra's packages are hidden from a child process by a hand-written import blocker (a
`sitecustomize` on PYTHONPATH), as if they had never been installed. numpy stays: matplotlib and
shapely, both base dependencies, need it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faces_fixtures import photo_path

ROOT = Path(__file__).parents[2]
EXTRA = ("imagehash", "face_recognition", "face_recognition_models", "dlib")
BLOCKER = f'''
import sys


class NotInstalled:
    """Finds nothing for the face extra's packages, like an environment without them."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {EXTRA!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, NotInstalled())
'''


@pytest.fixture
def base_install(tmp_path):
    """Run Python code or `presensi ...` in a child process without the face extra."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCKER)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'presensi.db'}",
        "LANGUAGE": "id",
    }
    env.pop("REDIS_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def test_the_blocker_hides_the_face_extra(base_install):
    for name in EXTRA:
        result = base_install("-c", f"import {name}")
        assert result.returncode == 1 and "ModuleNotFoundError" in result.stderr


def test_the_demo_runs_and_records_selfies_without_matching(base_install, tmp_path):
    result = base_install(
        "-m",
        "presensi.cli",
        "demo",
        "--employees",
        "6",
        "--database",
        f"sqlite:///{tmp_path / 'demo.db'}",
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "absen dicatat tanpa pencocokan wajah" in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ("face", "compare", "PHOTO", "PHOTO"),
        ("face", "enroll", "199611302022032007", "PHOTO", "--org", "pemkot-sungai-penuh"),
    ],
    ids=["compare", "enroll"],
)
def test_face_commands_name_the_missing_extra(base_install, command):
    photo = str(photo_path("obama_1"))
    args = [photo if part == "PHOTO" else part for part in command]
    result = base_install("-m", "presensi.cli", *args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "error: face matching needs the face extra (face_recognition, face_recognition_models, "
        "dlib not installed): pip install 'presensi[face]'"
    )
