"""A real Chromium, headless, driven through its chromedriver (Debian's `chromium` and
`chromium-driver`; `.ci/run` installs them). Without them the tests skip on a developer's
machine and fail in CI, as for PostgreSQL."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import unavailable

CHROMIUM = os.environ.get("PRESENSI_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PRESENSI_CHROMEDRIVER", "/usr/bin/chromedriver")
# What the closed network here needs: no background connections, no first-run work.
FLAGS = (
    "--headless=new",
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # A camera that shows a test pattern, allowed without asking: the playground's selfie.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
)


@pytest.fixture
def chrome(tmp_path):
    """A fresh Chromium with its own profile, at a desk's window size."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download a driver
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
            raise FileNotFoundError(f"{CHROMIUM} or {CHROMEDRIVER}")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
        options.add_argument("--window-size=1280,900")
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    except Exception as error:
        unavailable("Chromium with chromedriver", error)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the tests keep their screenshots: PRESENSI_SCREENSHOTS, else the test's folder."""
    folder = Path(os.environ.get("PRESENSI_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
