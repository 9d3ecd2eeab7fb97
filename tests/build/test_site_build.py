"""Whole builds: throwaway sites that must fail loudly, and the real site, built twice."""

import filecmp
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from vanishing_site import mathml

from sites import ROOT, free_port, get, mkdocs_build, write_site

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


def test_chapters_number_their_figures_and_pages_refer_to_them(tmp_path):
    other = textwrap.dedent(GOOD["other.md"]) + "\n![[line1]]\n\nSee [[fig:line1]].\n"
    index = textwrap.dedent(GOOD["index.md"]) + "\nAs [[fig:line1]] shows.\n"
    result = build(tmp_path, **{"index.md": index, "other.md": other})
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text()
    chapter = (tmp_path / "site" / "other" / "index.html").read_text()
    # The home page is not a chapter: its figure has no number; other.md is chapter 1.
    assert "vg-figure-number" not in home.split('id="figure-line0"')[1].split("</figure>")[0]
    assert 'As <a href="other/#figure-line1">Figure 1.1</a> shows.' in home
    assert '<strong class="vg-figure-number">Figure 1.1</strong>' in chapter
    assert 'See <a href="#figure-line1">Figure 1.1</a>.' in chapter


def test_the_sites_stylesheets_arrive_as_one_file_and_every_script_is_deferred(tmp_path):
    """A page waits before its first paint for Material's stylesheets and one of the site's, the
    extra_css files joined in their order; no script holds up the parser."""
    write_site(tmp_path, GOOD)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    sheets = {"assets/stylesheets/a.css": "p { color: red; }", "assets/stylesheets/b.css": "em {}"}
    for path, text in sheets.items():
        (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / path).write_text(text)
    config["extra_css"] = list(sheets)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert [re.sub(r"\.[0-9a-f]{8}\.min", "", link) for link in links] == [
        "assets/stylesheets/main.css",  # and palette.css, with a palette configured
        "assets/stylesheets/site.bundle.css",
    ]
    bundle = (tmp_path / "site" / links[-1]).read_text()
    assert bundle == "\n".join(f"/* {path} */\n{text}" for path, text in sheets.items())
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
    assert any("javascripts/bundle." in script for script in scripts)
    assert all(" defer" in script for script in scripts), scripts
    (tmp_path / "docs" / "elsewhere.css").write_text("p {}")
    config["extra_css"] = ["elsewhere.css"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert (
        "extra_css: elsewhere.css is not a stylesheet in docs/assets/stylesheets/" in result.stderr
    )


FRONT = "---\ntitle: Home\nwords: [a, b]\n---\n\n"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"index.md": "# Home\n\n![[line7]]\n"},
            r"docs/index\.md:3: no figure named 'line7' \(did you mean 'line1' or 'line0'\?\)",
        ),
        ({"index.md": "# Home\n\n[x](missing.md) {{ answer }}\n"}, r"index\.md.*missing\.md"),
        ({"index.md": "# Home\n\n[x](other.md#nowhere) {{ answer }}\n"}, r"index\.md.*#nowhere"),
        (
            {"other.md": "# Other\n\nfine\n\n\\(\\nosuchmacro{x}\\)\n"},
            r"docs/other\.md:5:.*nosuchmacro",
        ),
        (
            {"index.md": "# Home\n\n![[line0]]\n\n\\(x\\) \\(\\nosuchmacro{x}\\)\n{{ answer }}\n"},
            r"docs/index\.md:5:.*nosuchmacro",
        ),
        (
            {"index.md": FRONT + "# Home\n\n![[line0]]\n\nfine\n{{ answr }}\n"},
            r"docs/index\.md:11: no value named 'answr' \(did you mean 'answer'\?\)",
        ),
        (
            {"index.md": FRONT + "# Home\n\n![[lin0]]\n{{ answer }}\n"},
            r"docs/index\.md:8: no figure named 'lin0' \(did you mean 'line0'",
        ),
        ({"index.md": "# Home\n\n{{ nosuch }}\n"}, r"docs/index\.md:3: no value named 'nosuch'"),
        (
            {"index.md": FRONT + "# Home\n\n![[line0]]\n\nAs [[fig:line1]] shows. {{ answer }}\n"},
            r"docs/index\.md:10: no figure named 'line1' on any page \(did you mean 'line0'",
        ),
        ({"index.md": "# Home\n\n![[line0]]\n"}, r"tmpfigs\._values: no page uses .* answer"),
        (
            {"index.md": "---\ntitle: [unclosed\n---\n\n# Home\n{{ answer }}\n"},
            r"docs/index\.md:2: front matter is not valid YAML",
        ),
    ],
    ids=[
        "missing figure",
        "broken link",
        "broken anchor",
        "bad TeX",
        "bad TeX below a figure",
        "unknown value below front matter",
        "unknown figure below front matter",
        "unknown value",
        "unknown figure reference",
        "unused value",
        "bad front matter",
    ],
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
    pages = GOOD | {"index.md": textwrap.dedent(GOOD["index.md"]) + "\n![[line1]]\n"}
    write_site(tmp_path, pages)
    assert "2 regenerated" in mkdocs_build(tmp_path).stderr
    assert "2 used, 0 regenerated" in mkdocs_build(tmp_path).stderr
    module = tmp_path / "tmpfigs" / "line1.py"
    module.write_text(module.read_text() + "\n# a comment changes the key\n")
    assert "2 used, 1 regenerated (line1)" in mkdocs_build(tmp_path).stderr
    helper = tmp_path / "tmpfigs" / "_helper.py"
    helper.write_text(helper.read_text() + "\n# both figures import this\n")
    assert "2 used, 2 regenerated" in mkdocs_build(tmp_path).stderr


def test_a_chapter_that_is_not_utf8_stops_the_build_naming_file_and_line(tmp_path):
    write_site(tmp_path, GOOD)
    (tmp_path / "docs" / "index.md").write_bytes(b"# Home\n\n{{ answer }}\ncaf\xe9\n")
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "docs/index.md:4: not UTF-8" in result.stderr, result.stderr


def test_a_misspelt_theme_feature_stops_the_build_naming_it(tmp_path):
    write_site(tmp_path, GOOD)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    config["theme"]["features"] = ["navigation.top", "navigation.foter"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    message = "the theme has no feature 'navigation.foter' (did you mean 'navigation.footer'"
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_misspelt_plugin_option_stops_the_build_naming_it(tmp_path):
    write_site(tmp_path, GOOD, figurs="tmpfigs")
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "unknown option 'figurs' (did you mean 'figures'?)" in result.stderr, result.stderr


def with_repository(root, edit_uri="edit/main/docs/"):
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config |= {"repo_url": "https://github.com/example/example", "edit_uri": edit_uri}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))


def test_source_links_open_the_configured_branch_which_edit_uri_must_agree_with(tmp_path):
    write_site(tmp_path, GOOD, branch="trunk")
    with_repository(tmp_path, "edit/trunk/docs/")
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'href="https://github.com/example/example/blob/trunk/tmpfigs/line0.py"' in html
    with_repository(tmp_path, "edit/main/docs/")
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "edit_uri 'edit/main/docs/' does not open branch 'trunk'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_404_page_asks_no_third_party_host_for_anything(tmp_path):
    write_site(tmp_path, GOOD)
    with_repository(tmp_path)
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "404.html").read_text()
    assert 'class="md-source"' in html, "the repository link stays"
    # Material's "source" component fetches star counts from api.github.com when shown.
    assert 'data-md-component="source"' not in html and "api.github.com" not in html
    assert [m[0] for m in LOADS.finditer(html) if re.search(r"//(?!127\.0\.0\.1)", m[0])] == []
    assert 'role="dialog" aria-label="Search"' in html


@pytest.fixture(scope="module")
def real_builds(tmp_path_factory):
    """The real site built twice from clean copies of the checkout, both builds at once (each
    spends much of its time in one process, so together they finish sooner).

    Build a computes every experiment in a memo of its own; build b reads the checkout's memo,
    which the other builds of the session (the browser's site, the walk-through) fill, or
    computes what is not there yet. So each experiment computed from scratch is still compared
    with one computed by another process, but the session computes it twice, not four times."""
    builds = []
    memo = ROOT / ".cache" / "experiments"
    for label in ("a", "b"):
        work = tmp_path_factory.mktemp(label)
        for name in ("mkdocs.yml", "docs", "src", "overrides", "benchmarks/results"):
            source = ROOT / name
            copy = shutil.copytree if source.is_dir() else shutil.copy
            copy(source, work / name)
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={
                "SOURCE_DATE_EPOCH": "1700000000",
                "PATH": "/usr/bin:/bin",
                "VANISHING_CACHE": str(memo if label == "b" else work / ".cache" / "experiments"),
            },
        )
        builds.append((work, process))
    sites = []
    for work, process in builds:
        _, stderr = process.communicate(timeout=900)
        assert process.returncode == 0, stderr
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


def test_serve_serves_the_home_page_and_reloads_when_a_figure_module_changes(tmp_path):
    write_site(tmp_path, GOOD)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "watch:\n  - tmpfigs\n")
    port = free_port()
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
        while (home := get(f"http://127.0.0.1:{port}/", 2)) is None and time.monotonic() < deadline:
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
