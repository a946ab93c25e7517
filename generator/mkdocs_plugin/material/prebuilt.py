"""Do at build time the indexing Material's search worker would otherwise do in every browser.

Material's worker downloads search_index.json and indexes every section with lunr before it
answers the first query: about 3 s of a reader's time at 1,000 courses. The expensive part is
tokenizing and counting; this module does it once, at build time, and writes the postings
(per term and field: document, token count, position numbers) to search/prebuilt_index.json.
The patched worker (worker_patch.py, prebuilt_loader.js) derives idf and field vectors from them
with lunr's own functions and has the index Material would have built.

The postings must be the ones lunr would record, token for token, or results and highlights would
differ from the unpatched worker. So this mirrors Material's tokenizer `ae` (top-level HTML blocks,
the configured separator with JavaScript's meaning of \\s, lower-casing, and the position numbers
block << 20 | entry that its highlighter decodes) and lunr 2.3.9's term order (first seen, first
numbered). tests/test_search_prebuilt.py compares both indexes whole in Chromium. Only the setup
the portal ships (language zh alone, whose indexing pipeline keeps every token as it is) is
prebuilt; any other leaves the worker to build in the browser as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# What JavaScript's \s matches (ECMAScript WhiteSpace and LineTerminator); Python's differs.
_JS_WHITESPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_TAG_BOUNDARY = re.compile(r"[<>]")


class UnsupportedSearchConfig(ValueError):
    """The search configuration is one this module does not reproduce exactly."""


def prebuild_supported(config: dict[str, Any]) -> bool:
    """Language zh alone, with zh's trimmer and stop-word filter removed: Material then indexes
    every token as written, which is what this module reproduces."""
    pipeline = set(config.get("pipeline", []))
    return config.get("lang") == ["zh"] and not pipeline & {"trimmer", "stopWordFilter"}


def separator_pattern(js_source: str) -> re.Pattern[str]:
    """Compile the configured JavaScript separator as Python, with JavaScript's meaning of \\s."""
    if re.search(r"\\[pPkcS]|\(\?<[=!]?\w|\\u\{", js_source):
        raise UnsupportedSearchConfig(f"separator uses JavaScript-only syntax: {js_source}")
    out, index, in_class = [], 0, False
    while index < len(js_source):
        char = js_source[index]
        if char == "\\" and index + 1 < len(js_source):
            pair = js_source[index:index + 2]
            if pair == "\\s":
                out.append(_JS_WHITESPACE if in_class else f"[{_JS_WHITESPACE}]")
            else:
                out.append(pair)
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    try:
        return re.compile("".join(out))
    except re.error as error:  # valid for the browser, perhaps, but not reproduced here
        raise UnsupportedSearchConfig(f"separator {js_source} ({error})") from None


_INT32_BLOCKS = 1 << 11  # block << 20 stays below 2 ** 31
_ENTRIES = 1 << 20  # entries of a block that fit below the block's bits


def _int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value >= 0x80000000 else value


def _blocks(text: str) -> Iterator[tuple[int, int, int, int]]:
    """Material's `se`: split HTML into top-level blocks; yields (block, kind, start, end) with
    kind 0 = opening tag, 1 = text, 2 = closing tag of a top-level element."""
    block = start = depth = 0
    for match in _TAG_BOUNDARY.finditer(text):
        index = match.start()
        if text[index] == "<":
            if index > start:
                yield block, 1, start, index
                start = index
            continue
        if text[start + 1:start + 2] == "/":
            depth -= 1
            if depth == 0:
                yield block, 2, start, index + 1
                block += 1
        elif index == 0 or text[index - 1] != "/":
            if depth == 0:
                yield block, 0, start, index + 1
            depth += 1
        start = index + 1
    if len(text) > start:
        yield block, 1, start, len(text)


def tokenize(value: Any, separator: re.Pattern[str]) -> list[tuple[str, int]]:
    """Material's tokenizer `ae`: (lower-cased token, position number) for one field's value."""
    if value is None:
        return []
    tokens: list[tuple[str, int]] = []
    table_sizes: list[int] = []
    for item in value if isinstance(value, list) else [value]:
        offset = len(table_sizes)
        for block, kind, start, end in _blocks(item):
            block += offset
            while len(table_sizes) <= block:
                table_sizes.append(0)
            if kind != 1:
                table_sizes[block] += 1
                continue
            segment = item[start:end]
            words = [word for word in separator.split(segment) if word]
            if segment.lower() != segment:  # else no word changes either (most Chinese text)
                words = [word.lower() for word in words]
            first = table_sizes[block]
            table_sizes[block] = first + len(words)
            if block < _INT32_BLOCKS and first + len(words) <= _ENTRIES:  # then `|` adds, and nothing wraps
                tokens += zip(words, range((block << 20) + first, (block << 20) + first + len(words)))
            else:
                tokens += ((word, _int32((block << 20) | (first + n))) for n, word in enumerate(words))
    return tokens


class Postings:
    """The postings of an index's documents, added one at a time in the index's order: `build_index` adds every
    document of a written index; a build adds each as its search entries come back from the worker, while it
    waits for the later ones (`for_documents` then tells whether they are the documents the index was written
    with)."""

    def __init__(self, config: dict[str, Any]) -> None:
        if not prebuild_supported(config):
            raise UnsupportedSearchConfig(f"search lang {config.get('lang')} / pipeline {config.get('pipeline')}")
        self.separator_source = config["separator"]
        self.separator = separator_pattern(config["separator"])
        self.fields = list(config["fields"])
        self.documents: list[dict[str, Any]] = []
        # Per term and field, runs of [document number, token count, position numbers ...], each number as its
        # difference from the one before it in the run (the document number from the run's previous document):
        # the numbers grow, so the differences are small, about 40 % less to download at 1,000 courses.
        self._postings: dict[str, list[list[int]]] = {}
        self._previous: dict[str, list[int]] = {}  # per term and field, the last document added to its run
        self._unsupported = ""
        self._locations: set[str] = set()

    def add(self, doc: dict[str, Any]) -> None:
        """Never raises: what cannot be prebuilt is reported by `result`."""
        number = len(self.documents)
        self.documents.append(doc)
        self._locations.add(str(doc.get("location")))
        values = [doc.get(field) for field in self.fields]
        if not all(_text(value) for value in values):
            self._unsupported = self._unsupported or f"a section's field is not text: {doc.get('location')}"
            return
        postings, previous, fields = self._postings, self._previous, self.fields
        for field_number, value in enumerate(values):
            positions_by_term: dict[str, list[int]] = {}  # in the order terms are first seen, as lunr numbers them
            for term, position in tokenize(value, self.separator):
                if term in positions_by_term:
                    positions_by_term[term].append(position)
                else:
                    positions_by_term[term] = [position]
            for term, positions in positions_by_term.items():
                runs = postings.get(term)
                if runs is None:
                    runs = postings[term] = [[] for _ in fields]
                    previous[term] = [0] * len(fields)
                documents = previous[term]
                run = runs[field_number]
                run += (number - documents[field_number], len(positions), positions[0])
                if len(positions) > 1:
                    run += [later - earlier for earlier, later in zip(positions, positions[1:])]
                documents[field_number] = number

    def for_documents(self, search_index: dict[str, Any]) -> bool:
        """Made from exactly the documents and the configuration of this index."""
        config = search_index["config"]
        return (config.get("separator"), list(config.get("fields", ()))) == (self.separator_source, self.fields) \
            and prebuild_supported(config) and search_index["docs"] == self.documents

    def result(self, source: str) -> dict[str, Any]:
        if self._unsupported:
            raise UnsupportedSearchConfig(self._unsupported)
        if len(self._locations) != len(self.documents):
            # lunr merges the postings of equal refs but keeps the last document's frequencies.
            raise UnsupportedSearchConfig("two search sections share one location")
        return {"format": 2, "source": source, "fields": self.fields, "terms": list(self._postings),
                "postings": list(self._postings.values())}


def _text(value: Any) -> bool:
    """A field value the tokenizer reads as the browser does: none, text, or a list of texts (tags)."""
    return value is None or isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def postings_for(config: dict[str, Any]) -> Postings | None:
    """Postings to add documents to, for an index with this configuration; None for a setup not prebuilt."""
    try:
        return Postings(config)
    except (UnsupportedSearchConfig, KeyError):
        return None


def build_index(search_index: dict[str, Any], source: str) -> dict[str, Any]:
    """Postings for every term of Material's search_index.json content, in the compact form the
    patched worker turns into a lunr index: terms in lunr's term-index order and, per term and
    field, [document number, token count, position numbers...] runs, each number a difference (see
    `Postings`). The worker derives idf and
    the field vectors from these with lunr's own functions, so no score is computed here.

    `source` identifies the search_index.json text the postings belong to; the worker uses them
    only with that index."""
    postings = Postings(search_index["config"])
    for doc in search_index["docs"]:
        postings.add(doc)
    return postings.result(source)


_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _encoded(number: int) -> str:
    """Zigzag, then five bits a character, least significant first, 32 added while more follow."""
    value = number * 2 if number >= 0 else -number * 2 - 1
    out = []
    while value >= 32:
        out.append(_DIGITS[32 | value & 31])
        value >>= 5
    out.append(_DIGITS[value])
    return "".join(out)


class _Encodings(dict[int, str]):
    """Each number's characters, worked out once: the same differences recur (a block's first position follows
    the last block's by about 2 ** 20, the same each time)."""

    def __missing__(self, number: int) -> str:
        characters = self[number] = _encoded(number)
        return characters


def encode_run(run: list[int], encodings: _Encodings | None = None) -> str:
    """A run of numbers as the worker's `numbers` reads it (prebuilt_loader.js)."""
    return "".join(map((_Encodings() if encodings is None else encodings).__getitem__, run))


def serialise(index: dict[str, Any]) -> str:
    """The file the worker downloads, format 3: each run as text (`encode_run`), which the worker decodes and adds
    up again when a query first reads the term. A JSON array of numbers would be parsed whole before the first
    query, about 1.9 million numbers at 1,000 courses."""
    encodings = _Encodings()
    runs = [[encode_run(run, encodings) for run in term] for term in index["postings"]]
    return json.dumps({**index, "format": 3, "postings": runs}, ensure_ascii=False, separators=(",", ":"))


INDEX_FILE = "search/search_index.json"
PREBUILT_FILE = "search/prebuilt_index.json"
_CONFIG_START = '{"config":{'


@dataclass(frozen=True)
class PrebuiltPostings:
    index: dict[str, Any]  # search_index.json as Material wrote it
    postings: dict[str, Any]


def prebuilt_postings(site_dir: Path, ahead: Postings | None = None) -> PrebuiltPostings:
    """The postings for the site's search/search_index.json, fingerprinted with its text; `ahead`: postings made
    as the index's entries were made, used when they are of exactly its documents."""
    text = (site_dir / INDEX_FILE).read_text(encoding="utf-8")
    if not text.startswith(_CONFIG_START):
        raise UnsupportedSearchConfig(f"{INDEX_FILE} does not start with its config")
    source = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    index = json.loads(text)
    if ahead is not None and ahead.for_documents(index):
        return PrebuiltPostings(index, ahead.result(source))
    return PrebuiltPostings(index, build_index(index, source))


WORD_BREAK = "\u200b"
BREAK_FIELDS = ("title", "text")


def _utf16_length(text: str) -> int:
    """The length JavaScript gives the string."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


BREAKS_KEY = "training_breaks"  # in the index's config: the page posts only its config and docs to the worker


def without_word_breaks(docs: list[Any]) -> tuple[list[Any], list[str]]:
    """The sections with jieba's word breaks (zero-width spaces) taken out of their titles and texts, and where
    they were: for each section, each field of BREAK_FIELDS in turn, the JavaScript lengths of the pieces between
    the breaks, encoded as the postings' runs (`encode_run`; "" for none). Any zero-width space counts, the
    author's too, so putting them back gives the text as it was."""
    stripped: list[Any] = []
    breaks: list[str] = []
    encodings = _Encodings()
    for doc in docs:
        if not isinstance(doc, dict):
            stripped.append(doc)
            breaks.extend("" for _ in BREAK_FIELDS)
            continue
        fields = {}
        for field in BREAK_FIELDS:
            value = doc.get(field)
            if isinstance(value, str) and WORD_BREAK in value:
                fields[field] = value.replace(WORD_BREAK, "")
                pieces = value.split(WORD_BREAK)
                pieces.pop()
                # JavaScript counts a character beyond U+FFFF twice; nearly every text has none.
                measure = len if max(value) <= "\uffff" else _utf16_length
                breaks.append(encode_run(list(map(measure, pieces)), encodings))
            else:
                breaks.append("")
        stripped.append({**doc, **fields})
    return stripped, breaks


def with_word_breaks(index: dict[str, Any]) -> dict[str, Any]:
    """search_index.json as written, with the word breaks its config keeps put back (what Material's worker is
    given once it has them): for reading a built site as a browser would."""
    config = dict(index["config"])
    breaks = config.pop(BREAKS_KEY, None)
    if breaks is None:
        return index
    docs = []
    for number, doc in enumerate(index["docs"]):
        for place, field in enumerate(BREAK_FIELDS):
            encoded = breaks[number * len(BREAK_FIELDS) + place]
            if encoded:
                units, at, pieces = doc[field].encode("utf-16-le", "surrogatepass"), 0, []
                for length in _decoded(encoded):
                    pieces.append(units[at:at + 2 * length].decode("utf-16-le", "surrogatepass"))
                    at += 2 * length
                pieces.append(units[at:].decode("utf-16-le", "surrogatepass"))
                doc = {**doc, field: WORD_BREAK.join(pieces)}
        docs.append(doc)
    return {**index, "config": config, "docs": docs}


def _decoded(encoded: str) -> list[int]:
    numbers, value, shift = [], 0, 0
    for character in encoded:
        digit = _DIGITS.index(character)
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        numbers.append(value // 2 if value % 2 == 0 else -(value + 1) // 2)
        value = shift = 0
    return numbers


def write_prebuilt_files(site_dir: Path, prebuilt: PrebuiltPostings, *, word_breaks_apart: bool = False) -> None:
    """Write search/prebuilt_index.json and tie search_index.json to it: the index's config gains
    `training_prebuilt`, the fingerprint the worker checks before using the postings. The index is written
    again as UTF-8 (Material writes every Chinese character as a \\uXXXX escape): the same data, half the
    bytes for the browser to read and a quarter less to download. `word_breaks_apart`: jieba's zero-width spaces
    (a third of the index at 1,000 courses) are taken out of the sections' texts, which the page downloads,
    parses and posts to the worker before the first result, and kept in the index's config as the places they
    go back (`without_word_breaks`), a sixth of their bytes. The worker puts them back in the sections it answers
    with, or in every section before it builds the index itself (when the prebuilt file is missing or not
    this index's), so its answers are Material's either way."""
    postings = prebuilt.postings
    index = {**prebuilt.index, "config": {"training_prebuilt": postings["source"], **prebuilt.index["config"]}}
    if word_breaks_apart:
        docs, breaks = without_word_breaks(index["docs"])
        index = {**index, "config": {**index["config"], BREAKS_KEY: breaks}, "docs": docs}
    (site_dir / PREBUILT_FILE).write_text(serialise(postings), encoding="utf-8")
    (site_dir / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
