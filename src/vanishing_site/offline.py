"""The offline copy of the site (``make offline``): Material's offline plugin, made to work.

The plugin makes pages that open from ``file://`` and inlines the search index into a script.
Two things still reach outside a page read from a file, and both are fixed here:

- Browsers refuse a web worker loaded from a file, so the plugin adds a shim that runs
  Material's search worker in an iframe, fetched from unpkg.com. This site asks no third
  party for anything: the shim is bundled (iframe-worker 1.0.4, MIT, licence beside it).
- A page read from a file is an origin of its own, and Chromium refuses it fonts from other
  files. The maths font goes into its stylesheet as a ``data:`` URL, and its preload goes.

Then ``python -m vanishing_site.offline SITE_DIR ARCHIVE.zip`` zips the built copy.
"""

import base64
import os
import re
import sys
import time
import zipfile
from pathlib import Path

SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"
PLUGIN = "material/offline"
_FONT_URL = re.compile(r'url\("([^"]+\.woff2)"\)')
_FONT_PRELOAD = re.compile(r'<link rel="preload" href="[^"]+\.woff2" as="font"[^>]*>\n?')
EARLIEST_ZIP_DATE = 315532800  # 1980-01-01, the first date a zip entry can hold


def enabled(config) -> bool:
    """Whether this build is the offline copy (the plugin is listed and switched on)."""
    plugin = config.plugins.get(PLUGIN)
    return bool(plugin and plugin.config.enabled)


def use_bundled_worker_shim(extra: dict) -> None:
    """Point every iframe-worker polyfill in ``config.extra`` at the bundled copy."""
    polyfills = extra.get("polyfills", [])
    extra["polyfills"] = [SHIM if "iframe-worker" in str(url) else url for url in polyfills]


def drop_font_preloads(html: str) -> str:
    """The page without ``<link rel="preload">`` of fonts, which a file:// page cannot load."""
    return _FONT_PRELOAD.sub("", html)


def inline_fonts(stylesheet: Path) -> None:
    """Replace each ``url("….woff2")`` in a stylesheet by the font itself, as a data: URL."""
    css = stylesheet.read_text(encoding="utf-8")

    def data_url(match: re.Match) -> str:
        font = (stylesheet.parent / match[1]).read_bytes()
        return f'url("data:font/woff2;base64,{base64.b64encode(font).decode()}")'

    stylesheet.write_text(_FONT_URL.sub(data_url, css), encoding="utf-8")


def zip_site(site: Path, archive: Path) -> Path:
    """Zip a built site into ``archive``, all in one folder named after it, whose index.html is
    the home page. Entries are sorted and dated by SOURCE_DATE_EPOCH (or 1980-01-01), so one
    built site always gives the same bytes."""
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", EARLIEST_ZIP_DATE)), EARLIEST_ZIP_DATE)
    stamp = time.gmtime(epoch)[:6]
    folder = archive.name.removesuffix(".zip")
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, path.read_bytes(), compresslevel=9)
    return archive


if __name__ == "__main__":
    print(zip_site(Path(sys.argv[1]), Path(sys.argv[2])))
