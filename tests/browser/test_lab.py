"""The Lab's notebook pages in the built site: links and anchors, download, weight, search,
and, in the browser, maths after instant navigation and plots in both colour schemes."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pytest
from browsing import RAW_TEX, STATE, toggle_scheme

pytestmark = pytest.mark.browser


class _Anchors(HTMLParser):
    """The ids and the link targets (href of <a>) of one HTML page."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _pages(site):
    """Every built page: its URL path relative to the site (e.g. 'lab/gradients/') -> parsed."""
    return {
        path.relative_to(site).as_posix().removesuffix("index.html"): _Anchors(path.read_text())
        for path in site.rglob("*.html")
    }


def _notebook_pages(site) -> list[str]:
    """URL paths of the pages made from notebooks: those with the downloadable .ipynb beside."""
    return sorted(f"{p.parent.relative_to(site).as_posix()}/" for p in site.rglob("lab/*/*.ipynb"))


SITE = "http://site.invalid/"


def _resolve(page: str, href: str) -> tuple[str, str] | None:
    """(URL path, fragment) a link on ``page`` points at; None for another host."""
    url = urlsplit(urljoin(SITE + page, href))
    if f"{url.scheme}://{url.netloc}/" != SITE:
        return None
    return unquote(url.path).lstrip("/").removesuffix("index.html"), url.fragment


def test_every_link_into_or_out_of_a_notebook_page_reaches_an_existing_anchor(site):
    """MkDocs checks no anchor of a page a plugin renders, nor links in such a page."""
    pages = _pages(site)
    notebooks = _notebook_pages(site)
    assert notebooks, "no notebook page was built"
    broken, checked = [], 0
    for page, parsed in pages.items():
        for href in parsed.links:
            resolved = _resolve(page, href)
            if resolved is None:
                continue
            target, fragment = resolved
            if not (page in notebooks or any(target.startswith(n) for n in notebooks)):
                continue
            checked += 1
            if target and not target.endswith("/"):  # a file: the notebook, a figure's data
                ok = (site / target).is_file()
            else:
                ok = target in pages and (not fragment or fragment in pages[target].ids)
            if not ok:
                broken.append(f"{page or 'home'}: {href}")
    assert broken == []
    assert checked > 20, "the check saw too few links to mean anything"


def test_a_notebook_page_offers_its_executed_notebook_for_download(site):
    for page in _notebook_pages(site):
        html = (site / page / "index.html").read_text()
        (name,) = re.findall(r'<a class="md-button" href="([^"/]+\.ipynb)" download>', html)
        notebook = nbformat.read(site / page / name, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code and all(cell.execution_count for cell in code), "every cell ran"
        assert any(cell.outputs for cell in code)
        assert not [o for c in code for o in c.outputs if o.output_type == "error"]


def test_a_notebook_page_carries_no_jupyterlab_css_or_scripts(site):
    """mkdocs-jupyter inlines about 600 kB of CSS into each page; lab.css replaces it."""
    plain = (site / "lab" / "index.html").read_text()
    for page in _notebook_pages(site):
        html = (site / page / "index.html").read_text()
        assert "<style" not in html and "jupyter-wrapper" not in html
        assert html.count("<script") == plain.count("<script")
        # The plots are inline SVG: what is left is text, code and data.
        assert len(html) < 250_000
    assert (site / "assets" / "stylesheets" / "lab.css").stat().st_size < 5_000


def test_search_indexes_the_notebooks_prose_and_code_but_not_their_outputs(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    for page in _notebook_pages(site):
        text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith(page))
        notebook = nbformat.read(next((site / page).glob("*.ipynb")), as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        printed = [
            line.strip()
            for cell in code
            for output in cell.outputs
            if output.output_type == "stream"
            for line in output.text.splitlines()
            if len(line.strip()) > 12
        ]
        assert printed, "the notebook prints something to look for"
        assert [line for line in printed if line in text] == []
        assert "<svg" not in text and "var(--vg-" not in text
        assert "import" in text, "the code stays searchable"


# The palette's light colours and their dark twins (vanishing_site.style), as browsers report them.
BLUE = {"default": "rgb(0, 114, 178)", "slate": "rgb(86, 180, 233)"}
INK = {"default": "rgb(31, 35, 40)", "slate": "rgb(230, 237, 243)"}

PLOT_COLOURS = """
() => {
  const svg = document.querySelector(".vg-lab-svg svg");
  const line = [...svg.querySelectorAll("path")].find(
    (p) => p.getAttribute("style").includes("stroke: var(--vg-0072b2)"));
  const text = [...svg.querySelectorAll("text")].find(
    (t) => (t.getAttribute("style") || "").includes("fill: var(--vg-1f2328)"));
  return {
    scheme: document.body.dataset.mdColorScheme,
    line: getComputedStyle(line).stroke,
    text: getComputedStyle(text).fill,
  };
}
"""


def test_notebook_maths_survives_instant_navigation_and_plots_follow_the_scheme(
    context, base_url, site
):
    notebook = _notebook_pages(site)[0]
    page = context.new_page()
    page.goto(base_url + "lab/", wait_until="networkidle")
    page.evaluate("window.vgNotReloaded = true")
    # Instant navigation has made the links absolute.
    page.locator(f'.md-content a[href="{base_url}{notebook}"]').first.click()
    page.wait_for_function("() => document.querySelector('.vg-lab-svg svg') !== null")
    assert page.evaluate("window.vgNotReloaded === true"), "Material's instant navigation"
    state = page.evaluate(STATE)
    assert state["math"] >= 3 and state["math_unrendered"] == []
    assert [m.group() for m in RAW_TEX.finditer(state["text"])] == []

    light = page.evaluate(PLOT_COLOURS)
    toggle_scheme(page)
    dark = page.evaluate(PLOT_COLOURS)
    for colours in (light, dark):
        assert colours["line"] == BLUE[colours["scheme"]]
        assert colours["text"] == INK[colours["scheme"]]
    assert {light["scheme"], dark["scheme"]} == {"default", "slate"}
