"""One embedded copy of each font in a handbook merged from pieces.

Every piece WeasyPrint writes embeds its own subset of each font: the glyphs that piece uses, at their
original glyph ids (WeasyPrint subsets with HarfBuzz, retaining glyph ids). A CJK subset carries tables sized
by the font's whole glyph range, so each copy is some hundreds of KB whatever the piece uses; a book of 24
pieces embedded 96 of them. The merged book gets, for each font, one subset of the installed font holding
every glyph any piece uses (read from each piece's ToUnicode map, which WeasyPrint writes for every glyph it
draws), made the way WeasyPrint makes its own; the text of every piece, which addresses glyphs by their
original ids, draws from it unchanged.

A font that cannot be found again (by the PostScript name in the subset) keeps each piece's own subset.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pikepdf
from pikepdf import Name

# As WeasyPrint's own subsetting (weasyprint/pdf/fonts.py, Font._harfbuzz_subset) drops them.
_DROPPED_TABLES = [int.from_bytes(tag.encode(), "big") for tag in
                   ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")]
_FONT_FILES = (Name.FontFile, Name.FontFile2, Name.FontFile3)


@dataclass
class FontUse:
    """A font (by its name in the PDF) and every glyph the pieces draw from it."""

    glyphs: set[int] = field(default_factory=set)
    program: bytes = b""  # a piece's subset: where the font's PostScript name is read
    key: pikepdf.Name = Name.FontFile3  # which FontFile the pieces embed it as
    subtype: pikepdf.Object | None = None  # FontFile3's Subtype (OpenType)


def resources_of(pages: Iterable[pikepdf.Page]) -> list[pikepdf.Object]:
    return [page.obj.get(Name.Resources, pikepdf.Dictionary()) for page in pages]


def descriptors(resources: Iterable[pikepdf.Object]) -> list[tuple[pikepdf.Object, pikepdf.Object]]:
    """(composite font, its descriptor) for every font of these resource dictionaries, once each."""
    found: dict[tuple[int, int], tuple[pikepdf.Object, pikepdf.Object]] = {}
    for resource in resources:
        fonts = resource.get(Name.Font, pikepdf.Dictionary())
        for font in fonts.values():
            if font.get(Name.Subtype) != Name.Type0 or not font.is_indirect:
                continue
            descendant = font.DescendantFonts[0]
            descriptor = descendant.get(Name.FontDescriptor)
            if descriptor is not None and descriptor.is_indirect:
                found.setdefault(descriptor.objgen, (font, descriptor))
    return list(found.values())


def gather(pdf: pikepdf.Pdf, uses: dict[str, FontUse]) -> None:
    """Add what `pdf` draws to `uses`."""
    for font, descriptor in descriptors(resources_of(pdf.pages)):
        key = next((key for key in _FONT_FILES if key in descriptor), None)
        if key is None or Name.ToUnicode not in font:
            continue
        use = uses.setdefault(str(descriptor.FontName), FontUse())
        use.glyphs |= _mapped_glyphs(font.ToUnicode.read_bytes())
        if not use.program:
            stream = descriptor[key]
            use.program, use.key = stream.read_bytes(), key
            use.subtype = stream.stream_dict.get(Name.Subtype)


def _mapped_glyphs(cmap: bytes) -> set[int]:
    """The glyph ids of a ToUnicode CMap (`<gid> <text>` lines of bfchar blocks, `<first> <last> ...` of bfrange)."""
    glyphs: set[int] = set()
    block = ""
    for line in cmap.decode("latin-1").splitlines():
        words = line.split()
        if words[-1:] in (["beginbfchar"], ["beginbfrange"], ["endbfchar"], ["endbfrange"]):
            block = words[-1]
        elif block == "beginbfchar" and len(words) >= 2 and words[0].startswith("<"):
            glyphs.add(int(words[0].strip("<>"), 16))
        elif block == "beginbfrange" and len(words) >= 3 and words[0].startswith("<"):
            glyphs.update(range(int(words[0].strip("<>"), 16), int(words[1].strip("<>"), 16) + 1))
    return glyphs


def installed_font(program: bytes) -> tuple[Path, int] | None:
    """The installed file (and face in a collection) a subset was made from, by its PostScript name."""
    from fontTools.ttLib import TTFont

    try:
        name = TTFont(BytesIO(program), lazy=True)["name"].getDebugName(6)
    except Exception:  # fontTools raises many kinds on a font it cannot read: then the subsets stay
        return None
    if not name or not name.replace("-", "").isalnum():
        return None
    listed = subprocess.run(["fc-list", f":postscriptname={name}", "file", "index"], capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        file, _, index = line.partition(": :index=")
        if file and index.strip().isdigit() and Path(file).is_file():
            return Path(file), int(index.strip())
    return None


def same_font(piece_program: bytes, union_program: bytes) -> bool:
    """Both subsets of one font file: the same PostScript name, revision and dates in `head` (HarfBuzz copies
    them), or the glyph ids of the pieces would draw other glyphs."""
    from fontTools.ttLib import TTFont

    def identity(program: bytes) -> tuple:
        font = TTFont(BytesIO(program), lazy=True)
        head = font["head"]
        return font["name"].getDebugName(6), head.fontRevision, head.created, head.modified, head.unitsPerEm

    try:
        return identity(piece_program) == identity(union_program)
    except Exception:  # a font fontTools cannot read: keep the pieces' subsets
        return False


def union_subset(file: Path, index: int, glyphs: set[int]) -> bytes | None:
    """The font with `glyphs` at their ids, as WeasyPrint subsets (retained ids, then the empty glyphs after the
    last one dropped; no hinting; .notdef drawn)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(file)), index)
    first = hb.SubsetInput()
    first.glyph_set.update(glyphs | {0})
    first.flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
                   | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NOTDEF_OUTLINE)
    first.drop_table_tag_set.update(_DROPPED_TABLES)
    kept = hb.subset(face, first)
    if kept is None:
        return None
    second = hb.SubsetInput()
    second.glyph_set.update(range(max(glyphs | {0}) + 1))
    second.flags = (hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
                    | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE)
    second.drop_table_tag_set.update(_DROPPED_TABLES)
    final = hb.subset(kept, second)
    return None if final is None else final.blob.data


@dataclass
class SharedFonts:
    """For each font name, the one program the book embeds."""

    uses: dict[str, FontUse] = field(default_factory=dict)
    programs: dict[str, bytes] = field(default_factory=dict)
    streams: dict[str, pikepdf.Stream] = field(default_factory=dict)

    @staticmethod
    def made_from(uses: dict[str, FontUse]) -> SharedFonts:
        shared = SharedFonts(uses)
        for name, use in uses.items():
            found = installed_font(use.program)
            program = union_subset(*found, use.glyphs) if found and use.glyphs else None
            if program and same_font(use.program, program):
                shared.programs[name] = program
        return shared

    def embed(self, book: pikepdf.Pdf, resources: Iterable[pikepdf.Object]) -> None:
        """Point every font of these resource dictionaries that has a shared program at it."""
        for _, descriptor in descriptors(resources):
            name = str(descriptor.FontName)
            if name not in self.programs:
                continue
            use = self.uses[name]
            if name not in self.streams:
                program = self.programs[name]
                keys: dict[str, object] = {"/Length1": len(program)} if use.key == Name.FontFile2 else {}
                if use.subtype is not None:
                    keys["/Subtype"] = use.subtype
                self.streams[name] = pikepdf.Stream(book, program, keys)
            for other in _FONT_FILES:
                if other in descriptor and other != use.key:
                    del descriptor[other]
            descriptor[use.key] = self.streams[name]
