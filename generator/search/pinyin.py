"""Chinese words in pinyin order: sorting tags and terms, the glossary's index by initial, readable anchors."""

from __future__ import annotations

import hashlib
import re

from pypinyin import Style, lazy_pinyin


def syllables(text: str) -> list[str]:
    """Pinyin of Chinese characters, other characters as they are (lower-cased words)."""
    return [part.lower() for part in lazy_pinyin(text.strip(), style=Style.NORMAL, errors="default")]


def sort_key(text: str) -> tuple[str, str]:
    return ("".join(syllables(text)), text)


def initial(text: str) -> str:
    """The letter a term is listed under: A–Z, or # for one that starts with neither."""
    first = "".join(syllables(text))[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def slug(text: str) -> str:
    """A readable, stable anchor: 一次解决率 → yi-ci-jie-jue-lv; FCR → fcr."""
    words = [re.sub(r"[^a-z0-9]+", "-", part).strip("-") for part in syllables(text)]
    readable = "-".join(word for word in words if word)
    return readable or hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
