"""Every built page at a phone's size (390 x 844) and a desktop's (1280 x 800), in the light and
the dark scheme: the document never scrolls sideways, whatever scrolls inside it can be reached
from the keyboard, and at the phone's size axe-core finds nothing to fault (at the desktop size
test_browser_pages.py runs axe on every page in both schemes).

One tab per page serves all four looks: it loads at the phone's size in light mode, is toggled
to dark, widened to the desktop size and toggled back to light.
"""

import pytest
from browsing import axe_violations, scheme, toggle_scheme, watch

from vanishing_site import serving

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# How wide the document is against its window, the widest elements that stick out of it (none
# inside a box of their own that scrolls or clips), and the boxes that scroll sideways but that
# neither are nor hold anything a keyboard can focus, and how many boxes scroll sideways.
LAYOUT = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const clipped = (element) => {
    for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
      if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].map((c) => "." + c).join("");
  const focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
  const sticking_out = [];
  const unreachable = [];
  let scrolling = 0;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (!box.width || !element.checkVisibility()) continue;
    if (box.right > width + 1 && !clipped(element)) {
      sticking_out.push([Math.round(box.right), name(element)]);
    }
    const scrolls = /auto|scroll/.test(getComputedStyle(element).overflowX)
      && element.scrollWidth > element.clientWidth + 1;
    scrolling += scrolls;
    if (scrolls && !element.matches(focusable) && !element.querySelector(focusable)) {
      unreachable.push(`${name(element)} (${element.scrollWidth} px in ${element.clientWidth})`);
    }
  }
  sticking_out.sort((a, b) => b[0] - a[0]);
  return {
    scroll_width: root.scrollWidth,
    width,
    sticking_out: sticking_out.slice(0, 3).map(([right, what]) => `${what} to ${right} px`),
    unreachable,
    scrolling,
  };
}
"""


def layout(page, axe: bool) -> dict:
    """The page's layout now (LAYOUT), its scheme and, if ``axe``, axe-core's violations."""
    page.wait_for_timeout(100)  # a11y.js marks scrolling boxes one frame after a resize
    found = page.evaluate(LAYOUT) | {"scheme": scheme(page)}
    return found | {"axe": axe_violations(page) if axe else []}


@pytest.fixture(scope="session")
def layouts(new_context, site, base_url) -> dict[str, dict]:
    """Every page (by URL path): its layout by look, 'phone light' to 'desktop light'."""
    context = new_context(color_scheme="light", viewport=PHONE)
    found = {}
    for path in serving.pages(site):
        page = context.new_page()
        log = watch(page)
        page.goto(base_url + path, wait_until="networkidle")
        record = {"phone light": layout(page, axe=True)}
        toggle_scheme(page)
        record["phone dark"] = layout(page, axe=True)
        page.set_viewport_size(DESKTOP)
        record["desktop dark"] = layout(page, axe=False)
        toggle_scheme(page)
        record["desktop light"] = layout(page, axe=False)
        for look, state in record.items():
            state["look"] = look
        found[path] = record | {"errors": log["errors"]}
        page.close()
    context.close()
    return found


LOOKS = ["phone light", "phone dark", "desktop dark", "desktop light"]


def assert_every_look(layouts: dict, check) -> None:
    """Fail, naming every page and look with its problems, if ``check(state)`` lists any."""
    assert "" in layouts, f"the home page was not found among the built pages {list(layouts)}"
    problems = [
        f"/{path} ({look}): {problem}"
        for path, record in layouts.items()
        for look in LOOKS
        for problem in check(record[look])
    ]
    assert not problems, "\n".join(problems)


def test_each_look_has_its_scheme_and_window_width(layouts):
    def unlike(state):
        size, colours = state["look"].split()
        width = {"phone": PHONE, "desktop": DESKTOP}[size]["width"]
        wanted = {"light": "default", "dark": "slate"}[colours]
        problems = [] if state["scheme"] == wanted else [f"in scheme {state['scheme']!r}"]
        # The window's width, less at most a classic vertical scroll bar.
        if not width - 20 <= state["width"] <= width:
            problems.append(f"a window {state['width']} px wide")
        return problems

    assert_every_look(layouts, unlike)


def test_no_page_scrolls_sideways(layouts):
    def overflow(state):
        if state["scroll_width"] <= state["width"]:
            return []
        return [
            f"the document is {state['scroll_width']} px wide in a {state['width']} px window; "
            f"sticking out: {', '.join(state['sticking_out'])}"
        ]

    assert_every_look(layouts, overflow)


def test_every_box_that_scrolls_sideways_can_be_reached_from_the_keyboard(layouts):
    assert_every_look(layouts, lambda state: state["unreachable"])
    # The check has something to check: on a phone, some table or formula scrolls in its box.
    assert any(record["phone light"]["scrolling"] for record in layouts.values())


def test_axe_finds_no_violations_on_a_phone(layouts):
    assert_every_look(layouts, lambda state: state["axe"])


def test_no_page_logs_a_console_error_on_a_phone(layouts):
    problems = {path: record["errors"] for path, record in layouts.items() if record["errors"]}
    assert not problems
