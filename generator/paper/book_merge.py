"""The printed pieces of a handbook merged into one tagged PDF (pikepdf, on qpdf).

What WeasyPrint would have made of the whole book is rebuilt from the pieces: one structure tree (each piece's
Document element's children under the book's, with the keys of the parent tree moved past the earlier
pieces'), one outline, one set of named destinations, and the links between pieces turned back into internal
links. The body pages are stamped with their page numbers (`第 n 页 / 共 N 页`), which no piece could print
because the book's length is known only at the end; the stamp is marked as an artifact, as WeasyPrint marks
running heads and page numbers.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from generator.paper.book_fonts import FontUse, SharedFonts, gather, resources_of
from generator.paper.book_pieces import BOOK_SCHEME


def merge_book(pieces: list[Path], stamps: list[Path], target: Path, continued: frozenset[int] | set[int] = frozenset()) -> int:
    """Merge `pieces` (the first is the front matter, whose catalog is the book's: language, title, metadata)
    into `target`; `stamps` have, together, one page for each page after the front matter; the bookmarks of
    the pieces numbered in `continued` go under the last bookmark before them. Returns the page count."""
    uses: dict[str, FontUse] = {}
    for path in [*pieces, *stamps]:
        with Pdf.open(path) as piece:
            gather(piece, uses)
    fonts = SharedFonts.made_from(uses)
    book = Pdf.open(pieces[0])
    opened = [book]
    try:
        fonts.embed(book, resources_of(book.pages))
        root = book.Root.StructTreeRoot
        next_key = _next_key(root.ParentTree.Nums)
        dests = _dests(book, book)
        front_pages = len(book.pages)
        copied: set[tuple[int, int]] = set()
        for number, path in enumerate(pieces[1:], start=1):
            piece = Pdf.open(path)
            opened.append(piece)
            first = len(book.pages)
            with warnings.catch_warnings():  # the named destinations it warns of are merged below
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                book.pages.extend(piece.pages)
            fonts.embed(book, resources_of(book.pages[first:]))
            for page in book.pages[first:]:
                _move_keys(page.obj, next_key)
                _copy_stream_data(page.obj, copied)
            next_key = _append_structure(book, piece, next_key)
            _append_outline(book, piece, number in continued)
            for name, destination in _dests(book, piece).items():
                dests.setdefault(name, destination)
            # qpdf holds every object of an open file: with the streams' data copied, the piece can close, and
            # only the book's objects stay in memory.
            piece.close()
            opened.remove(piece)
        root.ParentTreeNextKey = next_key
        if dests:
            names = Array()
            for name in sorted(dests):
                names.extend(dests[name])
            book.Root.Names = Dictionary(Dests=Dictionary(Names=names))
        _link_pieces(book, {name: key for name, (key, _) in dests.items()})
        opened += _stamp_pages(book, stamps, front_pages, fonts)
        # Object streams: the structure tree is some hundred thousand small dictionaries.
        book.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(book.pages)
    finally:
        for pdf in opened:
            pdf.close()


_NOT_OWNED = {"/Parent", "/P", "/Dest"}  # a page's parent, an annotation's page and target: other pages


def _copy_stream_data(obj: pikepdf.Object, copied: set[tuple[int, int]]) -> None:
    """Copy into the book the data of every stream a page uses (contents, fonts, images, forms, appearances),
    which qpdf otherwise reads from the piece's file when the book is written."""
    if obj.is_indirect:
        if obj.objgen in copied:
            return
        copied.add(obj.objgen)
    if isinstance(obj, pikepdf.Stream):
        encoding: Any = (obj.get(Name.Filter), obj.get(Name.DecodeParms))  # as the data is encoded: kept so
        obj.write(obj.read_raw_bytes(), filter=encoding[0], decode_parms=encoding[1], type_check=False)
        children = list(obj.stream_dict.items())
    elif isinstance(obj, Dictionary):
        children = list(obj.items())
    elif isinstance(obj, Array):
        children = [(str(index), item) for index, item in enumerate(obj)]
    else:
        return
    for key, child in children:
        if key not in _NOT_OWNED and isinstance(child, (Dictionary, Array, pikepdf.Stream)):
            _copy_stream_data(child, copied)


def _append_structure(book: Pdf, piece: Pdf, next_key: int) -> int:
    """The piece's structure elements under the book's Document element, its parent tree entries from
    `next_key` on (its pages' and annotations' keys were moved by _move_keys); returns the next free key."""
    document, nums = book.Root.StructTreeRoot.K[0], book.Root.StructTreeRoot.ParentTree.Nums
    tree = book.copy_foreign(piece.Root.StructTreeRoot)
    own_document = tree.K[0]
    for kid in own_document.K:
        kid.P = document
        document.K.append(kid)
    piece_nums = tree.ParentTree.Nums
    for index in range(0, len(piece_nums), 2):
        nums.append(piece_nums[index] + next_key)
        nums.append(piece_nums[index + 1])
        _adopt(piece_nums[index + 1], own_document, document)
    return next_key + _next_key(piece_nums)


def _next_key(nums: pikepdf.Object) -> int:
    return max((int(nums[index]) for index in range(0, len(nums), 2)), default=-1) + 1


def _move_keys(page: pikepdf.Object, offset: int) -> None:
    if Name.StructParents in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get(Name.Annots, Array()):
        if Name.StructParent in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _adopt(entry: pikepdf.Object, old_parent: pikepdf.Object, new_parent: pikepdf.Object) -> None:
    """Elements the piece hung directly under its Document element (its running heads and page numbers are
    such, and are in no element's children) now hang under the book's."""
    for element in entry if isinstance(entry, Array) else [entry]:
        if isinstance(element, Dictionary) and Name.P in element and element.P.objgen == old_parent.objgen:
            element.P = new_parent


def _append_outline(book: Pdf, piece: Pdf, nested: bool) -> None:
    """The piece's bookmarks after the book's, or (`nested`) as the last children of its last bookmark. Every
    bookmark is open, as WeasyPrint writes them: a Count is the number of bookmarks under it."""
    if Name.Outlines not in piece.Root or Name.First not in piece.Root.Outlines:
        return
    outline = book.copy_foreign(piece.Root.Outlines)
    if Name.Outlines not in book.Root:
        book.Root.Outlines = Dictionary(Type=Name.Outlines, Count=0)
    parent = book.Root.Outlines
    if nested and Name.Last in parent:
        parent = parent.Last
        book.Root.Outlines.Count = int(book.Root.Outlines.Count) + int(outline.Count)
    item: pikepdf.Object | None = outline.First
    while item is not None:
        item.Parent = parent
        item = item.get(Name.Next)
    if Name.First in parent:
        parent.Last.Next = outline.First
        outline.First.Prev = parent.Last
    else:
        parent.First = outline.First
    parent.Last = outline.Last
    parent.Count = int(parent.get(Name.Count, 0)) + int(outline.Count)


def _dests(book: Pdf, piece: Pdf) -> dict[str, tuple[pikepdf.Object, pikepdf.Object]]:
    """The piece's named destinations (WeasyPrint writes one flat name array), copied into the book: by name,
    the name as written (its bytes are what a link's Dest must equal) and the destination."""
    if Name.Names not in piece.Root or Name.Dests not in piece.Root.Names:
        return {}
    names = piece.Root.Names.Dests.Names
    if piece is not book:
        names = book.copy_foreign(piece.make_indirect(names))
    return {str(names[index]): (names[index], names[index + 1]) for index in range(0, len(names), 2)}


def _link_pieces(book: Pdf, anchors: dict[str, pikepdf.Object]) -> None:
    """A link to another piece went out as a URI of the book's scheme: it becomes a link inside the book, as
    WeasyPrint writes one (a named destination, and the anchor as the annotation's text)."""
    for page in book.pages:
        for annotation in page.obj.get(Name.Annots, Array()):
            action = annotation.get(Name.A)
            if action is None or action.get(Name.S) != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(BOOK_SCHEME):
                continue
            anchor = unquote(uri[len(BOOK_SCHEME):])
            del annotation[Name.A]
            annotation.Contents = String(anchor)
            if anchor in anchors:
                annotation.Dest = anchors[anchor]


def _stamp_pages(book: Pdf, stamps: list[Path], front_pages: int, fonts: SharedFonts) -> list[Pdf]:
    """Draw each page of the stamps on the book's pages after the front matter, as an artifact."""
    opened = [Pdf.open(stamp) for stamp in stamps]
    inks = [ink for stamp in opened for ink in stamp.pages]
    for page, ink in zip(book.pages[front_pages:], inks, strict=True):
        form = book.copy_foreign(ink.as_form_xobject())
        fonts.embed(book, [form.Resources])
        instructions = [item for item in pikepdf.parse_content_stream(form)
                        if str(item.operator) not in ("BDC", "BMC", "EMC", "MP", "DP")]
        form.write(b"/Artifact BMC\n" + pikepdf.unparse_content_stream(instructions) + b"\nEMC")
        # Each page gets its own resources: WeasyPrint shares one dictionary between all pages.
        resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
        xobjects = Dictionary({key: value for key, value in resources.get(Name.XObject, Dictionary()).items()})
        xobjects[Name("/BookPageNumber")] = form
        resources[Name.XObject] = xobjects
        page.obj.Resources = resources
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"\nQ\nq /Artifact BMC /BookPageNumber Do EMC Q\n")
    return opened
