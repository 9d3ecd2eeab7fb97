"""The offline copy's fixes: the bundled worker shim, the inlined font, the dropped preload."""

import base64
import re
import zipfile

from vanishing_site import offline

from sites import ROOT


def test_the_plugins_remote_shim_becomes_the_bundled_file():
    extra = {"polyfills": ["https://unpkg.com/iframe-worker/shim", "keep.js"]}
    offline.use_bundled_worker_shim(extra)
    assert extra["polyfills"] == [offline.SHIM, "keep.js"]
    shim = (ROOT / "docs" / offline.SHIM).read_text()
    assert 'location.protocol==="file:"&&(window.Worker=' in shim


def test_a_font_url_becomes_the_fonts_bytes(tmp_path):
    (tmp_path / "fonts").mkdir()
    font = bytes(range(256)) * 3
    (tmp_path / "fonts" / "m.woff2").write_bytes(font)
    css = tmp_path / "css" / "math.css"
    css.parent.mkdir()
    css.write_text('@font-face { src: url("../fonts/m.woff2") format("woff2"); }\n')
    offline.inline_fonts(css)
    encoded = re.search(r'url\("data:font/woff2;base64,([^"]+)"\) format', css.read_text())[1]
    assert base64.b64decode(encoded) == font


def test_only_font_preloads_are_dropped():
    page = (
        '<link rel="preload" href="../assets/fonts/m.woff2" as="font" type="font/woff2" '
        'crossorigin>\n<link rel="preload" href="x.js" as="script">\n</head>'
    )
    assert (
        offline.drop_font_preloads(page) == '<link rel="preload" href="x.js" as="script">\n</head>'
    )


def test_the_zip_holds_the_site_in_one_folder_and_is_reproducible(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "a" / "b.html").write_text("page")
    first = offline.zip_site(site, tmp_path / "one" / "copy.zip").read_bytes()
    second = offline.zip_site(site, tmp_path / "two" / "copy.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one" / "copy.zip") as archive:
        assert archive.namelist() == ["copy/a/b.html", "copy/index.html"]
        assert archive.read("copy/a/b.html") == b"page"
        assert archive.getinfo("copy/index.html").date_time == (2023, 11, 14, 22, 13, 20)
