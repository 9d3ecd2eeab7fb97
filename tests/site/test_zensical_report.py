"""The Zensical report's checks see each feature in built pages, and miss it when it is gone."""

import importlib.util

from sites import ROOT

spec = importlib.util.spec_from_file_location(
    "zensical_report", ROOT / "scripts" / "zensical_report.py"
)
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)

HOME = '<link href="assets/stylesheets/math.css"><p>over 50 layers</p>'
CHAPTER = '<figure class="vg-figure" id="f"><img src="x.svg"></figure><math><mi>x</mi></math>'


def write(site, pages):
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html)


def test_a_site_with_every_feature_passes_every_check(tmp_path):
    write(
        tmp_path,
        {
            "index.html": HOME,
            "activations/index.html": CHAPTER,
            "lab/gradients/index.html": '<p class="vg-lab-download">',
            "assets/explorer/index.json": "{}",
            "search/search_index.json": "{}",
        },
    )
    assert all(report.features(tmp_path).values())


def test_each_lost_feature_is_reported_lost(tmp_path):
    write(
        tmp_path,
        {
            "index.html": "<p>over {{ home_depth }} layers</p>",
            "activations.html": "<p>![[sigmoid]] and \\( x \\)</p>",
        },
    )
    found = report.features(tmp_path)
    assert found["pages are built"]
    assert not any(value for name, value in found.items() if name != "pages are built")
    table = report.table(found, "Checked.")
    assert "1 of 8 features survive" in table and table.count("| lost |") == 7
