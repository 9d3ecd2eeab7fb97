"""MkDocs hooks: thin glue between the build and ``vanishing.pages``.

Figures are rendered into ``figures/`` beside ``docs/`` (never into ``docs/``, which would
make ``mkdocs serve`` rebuild forever) and added to the build as generated files.
"""

import logging
import os
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from vanishing import gallery, pages

log = logging.getLogger("mkdocs.plugins.vanishing")
state: dict = {}


def on_startup(command, dirty):
    state["serving"] = command == "serve"


def on_config(config):
    root = Path(config.config_file_path).parent
    state["root"] = root
    state["out"] = root / "figures"
    state["package"] = config.extra.get("figure_package", gallery.DEFAULT_PACKAGE)
    state["quantities"] = config.extra.get("quantities", "vanishing.quantities")
    # The sitemap's dates follow the last commit, so two builds of one commit are identical.
    os.environ.setdefault("SOURCE_DATE_EPOCH", _commit_time(root))


def on_files(files, config):
    docs = {file.src_uri: file.content_string for file in files.documentation_pages()}
    try:
        state["figures"], results = pages.build_figures(docs, state["out"], state["package"])
        state["values"] = gallery.computed(
            state["quantities"], "evaluate", state["out"] / "quantities.json"
        )
    except (pages.PageError, gallery.FigureError) as error:
        raise PluginError(str(error)) from None
    rendered = [r.name for r in results if r.regenerated]
    log.info(
        "figures: %d used, %d regenerated%s",
        len(results),
        len(rendered),
        f" ({', '.join(rendered)})" if rendered else "",
    )
    for name in state["figures"]:
        for suffix in (".svg", ".dark.svg", ".csv"):
            path = state["out"] / f"{name}{suffix}"
            files.append(File.generated(config, f"figures/{name}{suffix}", abs_src_path=str(path)))
    return files


def on_page_markdown(markdown, page, config, files):
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
