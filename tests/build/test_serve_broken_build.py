"""`mkdocs serve --strict` while the site does not build: it answers with the error (and says
it in the terminal) instead of hanging, and shows the site again once it builds."""

import subprocess
import sys
import time

import pytest

from sites import free_port, get, write_site

pytestmark = pytest.mark.slow

PAGES = {"index.md": "# Home\n\nThe answer is {{ answer }}.\n"}


def _until(check, seconds: float):
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.5)
    return found


def test_serve_shows_a_broken_build_in_the_browser_and_recovers(tmp_path):
    write_site(tmp_path, PAGES)
    port = free_port()
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        home = _until(lambda: get(url, 5), 120)
        assert home and "The answer is 42." in home, log.read_text()
        page = tmp_path / "docs" / "index.md"
        page.write_text("# Home\n\nThe answer is {{ answer }}.\n\nAnd {{ answr }}.\n")
        broken = _until(lambda: (text := get(url, 5)) and "does not build" in text and text, 120)
        assert broken, log.read_text()
        assert "docs/index.md:5: no value named &#x27;answr&#x27;" in broken, broken
        terminal = log.read_text()
        assert "docs/index.md:5: no value named 'answr' (did you mean 'answer'?)" in terminal
        # The same mistake again is still shown, and the server still answers.
        page.write_text("# Home\n\nThe answer is {{ answer }}.\n\n\nAnd {{ answr }}.\n")
        again = _until(lambda: (text := get(url, 5)) and "index.md:6:" in text and text, 120)
        assert again and "does not build" in again, log.read_text()
        page.write_text(PAGES["index.md"])
        fixed = _until(lambda: (text := get(url, 5)) and "The answer is 42." in text and text, 120)
        assert fixed and "does not build" not in fixed, log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
