"""The figure pipeline: discovery, metadata, cache keys, deterministic SVG, atomic failure."""

import re

import pytest

from vanishing_site import buildcache, gallery, style


def test_names_lists_public_modules_only(package):
    assert gallery.names("tmpfigs") == ["line0", "line1"]


def test_docstring_splits_into_title_caption_and_alt():
    doc = """Title here.

    First caption paragraph
    spans lines.

    Second one.

    Alt: A description that is long enough to be useful.
    """
    meta = gallery.parse_docstring(doc, "x.py")
    assert meta == {
        "title": "Title here",
        "caption": "First caption paragraph spans lines. Second one.",
        "alt": "A description that is long enough to be useful.",
    }


@pytest.mark.parametrize(
    "doc", [None, "Title only.", "Title.\n\nAlt: short", "Alt: no title here at all, sorry."]
)
def test_docstring_without_title_or_real_alt_is_rejected(doc):
    with pytest.raises(gallery.FigureError, match=r"x\.py"):
        gallery.parse_docstring(doc, "x.py")


def test_dependencies_follow_project_imports_transitively(package):
    deps = buildcache.dependencies("tmpfigs.line0")
    assert {"tmpfigs", "tmpfigs.line0", "tmpfigs._helper"} <= set(deps)
    assert "numpy" not in deps and "matplotlib.pyplot" not in deps


def test_real_figure_depends_on_the_library_it_calls():
    deps = buildcache.dependencies("vanishing_site.figures.sigmoid", also=gallery.PIPELINE)
    assert {"vanishing.activations", "vanishing_site.style", "vanishing_site.gallery"} <= set(deps)


def test_key_changes_with_an_imported_module_and_only_for_its_users(package):
    before = {name: gallery.cache_key(name, "tmpfigs") for name in ("line0", "line1")}
    (package / "line1.py").write_text((package / "line1.py").read_text() + "\n# edited\n")
    after = {name: gallery.cache_key(name, "tmpfigs") for name in ("line0", "line1")}
    assert after["line0"] == before["line0"]
    assert after["line1"] != before["line1"]
    (package / "_helper.py").write_text("def scale(a, x):\n    return a * x + 0\n")
    assert gallery.cache_key("line0", "tmpfigs") != before["line0"]


def test_build_renders_then_serves_from_cache(package, tmp_path):
    out = tmp_path / "out"
    first = gallery.build(None, out, "tmpfigs", jobs=2)
    assert [r.regenerated for r in first if r.name.startswith("line")] == [True, True]
    second = gallery.build(["line0", "line1"], out, "tmpfigs")
    assert [r.regenerated for r in second] == [False, False]
    (package / "line0.py").write_text((package / "line0.py").read_text() + "\n# edited\n")
    third = gallery.build(["line0", "line1"], out, "tmpfigs")
    assert [r.regenerated for r in third] == [True, False]


def test_svg_is_deterministic_text_svg_without_dates(package, tmp_path):
    gallery.build(["line0"], tmp_path / "a", "tmpfigs")
    gallery.build(["line0"], tmp_path / "b", "tmpfigs")
    a = (tmp_path / "a" / "line0.svg").read_bytes()
    assert a == (tmp_path / "b" / "line0.svg").read_bytes()
    text = a.decode()
    assert text.startswith("<svg") and "<dc:date>" not in text and "<metadata>" not in text
    assert "<text" in text or "font-family" in text  # text stays text (svg.fonttype none)


def test_dark_variant_swaps_every_palette_colour(package, tmp_path):
    gallery.build(["line0"], tmp_path, "tmpfigs")
    light = (tmp_path / "line0.svg").read_text()
    dark = (tmp_path / "line0.dark.svg").read_text()
    assert style.TEXT in light and style.TEXT not in dark and style.DARK[style.TEXT] in dark
    assert style.COLORS[0] in light and style.DARK[style.COLORS[0]] in dark


def test_colour_outside_the_palette_is_refused():
    with pytest.raises(ValueError, match="#123456"):
        style.dark_variant('<path style="stroke: #123456"/>')


def test_csv_holds_the_plotted_data_at_full_precision(package, tmp_path):
    gallery.build(["line1"], tmp_path, "tmpfigs")
    rows = (tmp_path / "line1.csv").read_text().splitlines()
    assert rows[0] == "x,y"
    assert rows[1:] == ["0,0", "0.25,0.5", "0.5,1", "0.75,1.5", "1,2"]


def test_failing_figure_reports_module_and_traceback_and_leaves_no_files(package, tmp_path):
    out = tmp_path / "out"
    gallery.build(["line0"], out, "tmpfigs")
    assert (out / "line0.svg").exists()
    source = (package / "line0.py").read_text()
    (package / "line0.py").write_text(source.replace("fig, ax", "1 / 0\n    fig, ax"))
    with pytest.raises(gallery.FigureError) as error:
        gallery.build(["line0"], out, "tmpfigs")
    assert "line0.py" in str(error.value) and "ZeroDivisionError" in str(error.value)
    assert not any(out.glob("line0.*")), "a failed figure must not leave stale or partial files"
    assert not any(p.name.startswith(".") for p in out.iterdir()), "no temporary files left"


def test_damaged_figure_file_is_detected_and_drawn_again(package, tmp_path):
    gallery.build(["line0"], tmp_path, "tmpfigs")
    good = (tmp_path / "line0.svg").read_bytes()
    (tmp_path / "line0.svg").write_bytes(b"")  # an empty file, as a crash once left
    assert gallery.metadata("line0", tmp_path) is None
    [result] = gallery.build(["line0"], tmp_path, "tmpfigs")
    assert result.regenerated and (tmp_path / "line0.svg").read_bytes() == good


def test_figure_edited_while_drawing_is_not_committed_under_the_old_key(package, tmp_path):
    old_key = gallery.cache_key("line0", "tmpfigs")
    (package / "line0.py").write_text((package / "line0.py").read_text() + "\n# edited\n")
    # The build asked for the old version; the worker read the edited one.
    with pytest.raises(buildcache.Changed, match="line0"):
        gallery.render("line0", tmp_path / "out", "tmpfigs", old_key)
    assert not any((tmp_path / "out").iterdir()), "nothing is committed under the old key"
    assert gallery._render_job("line0", str(tmp_path / "out"), "tmpfigs", old_key) is None


def test_figure_edited_while_the_build_draws_it_is_drawn_again(package, tmp_path):
    # The figure saves a new version of its module while it draws (as a writer might
    # mid-build): the version drawn may not be the one the key describes.
    source = (package / "line0.py").read_text()
    edit = (
        "import pathlib\n"
        "    path = pathlib.Path(__file__)\n"
        "    path.write_text(path.read_text().replace('# version 1', '# version 2'))\n"
        "    fig, ax"
    )
    (package / "line0.py").write_text(source.replace("fig, ax", edit, 1) + "# version 1\n")
    [result] = gallery.build(["line0"], tmp_path / "out", "tmpfigs")
    assert result.regenerated
    assert (package / "line0.py").read_text().endswith("# version 2\n")
    assert gallery.metadata("line0", tmp_path / "out")["key"] == gallery.cache_key(
        "line0", "tmpfigs"
    )
    [again] = gallery.build(["line0"], tmp_path / "out", "tmpfigs")
    assert not again.regenerated


def test_figure_that_exits_or_crashes_is_named(package, tmp_path):
    source = (package / "line0.py").read_text().replace("import numpy", "import os\nimport numpy")
    for crash, symptom in [("raise SystemExit(0)", "SystemExit"), ("os._exit(3)", "exit status 3")]:
        (package / "line0.py").write_text(source.replace("fig, ax", f"{crash}\n    fig, ax"))
        with pytest.raises(gallery.FigureError, match=rf"(?s)figure 'line0'.*{symptom}"):
            gallery.build(["line0", "line1"], tmp_path, "tmpfigs", jobs=2)
        assert gallery.metadata("line1", tmp_path), "the healthy figure is still built"


def test_figure_over_its_time_limit_fails_naming_itself(package, tmp_path):
    source = (package / "line0.py").read_text()
    hang = source.replace("fig, ax", "__import__('time').sleep(60)\n    fig, ax")
    (package / "line0.py").write_text(hang)
    with pytest.raises(gallery.FigureError, match=r"(?s)figure 'line0'.*limit of 1 s"):
        gallery.build(["line0"], tmp_path, "tmpfigs", timeout=1)


def test_cold_build_logs_progress(package, tmp_path, caplog):
    with caplog.at_level("INFO", logger="mkdocs.plugins.vanishing"):
        gallery.build(["line0", "line1"], tmp_path, "tmpfigs", jobs=1)
    assert [r.getMessage() for r in caplog.records] == ["figures 1/2 line0", "figures 2/2 line1"]


def test_command_line_lists_figures_with_titles(capsys):
    from vanishing_site.figures.__main__ import main

    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == gallery.names()
    assert all(len(line.split(maxsplit=1)[1]) > 3 for line in lines), "every figure has a title"


def test_command_line_builds_one_figure_and_prints_a_timing_table(tmp_path, capsys):
    from vanishing_site.figures.__main__ import main

    assert main(["build", "sigmoid", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert re.search(r"^sigmoid\s+rendered\s+\d+\.\d\d$", table, re.M), table
    assert (tmp_path / "sigmoid.svg").exists() and (tmp_path / "sigmoid.dark.svg").exists()
    assert main(["build", "sigmoid", "--out", str(tmp_path)]) == 0
    assert re.search(r"^sigmoid\s+cached", capsys.readouterr().out, re.M)
