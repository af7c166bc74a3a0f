"""What the HTTP side gives away: no API schema unless asked for, no webhook query in the log."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from fastapi.testclient import TestClient

from presensi.access_log import log_config
from presensi.server import build_app
from presensi.settings import Settings


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_the_api_docs_are_not_served_by_default(path):
    http = TestClient(build_app(Settings(_env_file=None, redis_url=None)))
    assert http.get(path).status_code == 404


def test_the_api_docs_are_served_when_a_setting_says_so():
    http = TestClient(build_app(Settings(_env_file=None, redis_url=None, api_docs=True)))
    assert http.get("/openapi.json").status_code == 200
    assert http.get("/docs").status_code == 200


@pytest.fixture
def access_log():
    """uvicorn's access logger configured as `presensi serve` does, writing to a buffer."""
    logger = logging.getLogger("uvicorn.access")
    saved = (logger.handlers[:], logger.filters[:], logger.level, logger.propagate)
    out = io.StringIO()
    config = log_config()
    config["handlers"]["access"]["stream"] = out
    config["loggers"] = {"uvicorn.access": config["loggers"]["uvicorn.access"]}
    config["handlers"] = {"access": config["handlers"]["access"]}
    logging.config.dictConfig(config)
    yield logger, out
    logger.handlers[:], logger.filters[:] = saved[0], saved[1]
    logger.setLevel(saved[2])
    logger.propagate = saved[3]


def access(logger: logging.Logger, path: str) -> None:
    """The record uvicorn's HTTP protocol writes for one request."""
    logger.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:443", "GET", path, "1.1", 200)


def test_the_whatsapp_verify_token_never_reaches_the_access_log(access_log):
    logger, out = access_log
    access(logger, "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=9")
    access(logger, "/healthz?verbose=1")
    lines = out.getvalue().splitlines()
    assert "s3cret" not in out.getvalue()
    assert '"GET /webhooks/whatsapp HTTP/1.1" 200' in lines[0]
    assert '"GET /healthz?verbose=1 HTTP/1.1" 200' in lines[1]  # other routes as they were


def test_a_sign_in_token_or_a_searched_nip_never_reaches_the_access_log(access_log):
    logger, out = access_log
    access(logger, "/admin/masuk?t=eyJlIjoxfQ.c2lnbmF0dXJl")
    access(logger, "/admin/pegawai?q=199611302022032007")
    written = out.getvalue()
    assert "c2lnbmF0dXJl" not in written and "199611302022032007" not in written
    assert '"GET /admin/masuk HTTP/1.1" 200' in written
    assert '"GET /admin/pegawai HTTP/1.1" 200' in written
