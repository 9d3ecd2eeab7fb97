"""``mkdocs serve`` while the site does not build: the error, in the terminal and the browser.

MkDocs' development server waits for a successful rebuild before it answers any request, so
after a failed one the browser hangs ("The server will appear stuck until build errors are
resolved"). ``showing_errors`` wraps the server's builder: a failed rebuild is reported in the
terminal as usual, and every page of the served site is replaced by a page that shows what
failed. The server then answers at once, its live reload shows the error to the open tabs, and
the next good build brings the site back.
"""

import html
import logging
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.vanishing")

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>The site does not build</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
padding: 0 1rem; }} pre {{ white-space: pre-wrap; background: #fdecea; padding: 1rem; }}
</style></head>
<body>
<h1>The site does not build</h1>
<p>The last change broke the build; the page comes back when it builds again.</p>
<pre>{messages}</pre>
</body>
</html>
"""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def error_page(messages: list[str]) -> str:
    return PAGE.format(messages=html.escape("\n".join(dict.fromkeys(messages))))


def showing_errors(builder: Callable[[], None], site_dir: Path) -> Callable[[], None]:
    """``builder``, which on failure writes the error page over every page of ``site_dir``
    instead of raising (which would leave the server waiting for a good build)."""

    def build() -> None:
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            builder()
        except Exception as error:  # a failed build, whatever failed
            messages = [*collect.messages, str(error)]
            log.error("The site was not rebuilt; the browser shows why until it is.")
            page = error_page(messages)
            pages = list(site_dir.rglob("*.html")) or [site_dir / "index.html"]
            site_dir.mkdir(parents=True, exist_ok=True)
            for path in pages:
                path.write_text(page, encoding="utf-8")
        finally:
            logger.removeHandler(collect)

    return build
