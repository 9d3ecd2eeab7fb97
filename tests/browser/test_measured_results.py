"""The recorded benchmark results are what the page "How this site is built" expects.

Fast (no browser, no build): benchmarks/site.py is too slow for the suite, so these tests check
its output, src/vanishing_site/measured.py, and the tables made from it.
"""

import runpy

from local_site import ROOT

from vanishing_site.measured import RESULTS
from vanishing_site.values import site_build

BENCHMARK = runpy.run_path(str(ROOT / "benchmarks" / "site.py"), run_name="benchmark")
WEIGHTS = set(site_build.WEIGHT_COLUMNS)
PAGE_KEYS = {"path", "title", "requests", "bytes", "total", "cls", "tbt_ms", *site_build.LIGHTHOUSE}


def test_measured_py_is_exactly_what_the_benchmark_writes():
    text = (ROOT / "src" / "vanishing_site" / "measured.py").read_text(encoding="utf-8")
    assert text.endswith(f"RESULTS = {BENCHMARK['literal'](RESULTS)}\n")


def test_every_page_row_has_every_measurement():
    assert RESULTS["pages"], "no page was measured"
    for page in RESULTS["pages"]:
        assert set(page) == PAGE_KEYS, page["path"]
        assert set(page["bytes"]) == WEIGHTS
        assert page["total"] == sum(page["bytes"].values())
        assert all(0 <= page[name] <= 100 for name in site_build.LIGHTHOUSE)


def test_every_figure_row_has_both_variants():
    assert RESULTS["figures"], "no figure was measured"
    for figure in RESULTS["figures"]:
        assert set(figure) == {"name", "light_bytes", "dark_bytes"}


def test_one_figure_rebuild_names_the_figures_it_regenerated():
    builds = RESULTS["builds"]
    assert builds["figures_regenerated"] == len(builds["regenerated"])
    assert builds["figures_regenerated"] <= builds["figures_used"]


def test_targets_table_judges_every_target():
    rows = site_build.verdicts()
    assert len(rows) == 4 + 7
    table = site_build.targets().splitlines()
    assert len(table) == 2 + len(rows)
    assert site_build.targets_met() == str(sum(ok for *_, ok in rows))


def test_a_number_that_misses_its_target_is_bold():
    page = dict(RESULTS["pages"][0], performance=94, seo=100, total=site_build.MAX_PAGE_BYTES + 1)
    lighthouse = site_build.lighthouse_table([page]).splitlines()[-1]
    assert "| **94** |" in lighthouse and "| 100 |" in lighthouse
    weight = site_build.weight_table([page]).splitlines()[-1]
    assert weight.endswith(f"| **{site_build.kb(site_build.MAX_PAGE_BYTES + 1)}** |")
    fine = dict(page, total=site_build.MAX_PAGE_BYTES)
    assert "**" not in site_build.weight_table([fine]).splitlines()[-1]


def test_every_table_on_the_page_renders():
    for name in (
        "page_weight",
        "lighthouse",
        "builds",
        "figure_generation",
        "figure_sizes",
    ):
        table = getattr(site_build, name)().splitlines()
        assert table[0].startswith("| ") and set(table[1]) <= set("|-: "), name
        assert len({line.count("|") for line in table}) == 1, f"{name}: ragged rows"
