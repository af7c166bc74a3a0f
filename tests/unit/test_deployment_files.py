"""The Dockerfile and compose.yaml, read as the IT staff's tools would read them (no Docker
engine here): every package the project installs is copied into the image, the dependencies
are installed before the source so a code change reuses that layer, and compose runs the
commands this checkout has."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def instructions() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments left out."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    return [line.strip() for line in joined.splitlines() if line.strip() and line[0] != "#"]


def test_every_package_is_copied_into_the_image():
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = {name.rstrip("*") for name in find["packages"]["find"]["include"]}
    copied = {line.split()[1] for line in instructions() if line.startswith("COPY ")}

    assert packages <= copied


def test_the_dependencies_are_installed_before_the_source_is_copied():
    steps = instructions()
    install = next(n for n, line in enumerate(steps) if "pip install -r requirements.txt" in line)
    first_source = next(n for n, line in enumerate(steps) if line.startswith("COPY core"))
    copied_before = [line for line in steps[:install] if line.startswith("COPY ")]

    assert install < first_source
    assert copied_before == ["COPY pyproject.toml ./"]


def test_the_healthcheck_waits_for_the_start():
    [check] = [line for line in instructions() if line.startswith("HEALTHCHECK")]
    assert "--start-period=" in check and "/healthz" in check


def test_compose_runs_one_migration_then_servers_and_face_workers():
    services = COMPOSE["services"]
    web, face, migrate = services["web"], services["face"], services["migrate"]

    assert set(services) == {"postgres", "redis", "migrate", "web", "face"}
    assert migrate["command"] == ["presensi", "db", "upgrade"]
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "presensi serve --host 0.0.0.0 --port 8000 --workers" in web["command"][-1]
    assert web["environment"]["REDIS_URL"] and web["environment"]["FACE_QUEUE"] == "arq"
    assert face["environment"]["FACE_QUEUE"] == "arq"


def test_compose_commands_name_what_exists():
    module, _, name = COMPOSE["services"]["face"]["command"][1].rpartition(".")

    assert hasattr(importlib.import_module(module), name)
