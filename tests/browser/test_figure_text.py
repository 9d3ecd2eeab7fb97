"""Figure text is legible as displayed: every page loaded on a 390x844 phone and a 1280x800
desktop, and the smallest text of every figure the reader sees measured as drawn.

A figure's text is SVG text shown through an <img>: its size on screen is its font-size (in the
SVG's user units) times the scale of the image, its displayed width over its viewBox width. Each
visible figure image is scrolled into view and loaded (they are lazy), and the SVG it actually
shows (currentSrc: the phone variant on a phone) is read and measured, every <text> and <tspan>.
"""

import pytest

from vanishing_site import serving

pytestmark = pytest.mark.browser

# (viewport, smallest text in CSS px)
SCREENS = {
    "phone": ({"width": 390, "height": 844}, 11.0),
    "desktop": ({"width": 1280, "height": 800}, 12.0),
}

# For each shown figure image: its source, displayed width and the smallest text on screen.
MEASURE = """
async () => {
  const shown = [...document.querySelectorAll("figure.vg-figure img")].filter(
    (img) => getComputedStyle(img).display !== "none");
  const found = [];
  for (const img of shown) {
    img.scrollIntoView();
    if (!img.complete || !img.naturalWidth) {
      await new Promise((resolve) => {
        img.addEventListener("load", resolve, {once: true});
        img.addEventListener("error", resolve, {once: true});
      });
    }
    const text = await (await fetch(img.currentSrc)).text();
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    const scale = img.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const size = (node) => {
      for (let n = node; n && n.getAttribute; n = n.parentNode) {
        const match = /font-size:\\s*([\\d.]+)px/.exec(n.getAttribute("style") || "");
        if (match) return Number(match[1]);
      }
      return 16;
    };
    let smallest = Infinity, what = "";
    for (const node of svg.querySelectorAll("text, tspan")) {
      const own = [...node.childNodes].some((c) => c.nodeType === 3 && c.data.trim());
      if (own && size(node) * scale < smallest) {
        smallest = size(node) * scale;
        what = node.textContent.trim();
      }
    }
    // The explorer replaces its static figure when the figure comes near the screen: an image
    // no longer on the page is not seen.
    if (!img.isConnected) continue;
    found.push({src: img.currentSrc, width: img.getBoundingClientRect().width, smallest, what});
  }
  return found;
}
"""


@pytest.fixture(scope="module", params=list(SCREENS))
def measured(request, new_context, site, base_url):
    """(screen, least size allowed, {page: [figure measurements]}) for every page."""
    viewport, least = SCREENS[request.param]
    context = new_context(viewport=viewport, color_scheme="light")
    context.set_default_timeout(20_000)
    found = {}
    for path in serving.pages(site):
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        found[path] = page.evaluate(MEASURE)
        page.close()
    context.close()
    return request.param, least, found


def test_every_figure_text_is_legible_as_displayed(measured):
    screen, least, found = measured
    figures = [figure for page in found.values() for figure in page]
    assert len(figures) > 20, "the chapters show their figures"
    small = [
        f"{f['src']}: {f['what']!r} at {f['smallest']:.1f} px"
        for f in figures
        if f["smallest"] < least
    ]
    assert small == [], f"figure text under {least} px on the {screen}"


def test_a_phone_shows_the_phone_variant_and_a_desktop_the_wide_one(measured):
    screen, _, found = measured
    sources = [f["src"] for page in found.values() for f in page]
    assert sources
    assert all((".phone." in src) == (screen == "phone") for src in sources), sources
