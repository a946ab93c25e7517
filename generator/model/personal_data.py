"""Personal data inside free text: phone numbers, ID card numbers, bank card numbers and e-mail addresses.

Call cases and quality-review exports must be anonymised before anything is built from them. The search is
for numbers as people write them in Chinese text: digits in groups with spaces or dashes, a +86 or 0086 in
front, full-width digits (the text is NFKC-normalised first), an ID number ending in X. A bank card number
is a run of 16 to 19 digits that passes the Luhn check (so an order number of the same length usually does
not); an ID number needs a real-looking birth date in the middle. Found values are shown masked, so a CI
log never repeats them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SEP = r"[ \t\-]?"
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN = re.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_ID_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z])[1-9][0-9]{{5}}{_SEP}(?:18|19|20)[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    rf"{_SEP}[0-9]{{3}}[0-9Xx](?![0-9A-Za-z])")
_DIGIT_RUN = re.compile(rf"(?<![0-9])[0-9](?:{_SEP}[0-9]){{15,18}}(?![0-9])")
_MOBILE = re.compile(rf"(?<![0-9+])(?:\(?(?:\+|00)?86\)?{_SEP})?1[3-9][0-9](?:{_SEP}[0-9]){{8}}(?![0-9])")
# A fixed line with its area code (010-…, 0755 …): without one, eight digits are as likely an amount.
_LANDLINE = re.compile(rf"(?<![0-9])\(?0[1-9][0-9]{{1,2}}\)?{_SEP}[2-8][0-9]{{2,3}}{_SEP}[0-9]{{4}}(?![0-9])")

KINDS = ("email", "id", "card", "phone")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    masked: str  # the value with its middle hidden


def luhn(digits: str) -> bool:
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask(value: str) -> str:
    kept = re.sub(r"[ \t\-()]", "", value)
    if len(kept) <= 4:
        return "*" * len(kept)
    head, tail = (3, 2) if "@" not in kept else (1, len(kept) - kept.index("@"))
    return kept[:head] + "*" * (len(kept) - head - tail) + kept[-tail:]


def _emails(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses, found from each @ outwards: a regular expression that starts with the local part
    tries every position of a long run of letters, dots and dashes (minutes on one 100,000-character line)."""
    spans = []
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and text[start - 1] in _LOCAL:
            start -= 1
        domain = _DOMAIN.match(text, at + 1)
        if start < at and domain:
            spans.append((start, domain.end()))
        at = text.find("@", at + 1)
    return spans


def find_personal_data(text: str) -> list[Finding]:
    """Every phone number, ID number, bank card number and e-mail address in `text`, each once, in order."""
    # Full-width digits become ASCII; invisible format characters (zero-width spaces, direction marks) cannot split a
    # number into pieces that pass.
    normal = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Finding]] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            return
        taken.append((start, end))
        found.append((start, Finding(kind, mask(normal[start:end]))))

    for start, end in _emails(normal):
        add(start, end, "email")
    for match in _ID_NUMBER.finditer(normal):
        add(match.start(), match.end(), "id")
    for match in _DIGIT_RUN.finditer(normal):
        digits = re.sub(r"[^0-9]", "", match.group())
        if 16 <= len(digits) <= 19 and luhn(digits):
            add(match.start(), match.end(), "card")
    for pattern in (_MOBILE, _LANDLINE):
        for match in pattern.finditer(normal):
            add(match.start(), match.end(), "phone")
    return [finding for _, finding in sorted(found, key=lambda item: item[0])]
