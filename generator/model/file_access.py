"""Which files the content is read from, and reading them as untrusted input.

Content comes only from regular files inside the repository. A symlink may point elsewhere inside the
repository, but never outside it, into `.git`, into the built site or the trainer pack, or onto an exam
bank: MkDocs copies whatever a link under docs_dir points to into the published site. Devices, pipes
and sockets are refused (reading a pipe would hang the build). Files that would run script when the site
serves them (HTML, JavaScript, SVG with script) are refused under docs_dir: MkDocs publishes them as they
are, on the portal's own origin.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ProblemLog
from generator.html_audit import audit_svg
from generator.messages import text
from generator.model.source import ContentLimits

# Published by MkDocs verbatim, and able to run script on the portal's origin when opened.
SCRIPT_CAPABLE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".cjs", ".xml", ".xsl", ".xslt", ".swf", ".wasm",
})


@dataclass(frozen=True)
class Entry:
    """A file as the build sees it: `path` under the folder walked (links not resolved)."""

    path: Path
    target: Path  # the real file
    via_link: bool


@dataclass
class ContentTree:
    """Regular files under one folder, walked without trusting links."""

    root: Path
    folder: Path
    entries: list[Entry] = field(default_factory=list)
    links: list[tuple[Path, Path]] = field(default_factory=list)  # (link, resolved target)

    def files(self, *suffixes: str) -> list[Path]:
        return sorted(e.path for e in self.entries if not suffixes or e.path.suffix.lower() in suffixes)


def relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def walk(root: Path, folder: Path, log: ProblemLog, forbidden: tuple[Path, ...] = ()) -> ContentTree:
    """Every regular file under `folder`, following links only where they stay inside `root`.

    `forbidden` are real folders no link may point into (the site, the trainer pack). Problems name the
    link or the file as the repository holds it.
    """
    real_root = root.resolve()
    tree = ContentTree(root, folder)
    if not folder.exists() and not folder.is_symlink():
        return tree
    visiting: set[Path] = set()

    def refuse_link(link: Path, target: Path, code: str) -> None:
        log.add(relative(root, link), 0, "", code, target=_shown(real_root, target))

    def check_link(link: Path) -> Path | None:
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):
            log.add(relative(root, link), 0, "", "F104")
            return None
        if not target.is_relative_to(real_root):
            refuse_link(link, target, "F101")
            return None
        if target.is_relative_to(real_root / ".git"):
            refuse_link(link, target, "F102")
            return None
        for place in forbidden:
            if target.is_relative_to(place):
                refuse_link(link, target, "F103")
                return None
        tree.links.append((link, target))
        return target

    def visit(directory: Path, real: Path) -> None:
        if real in visiting:
            log.add(relative(root, directory), 0, "", "F105")
            return
        visiting.add(real)
        try:
            names = sorted(os.listdir(directory))
        except OSError as error:
            log.add(relative(root, directory), 0, "", "F106", reason=error.strerror)
            return
        for name in names:
            path = directory / name
            try:
                mode = os.lstat(path).st_mode
            except OSError as error:
                log.add(relative(root, path), 0, "", "F106", reason=error.strerror)
                continue
            via_link = stat.S_ISLNK(mode)
            target = path
            if via_link:
                resolved = check_link(path)
                if resolved is None:
                    continue
                target = resolved
                mode = os.stat(resolved).st_mode
            if stat.S_ISDIR(mode):
                visit(path, target.resolve())
            elif stat.S_ISREG(mode):
                tree.entries.append(Entry(path, target.resolve() if via_link else path, via_link))
            else:
                log.add(relative(root, path), 0, "", "F107")
        visiting.discard(real)

    if folder.is_symlink():
        target = check_link(folder)
        if target is None:
            return tree
        if target.is_file():
            tree.entries.append(Entry(folder, target, True))
            return tree
        visit(folder, target)
    elif folder.is_dir():
        visit(folder, folder.resolve())
    elif folder.is_file():
        tree.entries.append(Entry(folder, folder, False))
    else:
        log.add(relative(root, folder), 0, "", "F107")
    return tree


def _shown(real_root: Path, target: Path) -> str:
    return target.relative_to(real_root).as_posix() if target.is_relative_to(real_root) else "outside"


def refuse_links_onto_exams(trees: list[ContentTree], exam_banks: set[Path], log: ProblemLog) -> None:
    """A link whose target is, or contains, an exam bank is a problem."""
    for tree in trees:
        for link, target in tree.links:
            if any(file == target or file.is_relative_to(target) for file in exam_banks):
                log.add(relative(tree.root, link), 0, "", "F108", target=_shown(tree.root.resolve(), target))


def refuse_script_files(tree: ContentTree, log: ProblemLog) -> None:
    """Files under docs_dir that MkDocs would publish as they are and that can run script."""
    for entry in tree.entries:
        suffix = entry.path.suffix.lower()
        file = relative(tree.root, entry.path)
        if suffix in SCRIPT_CAPABLE_SUFFIXES:
            log.add(file, 0, "", "F109", suffix=suffix)
        elif suffix in (".svg", ".svgz"):
            for finding in audit_svg(entry.target):
                log.add(file, finding.line, "", "F110", finding=finding.describe())


def read_text(path: Path, file: str, log: ProblemLog, limits: ContentLimits) -> str | None:
    """A content file's text; None after logging why it cannot be read (size, encoding, kind)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            log.add(file, 0, "", "F107")
            return None
        if info.st_size > limits.max_file_bytes:
            log.add(file, 0, "", "F111", size=info.st_size // 1024, limit=limits.max_file_bytes // 1024)
            return None
        with open(path, "rb") as handle:
            raw = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        log.add(file, 0, "", "F106", reason=error.strerror)
        return None
    try:
        # Line endings as the page engine reads them (Python's universal newlines): a file saved on Windows
        # (CRLF) or an old Mac (CR) has the same lines, and the same line numbers, as everywhere else.
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        log.add(file, line, "", "F112", hint=encoding_hint(raw))
        return None


def encoding_hint(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    else:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return ""
        encoding = "GBK"
    return text("F113", encoding=encoding)
