"""The Lab's notebook pages in the built site: links and anchors, download, weight, search,
and, in the browser, maths and plots in both colour schemes on a notebook reached from the Lab."""

import json
import os
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pytest
from browsing import RAW_TEX, STATE, toggle_scheme, watch

from vanishing_site import colab
from vanishing_site.serving import ROOT

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
    """End to end, as a reader follows them (MkDocs checks the Markdown the page is made of)."""
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


def test_a_notebook_page_offers_its_executed_notebook_for_download_and_colab(site):
    config = (ROOT / "mkdocs.yml").read_text()
    repo_url = re.search(r'repo_url: !ENV \[REPO_URL, "([^"]+)"\]', config)[1]
    for page in _notebook_pages(site):
        html = (site / page / "index.html").read_text()
        (buttons,) = re.findall(r'<p class="vg-lab-download"[^>]*>(.*?)</p>', html)
        (name,) = re.findall(r'<a class="md-button" download="" href="([^"/]+\.ipynb)">', buttons)
        link = colab.url(os.environ.get("REPO_URL", repo_url), f"lab/{name[:-6]}.py")
        assert link and f'<a class="md-button" href="{link}">Open in Colab</a>' in buttons
        assert html.index(buttons) < html.index("<h2"), "under the title"
        notebook = nbformat.read(site / page / name, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code and all(cell.execution_count for cell in code), "every cell ran"
        assert any(cell.outputs for cell in code)
        assert not [o for c in code for o in c.outputs if o.output_type == "error"]


def test_a_notebook_page_carries_no_jupyterlab_css_or_scripts(site):
    """A notebook page is a Markdown page like the others: lab.css is all it adds."""
    plain = (site / "lab" / "index.html").read_text()
    for page in _notebook_pages(site):
        html = (site / page / "index.html").read_text()
        assert "<style" not in html and "jupyter-wrapper" not in html and "data:image" not in html
        assert html.count("<script") == plain.count("<script")
        # The plots are files of their own: what is left is text, code and data.
        assert len(html) < 100_000
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
        assert "Download this notebook" not in text
        assert "import" in text, "the code stays searchable"


# The palette's first colour (vanishing_site.style) in each scheme, as the plots' files hold it.
BLUE = {"default": "#0072b2", "slate": "#56b4e9"}

SHOWN_PLOT = """
async () => {
  const shown = [...document.querySelectorAll(".vg-lab-svg img")].filter(
    (img) => getComputedStyle(img).display !== "none");
  shown[0].scrollIntoView();  // it is loading="lazy"
  await new Promise((resolve) => {
    if (shown[0].complete) return resolve();
    shown[0].addEventListener("load", resolve, {once: true});
    shown[0].addEventListener("error", resolve, {once: true});
  });
  const svg = await (await fetch(shown[0].src)).text();
  return {
    scheme: document.body.dataset.mdColorScheme,
    count: shown.length,
    alts: shown.map((img) => img.alt),
    src: shown[0].getAttribute("src"),
    loaded: shown[0].complete && shown[0].naturalWidth > 0,
    svg,
  };
}
"""


def test_a_notebook_reached_from_the_lab_shows_its_maths_and_plots_in_either_scheme(
    context, base_url, site
):
    notebook = _notebook_pages(site)[0]
    page = context.new_page()
    traffic = watch(page)
    page.goto(base_url + "lab/", wait_until="networkidle")
    page.evaluate(
        "url => [...document.querySelectorAll('.md-content a[href]')]"
        ".find(a => a.href === url).setAttribute('data-vg-next', '')",
        base_url + notebook,
    )
    with page.expect_navigation(wait_until="networkidle"):
        page.locator("[data-vg-next]").click()
    page.wait_for_function("() => document.querySelector('.vg-lab-svg img') !== null")
    state = page.evaluate(STATE)
    assert state["math"] >= 3 and state["math_unrendered"] == []
    assert [m.group() for m in RAW_TEX.finditer(state["text"])] == []

    light = page.evaluate(SHOWN_PLOT)
    toggle_scheme(page)
    dark = page.evaluate(SHOWN_PLOT)
    assert {light["scheme"], dark["scheme"]} == {"default", "slate"}
    for shown in (light, dark):
        # One image per plot is shown, the variant drawn for the scheme, in its colours.
        plots = len(re.findall(r"\.dark\.svg", (site / notebook / "index.html").read_text()))
        assert shown["count"] == plots and shown["loaded"]
        assert shown["src"].endswith(".dark.svg#only-dark") == (shown["scheme"] == "slate")
        assert BLUE[shown["scheme"]] in shown["svg"]
        assert BLUE[{"default": "slate", "slate": "default"}[shown["scheme"]]] not in shown["svg"]
        assert all(len(alt) > 40 for alt in shown["alts"]), "each plot says what it shows"
    assert light["alts"] == dark["alts"]
    assert traffic["requests"] and not [
        u for u in traffic["requests"] if not u.startswith(base_url)
    ]
    assert traffic["failed"] == [] and traffic["errors"] == []


CODE_BLOCKS = """
() => [...document.querySelectorAll(".md-content .highlight pre")].map((pre) => {
  const button = pre.querySelector(".md-code__button[data-md-type=copy]");
  const target = button && document.querySelector(button.dataset.clipboardTarget);
  const copies = target !== null && target.parentElement === pre;
  return {copies, text: target && target.innerText};
})
"""


def test_notebook_code_blocks_show_comparisons_as_typed_with_a_copy_button(context, base_url, site):
    """Code cells are raw HTML on the page (lab_page.md.j2): Material still gives each its copy
    button, and < > & show as typed, not as the entities of mkdocs-jupyter's reparse."""
    page = context.new_page()
    shown = []
    for notebook in _notebook_pages(site):
        page.goto(base_url + notebook, wait_until="networkidle")
        blocks = page.evaluate(CODE_BLOCKS)
        source = nbformat.read(next((site / notebook).glob("*.ipynb")), as_version=4)
        code = [cell.source for cell in source.cells if cell.cell_type == "code"]
        assert [block["text"].rstrip("\n") for block in blocks] == code
        assert all(block["copies"] for block in blocks)
        shown += code
    assert any(">" in cell for cell in shown), "the Lab compares something, to show it is kept"
