"""The MkDocs plugin ``vanishing``: figures, values, the Lab and the explorer's data.

    plugins:
      - vanishing:
          figures: vanishing_site.figures    # package of figure modules
          values: vanishing_site.values  # package whose evaluate() gives the values
          output: figures                    # where generated files go, beside docs/
          branch: main                       # the branch the figures' "Source" links open
          unnumbered: [explorer.md]          # pages that are not chapters

Chapters are numbered in the order of the nav (or of the files, without a nav), leaving out
the home page (``index.md``), the ``unnumbered`` pages and notebooks, and a chapter's figures
in the order it shows them: the second figure of chapter 3 is Figure 3.2. A reference to a
figure goes to the page it is on or, for a figure shown in several chapters, to the first.

Generated files go to ``output`` beside ``docs/`` (never into ``docs/``, which would make
``mkdocs serve`` rebuild forever) and join the build as generated files: the figures, the Lab's
executed notebooks (``output/lab/``) and the cached values. The pages' ``![[figure]]`` and
``{{ value }}`` directives and their maths are the Markdown extension
``vanishing_site.directives``, which this plugin adds to the site's extensions.

The site is written into a staging directory and published whole when complete (``publish``),
so a failed or interrupted build leaves the old one in place. Every error is logged here as
well as raised: MkDocs hides a message it has printed before, so under ``mkdocs serve`` a
second identical mistake would otherwise say nothing.
"""

import functools
import importlib
import logging
import os
import posixpath
import re
import subprocess
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from vanishing_site import (
    broken_build,
    colab,
    explorer,
    gallery,
    images,
    links,
    notebooks,
    offline,
    publish,
)
from vanishing_site.directives import (
    DirectivesExtension,
    did_you_mean,
    figure_numbers,
    figures_used,
    with_phone_variants,
)

log = logging.getLogger("mkdocs.plugins.vanishing")

# The site's stylesheets (extra_css) reach a browser as one file, so a page waits for one request
# before its first paint instead of one per file. It sits beside them: their url()s still hold.
STYLESHEET = "assets/stylesheets/site.bundle.css"
# Material's script bundle, whose name carries a hash of its content. overrides/main.html loads it
# deferred (config.extra.theme_script), so the first paint does not wait for it either.
THEME_SCRIPT = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")


class VanishingConfig(base.Config):
    figures = c.Type(str, default="vanishing_site.figures")
    values = c.Type(str, default="vanishing_site.values")
    output = c.Type(str, default="figures")
    branch = c.Type(str, default="main")
    unnumbered = c.ListOfItems(c.Type(str), default=[])

    def validate(self):
        # MkDocs only warns about an unknown option, and a misspelt one would be ignored.
        failed, warnings = super().validate()
        known = {key for key, _ in self._schema}
        for key in sorted(set(self) - known):
            reason = f"unknown option {key!r}{did_you_mean(key, known)}"
            failed.append((key, c.ValidationError(reason)))
        return failed, [(key, warning) for key, warning in warnings if key in known]


def _error(message: str) -> PluginError:
    """Log ``message`` (MkDocs would hide a repeat) and give the exception to raise."""
    log.error(message)
    return PluginError(message)


class _Directives(DirectivesExtension):
    def fail(self, message: str) -> Exception:
        return _error(message)


class VanishingPlugin(BasePlugin[VanishingConfig]):
    dirty = False  # until on_startup says `--dirty`

    def on_startup(self, *, command, dirty) -> None:
        self.dirty = dirty
        publish.stop_on_terminate()

    @event_priority(-50)  # after Material's offline plugin, whose worker shim it swaps
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The build writes into a staging directory, published whole by on_post_build.
        self.site_dir = Path(config.site_dir)
        self.staging = publish.prepare(self.site_dir, self.dirty)
        config.site_dir = str(self.staging)
        # The offline copy (make offline): a bundled worker shim, and no font preloads
        # (overrides/main.html reads extra.offline), since a file:// page cannot preload them.
        self.offline = offline.enabled(config)
        config.extra["offline"] = self.offline
        offline.use_bundled_worker_shim(config.extra)
        self.root = Path(config.config_file_path).parent
        self.out = self.root / self.config.output
        docs = Path(config.docs_dir).resolve()
        root = self.root.resolve()
        self.docs_prefix = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else ""
        branch = self.config.branch
        if config.repo_url and config.edit_uri and f"/{branch}/" not in f"/{config.edit_uri}":
            raise _error(
                f"edit_uri {config.edit_uri!r} does not open branch {branch!r}, which the "
                "figures' Source links use: set the plugin's branch option or edit_uri"
            )
        for feature in config.theme.get("features", []):
            if feature not in (known := theme_features(tuple(config.theme.dirs))):
                raise _error(
                    f"{Path(config.config_file_path).name}: the theme has no feature "
                    f"{feature!r}{did_you_mean(feature, known)}"
                )
        # The sitemap's dates follow the last commit, so two builds of one commit are identical.
        os.environ.setdefault("SOURCE_DATE_EPOCH", _commit_time(self.root))
        self.repo_url = config.repo_url
        self.docs_dir = Path(config.docs_dir)
        self.link_lines = links.install()
        self.directives = _Directives()
        config.markdown_extensions.append(self.directives)
        self.stylesheets = config.extra_css
        if self.stylesheets:
            config.extra_css = [STYLESHEET]
        return config

    @event_priority(50)  # before mkdocs-jupyter's on_files, which must see executed notebooks
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in files.media_files():
            if file.abs_src_path and Path(file.abs_src_path).is_relative_to(self.docs_dir):
                if reason := images.problem(Path(file.abs_src_path)):
                    raise _error(f"{self._where(file.src_uri)}: {reason}")
        self.lab = self._lab(files, config)
        used = self._figures(files, config)
        # The value modules are discovered, not imported by name: the cache key lists them.
        also = tuple(_imported(self.config.values, "values").modules())
        values = self._computed(self.config.values, "evaluate", "values.json", also)
        self.directives.setConfig("values", values)
        # The explorer's data, only for a site that shows its figure (the script upgrades it).
        if explorer.FIGURE in used:
            data = self._computed("vanishing_site.explorer", "data", "explorer.json")
            for path, text in explorer.assets(data).items():
                files.append(File.generated(config, path, content=text))
        if self.stylesheets:
            files.append(bundle(self.stylesheets, files, config))
        config.extra["theme_script"] = theme_script(files)
        return files

    def _lab(self, files: Files, config: MkDocsConfig) -> dict[str, str]:
        """Each docs/lab/NAME.py runs (when stale) into the executed notebook
        OUTPUT/lab/NAME.ipynb, which replaces it as the page mkdocs-jupyter renders, with its
        plots beside it. Returns page -> script."""
        scripts = {f.src_uri: Path(f.abs_src_path) for f in files if f.abs_src_path}
        packages = {"vanishing", "vanishing_site", self.config.figures.split(".")[0]}
        try:
            sources = notebooks.sources(scripts)
            if sources:
                self._check_renderer(config)
            links = {src_uri: colab.url(config.repo_url, src_uri) for src_uri in sources}
            lab = notebooks.build(sources, self.out, packages, colab=links)
        except notebooks.NotebookError as error:
            raise _error(str(error)) from None
        ran = [r.source for r in lab if r.executed]
        _report(f"lab: {len(lab)} notebooks, {len(ran)} executed", ran)
        for result in lab:
            files.remove(files.get_file_from_path(result.source))
            # Plain files rooted in the output directory: mkdocs-jupyter's wrapper of the
            # notebook would lose a generated file's content.
            for uri in result.files:
                files.append(File(uri, str(self.out), config.site_dir, config.use_directory_urls))
        return {notebooks.notebook_uri(r.source): r.source for r in lab}

    @staticmethod
    def _check_renderer(config: MkDocsConfig) -> None:
        """mkdocs-jupyter renders the Lab: refuse a site where it is missing or set otherwise
        than the Lab needs (a wrong setting would not fail, only show a wrong page)."""
        renderer = config.plugins.get("mkdocs-jupyter")
        if renderer is None:
            raise _error("the Lab's notebooks need the mkdocs-jupyter plugin in mkdocs.yml")
        template = renderer.config["custom_template"]
        # The same template, wherever the project was copied to.
        if not template or Path(template).read_bytes() != notebooks.TEMPLATE.read_bytes():
            raise _error(f"mkdocs-jupyter: the Lab needs custom_template: {notebooks.TEMPLATE}")
        for option, value in notebooks.RENDERER_OPTIONS.items():
            if renderer.config[option] != value:
                raise _error(
                    f"mkdocs-jupyter: the Lab needs {option}: {value!r} "
                    f"(mkdocs.yml has {renderer.config[option]!r})"
                )

    def _figures(self, files: Files, config: MkDocsConfig) -> set[str]:
        """Render the figures the pages ask for and hand the directives their metadata."""
        package = self.config.figures
        _imported(package, "figures")
        available = set(gallery.names(package))
        wanted: set[str] = set()
        pages: dict[str, list[str]] = {}  # page -> its figures, in order
        for file in files.documentation_pages():
            if file.src_uri in self.lab:
                continue
            markdown, first_line = _body(file, self._where(file.src_uri))
            pages[file.src_uri] = []
            for line, name in figures_used(markdown):
                where = f"{self._where(file.src_uri)}:{line + first_line - 1}"
                if name not in available:
                    known = did_you_mean(name, available)
                    raise _error(f"{where}: no figure named {name!r}{known}")
                wanted.add(name)
                pages[file.src_uri].append(name)
        try:
            results = gallery.build(sorted(wanted), self.out, package)
        except gallery.FigureError as error:
            raise _error(str(error)) from None
        rendered = [r.name for r in results if r.regenerated]
        _report(f"figures: {len(results)} used, {len(rendered)} regenerated", rendered)
        figures, modules = {}, {}
        for name in sorted(wanted):
            module = gallery.module_file(name, package).resolve()
            relative = self._relative(module)
            figures[name] = gallery.metadata(name, self.out) | {"source": self._source(relative)}
            modules[name] = relative
            for suffix in gallery.SUFFIXES:
                path = self.out / f"{name}{suffix}"
                files.append(
                    File.generated(config, f"figures/{name}{suffix}", abs_src_path=str(path))
                )
        self.directives.setConfig("figures", figures)
        self.directives.setConfig("figure_modules", modules)
        chapters = self._chapters(config, files)
        # In reading order: a reference goes to the first chapter that shows the figure.
        order = sorted(pages, key=lambda page: chapters.get(page, len(chapters) + 1))
        numbers = figure_numbers((page, chapters.get(page), pages[page]) for page in order)
        self.directives.setConfig("numbers", numbers)
        return wanted

    def _chapters(self, config: MkDocsConfig, files: Files) -> dict[str, int]:
        """Chapter numbers: the nav's Markdown pages in order, but for the home page and the
        unnumbered ones."""
        documents = [file.src_uri for file in files.documentation_pages()]
        if unknown := sorted(set(self.config.unnumbered) - set(documents)):
            raise _error(f"unnumbered: no page {unknown[0]!r}{did_you_mean(unknown[0], documents)}")
        order = _nav_pages(config.nav) if config.nav else documents
        unnumbered = {"index.md", *self.config.unnumbered}
        chapters = [page for page in order if page.endswith(".md") and page not in unnumbered]
        return {page: number for number, page in enumerate(chapters, 1)}

    def _computed(self, module: str, function: str, cache: str, also: tuple[str, ...] = ()):
        try:
            return gallery.computed(module, function, self.out / cache, also=also)
        except gallery.FigureError as error:
            raise _error(str(error)) from None

    def _relative(self, path: Path) -> str:
        root = self.root.resolve()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name

    def _source(self, relative: str) -> str | None:
        """The repository link to a figure's module (None for a site without a repository)."""
        repo = self.repo_url
        return f"{repo.rstrip('/')}/blob/{self.config.branch}/{relative}" if repo else None

    def _where(self, src_uri: str) -> str:
        return f"{self.docs_prefix}/{src_uri}" if self.docs_prefix else src_uri

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        script = self.lab.get(page.file.src_uri)
        if script:  # a Lab notebook's page: its edit button opens the script it is made from
            page.edit_url = page.edit_url and page.edit_url.removesuffix(".ipynb") + ".py"
            try:
                markdown = notebooks.without_appended_css(markdown, self._where(script))
            except notebooks.NotebookError as error:
                raise _error(str(error)) from None
        where = self._where(script or page.file.src_uri)
        source = (self.docs_dir / script).read_text("utf-8") if script else page.file.content_string
        self.link_lines.sources[page.file.src_uri] = (where, source)
        first_line = _first_line(page.file.content_string, markdown)
        if not script:
            for line, href in links.raw_links(markdown):
                if links.missing_target(href, page.file.src_uri, page.file.url, files):
                    raise _error(
                        f"{where}:{line + first_line - 1}: <a href={href!r}> points at no page "
                        "of the site"
                    )
        self.directives.setConfig("page", page.file.src_uri)
        self.directives.setConfig("where", where)
        self.directives.setConfig("first_line", first_line)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config, files) -> str:
        return with_phone_variants(html, self.directives.getConfig("figures"))

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Every page has been rendered: a value no page shows is dead code, or a typo's twin.
        values = self.directives.getConfig("values")
        if unused := sorted(set(values) - self.directives.used):
            package = self.config.values
            raise _error(f"{package}: no page uses the value(s) {', '.join(unused)}")
        return env

    @event_priority(-100)  # last: every plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.offline:
            for stylesheet in config.extra_css:
                offline.inline_fonts(Path(config.site_dir) / stylesheet)
        # A strict build with warnings is aborted after this event: it publishes nothing.
        if not (config.strict and publish.strict_failures()):
            publish.publish(self.staging, self.site_dir)
        config.site_dir = str(self.site_dir)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # A failed rebuild shows its error in the browser instead of leaving it waiting.
        server.builder = broken_build.showing_errors(server.builder, Path(server.root))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        # A failed build leaves the site as it was: complete, old.
        if staging := getattr(self, "staging", None):
            publish.discard(staging)


def _imported(name: str, option: str):
    """The module the plugin's ``option`` names; an error naming it if it cannot be imported."""
    try:
        return importlib.import_module(name)
    except SyntaxError as error:
        raise _error(
            f"{error.filename}:{error.lineno}: {error.msg} (the {option} module)"
        ) from None
    except ImportError as error:
        raise _error(f"the plugin's {option} option: cannot import {name!r} ({error})") from None


def bundle(stylesheets: list[str], files: Files, config: MkDocsConfig) -> File:
    """The generated file STYLESHEET: the given stylesheets of docs/, in their order."""
    folder = posixpath.dirname(STYLESHEET)
    parts = []
    for path in stylesheets:
        file = files.get_file_from_path(path)
        if file is None or posixpath.dirname(path) != folder:
            raise _error(f"extra_css: {path} is not a stylesheet in docs/{folder}/")
        parts.append(f"/* {path} */\n{file.content_string}")
    return File.generated(config, STYLESHEET, content="\n".join(parts))


def theme_script(files: Files) -> str:
    """The path of the theme's script bundle among the site's files."""
    found = [file.src_uri for file in files if THEME_SCRIPT.fullmatch(file.src_uri)]
    if len(found) != 1:
        raise _error(f"the theme has {len(found)} script bundles, not one: {found}")
    return found[0]


_QUOTED_NAME = re.compile(r"[\"']([a-z]+(?:\.[a-z][a-z0-9]*)+)[\"']")


@functools.cache
def theme_features(dirs: tuple[str, ...]) -> frozenset[str]:
    """Every dotted name the theme's templates and scripts quote: its features among them.

    The theme ignores a feature it does not know, so a misspelt one would silently do nothing.
    """
    names: set[str] = set()
    for directory in map(Path, dirs):
        for path in [*directory.rglob("*.html"), *directory.glob("assets/javascripts/*.js")]:
            names.update(_QUOTED_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return frozenset(names)


def _nav_pages(nav) -> list[str]:
    """The pages of a nav as written in mkdocs.yml (titles, sections, links), in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for item in nav.values() for page in _nav_pages(item)]
    return [page for item in nav or [] for page in _nav_pages(item)]


def _body(file: File, where: str) -> tuple[str, int]:
    """A page's Markdown as MkDocs hands it on (front matter removed) and its first line."""
    try:
        source = file.content_string
    except UnicodeDecodeError as error:
        line = file.content_bytes[: error.start].count(b"\n") + 1
        raise _error(f"{where}:{line}: not UTF-8 ({error.reason})") from None
    _check_front_matter(source, where)
    markdown, _ = get_data(source)
    return markdown, _first_line(source, markdown)


def _first_line(source: str, markdown: str) -> int:
    """The line of ``source`` that ``markdown`` (its end, after front matter) starts on."""
    skipped = source[: len(source) - len(markdown)] if source.endswith(markdown) else ""
    return skipped.count("\n") + 1


def _check_front_matter(source: str, where: str) -> None:
    """MkDocs shows malformed YAML front matter as page text, without a word: fail instead."""
    lines = source.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return
    end = next((n for n, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        raise _error(f"{where}:1: front matter opened by '---' is never closed")
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        raise _error(f"{where}:{line}: front matter is not valid YAML: {reason}") from None
    if data is not None and not isinstance(data, dict):
        raise _error(f"{where}:2: front matter must be a mapping of names to values")


def _report(summary: str, redone: list[str]) -> None:
    """Log what a build step did, naming what it had to redo (the tests read these lines)."""
    log.info("%s%s", summary, f" ({', '.join(redone)})" if redone else "")


def _commit_time(root: Path) -> str:
    """The last commit's time, for the sitemap's dates. A source archive has no .git; `git
    archive` dates every file at its commit, so the newest source file's time stands in."""
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
    if out:
        return out
    sources = [root / "mkdocs.yml", *(root / "docs").rglob("*"), *(root / "src").rglob("*.py")]
    return str(max((int(p.stat().st_mtime) for p in sources if p.is_file()), default=0))
