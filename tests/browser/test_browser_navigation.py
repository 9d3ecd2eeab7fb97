"""Moving around the site as a reader does: through the sidebar and search."""

import json
from urllib.parse import urlsplit, urlunsplit

import pytest
from browsing import RAW_TEX, STATE, source_of, watch

pytestmark = pytest.mark.browser

SIDEBAR_LINKS = ".md-sidebar--primary a.md-nav__link[href]"
# What readers type, and the chapter (URL path) that must come first among its results (either,
# where two chapters treat it): both spellings, and words the chapter itself does not use.
SEARCHES = {
    "dead neurons": ("dead-neurons/",),
    "dying relu": ("dead-neurons/",),
    "Xavier": ("mitigations/",),
    "He initialization": ("mitigations/",),
    "He initialisation": ("mitigations/",),
    "batch normalization": ("mitigations/", "normalisation-and-symmetry/"),
    "batch normalisation": ("mitigations/", "normalisation-and-symmetry/"),
    "batch norm": ("mitigations/", "normalisation-and-symmetry/"),
    "layer normalization": ("normalisation-and-symmetry/",),
    "exploding": ("exploding-gradients/",),
    "gradient clipping": ("exploding-gradients/",),
    "sigmoid derivative": ("activations/",),
    "vanishing gradient": ("vanishing-gradients/",),
    "LSTM": ("recurrent-networks/",),
    "edge of chaos": ("signal-propagation/",),
}
# For contributors, not readers: search never offers it.
CONTRIBUTOR_PAGE = "how-this-site-is-built/"


SETTLED = """() => {
  const now = [...document.querySelectorAll(".md-search-result__list > li > a")].map(a => a.href);
  const seen = (window.vgResults ??= {list: "", since: 0});
  if (now.join() !== seen.list) Object.assign(seen, {list: now.join(), since: performance.now()});
  return now.length > 0 && performance.now() - seen.since > 1000;
}"""


def page_url(url: str) -> str:
    """The page a link leads to: its URL without query (search's ?h=) and fragment."""
    return urlunsplit(urlsplit(url)._replace(query="", fragment=""))


def unlike_a_full_load(state: dict, loaded: dict) -> list[str]:
    """How a page reached through the sidebar shows less than the same page loaded directly."""
    found = [f"formula with no width: {m}" for m in state["math_unrendered"]]
    found += [f"raw TeX: {m.group()!r}" for m in RAW_TEX.finditer(state["text"])]
    found += [
        f"image not decoded: {image['src']}"
        for image in state["images"]
        if image["visible"] and image["width"] == 0
    ]
    if state["math"] != loaded["math"]:
        found.append(f"{state['math']} <math> elements, {loaded['math']} on a full load")
    if len(state["figures"]) != len(loaded["figures"]):
        found.append(f"{len(state['figures'])} figures, {len(loaded['figures'])} on a full load")
    return found


def test_the_sidebar_leads_to_every_page_with_its_maths_and_figures(context, base_url, survey):
    page = context.new_page()
    log = watch(page)
    page.goto(base_url, wait_until="networkidle")
    chapters = page.eval_on_selector_all(
        SIDEBAR_LINKS, "links => [...new Set(links.map(a => a.href.split('#')[0]))]"
    )
    chapters = [url for url in chapters if url != page_url(page.url)]
    assert len(chapters) >= 1, "the sidebar links to no other page"
    problems = {}
    for url in chapters:
        page.evaluate(
            "([links, url]) => document.querySelectorAll(links).forEach(a =>"
            " a.toggleAttribute('data-vg-next', a.href.split('#')[0] === url))",
            [SIDEBAR_LINKS, url],
        )
        link = page.locator("[data-vg-next]").first
        with page.expect_navigation(wait_until="networkidle"):
            if link.is_visible():
                link.click()
            else:  # inside a collapsed section: the click Material would get from a reader
                link.dispatch_event("click")
        assert page_url(page.url) == url
        assert page.evaluate(
            "([links, url]) => [...document.querySelectorAll(links + '.md-nav__link--active')]"
            ".some(a => a.href.split('#')[0] === url)",
            [SIDEBAR_LINKS, url],
        ), f"{url}: the sidebar does not mark the page it shows"
        path = url.removeprefix(base_url)
        found = unlike_a_full_load(page.evaluate(STATE), survey[path]["light"])
        if found:
            problems[path] = found
    assert problems == {}
    assert log["errors"] == [] and log["failed"] == []


@pytest.mark.parametrize(("query", "chapters"), SEARCHES.items())
def test_search_puts_the_right_chapter_first(context, base_url, query, chapters):
    missing = [chapter for chapter in chapters if source_of(chapter) is None]
    if missing:
        pytest.skip(f"the chapters {missing} are not written yet")
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__list > li > a")
    # Results arrive while the query is typed, one set per keystroke; the last set is the one
    # for the whole query, so wait until the list has stayed the same for a second.
    page.wait_for_function(SETTLED, polling=100)
    found = [page_url(href) for href in results.evaluate_all("links => links.map(a => a.href)")]
    assert found[0] in [base_url + chapter for chapter in chapters], f"{query!r} found {found}"
    assert base_url + CONTRIBUTOR_PAGE not in found


def test_search_index_has_formulas_as_tex_and_no_contributor_page(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert not [d["location"] for d in docs if d["location"].startswith(CONTRIBUTOR_PAGE)]
    sigmoid = next(d for d in docs if d["location"] == "activations/#sigmoid")
    assert r"<code>\sigma(x) = \frac{1}{1 + e^{-x}}" in sigmoid["text"]
    assert "11+e" not in sigmoid["text"] and "Data (CSV)" not in sigmoid["text"]
    # The hidden fields hold what readers type: the US spelling of a British title.
    initialisation = next(d for d in docs if d["location"] == "mitigations/#initialisation")
    assert "initialization" in initialisation["keywords"].split()
