"""A handbook cut into pieces that are printed one after another, so that printing holds one piece in memory,
never the whole book (WeasyPrint keeps every laid-out page of a document until it is written).

The book's template marks where a unit (the front matter, a part's divider, a course, the answers appendix)
begins with a comment that carries a per-build nonce, so course text cannot forge one (course HTML is
sanitised, and comments never survive that). Every unit starts a new page in paper.css, so cutting the book
between units changes no page break. Only an answers appendix that is over the budget on its own is cut
inside, between two courses' answers, where the cut book then starts a new page.

A page reference or a contents entry whose target is in another piece cannot be resolved by WeasyPrint. Its
link is rewritten here: the target goes into the href under the book's own scheme (turned back into an
internal link when the pieces are merged, generator.paper.book_merge) and the number into `data-page`, as a
token the printing job replaces once it knows on which page the target begins (generator.paper.book_job).
"""

from __future__ import annotations

import html as html_lib
import json
import secrets
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote

BOOK_SCHEME = "training-book:"  # never leaves the printing job: book_merge turns each into an internal link
_BODY = "<body>"
_END = "</body>"


def unit_mark(nonce: str) -> str:
    return f"<!--book-unit:{nonce}-->"


def answers_mark(nonce: str) -> str:
    """Where the answers appendix may be cut, when it is over the budget on its own (a book of a few hundred
    courses): the appendix flows from course to course, so a cut there starts a new page."""
    return f"<!--book-answers:{nonce}-->"


# The appendix cut: what follows a cut opens the appendix again, without its title but with its running head.
CONTINUED_ANSWERS = '<section class="answers answers--continued" data-running-title="附录　自测题参考答案">'


def new_nonce() -> str:
    return secrets.token_hex(8)


@dataclass
class Piece:
    html: str  # a whole document; each `data-page` token stands for the page an anchor of another piece is on
    # "front" (cover and contents: printed with its page numbers), "body" (numbers stamped after), "continued"
    # (the answers appendix after a cut: its bookmarks go under the appendix's)
    kind: str
    anchors: list[str] = field(default_factory=list)  # ids here that other pieces refer to
    refs: list[str] = field(default_factory=list)  # ids of other pieces referred to here, by token number


@dataclass
class BookPlan:
    nonce: str
    pieces: list[Piece]
    whole: str = ""  # the book uncut: printed as one document should the pieces' page numbers not settle

    def token(self, ref: int) -> str:
        """What stands for the page of a piece's `ref`-th reference until it is known."""
        return f"{self.nonce}:{ref}"

    def dumps(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @staticmethod
    def loads(text: str) -> BookPlan:
        data = json.loads(text)
        return BookPlan(data["nonce"], [Piece(**piece) for piece in data["pieces"]], data["whole"])


class _Tags(HTMLParser):
    """The ids a piece defines and its links to a fragment, with where each link's start tag is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[tuple[int, int], str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        href = values.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.links.append((self.getpos(), self.get_starttag_text() or "", attrs))


def _scan(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    tags.close()
    return tags


def _units(html: str, nonce: str) -> tuple[str, list[str], str]:
    """The document's head (through <body>), its units, and its end."""
    start = html.index(_BODY) + len(_BODY)
    end = html.rindex(_END)
    return html[:start], html[start:end].split(unit_mark(nonce)), html[end:]


def _cut_answers(units: list[str], nonce: str, budget: int) -> tuple[list[str], set[int]]:
    """The units with an answers appendix over the budget cut into parts of about the budget, and which units
    continue the appendix."""
    out: list[str] = []
    continued: set[int] = set()
    for unit in units:
        parts = unit.split(answers_mark(nonce))
        if len(unit) <= budget or len(parts) == 1:
            out.append(unit.replace(answers_mark(nonce), ""))
            continue
        run = parts[0]
        for part in parts[1:]:
            if len(run) + len(part) > budget and run not in (parts[0], CONTINUED_ANSWERS):
                out.append(run)
                continued.add(len(out))
                run = CONTINUED_ANSWERS
            run += part
        out.append(run)
    return out, continued


def _is_course(unit: str) -> bool:
    return 'class="course"' in unit[:200]


def _group(units: list[str], budget: int) -> list[list[int]]:
    """Units by number: the front matter alone; a part's divider or the answers alone (a divider refers to the
    courses after it, so it is printed twice: cheap alone); courses together while they fit the budget
    (characters of HTML)."""
    groups: list[list[int]] = [[0]]
    for number, unit in enumerate(units[1:], start=1):
        previous = groups[-1]
        if _is_course(unit) and len(groups) > 1 and _is_course(units[previous[-1]]) and \
                sum(len(units[member]) for member in previous) + len(unit) <= budget:
            previous.append(number)
        else:
            groups.append([number])
    return groups


def _group_of(groups: list[list[int]]) -> dict[int, int]:
    """The group each unit is in."""
    return {unit: number for number, group in enumerate(groups) for unit in group}


def _set_apart(groups: list[list[int]], targets: list[list[int]], sizes: list[int]) -> list[list[int]]:
    """A piece that refers to a later one is printed before that page is known, and printed again once it is.
    A course that does so goes in a piece of its own, so that only it is printed twice, not its neighbours;
    unless that saves nothing (in a chain of 下一讲 links each piece still refers to the next): each piece
    embeds its own glyphs, and more pieces make a larger file."""
    group_of = _group_of(groups)
    apart = {unit for number, group in enumerate(groups) if len(group) > 1 for unit in group
             if any(group_of[target] > number for target in targets[unit])}
    split: list[list[int]] = []
    for group in groups:
        run: list[int] = []
        for unit in group:
            if unit in apart:
                split += [run] if run else []
                split.append([unit])
                run = []
            else:
                run.append(unit)
        split += [run] if run else []
    return split if _printed_twice(split, targets, sizes) < _printed_twice(groups, targets, sizes) else groups


def _printed_twice(groups: list[list[int]], targets: list[list[int]], sizes: list[int]) -> int:
    """How much HTML is printed a second time: the pieces that refer to a later piece."""
    group_of = _group_of(groups)
    return sum(sum(sizes[unit] for unit in group) for number, group in enumerate(groups)
               if any(group_of[target] > number for unit in group for target in targets[unit]))


def plan_book(html: str, nonce: str, budget: int = 120_000) -> BookPlan:
    """The book's pieces, in order; the first is the front matter. None for a book within the budget: it is
    printed whole (each piece carries its own copy of the glyphs it uses, so a cut book is larger)."""
    if len(html) <= budget:
        return BookPlan(nonce, [], html)
    head, units, end = _units(html, nonce)
    units, continued = _cut_answers(units, nonce, budget)
    scans = [_scan(unit) for unit in units]
    owner: dict[str, int] = {}  # anchor -> unit
    for number, scan in enumerate(scans):
        for anchor in scan.ids:
            owner.setdefault(anchor, number)
    targets = [[owner[target] for target in _targets(scan) if target in owner] for scan in scans]
    groups = [group for group in _set_apart(_group(units, budget), targets, [len(unit) for unit in units])
              if "".join(units[unit] for unit in group).strip()]
    group_of = _group_of(groups)
    plan = BookPlan(nonce, [], html)
    referred: dict[int, set[str]] = {}
    bodies = []
    for number, group in enumerate(groups):
        refs: list[str] = []
        texts = []
        for unit in group:
            edits = []
            line_starts = _line_starts(units[unit])
            for (line, column), start_tag, attrs in scans[unit].links:
                target = _target(attrs)
                if target not in owner or group_of[owner[target]] == number:
                    continue  # WeasyPrint resolves it (or drops a link to nothing, as it always did)
                if target not in refs:
                    refs.append(target)
                referred.setdefault(group_of[owner[target]], set()).add(target)
                edits.append((line_starts[line - 1] + column, len(start_tag),
                              _external_tag(attrs, target, plan.token(refs.index(target)))))
            text = units[unit]
            for offset, length, replacement in sorted(edits, reverse=True):
                text = text[:offset] + replacement + text[offset + length:]
            texts.append(text)
        bodies.append(("".join(texts), refs))
    for number, (body, refs) in enumerate(bodies):
        kind = "front" if number == 0 else "continued" if groups[number][0] in continued else "body"
        plan.pieces.append(Piece(head + body + end, kind, sorted(referred.get(number, ())), refs))
    return plan


def _target(attrs: list[tuple[str, str | None]]) -> str:
    """The id a link goes to (the first href, as the HTML parser WeasyPrint uses takes it)."""
    return unquote(next(value or "" for name, value in attrs if name == "href"))[1:]


def _targets(scan: _Tags) -> list[str]:
    return [_target(attrs) for _, _, attrs in scan.links]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _external_tag(attrs: list[tuple[str, str | None]], target: str, token: str) -> str:
    """The link with its target under the book's scheme (percent-encoded, decoded once by book_merge) and the
    token for its page last: generator.paper.book_job replaces both together (book_job.LINK_TO_PIECE)."""
    kept = [(name, value) for name, value in attrs if name not in ("href", "data-page")]
    kept += [("href", BOOK_SCHEME + quote(target, safe="")), ("data-page", token)]
    rendered = "".join(f' {name}="{html_lib.escape(value or "", quote=True)}"' for name, value in kept)
    return f"<a{rendered}>"
