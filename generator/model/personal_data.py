"""Personal data written inside text: phone numbers, ID card numbers, bank card numbers, e-mail addresses and
(where a file must not name anyone) staff numbers, however they are spaced or written.

Files that may only hold aggregate figures (evaluation data), programme plans anyone in the portal reads, call
cases and quality-review exports must not carry them (PIPL). The text is NFKC-normalised first (full-width
digits, ＠) and invisible format characters are dropped, so a zero-width space cannot split a number into pieces
that pass. Phone numbers are recognised by libphonenumber's matcher (numbering plans, not digit counts; the
service lines a company publishes, 400 and 800 numbers, are not a person's); an ID number needs a birth date
where it goes (order and waybill numbers of the same length pass); a bank card number is 16 to 19 digits with a
right Luhn check digit. What is found is reported masked, so that a CI log does not repeat it. Every search is
linear in the length of the text: a file may hold a megabyte on one line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberType

_SERVICE_LINES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE,
                            PhoneNumberType.UAN})
# A run of digits that may be broken by single spaces or dashes (110105 19491231 002X, 6222-0212-3456-7890).
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){13,22}(?:[ \-]?[Xx])?(?![0-9A-Za-z])")
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN = re.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# 工号 A1001, 员工编号：20231234, staff no. KF-0023 (a label, then a code with digits).
_STAFF_NUMBER = re.compile(r"(?:工号|员工号|员工编号|坐席号|职工号|staff\s*(?:no\.?|id|number)|employee\s*(?:no\.?|id|number))"
                           r"\s*(?:是|为)?\s*[:#]?\s*([A-Za-z]{0,4}-?\d{3,12})", re.I)

KINDS = ("phone", "id", "card", "email", "staff")


@dataclass(frozen=True)
class PersonalData:
    kind: str  # one of KINDS
    shown: str  # the value with its middle masked


def personal_data_in(text: str, staff_numbers: bool = False) -> list[PersonalData]:
    """Every piece of personal data in the text, each once, in the order found. `staff_numbers`: a 工号 counts too
    (in aggregate data it names an agent; in a call an agent says it by way of greeting)."""
    return [found for found in _found_in(text) if staff_numbers or found.kind != "staff"]


@functools.lru_cache(maxsize=8192)  # a preview or a fuzz run reads the same values again and again
def _found_in(text: str) -> tuple[PersonalData, ...]:
    plain = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    if not any(character.isdigit() for character in plain) and "@" not in plain:
        return ()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, PersonalData]] = []

    def add(start: int, end: int, kind: str, value: str) -> None:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            return
        taken.append((start, end))
        found.append((start, PersonalData(kind, mask(value))))

    for start, end in _emails(plain):
        add(start, end, "email", plain[start:end])
    for match in _DIGIT_RUN.finditer(plain):
        digits = re.sub(r"[ \-]", "", match.group()).upper()
        kind = "id" if _is_id_number(digits) else "card" if _is_card_number(digits) else ""
        if kind:
            add(match.start(), match.end(), kind, digits)
    for number in phonenumbers.PhoneNumberMatcher(plain, "CN", leniency=Leniency.VALID):
        if phonenumbers.number_type(number.number) not in _SERVICE_LINES:
            add(number.start, number.end, "phone", re.sub(r"\D", "", number.raw_string))
    for match in _STAFF_NUMBER.finditer(plain):
        add(match.start(1), match.end(1), "staff", match.group(1))
    return tuple(data for _, data in sorted(found, key=lambda item: item[0]))


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


def _is_id_number(digits: str) -> bool:
    """The shape of a resident ID: 18 characters (17 digits and a check digit or X) or 15 digits (first
    generation), with a birth date where it goes. The check digit is not required (a mistyped ID is still
    someone's); the date keeps order and waybill numbers out."""
    if len(digits) == 18 and digits[:17].isdigit():
        return _is_date(digits[6:14])
    return len(digits) == 15 and digits.isdigit() and _is_date("19" + digits[6:12])


def _is_date(text: str) -> bool:
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2100


def _is_card_number(digits: str) -> bool:
    """16 to 19 digits with a right Luhn check digit (bank cards in China)."""
    if not digits.isdigit() or not 16 <= len(digits) <= 19:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mask(value: str) -> str:
    """The first three and the last two characters of a number, the first of an address's name: 138******00,
    z********@example.com."""
    kept = re.sub(r"[ \t\-()]", "", value)
    if len(kept) <= 4:
        return "*" * len(kept)
    if "@" in kept:
        head, tail = 1, len(kept) - kept.index("@")
    else:
        head = min(3, (len(kept) - 1) // 2)
        tail = min(2, len(kept) - head - 1)
    return kept[:head] + "*" * (len(kept) - head - tail) + kept[-tail:]
