"""The search index as readers use it: formulas as their TeX, and the words they type.

A MkDocs hook (``hooks:`` in mkdocs.yml) beside Material's search plugin, which indexes each
page's HTML as it is shown. Two things in that HTML search badly, and this module indexes the
page again without them, with the same code (Material's ``SearchIndex``):

- A formula is MathML, whose text flattens to nonsense ("σ(x)=11+e−x" for
  \\( \\sigma(x) = 1/(1 + e^{-x}) \\)). The index gets its TeX (the ``alttext`` every
  formula carries) as code instead; the figures' "Data (CSV) · Source" links go.
- Readers type US spellings and words the text does not use. Two fields the results never
  show hold them, weighted in mkdocs.yml as the title and the text are: ``keywords``, the
  other spelling of each word of a section's title that has one in ``SPELLINGS`` (and for
  the page itself the words of its front matter's ``search: keywords:``), and ``spellings``,
  the same for the words of its text.

The index Material wrote is then rewritten with these entries, before Material's offline
plugin copies it into the offline site (``on_post_build`` runs between the two).
"""

import html
import json
import re
from pathlib import Path

from material.plugins.search.plugin import SearchIndex
from mkdocs.plugins import event_priority

# British and American spellings of the words the site uses: the stem each form starts with.
SPELLINGS = (
    ("initialis", "initializ"),
    ("normalis", "normaliz"),
    ("optimis", "optimiz"),
    ("regularis", "regulariz"),
    ("standardis", "standardiz"),
    ("stabilis", "stabiliz"),
    ("minimis", "minimiz"),
    ("maximis", "maximiz"),
    ("generalis", "generaliz"),
    ("parametris", "parametriz"),
    ("behaviour", "behavior"),
    ("colour", "color"),
    ("centred", "centered"),
    ("centre", "center"),
    ("modelling", "modeling"),
)
_OTHER = {a: b for pair in SPELLINGS for a, b in (pair, pair[::-1])}
_STEMS = re.compile(r"\b(" + "|".join(sorted(_OTHER, key=len, reverse=True)) + r")(\w*)", re.I)
_MATH = re.compile(r"<math\b[^>]*?\balttext=\"([^\"]*)\"[^>]*>.*?</math>", re.S)
_FIGURE_LINKS = re.compile(r'<span class="vg-figure-links">.*?</span>', re.S)


def searchable(content: str) -> str:
    """A page's HTML as the index should read it: each formula as its TeX in code, and
    without the figures' data and source links."""
    content = _MATH.sub(lambda m: f"<code>{m[1]}</code>", content)
    return _FIGURE_LINKS.sub("", content)


def other_spellings(text: str) -> list[str]:
    """The other spelling of every word of ``text`` that has one, each once, in order."""
    found = (_OTHER[m[1].lower()] + m[2].lower() for m in _STEMS.finditer(html.unescape(text)))
    return list(dict.fromkeys(found))


def page_keywords(meta: dict) -> list[str]:
    """The words a page's front matter gives search (``search: keywords:``, a string or a
    list), for the readers who type them though the page says it otherwise."""
    given = (meta.get("search") or {}).get("keywords") or []
    return [given] if isinstance(given, str) else [str(word) for word in given]


def entries(page) -> list[dict]:
    """The index entries of a page: Material's, from the searchable HTML, with keywords."""
    index = SearchIndex()
    shown = page.content
    try:
        page.content = searchable(shown)
        index.add_entry_from_context(page)
    finally:
        page.content = shown
    for entry in index.entries:
        keywords = other_spellings(entry["title"])
        if entry["location"] == page.url:
            keywords = page_keywords(page.meta) + keywords
        for field, words in (("keywords", keywords), ("spellings", other_spellings(entry["text"]))):
            if words:
                entry[field] = " ".join(words)
    return index.entries


_pages: dict[str, list[dict]] = {}  # page URL -> its entries, kept across `mkdocs serve` builds
_urls: list[str] = []  # the current build's pages, in order


def on_nav(nav, *, config, files):
    _urls[:] = [page.url for page in nav.pages]


@event_priority(50)  # before Material's search, which strips the data-search-* attributes
def on_page_context(context, *, page, config, nav):
    _pages[page.url] = entries(page)
    return context


@event_priority(-50)  # after Material's search writes the index, before offline copies it
def on_post_build(*, config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():  # search switched off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = [entry for url in _urls for entry in _pages.get(url, [])]
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
