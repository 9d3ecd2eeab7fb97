"""The built site on 127.0.0.1, as the browser tests and benchmarks/site.py see it (both import
it from here, and neither imports the other).

`build` runs the strict MkDocs build of the checkout into a directory of its own (reusing the
figure cache in figures/); `serve` serves a built site the way a static host does: gzip for text,
the site's 404 page for anything missing.
"""

import gzip
import mimetypes
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from vanishing_site.buildcache import ROOT

# What a static host compresses; fonts (woff2) and images are compressed already.
TEXT_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt", ".map"}
# Types that Python's mimetypes gets wrong or leaves out on some versions.
TYPES = {".js": "text/javascript", ".woff2": "font/woff2", ".csv": "text/csv"}

# A snapshot of what a reader sees: scrolls every visible image into view (they are
# loading="lazy") and waits until it has loaded or failed, then reports what the page shows:
# images, the site's figures (those of vanishing_site.pages, in a light and a dark variant),
# maths and its text.
STATE = """
async () => {
  const settled = (img) => new Promise((resolve) => {
    if (img.complete) return resolve();
    img.addEventListener("load", resolve, {once: true});
    img.addEventListener("error", resolve, {once: true});
  });
  const images = [];
  for (const img of document.images) {
    const visible = img.checkVisibility();
    if (visible) {
      img.scrollIntoView({block: "center"});
      await settled(img);
    }
    images.push({
      src: img.getAttribute("src"),
      alt: img.getAttribute("alt"),
      visible,
      width: img.naturalWidth,
      in_figure: img.closest("figure") !== null,
    });
  }
  window.scrollTo(0, 0);
  const shown = (img) => getComputedStyle(img).display !== "none";
  // The explorer replaces its static figure (keeping its id) once the figure nears the screen:
  // whether it has yet is a matter of timing, so the figure counts either way and the maths of
  // its caption does not count.
  const kept = ".md-content figure.vg-figure, .md-content .vg-explorer";
  const figures = [...document.querySelectorAll(kept)].map((figure) => ({
    id: figure.id,
    live: figure.matches(".vg-explorer"),
    shown: [...figure.querySelectorAll("img")].filter(shown).map((img) => img.getAttribute("src")),
  }));
  const math = [...document.querySelectorAll(".md-content math")].filter(
    (m) => !m.closest("#figure-explorer-default"));
  // The text a reader sees, without code (where TeX may be quoted on purpose).
  const hide = document.createElement("style");
  hide.textContent = "pre, code, kbd, samp { display: none !important; }";
  document.head.append(hide);
  const text = document.body.innerText;
  hide.remove();
  return {
    images,
    figures,
    math: math.length,
    math_unrendered: math.filter((m) => m.checkVisibility() && !m.getBoundingClientRect().width)
      .map((m) => m.textContent.slice(0, 60)),
    text,
  };
}
"""


def build(out: Path, site_url: str, config: Path = ROOT / "mkdocs.yml") -> Path:
    """`mkdocs build --strict -d out` for a site served at ``site_url``; raises with MkDocs'
    output when the build fails.

    The URL is the one the pages are served at: each page's canonical link and the sitemap
    name it."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url},
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stderr}")
    return out


def pages(site: Path) -> list[str]:
    """Every page of a built site as a URL path relative to the root ('' is the home page)."""
    found = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if relative != "404.html":
            found.append(relative.removesuffix("index.html"))
    return sorted(found)


def compress(data: bytes) -> bytes:
    """gzip as a static host sends it (fixed mtime, so sizes are reproducible)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def transfer_size(path: Path) -> int:
    """Bytes of a file's body on the wire: gzip-compressed for text, as-is otherwise."""
    data = path.read_bytes()
    return len(compress(data)) if path.suffix in TEXT_TYPES else len(data)


def file_for(site: Path, url_path: str) -> Path | None:
    """The file a URL path of the site is served from, or None."""
    path = site / unquote(urlsplit(url_path).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    resolved = path.resolve()
    inside = resolved.is_relative_to(site.resolve())
    return resolved if inside and resolved.is_file() else None


def content_type(path: Path) -> str:
    """The Content-Type a static host sends for a file."""
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "text/plain"
    return kind + ("; charset=utf-8" if kind.startswith("text/") else "")


def answer(site: Path, url_path: str) -> tuple[int, Path]:
    """The status and the file a static host answers a URL path of the site with."""
    path = file_for(site, url_path)
    return (HTTPStatus.OK, path) if path else (HTTPStatus.NOT_FOUND, site / "404.html")


def _handler(site: Path) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            status, path = answer(site, self.path)
            body = path.read_bytes()
            gzipped = path.suffix in TEXT_TYPES and "gzip" in self.headers.get(
                "Accept-Encoding", ""
            )
            if gzipped:
                body = compress(body)
            self.send_response(status)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(len(body)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yields the base URL (ending in /).

    Files are read when asked for, so the site may be built once the URL is known."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
