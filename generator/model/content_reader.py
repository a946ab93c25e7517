"""Reading one content file at a time within the layout's limits, with every problem logged against the file:
text, YAML mappings, Markdown with front matter; and the rules on file names and ordinary pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from generator.errors import ProblemLog
from generator.messages import describe
from generator.model.fields import FieldReader
from generator.model.file_access import ContentTree, read_text
from generator.model.layout import ContentLayout
from generator.model.source import (
    ContentCache,
    LineDict,
    MarkdownSource,
    engine_front_matter,
    markdown_nesting,
    parse_yaml,
    split_front_matter,
)

T = TypeVar("T")


class ContentReader:
    """Reads one content file at a time, within the layout's limits, logging what it cannot read."""

    def __init__(self, layout: ContentLayout, log: ProblemLog, cache: ContentCache | None = None) -> None:
        self.layout = layout
        self.log = log
        self.cache = cache
        self._texts: dict[Path, tuple[str, str | None]] = {}

    def parse(self, text: str, file: str, first_line: int = 1) -> Any:
        return parse_yaml(text, file, self.log, first_line, self.layout.limits, self.cache)

    def text(self, path: Path) -> tuple[str, str | None]:
        if path not in self._texts:  # read (and its problem logged) once per load, whoever asks
            file = self.layout.relative(path)
            self._texts[path] = file, read_text(path, file, self.log, self.layout.limits)
        return self._texts[path]

    def remembered(self, load: Callable[[ContentReader, Path], T | None], path: Path) -> T | None:
        """What `load` makes of a file. While previewing (with a cache), a file whose text is unchanged since it last
        loaded without a problem or a warning is not read field by field again: a save reloads every course."""
        if self.cache is None:
            return load(self, path)
        file, text = self.text(path)
        key = (load.__qualname__, file, text, self.layout.limits)
        if text is not None and key in self.cache.entities:
            return self.cache.entities[key]
        problems, warnings = len(self.log.problems), len(self.log.warnings)
        entity = load(self, path)
        if entity is not None and len(self.log.problems) == problems and len(self.log.warnings) == warnings:
            self.cache.remember(self.cache.entities, key, entity)
        return entity

    def yaml_mapping(self, path: Path) -> tuple[str, Any]:
        file, text = self.text(path)
        if text is None:
            return file, None
        data = self.parse(text, file)
        if data is not None and not isinstance(data, LineDict):
            self.log.add(file, 1, "", "Y206", found=describe(data))
            return file, None
        return file, data

    def markdown(self, path: Path) -> tuple[str, str | None]:
        """A Markdown file's text, refused (None) when it nests deeper than the limit."""
        file, text = self.text(path)
        if text is None:
            return file, None
        line = self._nesting(text, self.layout.limits.max_markdown_depth)
        if line is not None:
            self.log.add(file, line, "", "Y205", limit=self.layout.limits.max_markdown_depth)
            return file, None
        return file, text

    def _nesting(self, text: str, limit: int) -> int | None:
        if self.cache is None:
            return markdown_nesting(text, 1, limit)
        key = (text, limit)
        if key not in self.cache.nesting:
            self.cache.remember(self.cache.nesting, key, markdown_nesting(text, 1, limit))
        return self.cache.nesting[key]

    def front_matter(self, path: Path) -> tuple[str, Any, MarkdownSource | None]:
        file, text = self.markdown(path)
        if text is None:
            return file, None, None
        source = split_front_matter(text)
        if source is None:
            self.log.add(file, 1, "", "Y207")
            return file, None, None
        before = len(self.log.problems)
        data = self.parse(source.front_matter, file, source.front_matter_line)
        if data is None:
            if len(self.log.problems) == before:
                self.log.add(file, 1, "", "Y208")
            return file, None, None
        if not isinstance(data, LineDict):
            self.log.add(file, 2, "", "Y209", found=describe(data))
            return file, None, None
        return file, data, source


def check_ordinary_page(reader: ContentReader, path: Path) -> None:
    """A page that is neither course nor path: its front matter is read by the page engine, so it is
    parsed here first, with the same bounds, and a title must be text."""
    file, text = reader.markdown(path)
    if text is None:
        return
    front_matter = engine_front_matter(text)
    if front_matter is None:
        return
    data = reader.parse(front_matter, file, 2)
    if isinstance(data, LineDict):  # other fields are the engine's and the theme's
        FieldReader(data, file, reader.log).text("title", required=False)


def check_file_names(layout: ContentLayout, docs: ContentTree, log: ProblemLog) -> None:
    """Two files whose names differ only in case are one file on a trainer's Windows or macOS machine,
    and two Markdown files with one address are one page on the site: both are problems naming both."""
    by_folded: dict[str, Path] = {}
    by_url: dict[str, Path] = {}
    for entry in sorted(docs.entries, key=lambda e: e.path):
        name = entry.path.relative_to(layout.docs).as_posix()
        other = by_folded.setdefault(name.casefold(), entry.path)
        if other != entry.path:
            log.add(layout.relative(entry.path), 0, "", "F114", other=layout.relative(other))
            continue
        if entry.path.suffix.lower() != ".md":
            continue
        url = page_url(name)
        other = by_url.setdefault(url.casefold(), entry.path)
        if other != entry.path:
            log.add(layout.relative(entry.path), 0, "", "F115", url=url, other=layout.relative(other))


def page_url(src_path: str, directory_urls: bool = True) -> str:
    """The address of a Markdown source: a/b.md is a/b/ (or a/b.html without directory URLs), a/index.md and
    a/README.md are a/ (a/index.html)."""
    if not directory_urls:
        stem, _, _ = src_path.rpartition(".")
        folder, _, name = stem.rpartition("/")
        if name.lower() in ("index", "readme"):
            stem = f"{folder}/index" if folder else "index"
        return stem + ".html"
    path = PurePosixPath(src_path)
    stem = path.stem
    if stem.lower() in ("index", "readme"):
        parent = path.parent.as_posix()
        return "" if parent == "." else parent + "/"
    parent = path.parent.as_posix()
    return (f"{parent}/" if parent != "." else "") + stem + "/"


def inside_repository(path: Path, layout: ContentLayout) -> bool:
    """False for a link that leaves the repository (refused, and reported, by the walk)."""
    if not path.is_symlink():
        return True
    target = path.resolve()
    root = layout.root.resolve()
    return target.is_relative_to(root) and not target.is_relative_to(root / ".git")
