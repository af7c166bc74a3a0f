"""GET /healthz reports the database and Redis the way an operator's probe reads them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from presensi.server import build_app
from presensi.settings import Settings


def get_health(settings: Settings):
    with TestClient(build_app(settings)) as client:
        return client.get("/healthz")


def test_healthy_with_real_postgresql_and_redis(pg_url, redis_url):
    response = get_health(Settings(database_url=pg_url, redis_url=redis_url))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "redis": "up",
        "inbox_given_up": 0,
    }


def test_embedded_defaults_are_healthy_and_say_so(tmp_path):
    response = get_health(Settings(database_url=f"sqlite:///{tmp_path}/p.db", redis_url=None))
    assert response.status_code == 200
    assert response.json()["redis"] == "up (embedded)"


def test_an_unreachable_database_is_reported_as_down(redis_url):
    settings = Settings(
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none", redis_url=redis_url
    )
    response = get_health(settings)
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_an_unreachable_redis_is_reported_as_down(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/p.db", redis_url="redis://127.0.0.1:1/0"
    )
    response = get_health(settings)
    assert response.status_code == 503
    assert response.json()["redis"] == "down"
