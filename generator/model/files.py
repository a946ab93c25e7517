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

    def refuse_link(link: Path, target: Path, reason: str) -> None:
        log.add(relative(root, link), 0, "", f"symbolic link to {reason} ({_shown(real_root, target)}); "
                                              f"content must be a regular file inside the repository")

    def check_link(link: Path) -> Path | None:
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError):
            log.add(relative(root, link), 0, "", "broken or looping symbolic link; remove it or point it at a file "
                                                 "inside the repository")
            return None
        if not target.is_relative_to(real_root):
            refuse_link(link, target, "a path outside the repository")
            return None
        if target.is_relative_to(real_root / ".git"):
            refuse_link(link, target, "git's own files")
            return None
        for place in forbidden:
            if target.is_relative_to(place):
                refuse_link(link, target, "generated output")
                return None
        tree.links.append((link, target))
        return target

    def visit(directory: Path, real: Path) -> None:
        if real in visiting:
            log.add(relative(root, directory), 0, "", "symbolic link loop: this folder links back to a folder "
                                                      "that contains it")
            return
        visiting.add(real)
        try:
            names = sorted(os.listdir(directory))
        except OSError as error:
            log.add(relative(root, directory), 0, "", f"cannot read this folder ({error.strerror})")
            return
        for name in names:
            path = directory / name
            try:
                mode = os.lstat(path).st_mode
            except OSError as error:
                log.add(relative(root, path), 0, "", f"cannot read ({error.strerror})")
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
                log.add(relative(root, path), 0, "", "not a regular file (a device, pipe or socket); remove it")
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
        log.add(relative(root, folder), 0, "", "not a regular file (a device, pipe or socket); remove it")
    return tree


def _shown(real_root: Path, target: Path) -> str:
    return target.relative_to(real_root).as_posix() if target.is_relative_to(real_root) else "outside"


def refuse_links_onto(trees: list[ContentTree], protected: set[Path], what: str, log: ProblemLog) -> None:
    """A link whose target is, or contains, a protected file (an exam bank) is a problem."""
    for tree in trees:
        for link, target in tree.links:
            if any(file == target or file.is_relative_to(target) for file in protected):
                log.add(relative(tree.root, link), 0, "",
                        f"symbolic link onto {what} ({_shown(tree.root.resolve(), target)}); "
                        f"exam questions are never published")


def refuse_script_files(tree: ContentTree, log: ProblemLog) -> None:
    """Files under docs_dir that MkDocs would publish as they are and that can run script."""
    for entry in tree.entries:
        suffix = entry.path.suffix.lower()
        file = relative(tree.root, entry.path)
        if suffix in SCRIPT_CAPABLE_SUFFIXES:
            log.add(file, 0, "", f"'{suffix}' files are published as they are and can run script in readers' "
                                 f"browsers; write the page in Markdown, or link the file from outside the portal")
        elif suffix in (".svg", ".svgz"):
            for finding in audit_svg(entry.target):
                log.add(file, finding.line, "", f"this SVG {finding.describe()}; readers' browsers would run or "
                                                f"fetch it when the image is opened")


def read_text(path: Path, file: str, log: ProblemLog, limits: ContentLimits) -> str | None:
    """A content file's text; None after logging why it cannot be read (size, encoding, kind)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            log.add(file, 0, "", "not a regular file; remove it")
            return None
        if info.st_size > limits.max_file_bytes:
            log.add(file, 0, "", f"the file is {info.st_size // 1024} KB, more than the {limits.max_file_bytes // 1024} KB "
                                 f"a content file may have (plugin option max_file_kb); split it")
            return None
        with open(path, "rb") as handle:
            raw = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        log.add(file, 0, "", f"cannot read ({error.strerror})")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        log.add(file, line, "", f"not UTF-8 text{_encoding_hint(raw)}; save the file as UTF-8")
        return None


def _encoding_hint(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    else:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return ""
        encoding = "GBK"
    return f" (it looks like {encoding}: in the editor save it with the encoding UTF-8, or run iconv -f {encoding} -t UTF-8)"
