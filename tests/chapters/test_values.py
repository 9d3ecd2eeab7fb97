"""The values package: discovered modules, dotted names, one module per chapter page, every
value quoted somewhere and every placeholder defined."""

import ast
import re
from pathlib import Path

import pytest

from vanishing_site import values

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "vanishing_site" / "values"
PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


@pytest.fixture(scope="module")
def evaluated():
    return values.evaluate()


def test_modules_are_the_files_of_the_package():
    on_disk = sorted(f"vanishing_site.values.{p.stem}" for p in PACKAGE.glob("[!_]*.py"))
    assert values.modules() == on_disk


def test_each_chapter_module_is_named_after_its_page():
    pages = {p.stem.replace("-", "_") for p in (ROOT / "docs").glob("*.md")}
    pages |= {"home", "site_build"}  # index.md and how-this-site-is-built.md
    assert {m.rpartition(".")[2] for m in values.modules()} <= pages


def test_every_value_has_a_dotted_name_and_gives_a_string(evaluated):
    assert all(re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", name) for name in evaluated)
    assert all(isinstance(text, str) and text for text in evaluated.values())
    assert {name.partition(".")[0] for name in evaluated} == {
        m.rpartition(".")[2] for m in values.modules()
    }


def test_every_placeholder_is_a_value_and_every_value_is_quoted(evaluated):
    quoted = set()
    # Pages, the Lab's scripts, and the figures' captions and alt texts (their docstrings).
    figures = (ROOT / "src" / "vanishing_site" / "figures").glob("*.py")
    for page in [*(ROOT / "docs").rglob("*"), *figures]:
        if page.suffix in (".md", ".py"):
            quoted |= set(PLACEHOLDER.findall(page.read_text(encoding="utf-8")))
    assert quoted - set(evaluated) == set(), "placeholders without a value"
    assert set(evaluated) - quoted == set(), "values no page quotes"


def test_no_chapter_module_imports_another():
    for path in PACKAGE.glob("[!_]*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "vanishing_site.values":
                chapters = {a.name for a in node.names} & {p.stem for p in PACKAGE.glob("*.py")}
                assert not chapters, f"{path.name} imports {chapters}"
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                names += [
                    a.name for a in getattr(node, "names", []) if isinstance(node, ast.Import)
                ]
                assert not any(n and n.startswith("vanishing_site.values.") for n in names), path


def test_two_values_with_one_name_fail_with_both_places():
    namespace = {"__name__": "vanishing_site.values.clash"}
    source = "@value\ndef number():\n    return '1'\n\n\n@value\ndef number():\n    return '2'\n"
    code = compile(source, str(PACKAGE / "clash.py"), "exec")
    with pytest.raises(ValueError, match=r"two values named 'clash\.number': lines 1 and 6"):
        exec(code, {**namespace, "value": values.value})


def test_formatting_helpers():
    assert values.sci(1.234e-19) == "1.2 × 10⁻¹⁹"
    assert values.sci(5.0e3, 1) == "5 × 10³"
    assert values.percent(1 / 3) == "33%" and values.percent(0.0123, 1) == "1.2%"
    assert values.number(0.0123456) == "0.0123" and values.number(2.5e-7) == "2.5 × 10⁻⁷"


def test_keep_together_joins_a_quantity_with_no_break_spaces():
    nbsp = "\N{NO-BREAK SPACE}"
    assert (
        values.keep_together("1.4 × 10⁻¹² at 2 × 3") == f"1.4{nbsp}×{nbsp}10⁻¹² at 2{nbsp}×{nbsp}3"
    )
    assert values.keep_together("0.07 ± 0.23 over 8 seeds") == (
        f"0.07{nbsp}±{nbsp}0.23 over 8{nbsp}seeds"
    )
    assert values.keep_together("a tanh unit of 8 layers") == "a tanh unit of 8 layers"


def test_no_quoted_value_can_break_beside_times_or_plus_minus(evaluated):
    breakable = {name: text for name, text in evaluated.items() if re.search(r" [×±]|[×±] ", text)}
    assert breakable == {}
    assert any("\N{NO-BREAK SPACE}×\N{NO-BREAK SPACE}" in text for text in evaluated.values())
    assert any("\N{NO-BREAK SPACE}±\N{NO-BREAK SPACE}" in text for text in evaluated.values())


def test_mean_spread_prints_the_spread_and_the_number_of_seeds():
    from vanishing.experiments.results import SeedSummary
    from vanishing_site.values import mean_spread

    assert mean_spread(SeedSummary.of([1.0, 3.0])) == "2.00 ± 1.41 over 2 seeds"
    assert mean_spread(SeedSummary.of_log10([0.01, 1.0])) == "10^(−1.00 ± 1.41) over 2 seeds"
