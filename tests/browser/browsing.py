"""What the browser tests do to a page: record its traffic, read its state, flip its scheme.

``STATE`` and ``look`` give one snapshot of what a reader sees (images, figures, maths and the
visible text); ``watch`` records every request and error from the moment it is attached.
"""

import json
import re

from axe_playwright_python.sync_playwright import Axe

from vanishing_site.serving import ROOT, STATE


def watch(page) -> dict[str, list[str]]:
    """Record, from now on, every request a page makes, every failed one and every error."""
    log = {"requests": [], "failed": [], "errors": []}

    def on_response(response):
        if response.status >= 400:
            log["failed"].append(f"{response.url} (HTTP {response.status})")

    def on_console(message):
        if message.type == "error":
            log["errors"].append(message.text)

    page.on("request", lambda request: log["requests"].append(request.url))
    page.on("requestfailed", lambda r: log["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: log["errors"].append(str(error)))
    return log


def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


RECORD_CHANGES = """(attributes) => {
  window.vgChanges = [];
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") {
        window.vgChanges.push([document.readyState,
          `${record.target.nodeName} ${record.attributeName}`,
          record.target.getAttribute(record.attributeName)]);
      }
      for (const node of record.addedNodes) {
        if (node.nodeName !== "META") continue;
        window.vgChanges.push([document.readyState, "META", node.name]);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true,
                         attributeFilter: attributes });
}"""


def record_changes(page, attributes: list[str]) -> None:
    """From the first script of the next page loaded on, record in ``window.vgChanges`` every
    change to one of ``attributes`` on any element, and every <meta> added, as [the document's
    readiness then, "NODE attribute" or "META", the attribute's value when the observer runs
    or the meta's name]. A change made once the content exists can restyle the whole page."""
    page.add_init_script(f"({RECORD_CHANGES})({json.dumps(attributes)})")


def toggle_scheme(page) -> None:
    """Click the palette toggle and wait until the other scheme is in place."""
    before = scheme(page)
    page.locator("form[data-vg-palette] label:not([hidden])").click()
    page.wait_for_function(
        "s => document.body.dataset.mdColorScheme !== s"
        " && !document.body.hasAttribute('data-md-color-switching')",
        arg=before,
    )


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page, one line per rule: id, impact and where. Transitions
    finish first: Material fades the header's title in and out as the page scrolls, and text
    caught halfway is too faint for any contrast rule."""
    page.wait_for_function(
        "document.getAnimations().every(a => !(a instanceof CSSTransition)"
        " || a.playState !== 'running')"
    )
    results = Axe().run(page)
    return [
        f"{rule['id']} ({rule['impact']}): {', '.join(str(n['target']) for n in rule['nodes'])}"
        for rule in results.response["violations"]
    ]


def look(page, axe: bool = True) -> dict:
    """What the page shows now, in which scheme, and (unless ``axe`` is false) axe's verdict."""
    state = page.evaluate(STATE) | {"scheme": scheme(page)}
    return state | {"axe": axe_violations(page) if axe else None}


def source_of(path: str):
    """The Markdown a page (by URL path) was built from; None for pages built otherwise."""
    stem = path.rstrip("/") or "index"
    for candidate in (f"{stem}.md", f"{stem}/index.md"):
        if (ROOT / "docs" / candidate).is_file():
            return ROOT / "docs" / candidate
    return None


# TeX a reader must never see: dollars, \( \) \[ \] delimiters and control words like \frac.
RAW_TEX = re.compile(r"\$|\\[()\[\]]|\\[A-Za-z]+")
CODE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1|`[^`\n]+`", re.M | re.S)


def formulas_in_source(path: str) -> int:
    """How many formulas the page's Markdown has outside code: each \\( \\), \\[ \\] or $$ $$."""
    source = source_of(path)
    if source is None:
        return 0
    text = CODE.sub("", source.read_text(encoding="utf-8"))
    return text.count("\\(") + text.count("\\[") + text.count("$$") // 2
