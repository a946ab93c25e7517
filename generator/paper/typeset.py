"""Chinese typesetting for print: the space between Chinese and Latin text or numbers becomes a thin space.

WeasyPrint justifies a line by widening its word spaces; in Chinese text the only word spaces are those
around Latin words and numbers, so 第 30 天 printed as 第   30   天. A thin space (U+2009) keeps the gap
and is not widened (CSS `text-justify: inter-character`, which would spread the space evenly, is not
supported by WeasyPrint 70). Text inside pre, code, style and script is left as written.
"""

from __future__ import annotations

import re

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9%]) (?=[{_CJK}])")
_KEEP = re.compile(r"(<(pre|code|style|script)\b.*?</\2>|<[^>]*>)", re.S | re.I)


def thin_cjk_gaps(html: str) -> str:
    parts = _KEEP.split(html)
    out = []
    # re.split with two groups yields: text, whole match, inner tag name, text, …
    for index in range(0, len(parts), 3):
        out.append(_GAP.sub("\u2009", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
