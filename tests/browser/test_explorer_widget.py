"""The gradient-flow explorer in a real Chromium: driven by keyboard alone, it shows the numbers of
the build's assets/explorer/ files, in both colour schemes, fetches
each activation's runs when that activation is first shown, and leaves the static figure in place
when it cannot run.

The fixtures (the built site, its URL, the browser) are the shared ones of conftest.py.
"""

import gzip
import json
import math
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import toggle_scheme, watch

from vanishing_site import explorer

pytestmark = pytest.mark.browser

PAGE = "explorer/"
WIDGET = ".vg-explorer"
FIGURE = "figure#figure-explorer-default"
NO_BREAK = "\u00a0"


def data_files(site) -> dict[str, bytes]:
    """The explorer's files in the built site, path -> bytes: the index, then each activation's
    runs in the order of the menu."""
    index = (site / explorer.INDEX).read_bytes()
    files = {explorer.INDEX: index}
    for activation, _label in json.loads(index)["activations"]:
        files[explorer.runs_asset(activation)] = (
            site / explorer.runs_asset(activation)
        ).read_bytes()
    return files


@pytest.fixture(scope="module")
def data(site):
    """The data the explorer draws from: the index with every activation's runs."""
    files = data_files(site)
    index = json.loads(files.pop(explorer.INDEX))
    runs = [json.loads(part) for part in files.values()]
    assert sum(map(len, runs)) == len({key for part in runs for key in part}), "a run twice"
    return index | {"runs": {key: run for part in runs for key, run in part.items()}}


def fetched(log, base_url) -> list[str]:
    """The explorer's files a page requested, in order, as paths in the site."""
    return [
        url.removeprefix(base_url)
        for url in log["requests"]
        if url.startswith(base_url + explorer.DIRECTORY + "/")
    ]


@pytest.fixture
def page(context, base_url):
    page = context.new_page()
    page.log = watch(page)
    page.goto(base_url + PAGE, wait_until="networkidle")
    page.wait_for_selector(f"{WIDGET} svg path")
    return page


def number(e: float, raise_: str = "") -> str:
    """What the script prints for 10^e: two significant digits, '3.2 × 10−13' below 0.01 or from
    1000 up. On the page the exponent is a superscript, so its text follows the 10 directly; in
    the words for a screen reader, `raise_` is "^"."""
    plain = f"{10**e:.2g}"
    if -2 <= e < 3 and "e" not in plain:
        return plain
    k = math.floor(e)
    mantissa = f"{10 ** (e - k):.1f}"
    if mantissa == "10.0":
        k, mantissa = k + 1, "1.0"
    return f"{mantissa} × 10{raise_}{k}".replace("-", "\u2212")


def compared(e: float, what: str) -> str:
    """How the readout compares two numbers whose ratio is 10^e: 'about the same as' from 0.8 to
    1.25, else the ratio's number and 'times'."""
    if math.log10(0.8) <= e <= math.log10(1.25):
        return f"about the same as {what}"
    return f"{number(e)} times {what}"


def columns(view: str) -> tuple[str, ...]:
    """The statistics a view plots, which are the columns of its table."""
    return (
        explorer.LOGARITHMIC[:2]
        if view == "gradients"
        else explorer.LOGARITHMIC[2:] + (explorer.FRACTIONS)
    )


def cell(name: str, v, raise_: str = "") -> str:
    """A table cell: the number of a log statistic, a fraction in percent to 0.1%."""
    if v is None:
        return "—"
    if name in explorer.FRACTIONS:
        tenths = v * 1000 // explorer.FRACTION_SCALE
        return f"{tenths / 10:.{1 if tenths % 10 else 0}f}%"
    return number(v / explorer.LOG_SCALE, raise_)


def shown(page) -> dict:
    """What the explorer shows now: its setting, view, readout, lines and table."""
    return page.evaluate(
        """(widget) => {
          const root = document.querySelector(widget);
          const chart = root.querySelector("svg");
          const lines = {};
          for (const path of chart.querySelectorAll("path[data-stat]")) {
            const points = path.getAttribute("d").matchAll(/[ML]([\\d.]+),([\\d.]+)/g);
            lines[path.dataset.stat] = [...points].map((m) => [Number(m[1]), Number(m[2])]);
          }
          return {
            setting: chart.dataset.setting,
            view: chart.dataset.view,
            label: chart.getAttribute("aria-label"),
            readout: root.querySelector("[aria-live=polite]").innerText,
            lines,
            table: [...root.querySelectorAll("tbody tr")].map((tr) =>
              [...tr.children].map((td) => td.textContent)),
          };
        }""",
        WIDGET,
    )


def wait_for_setting(page, setting: str) -> None:
    """Wait until the chart shows `setting`. Material may swap the page's content on a change of
    address, and the explorer then mounts again once the named activation's runs are in."""
    page.wait_for_function(
        "([w, k]) => document.querySelector(`${w} svg`)?.dataset.setting === k",
        arg=[WIDGET, setting],
    )


def assert_shows(page, data, setting: str, view: str = "gradients") -> dict:
    """The chart, readout and table show the data's numbers for `setting` in `view` (once the
    setting's activation has its runs)."""
    wait_for_setting(page, setting)
    state = shown(page)
    assert (state["setting"], state["view"]) == (setting, view)
    run = data["runs"][setting]
    depth = int(setting.split("/")[2])
    stats = columns(view)
    assert set(state["lines"]) == set(stats)
    for name in stats:
        points = state["lines"][name]
        assert len(points) == depth, f"{name}: {len(points)} points for {depth} layers"
        xs = [x for x, _ in points]
        assert xs == sorted(xs) and len(set(xs)) == depth
        # Each line is the data's values under one affine map to the SVG's y (which points down).
        # The map is taken from the lowest and highest values; each y is rounded to 0.1 px.
        ys, values = [y for _, y in points], run[name]
        low, high = values.index(min(values)), values.index(max(values))
        if values[high] != values[low]:
            slope = (ys[high] - ys[low]) / (values[high] - values[low])
            assert slope < 0
            for y, v in zip(ys, values, strict=True):
                assert y == pytest.approx(ys[low] + slope * (v - values[low]), abs=0.2)
    readout = state["readout"].replace(NO_BREAK, " ")
    if view == "gradients":
        delta, grad = run["delta"], run["grad_W"]
        # The first sentence names the backward signal, whose ratio gives the verdict.
        last = f"layer {depth}’s"
        signal, weights = ((s[0] - s[-1]) / 100 for s in (delta, grad))
        assert (
            f"The backward signal at layer 1, ‖δ₁‖, is {compared(signal, last)}."
            f" Layer 1’s weight gradient is {compared(weights, last)}."
        ) in readout
        assert readout.startswith(
            "Vanishing."
            if delta[0] - delta[-1] < -100
            else "Exploding."
            if delta[0] - delta[-1] > 100
            else "Flowing."
        )
    else:
        z = run["z_std"]
        first, last = number(z[0] / 100), number(z[-1] / 100)
        if math.log10(0.8) <= (z[-1] - z[0]) / 100 <= math.log10(1.25):
            about = "" if first == last else "about "
            assert f"stays at {about}{first} from layer 1 to layer {depth}," in readout
        else:
            assert f"goes from {first} at layer 1 to {last} at layer {depth}," in readout
        assert f"{cell('dead', run['dead'][-1])} dead." in readout
    # The text alternative: the first and last value of every line of the view.
    for name in stats:
        first, last = (cell(name, run[name][i], raise_="^") for i in (0, -1))
        assert f"{first} at layer 1, {last} at layer {depth}" in state["label"]
    # The table has the view's columns only.
    expected = [
        [str(layer + 1)] + [cell(name, run[name][layer]) for name in stats]
        for layer in range(depth)
    ]
    assert [[c.replace(NO_BREAK, " ") for c in row] for row in state["table"]] == expected
    return state


def test_the_explorer_replaces_the_static_figure_and_starts_at_the_default(page, data):
    assert page.locator(FIGURE).count() == 0
    assert page.locator(WIDGET).count() == 1
    default = data["default"]
    assert_shows(
        page,
        data,
        explorer.key(
            default["activation"], default["scheme"], default["depth"], default["variant"]
        ),
    )
    assert page.log["errors"] == [] and page.log["failed"] == []


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def outline_of_focus(page) -> str:
    """The outline that marks the focused control (for a hidden radio, its label's)."""
    return page.evaluate(
        """() => {
          let el = document.activeElement;
          if (el.type === "radio") el = el.labels[0];
          const style = getComputedStyle(el);
          return `${style.outlineStyle} ${style.outlineWidth}`;
        }"""
    )


def test_every_control_works_from_the_keyboard_and_updates_chart_and_readout(page, data):
    widget = page.locator(WIDGET)
    prefix = widget.get_attribute("id")
    # A reader tabs in from the page above the explorer.
    page.locator("h1").click()
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page) == f"{prefix}-activation":
            break
    assert focused(page) == f"{prefix}-activation", "the first control is not reachable by Tab"

    steps = [
        # (key, control that has focus, setting, view)
        ("ArrowDown", "activation", "tanh/standard/20/plain", "gradients"),
        ("Tab ArrowDown", "scheme", "tanh/lecun_normal/20/plain", "gradients"),
        ("Tab ArrowRight", "depth", "tanh/lecun_normal/30/plain", "gradients"),
        ("End", "depth", "tanh/lecun_normal/50/plain", "gradients"),
        ("Home", "depth", "tanh/lecun_normal/2/plain", "gradients"),
        ("ArrowRight ArrowRight", "depth", "tanh/lecun_normal/10/plain", "gradients"),
        ("Tab Space", "batchnorm", "tanh/lecun_normal/10/batchnorm", "gradients"),
        ("Tab Space", "residual", "tanh/lecun_normal/10/batchnorm+residual", "gradients"),
        ("Shift+Tab Space", "batchnorm", "tanh/lecun_normal/10/residual", "gradients"),
        ("Tab Tab ArrowRight", "activations", "tanh/lecun_normal/10/residual", "activations"),
        ("Shift+Tab Space", "residual", "tanh/lecun_normal/10/plain", "activations"),
        ("Tab ArrowLeft", "gradients", "tanh/lecun_normal/10/plain", "gradients"),
    ]
    readouts = set()
    for keys, control, setting, view in steps:
        for key in keys.split():
            page.keyboard.press(key)
        assert focused(page) == f"{prefix}-{control}", f"after {keys}"
        assert outline_of_focus(page).startswith("solid"), f"{control} shows no focus"
        readouts.add(assert_shows(page, data, setting, view)["readout"])
    # Every setting and view has its own sentence.
    assert len(readouts) == len({(setting, view) for *_, setting, view in steps})
    # The last control: the table of every value opens from the keyboard.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert widget.locator("details").get_attribute("open") is not None
    assert widget.locator("tbody tr").first.is_visible()


def test_controls_are_labelled_native_inputs_and_the_readout_is_a_live_region(page):
    widget = page.locator(WIDGET)
    for name, kind in [
        ("Activation", "select-one"),
        ("Initialisation", "select-one"),
        ("Depth 20 layers", "range"),  # the label shows the value
        ("Batch normalisation", "checkbox"),
        ("Residual connections", "checkbox"),
        ("Gradients", "radio"),
        ("Activations", "radio"),
    ]:
        assert widget.get_by_label(name, exact=True).evaluate("el => el.type") == kind, name
    assert widget.locator("[aria-live=polite]").count() == 1
    chart = widget.locator("svg")
    assert chart.get_attribute("role") == "img"
    assert "per hidden layer, 1 to 20" in chart.get_attribute("aria-label")
    depth = widget.get_by_label("Depth 20 layers", exact=True)
    assert depth.get_attribute("aria-valuetext") == "20 layers"


def axe(page) -> list[str]:
    results = Axe().run(page, context=WIDGET)
    return [
        f"{rule['id']}: {[n['target'] for n in rule['nodes']]}"
        for rule in results.response["violations"]
    ]


def test_axe_finds_nothing_in_any_view_or_scheme(page):
    assert axe(page) == []
    page.locator(f"{WIDGET} label", has_text="Activations").click()
    page.locator(f"{WIDGET} summary").click()
    assert axe(page) == []
    toggle_scheme(page)
    assert axe(page) == []


def rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_lines_take_the_shades_of_the_activation_colour_and_their_dark_twins(page):
    def strokes():
        return page.eval_on_selector_all(
            f"{WIDGET} path[data-stat]", "paths => paths.map(p => getComputedStyle(p).stroke)"
        )

    shades = explorer.colours()[explorer.DEFAULT["activation"]]
    assert strokes() == [rgb(c) for c in shades["light"]]
    toggle_scheme(page)
    assert strokes() == [rgb(c) for c in shades["dark"]]
    text = page.eval_on_selector(f"{WIDGET} .vg-x-label", "t => getComputedStyle(t).fill")
    body = page.evaluate("getComputedStyle(document.body).color")
    assert text == body, "chart text follows Material's foreground colour"


def test_without_javascript_the_static_figure_shows(new_context, base_url):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGE)
    figure = page.locator(FIGURE)
    assert figure.is_visible()
    assert figure.locator("img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(WIDGET).count() == 0
    context.close()


@pytest.mark.parametrize("missing", ["index", "default activation's runs"])
def test_when_the_data_cannot_load_the_static_figure_stays(context, base_url, missing):
    page = context.new_page()
    log = watch(page)
    path = (
        explorer.INDEX
        if missing == "index"
        else explorer.runs_asset(explorer.DEFAULT["activation"])
    )
    page.route(f"**/{path}", lambda route: route.fulfill(status=404))
    page.goto(base_url + PAGE, wait_until="networkidle")
    assert path in fetched(log, base_url)
    assert page.locator(FIGURE).is_visible()
    assert page.locator(WIDGET).count() == 0


def test_the_page_loads_the_index_and_the_default_runs_then_one_file_per_new_activation(
    page, base_url, data
):
    default = explorer.runs_asset(explorer.DEFAULT["activation"])
    assert fetched(page.log, base_url) == [explorer.INDEX, default]
    widget = page.locator(WIDGET)
    menu = widget.get_by_label("Activation", exact=True)
    menu.select_option("tanh")
    wait_for_setting(page, "tanh/standard/20/plain")
    assert_shows(page, data, "tanh/standard/20/plain")
    assert fetched(page.log, base_url) == [explorer.INDEX, default, explorer.runs_asset("tanh")]
    # An activation shown before is not fetched again.
    menu.select_option(explorer.DEFAULT["activation"])
    menu.select_option("tanh")
    assert_shows(page, data, "tanh/standard/20/plain")
    page.wait_for_load_state("networkidle")
    assert len(fetched(page.log, base_url)) == 3
    assert page.log["errors"] == [] and page.log["failed"] == []


def test_an_address_naming_another_activation_loads_its_runs_and_not_the_defaults(
    context, base_url, data
):
    page = context.new_page()
    log = watch(page)
    page.goto(f"{base_url}{PAGE}#elu/he_normal/10/activations", wait_until="networkidle")
    page.wait_for_selector(f"{WIDGET} svg path", state="attached")
    assert_shows(page, data, "elu/he_normal/10/plain", "activations")
    assert fetched(log, base_url) == [explorer.INDEX, explorer.runs_asset("elu")]
    # A new address naming another activation fetches that one's runs.
    page.evaluate("location.hash = '#relu/small/5'")
    wait_for_setting(page, "relu/small/5/plain")
    assert_shows(page, data, "relu/small/5/plain")
    assert fetched(log, base_url)[2:] == [explorer.runs_asset("relu")]
    assert log["errors"] == [] and log["failed"] == []


def test_when_an_activations_runs_cannot_load_the_explorer_stays_where_it_was(page, data):
    page.route(f"**/{explorer.runs_asset('relu')}", lambda route: route.fulfill(status=503))
    widget = page.locator(WIDGET)
    before = controls(page)
    widget.get_by_label("Activation", exact=True).select_option("relu")
    readout = widget.locator("[aria-live=polite]")
    readout.filter(has_text="Not loaded.").wait_for()
    assert "The data for ReLU could not be fetched" in readout.inner_text()
    assert controls(page) == before
    assert page.evaluate("location.hash") == "#sigmoid/standard/20"
    assert shown(page)["setting"] == "sigmoid/standard/20/plain"
    # The next pick asks again, and now the file comes.
    page.unroute(f"**/{explorer.runs_asset('relu')}")
    widget.get_by_label("Activation", exact=True).select_option("relu")
    wait_for_setting(page, "relu/standard/20/plain")
    assert_shows(page, data, "relu/standard/20/plain")


def test_the_data_files_stay_small(site):
    files = data_files(site)
    assert len(files) == 1 + len(explorer.ACTIVATION_NAMES)
    packed = {
        path: len(gzip.compress(raw, compresslevel=9, mtime=0)) for path, raw in files.items()
    }
    for path, raw in files.items():
        print(f"{path}: {len(raw)} bytes raw, {packed[path]} bytes gzip")
        assert re.fullmatch(rb"\{.*\}", raw) and b"\n" not in raw
    assert sum(packed.values()) < 150_000


def level(e: float) -> bool:
    return math.log10(0.8) <= e <= math.log10(1.25)


def test_ratios_near_one_read_about_the_same_and_level_spreads_stay(context, base_url, data):
    """Every setting where the first layer's number is within 0.8 to 1.25 of the last one's: the
    readout says 'about the same as' or 'stays at', never '1 times'."""
    gradients = [
        key
        for key, run in data["runs"].items()
        if None not in run["delta"] + run["grad_W"]
        and (
            level((run["delta"][0] - run["delta"][-1]) / 100)
            or level((run["grad_W"][0] - run["grad_W"][-1]) / 100)
        )
    ]
    spreads = [
        key
        for key, run in data["runs"].items()
        if None not in (run["z_std"][0], run["z_std"][-1])
        and level((run["z_std"][-1] - run["z_std"][0]) / 100)
    ]
    assert gradients and spreads
    page = context.new_page()
    # Every sixth of them, and the first: enough to meet every activation and variant.
    for view, keys in (("gradients", gradients[::6]), ("activations", spreads[::6])):
        for key in keys:
            activation, scheme, depth, variant = key.split("/")
            flags = [f for f, name in (("bn", "batchnorm"), ("res", "residual")) if name in variant]
            address = "/".join([activation, scheme, depth, *flags, view])
            page.goto(f"{base_url}{PAGE}#{address}")
            page.wait_for_function(
                "([w, k, v]) => { const c = document.querySelector(`${w} svg`);"
                " return c && c.dataset.setting === k && c.dataset.view === v; }",
                arg=[WIDGET, key, view],
            )
            readout = page.locator(f"{WIDGET} [aria-live=polite]").inner_text()
            assert not re.search(r"(?<![\d.])1 times", readout), (key, readout)
            same = "stays at" if view == "activations" else f"about the same as layer {depth}’s"
            assert same in readout, (key, readout)
    # Batch normalisation holds every layer's pre-activations at spread 1.
    page.goto(f"{base_url}{PAGE}#tanh/standard/20/bn/activations")
    page.wait_for_selector(f"{WIDGET} svg path", state="attached")
    readout = page.locator(f"{WIDGET} [aria-live=polite]").inner_text()
    assert "The spread of the pre-activations stays at 1 from layer 1 to layer 20," in readout


def controls(page) -> dict:
    widget = page.locator(WIDGET)
    return {
        "activation": widget.get_by_label("Activation", exact=True).input_value(),
        "scheme": widget.get_by_label("Initialisation", exact=True).input_value(),
        "depth": widget.locator("input[type=range]").get_attribute("aria-valuetext"),
        "batchnorm": widget.get_by_label("Batch normalisation").is_checked(),
        "residual": widget.get_by_label("Residual connections").is_checked(),
        "view": widget.locator("input[type=radio]:checked").input_value(),
    }


def test_the_setting_round_trips_through_the_address(page, data):
    widget = page.locator(WIDGET)
    widget.get_by_label("Activation", exact=True).select_option("relu")
    widget.get_by_label("Initialisation", exact=True).select_option("he_normal")
    depth = widget.locator("input[type=range]")
    depth.focus()
    page.keyboard.press("ArrowRight")  # 20 -> 30 layers
    widget.get_by_label("Batch normalisation").check()
    widget.locator("label", has_text="Activations").click()
    # Scrolling leaves the address as it is (nothing rewrites it to the heading in view).
    page.mouse.wheel(0, 800)
    page.wait_for_timeout(600)
    assert page.evaluate("location.hash") == "#relu/he_normal/30/bn/activations"
    chosen = controls(page)
    assert chosen == {
        "activation": "relu",
        "scheme": "he_normal",
        "depth": "30 layers",
        "batchnorm": True,
        "residual": False,
        "view": "activations",
    }
    # A reload, or the link shared, restores the same setting and view.
    page.reload(wait_until="networkidle")
    page.wait_for_selector(f"{WIDGET} svg path", state="attached")
    assert controls(page) == chosen
    assert_shows(page, data, "relu/he_normal/30/batchnorm", "activations")
    # A new address on the same page (a link followed, or one typed) sets the controls.
    page.evaluate("location.hash = '#tanh/small/10/res'")
    wait_for_setting(page, "tanh/small/10/residual")
    assert controls(page)["view"] == "gradients"
    assert_shows(page, data, "tanh/small/10/residual")
    # A heading's anchor, or a setting the data does not have, leaves the explorer as it is.
    for anchor in ("#what-the-chart-shows", "#relu/he_normal/31", "#relu/none/20"):
        page.evaluate(f"location.hash = '{anchor}'")
        assert controls(page)["activation"] == "tanh"
    assert page.log["errors"] == []


def test_a_tap_on_a_phone_shows_the_layers_values_in_a_line_of_their_own(new_context, base_url):
    context = new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme="light"
    )
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    chart = page.locator(f"{WIDGET} svg")
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("c => getComputedStyle(c).touchAction") == "pan-y"
    titles = chart.locator(".vg-x-title").all_inner_texts()
    pointed = page.locator(f"{WIDGET} .vg-explorer__pointed")
    assert "Layer" not in pointed.inner_text()
    box = chart.bounding_box()
    # The middle of the plot: layer 10 or 11 of the default 20.
    chart.tap(position={"x": box["width"] * 0.55, "y": box["height"] * 0.5})
    text = pointed.inner_text().replace(NO_BREAK, " ")
    assert re.match(r"Layer 1[01] · ‖δₗ‖ \S", text), text
    assert "‖∂C/∂Wₗ‖" in text
    assert chart.locator(".vg-x-hover").get_attribute("visibility") == "visible"
    # The panel titles stay where they are.
    assert chart.locator(".vg-x-title").all_inner_texts() == titles
    assert all(t.is_visible() for t in chart.locator(".vg-x-title").all())
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
@pytest.mark.parametrize("view", ["Gradients", "Activations"])
def test_the_table_fills_its_box_and_is_not_clipped(new_context, base_url, width, height, view):
    context = new_context(viewport={"width": width, "height": height}, color_scheme="light")
    page = context.new_page()
    page.goto(base_url + PAGE + "#relu/small/50", wait_until="networkidle")
    widget = page.locator(WIDGET)
    widget.locator("svg path").first.wait_for()
    widget.locator("label", has_text=view).click()
    widget.locator("summary").click()
    sizes = widget.locator(".vg-explorer__table").evaluate(
        """box => ({scroll: box.scrollWidth, client: box.clientWidth,
                    table: box.querySelector("table").getBoundingClientRect().width,
                    columns: box.querySelectorAll("thead th").length})"""
    )
    assert sizes["columns"] == 1 + len(columns(view.lower()))
    assert sizes["scroll"] <= sizes["client"], sizes
    assert sizes["table"] == pytest.approx(sizes["client"], abs=1), "the table fills its box"
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_the_chart_is_drawn_at_its_boxs_width_one_unit_a_pixel(
    new_context, base_url, width, height
):
    """The first chart is drawn at a width worked out before its box is laid out (the explorer's
    box less its padding); the box, once laid out, must have that width, or its text would be
    scaled: the chart's user units are CSS pixels. The same after the window changes width."""
    context = new_context(viewport={"width": width, "height": height}, color_scheme="light")
    page = context.new_page()
    page.goto(base_url + PAGE, wait_until="networkidle")
    chart = page.locator(f"{WIDGET} svg.vg-explorer__svg")
    chart.locator("path").first.wait_for()
    measure = """svg => ({units: svg.viewBox.baseVal.width, box: svg.parentElement.clientWidth,
                          drawn: svg.getBoundingClientRect().width})"""
    sizes = chart.evaluate(measure)
    assert sizes["units"] == sizes["box"] == pytest.approx(sizes["drawn"], abs=0.5), sizes
    page.set_viewport_size({"width": height if width < 600 else 900, "height": 800})
    page.wait_for_function(
        "svg => svg.viewBox.baseVal.width === svg.parentElement.clientWidth",
        arg=chart.element_handle(),
    )
    resized = chart.evaluate(measure)
    assert resized["units"] != sizes["units"], (sizes, resized)
    assert resized["units"] == pytest.approx(resized["drawn"], abs=0.5), resized
    context.close()
