"""What learning records cost a page, side by side in one run: the repository's own portal built with records
off and with records on, each served by nginx with the shipped configuration (records on: proxied to a real
Ralph), opened in headless Debian Chromium as an agent with a fresh cache.

    python benchmarks/records.py --runs 5        (make bench-records)

Per page kind: requests, bytes transferred (the browser's own count), and the page clock from navigation to
the load event; plus, records on, the time from submitting a self-check to its statements stored in Ralph.
Writes its section of benchmarks/RESULTS-records.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from generator.records.local import LocalLrs, LocalPortal, free_port  # noqa: E402
from generator.records.lrs import Lrs  # noqa: E402

sys.path.insert(0, str(HERE))
from records_load import write_section  # noqa: E402

SECTION = ("<!-- page: benchmarks/records.py -->", "<!-- /page -->")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PAGES = {"home": "", "course": "courses/advanced/complaint-deescalation/", "path": "paths/new-hire-30-days/",
         "catalog": "catalog/"}
LOGIN = ("A1001", "bench-password")


def build(folder: Path, records: bool) -> Path:
    shutil.copytree(REPO, folder, ignore=shutil.ignore_patterns(".venv*", "site", ".site.*", ".records", "trainer-pack",
                                                                 "screenshots", ".git", "__pycache__"))
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    options = "      handbook_pdfs: false\n      roleplay_kits: false\n" + ("      records: true\n" if records else "")
    (folder / "mkdocs.yml").write_text(config.replace("  - training:\n", "  - training:\n" + options, 1), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "generator", "--root", str(folder), "build", "--strict"], check=True,
                   capture_output=True)
    return folder / "site"


def visit(browser, url: str) -> tuple[int, int, float]:
    context = browser.new_context(http_credentials={"username": LOGIN[0], "password": LOGIN[1]})
    page = context.new_page()
    page.goto(url, wait_until="load")
    time.sleep(0.5)  # the records script's background requests, if any, after the load event
    requests, transferred, loaded = page.evaluate("""() => {
      const resources = performance.getEntriesByType("resource"), nav = performance.getEntriesByType("navigation")[0];
      return [resources.length + 1, resources.reduce((s, r) => s + r.transferSize, nav.transferSize),
              nav.loadEventEnd];
    }""")
    context.close()
    return requests, transferred, loaded / 1000


def quiz_to_store(browser, url: str, lrs: LocalLrs) -> float:
    from quiz_driver import answer_right, open_quiz, questions_shown, quiz_data, submit

    context = browser.new_context(http_credentials={"username": LOGIN[0], "password": LOGIN[1]})
    page = context.new_page()
    open_quiz(page, url)
    data = {q["id"]: q for q in quiz_data(page)["questions"]}
    for question_id in questions_shown(page):
        answer_right(page, data[question_id])
    before = len(Lrs(lrs.url, lrs.credentials).statements())
    start = time.monotonic()
    submit(page)
    while len(Lrs(lrs.url, lrs.credentials).statements()) <= before + len(data) - 1:
        time.sleep(0.02)
    elapsed = time.monotonic() - start
    context.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-records-"))
    sites = {"off": build(work / "off", False), "on": build(work / "on", True)}
    lrs = LocalLrs(work / "lrs", free_port()).start()
    portals = {name: LocalPortal(site, work / f"nginx-{name}", free_port(), lrs, logins=dict([LOGIN])).start()
               for name, site in sites.items()}
    rows, latencies = {}, []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for kind, path in PAGES.items():
                for name, portal in portals.items():
                    visits = [visit(browser, portal.url + path) for _ in range(args.runs)]
                    rows[kind, name] = (statistics.median(v[0] for v in visits), statistics.median(v[1] for v in visits),
                                        statistics.median(v[2] for v in visits))
            latencies = [quiz_to_store(browser, portals["on"].url + PAGES["course"], lrs) for _ in range(args.runs)]
            browser.close()
    finally:
        for portal in portals.values():
            portal.stop()
        lrs.stop()
    script = (sites["on"] / "assets" / "training" / "records.js").read_bytes()
    learn = (sites["on"] / "assets" / "training" / "learn.js").read_bytes()
    lines = [
        "## What learning records cost a page", "",
        f"{dt.date.today().isoformat()}, {platform.machine()}, {args.runs} fresh-cache visits per page and variant "
        "(medians), the repository's own portal behind nginx (shipped configuration, gzip), Debian Chromium headless. "
        "`python benchmarks/records.py`.", "",
        f"- `records.js`: {len(script):,} bytes, {len(gzip.compress(script, 9)):,} gzipped (loaded only when records are on); "
        f"`learn.js`: {len(gzip.compress(learn, 9)):,} gzipped.",
        f"- Self-check submitted to its statements stored in Ralph (file-system backend): median "
        f"{statistics.median(latencies):.2f} s (runs: {', '.join(f'{x:.2f}' for x in latencies)}).", "",
        "| page | requests off | requests on | bytes off | bytes on | bytes on/off | load off (s) | load on (s) | load on/off |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind in PAGES:
        off, on = rows[kind, "off"], rows[kind, "on"]
        lines.append(f"| {kind} | {off[0]:.0f} | {on[0]:.0f} | {off[1]:,.0f} | {on[1]:,.0f} | {on[1] / off[1]:.2f}x | "
                     f"{off[2]:.3f} | {on[2]:.3f} | {on[2] / off[2]:.2f}x |")
    write_section(HERE / "RESULTS-records.md", SECTION, lines, echo=True)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
