"""Whole builds: throwaway sites that must fail loudly, and the real site, built twice."""

import filecmp
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from vanishing_site import mathml

from sites import ROOT, mkdocs_build, write_site

pytestmark = pytest.mark.slow

GOOD = {
    "index.md": """\
        # Home

        A formula: \\(x^2\\).

        ![[line0]]

        The answer is {{ answer }}. See [the other page](other.md#a-section).
        """,
    "other.md": """\
        # Other

        ## A section

        $$
        \\frac{1}{4}
        $$
        """,
}


def build(tmp_path, **changes):
    pages = GOOD | {name: text for name, text in changes.items()}
    return mkdocs_build(write_site(tmp_path, pages))


def test_throwaway_site_builds_with_figures_math_and_values(tmp_path):
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "The answer is 42." in html
    assert 'src="figures/line0.svg#only-light"' in html
    assert 'src="figures/line0.dark.svg#only-dark"' in html
    assert "<math" in html and not mathml.find_raw_tex(html)
    for name in ("line0.svg", "line0.dark.svg", "line0.csv"):
        assert (tmp_path / "site" / "figures" / name).is_file()
    assert not (tmp_path / "docs" / "figures").exists(), "the build must never write into docs/"
    assert "figures: 1 used, 1 regenerated (line0)" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"index.md": "# Home\n\n![[line7]]\n"}, r"index\.md:3: no figure named 'line7'"),
        ({"index.md": "# Home\n\n[x](missing.md)\n"}, r"index\.md.*missing\.md"),
        ({"index.md": "# Home\n\n[x](other.md#nowhere)\n"}, r"index\.md.*#nowhere"),
        ({"other.md": "# Other\n\nfine\n\n\\(\\nosuchmacro{x}\\)\n"}, r"other\.md:5:.*nosuchmacro"),
        ({"index.md": "# Home\n\n{{ nosuch }}\n"}, r"index\.md:3: no quantity named 'nosuch'"),
    ],
    ids=["missing figure", "broken link", "broken anchor", "bad TeX", "unknown quantity"],
)
def test_bad_input_stops_the_build_naming_the_file(tmp_path, change, message):
    result = build(tmp_path, **change)
    assert result.returncode != 0
    assert re.search(message, result.stderr), result.stderr
    assert not (tmp_path / "site").exists(), "a failed build leaves no half-written site"


def test_raising_figure_module_stops_the_build_with_its_traceback(tmp_path):
    write_site(tmp_path, GOOD)
    module = tmp_path / "tmpfigs" / "line0.py"
    module.write_text(
        module.read_text().replace("fig, ax =", "raise RuntimeError('boom')\n    fig, ax =")
    )
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "line0.py" in result.stderr and "RuntimeError: boom" in result.stderr
    assert "Traceback" in result.stderr
    assert not list((tmp_path / "figures").glob("line0.*")), "no stale or partial figure left"


def test_editing_one_figure_module_rebuilds_that_figure_only(tmp_path):
    pages = GOOD | {"index.md": GOOD["index.md"] + "\n![[line1]]\n"}
    write_site(tmp_path, pages)
    assert "2 regenerated" in mkdocs_build(tmp_path).stderr
    assert "2 used, 0 regenerated" in mkdocs_build(tmp_path).stderr
    module = tmp_path / "tmpfigs" / "line1.py"
    module.write_text(module.read_text() + "\n# a comment changes the key\n")
    assert "2 used, 1 regenerated (line1)" in mkdocs_build(tmp_path).stderr
    helper = tmp_path / "tmpfigs" / "_helper.py"
    helper.write_text(helper.read_text() + "\n# both figures import this\n")
    assert "2 used, 2 regenerated" in mkdocs_build(tmp_path).stderr


@pytest.fixture(scope="module")
def real_builds(tmp_path_factory):
    """The real site built twice from clean copies of the checkout."""
    sites = []
    for label in ("a", "b"):
        work = tmp_path_factory.mktemp(label)
        for name in ("mkdocs.yml", "docs", "src"):
            source = ROOT / name
            copy = shutil.copytree if source.is_dir() else shutil.copy
            copy(source, work / name)
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=work,
            capture_output=True,
            text=True,
            # A clean build computes its experiments too: a memo of its own.
            env={
                "SOURCE_DATE_EPOCH": "1700000000",
                "PATH": "/usr/bin:/bin",
                "VANISHING_CACHE": str(work / ".cache" / "experiments"),
            },
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        sites.append(work / "site")
    return sites


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_two_clean_builds_are_byte_identical(real_builds):
    a, b = real_builds
    assert _tree(a) == _tree(b)
    _, mismatch, errors = filecmp.cmpfiles(a, b, _tree(a), shallow=False)
    assert mismatch == [] and errors == []


# What a browser fetches by itself: element sources, stylesheet/icon/preload links, CSS urls.
LOADS = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|image|use)\b[^>]*?\b(?:src|href)=["']?(?P<a>[^"'\s>]+)"""
    r"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|modulepreload|icon|manifest))[^>]*?\bhref=["']?(?P<b>[^"'\s>]+)"""
    r"""|url\(\s*["']?(?P<c>[^"')]+)|@import\s+["'](?P<d>[^"']+)"""
)


def test_built_pages_load_nothing_from_another_host(real_builds):
    site = real_builds[0]
    remote = {}
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css", ".svg"}:
            for match in LOADS.finditer(path.read_text(errors="replace")):
                url = next(v for v in match.groups() if v)
                if re.match(r"(?:https?:)?//", url):
                    remote.setdefault(str(path.relative_to(site)), []).append(url)
    assert remote == {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return None


def test_serve_serves_the_home_page_and_reloads_when_a_figure_module_changes(tmp_path):
    write_site(tmp_path, GOOD)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "watch:\n  - tmpfigs\n")
    port = _free_port()
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--strict",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while (home := _get(f"http://127.0.0.1:{port}/")) is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert home is not None and "The answer is 42." in home, log.read_text()
        module = tmp_path / "tmpfigs" / "line0.py"
        module.write_text(module.read_text() + "\n# edited while serving\n")
        while "1 regenerated (line0)" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "figures: 1 used, 1 regenerated (line0)" in log.read_text()
        assert not (tmp_path / "docs" / "figures").exists()
    finally:
        server.terminate()
        server.wait(timeout=30)
