"""MkDocs hooks: thin glue between the build and ``vanishing_site.pages`` (and ``notebooks``).

Figures are rendered into ``figures/`` beside ``docs/`` (never into ``docs/``, which would
make ``mkdocs serve`` rebuild forever) and added to the build as generated files; so are the
Lab's executed notebooks, in ``figures/lab/``.
"""

import logging
import os
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from vanishing_site import explorer, gallery, notebooks, pages

log = logging.getLogger("mkdocs.plugins.vanishing")
state: dict = {}


def on_startup(command, dirty):
    state["serving"] = command == "serve"


def on_config(config):
    root = Path(config.config_file_path).parent
    state["root"] = root
    state["out"] = root / "figures"
    state["package"] = config.extra.get("figure_package", gallery.DEFAULT_PACKAGE)
    state["quantities"] = config.extra.get("quantities", "vanishing_site.quantities")
    # The sitemap's dates follow the last commit, so two builds of one commit are identical.
    os.environ.setdefault("SOURCE_DATE_EPOCH", _commit_time(root))


def on_files(files, config):
    # The Lab: each docs/lab/NAME.py runs (when stale) into the page figures/lab/NAME.md, which
    # replaces it, with its download and plots beside it.
    scripts = {f.src_uri: Path(f.abs_src_path) for f in files if f.abs_src_path}
    packages = {"vanishing", "vanishing_site", state["package"].split(".")[0]}
    try:
        lab = notebooks.build(notebooks.sources(scripts), state["out"], packages)
    except notebooks.NotebookError as error:
        raise PluginError(str(error)) from None
    ran = [r.source for r in lab if r.executed]
    _report(f"lab: {len(lab)} notebooks, {len(ran)} executed", ran)
    state["lab"] = {notebooks.notebook_uri(r.source): r.source for r in lab}
    for result in lab:
        files.remove(files.get_file_from_path(result.source))
        for uri in result.files:
            files.append(File(uri, str(state["out"]), config.site_dir, config.use_directory_urls))
    docs = {file.src_uri: file.content_string for file in files.documentation_pages()}
    try:
        state["figures"], results = pages.build_figures(docs, state["out"], state["package"])
        state["values"] = gallery.computed(
            state["quantities"], "evaluate", state["out"] / "quantities.json"
        )
    except (pages.PageError, gallery.FigureError) as error:
        raise PluginError(str(error)) from None
    rendered = [r.name for r in results if r.regenerated]
    _report(f"figures: {len(results)} used, {len(rendered)} regenerated", rendered)
    for name in state["figures"]:
        for suffix in (".svg", ".dark.svg", ".csv"):
            path = state["out"] / f"{name}{suffix}"
            files.append(File.generated(config, f"figures/{name}{suffix}", abs_src_path=str(path)))
    # The explorer's data, only for a site that shows its figure (the script upgrades that one).
    if explorer.FIGURE in state["figures"]:
        try:
            data = gallery.computed(
                "vanishing_site.explorer", "data", state["out"] / "explorer.json"
            )
        except gallery.FigureError as error:
            raise PluginError(str(error)) from None
        files.append(File.generated(config, explorer.ASSET, content=explorer.asset(data)))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in state["lab"]:  # a notebook's page
        # Its edit button opens the script the notebook is made from.
        page.edit_url = page.edit_url and page.edit_url.removesuffix(".md") + ".py"
        return markdown
    try:
        return pages.expand(
            markdown,
            page.file.src_uri,
            state["figures"],
            state["values"],
            lambda name: pages.source_url(config.repo_url, state["root"], name, state["package"]),
        )
    except pages.PageError as error:
        raise PluginError(str(error)) from None


def on_page_content(html, page, config, files):
    try:
        return pages.render_math(html, page.file.src_uri, page.markdown or "")
    except pages.PageError as error:
        raise PluginError(str(error)) from None


def on_post_page(output, page, config):
    return pages.tidy_html(output, get_relative_url(".", page.url))


def on_build_error(error):
    # A failed `mkdocs build` leaves no half-written site behind; `serve` keeps its own.
    site = state.get("site_dir")
    if site and not state.get("serving"):
        shutil.rmtree(site, ignore_errors=True)


def on_pre_build(config):
    state["site_dir"] = config.site_dir


def _report(summary: str, redone: list[str]) -> None:
    """Log what a build step did, naming what it had to redo (the tests read these lines)."""
    log.info("%s%s", summary, f" ({', '.join(redone)})" if redone else "")


def _commit_time(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "0"
