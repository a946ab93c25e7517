"""Where the time to the first search result goes: each stage on one clock, for a built site (ours or the floor).

    python benchmarks/search_trace.py SITE [--runs 5] [--query 投诉]

browser.py gives one figure (navigation start to the first result painted); this one says what that figure is
made of, so work on it starts from the stage that is on the critical path. It copies SITE to a temporary folder,
adds timing marks to the copy's search worker (its message handler: setup received, index built, query received,
results sent) and reads the page's and the worker's Resource Timing (search_index.json fetched by the page,
prebuilt_index.json by our worker), in a fresh headless Chromium context per run, as browser.py does. Times are
milliseconds from navigation start, medians over the runs. Nothing here changes a site that is published.

The marks are found by patterns in Material's minified worker; when a new Material release no longer matches
them, the script says which mark it could not add and stops.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from browser import search_first_result, site_in_chromium

# The worker reports each mark on the page's console: "training-trace <stage> <epoch ms>".
_MARK = 'function __trainingMark(stage){console.log("training-trace "+stage+" "+(performance.timeOrigin+performance.now()))}\n'
_WORKER_RESOURCES = ('for(const __e of performance.getEntriesByType("resource"))'
                     '__trainingMark("fetched:"+__e.name.split("/").pop()+"@"+(performance.timeOrigin+__e.responseEnd));')
# `case 0:return yield Ie(t.data.config),...,de=new U(t.data),{type:1};case 2:let e=t.data;try{return{type:3,
#  data:de.search(e)}}`: Material's message handler, patched by worker_patch.py or not.
_PATCHES = {
    "setup received": (re.compile(r"case 0:return "), lambda m: 'case 0:return __trainingMark("setup received"),'),
    "index built": (re.compile(r"(\w+=new \w+\(\w+\.data\)),\{type:1\}"),
                    lambda m: f'{m[1]},__trainingMark("index built"),(()=>{{{_WORKER_RESOURCES}}})(),{{type:1}}'),
    "results sent": (re.compile(r"return\{type:3,data:(\w+)\.search\((\w+)\)\}"),
                     lambda m: f'{{__trainingMark("query received");const __r={{type:3,data:{m[1]}.search({m[2]})}};'
                               f'__trainingMark("results sent");return __r}}'),
}
STAGES = ["page parsed (DOMContentLoaded)", "search_index.json fetched (page)", "worker started",
          "prebuilt_index.json fetched (worker)", "setup received", "index built", "query received", "results sent",
          "first result painted"]


def instrument(site: Path) -> None:
    """Add the marks to the copy's search worker(s); SystemExit naming a mark that found no place."""
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        sys.exit(f"{site}: no search worker under assets/javascripts/workers/")
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        for stage, (pattern, replacement) in _PATCHES.items():
            code, count = pattern.subn(replacement, code, count=1)
            if count != 1:
                sys.exit(f"{worker.name}: no place for the mark '{stage}' (a Material release changed the worker?)")
        worker.write_text(_MARK + '__trainingMark("worker started");\n' + code, encoding="utf-8")


def _keep_text(marks: list[str], message) -> None:
    marks.append(message.text)


def trace(site: Path, page: str, query: str, runs: int) -> list[dict[str, float]]:
    traces = []
    with site_in_chromium(site, page) as (browser, url):
        for _ in range(runs):
            context = browser.new_context()
            tab = context.new_page()
            marks: list[str] = []
            tab.on("console", functools.partial(_keep_text, marks))
            search_first_result(tab, url, query)
            times = {"first result painted": tab.evaluate("window.__firstResultPaint"),
                     "page parsed (DOMContentLoaded)":
                         tab.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")}
            index = tab.evaluate("(performance.getEntriesByType('resource').find(e => "
                                 "e.name.endsWith('/search/search_index.json')) || {}).responseEnd")
            if index is not None:
                times["search_index.json fetched (page)"] = index
            origin = tab.evaluate("performance.timeOrigin")
            tab.wait_for_timeout(100)  # the last console messages
            for line in marks:
                if not line.startswith("training-trace "):
                    continue
                stage, at = line.removeprefix("training-trace ").rsplit(" ", 1)
                if stage.startswith("fetched:"):
                    name, at = stage.removeprefix("fetched:").rsplit("@", 1)
                    if name == "prebuilt_index.json":
                        times["prebuilt_index.json fetched (worker)"] = float(at) - origin
                else:
                    times.setdefault(stage, float(at) - origin)
            traces.append(times)
            context.close()
    return traces


def table(traces: list[dict[str, float]]) -> str:
    rows = ["| stage | ms from navigation start (median) | runs |", "| --- | --- | --- |"]
    for stage in STAGES:
        values = [run[stage] for run in traces if stage in run]
        median = f"{statistics.median(values):.0f}" if values else "—"
        rows.append(f"| {stage} | {median} | {', '.join(f'{value:.0f}' for value in values)} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page", help="the page to open (default: the first course page)")
    parser.add_argument("--query", default="投诉")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from run import first_course_page

    page = args.page
    if page is None:
        course = first_course_page(args.site)
        if course is None:
            sys.exit(f"{args.site}: no course page; say which page to open with --page")
        page = course.parent.relative_to(args.site).as_posix() + "/"
    with tempfile.TemporaryDirectory(prefix="search-trace-") as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(args.site, copy)
        instrument(copy)
        print(table(trace(copy, page, args.query, args.runs)))


if __name__ == "__main__":
    main()
