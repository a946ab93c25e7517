"""Personal data written inside text: phone numbers, ID card numbers, bank card numbers, e-mail addresses and
staff numbers, however they are spaced or written (full-width digits, +86, dashes).

Files that may only hold aggregate figures (evaluation data), and programme plans that anyone in the portal can
read, must not carry them (PIPL). Phone numbers are recognised by libphonenumber's matcher (numbering plans,
not digit counts); the others by their shape and, where they have one, their check digit. What is found is
reported masked, so that a CI log does not repeat it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberType

# Service numbers a company publishes (400 and 800 lines, premium numbers): not a person's.
_SERVICE_LINES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE,
                            PhoneNumberType.UAN})
# A run of digits that may be broken by single spaces or dashes (138 1234 5678, 6222-0212-3456-7890).
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \-]?\d){13,22}(?:[ \-]?[Xx])?(?![0-9A-Za-z])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# 工号 A1001, 员工编号：20231234, staff no. KF-0023 (a label, then a code with digits).
_STAFF_NUMBER = re.compile(r"(?:工号|员工号|员工编号|坐席号|职工号|staff\s*(?:no\.?|id|number)|employee\s*(?:no\.?|id|number))"
                           r"\s*(?:是|为)?\s*[:#]?\s*([A-Za-z]{0,4}-?\d{3,12})", re.I)

KINDS = ("phone", "id", "card", "email", "staff")
# The shortest of them: a staff number (工号 A1001 has four digits, 工号 001 three).
_FEWEST_DIGITS = 3


@dataclass(frozen=True)
class PersonalData:
    kind: str  # one of KINDS
    shown: str  # the value with its middle masked


def personal_data_in(text: str) -> list[PersonalData]:
    """Every piece of personal data in the text, in the order found."""
    return list(_found_in(text))


@functools.lru_cache(maxsize=8192)  # a preview or a fuzz run reads the same values again and again
def _found_in(text: str) -> tuple[PersonalData, ...]:
    plain = unicodedata.normalize("NFKC", text)
    if sum(character.isdigit() for character in plain) < _FEWEST_DIGITS and "@" not in plain:
        return ()
    found: list[tuple[int, PersonalData]] = []
    taken: list[tuple[int, int]] = []
    for number in phonenumbers.PhoneNumberMatcher(plain, "CN", leniency=Leniency.VALID):
        taken.append((number.start, number.end))
        if phonenumbers.number_type(number.number) not in _SERVICE_LINES:
            found.append((number.start, PersonalData("phone", _mask(re.sub(r"\D", "", number.raw_string)))))
    for match in _DIGIT_RUN.finditer(plain):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        digits = re.sub(r"[ \-]", "", match.group()).upper()
        kind = "id" if _is_id_number(digits) else "card" if _is_card_number(digits) else ""
        if kind:
            found.append((match.start(), PersonalData(kind, _mask(digits))))
    for match in _EMAIL.finditer(plain):
        name, _, domain = match.group().partition("@")
        found.append((match.start(), PersonalData("email", f"{name[:1]}***@{domain}")))
    for match in _STAFF_NUMBER.finditer(plain):
        found.append((match.start(), PersonalData("staff", _mask(match.group(1)))))
    return tuple(data for _, data in sorted(found, key=lambda item: item[0]))


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


def _mask(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    keep = max(1, min(4, len(value) // 4))
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]
