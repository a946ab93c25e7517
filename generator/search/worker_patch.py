"""Let Material's search worker match a whole Chinese query word.

Material segments a Han query against the index vocabulary, but its loop stops one character
short (`o < t.length`), so a query such as 平均处理时长 is never looked up whole, even when the
index holds that word: it falls apart into 平均 / 处理 / 时 and ranks pages that merely say 处理.
The built worker is patched in place; if a new Material release changes the code, the build
warns instead of silently shipping the weaker search.
"""

from __future__ import annotations

import re
from pathlib import Path

_SHORT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")
_FIXED_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def patch_search_worker(site_dir: Path) -> list[Path]:
    """Patch every search worker under site_dir; return the workers that are (now or already) patched.

    A dirty rebuild (make serve) keeps the worker patched by the first build."""
    patched = []
    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        code = worker.read_text(encoding="utf-8")
        fixed, count = _SHORT_LOOP.subn(
            lambda m: f"for(let {m[1]}={m[2]}+1;{m[1]}<={m[3]}.length;{m[1]}++){m[3]}.slice({m[2]},{m[1]})in ", code
        )
        if count:
            worker.write_text(fixed, encoding="utf-8")
            patched.append(worker)
        elif _FIXED_LOOP.search(code):
            patched.append(worker)
    return patched
