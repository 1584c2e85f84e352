"""``--view`` and ``--screenshot``: the GUI started as a user starts it, in a child process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.ui


def _run_gui(tmp_path: Path, *args: str, platform: str | None = "offscreen") -> subprocess.CompletedProcess[str]:
    """Run the app in a child; ``platform=None`` runs it as on a server: no display, no Qt platform chosen."""
    home = tmp_path / "child-home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "QT_")) and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    if platform:
        env["QT_QPA_PLATFORM"] = platform
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_RUNTIME_DIR=str(home / "run"), RESILIENCE_USER="tester")
    (home / "run").mkdir(parents=True, mode=0o700)
    return subprocess.run([sys.executable, "-m", "resilience_desktop", *args],
                          capture_output=True, text=True, env=env, timeout=90)


def test_screenshot_of_the_assessment_view(tmp_path):
    out = tmp_path / "assessment.png"
    # as on a machine without a display and without QT_QPA_PLATFORM: a screenshot needs neither
    result = _run_gui(tmp_path, "--demo", "--view", "assessment", "--screenshot", str(out), platform=None)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1600, 1000)
    # a rendered window, not a blank canvas: many distinct colours
    colours = {image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 23)}
    assert len(colours) > 20
    home = tmp_path / "child-home"
    assert (home / ".cache" / "ResilienceDesktop" / "demo.rdw").exists(), "the demo lives in the cache"
    settings_files = list((home / ".config").rglob("*.conf"))
    assert all("geometry" not in f.read_text(errors="replace") for f in settings_files), \
        "--screenshot must not remember the screenshot's window geometry"


def test_the_window_without_a_display_is_one_sentence_not_a_qt_abort(tmp_path):
    result = _run_gui(tmp_path, "--demo", platform=None)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "no display" in message and "--screenshot" in message
    assert "Traceback" not in result.stderr and "plugin" not in result.stderr


def test_unknown_view_exits_2_listing_the_valid_ones(tmp_path):
    out = tmp_path / "x.png"
    result = _run_gui(tmp_path, "--demo", "--view", "nosuch", "--screenshot", str(out))
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "nosuch" in message and "start" in message and "assessment" in message
    assert "Traceback" not in result.stderr and len(message.splitlines()) == 1
    assert not out.exists()


def test_screenshot_of_presentation_mode_at_1280x720(tmp_path, demo_template):
    out = tmp_path / "presentation.png"
    # a user who has started the app before: the demo is there (the first test above writes it)
    cache = tmp_path / "child-home" / ".cache" / "ResilienceDesktop"
    cache.mkdir(parents=True)
    inode = Path(shutil.copyfile(demo_template, cache / "demo.rdw")).stat().st_ino
    result = _run_gui(tmp_path, "--demo", "--view", "presentation", "--size", "1280x720", "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    # the projector theme: mostly a dark background, and light text on it
    samples = [image.pixelColor(x, y) for x in range(0, 1280, 16) for y in range(40, 680, 16)]
    dark = sum(c.lightness() < 40 for c in samples)
    light = sum(c.lightness() > 200 for c in samples)
    assert dark > 0.6 * len(samples) and light > 20
    assert (cache / "demo.rdw").stat().st_ino == inode, "a demo of this version is opened, not written again"


class _FakeLocale:
    """Stands in for QLocale.system() of a machine set up in ``languages``."""

    def __init__(self, languages: list[str]):
        self.languages = languages

    def uiLanguages(self) -> list[str]:  # noqa: N802 (Qt name)
        return self.languages

    def name(self) -> str:
        return self.languages[0].replace("-", "_") if self.languages else "C"


@pytest.mark.parametrize(("system", "want"), [(["kk-KZ", "ru-RU"], "kk"), (["ru-KG"], "ru"), (["de-DE"], "en"),
                                              (["tg-TJ"], "tg"), (["uz-Latn-UZ"], "uz"), (["ky-KG"], "ky")])
def test_first_start_follows_the_system_locale_then_the_setting(tmp_path, monkeypatch, system, want):
    from PySide6.QtCore import QSettings

    from resilience_desktop.ui import app
    monkeypatch.setattr(app.QLocale, "system", staticmethod(lambda: _FakeLocale(system)))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert app.startup_language(settings) == want
    settings.setValue("language", "ky" if want != "ky" else "ru")  # chosen in View > Language
    assert app.startup_language(settings) == ("ky" if want != "ky" else "ru")


def test_screenshot_of_a_damaged_workspace_exits_2_and_writes_nothing(tmp_path):
    damaged = tmp_path / "damaged.rdw"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    before = damaged.read_bytes()
    out = tmp_path / "x.png"
    result = _run_gui(tmp_path, "--workspace", str(damaged), "--screenshot", str(out))
    assert result.returncode == 2, result.stderr
    assert not out.exists()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert damaged.read_bytes() == before


def test_a_national_store_that_cannot_be_opened_is_said_in_the_interface_language(tmp_path):
    out = tmp_path / "x.png"
    result = _run_gui(tmp_path, "--lang", "ru", "--national", str(tmp_path / "none.db"), "--view", "national",
                      "--screenshot", str(out))
    assert result.returncode == 2 and not out.exists() and not (tmp_path / "none.db").exists()
    assert "не удалось открыть национальное хранилище" in result.stderr, result.stderr
