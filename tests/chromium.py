"""Debian's headless Chromium for the page tests (installed by .ci/run; no browser download needed)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def require_chromium() -> None:
    """Skip the calling test module without a browser, except on CI, where its absence is a failure."""
    if not (CHROMIUM and DRIVER) and not os.environ.get("CI"):
        reason = "needs Debian's chromium and chromium-driver (installed by .ci/run)"
        pytest.skip(reason, allow_module_level=True)


def headless_chromium(
    profile: Path, *, logs: tuple[str, ...] = ("browser",), extra_flags: tuple[str, ...] = ()
) -> Any:
    """A selenium driver of a fresh headless Chromium using ``profile`` as its user folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *extra_flags,
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", dict.fromkeys(logs, "ALL"))
    return webdriver.Chrome(service=Service(str(DRIVER)), options=options)
