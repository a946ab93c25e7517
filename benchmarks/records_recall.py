"""What recalling a signed-in learner's progress costs a new browser's first visit: the repository's own portal
built with records on, behind nginx with the shipped configuration and its gate, a real Ralph holding the
learner's statements (50, then 2,000) among other learners', and a fresh headless Chromium context per visit.

    python benchmarks/records_recall.py --runs 5        (make bench-records-recall)

Per size: the requests and bytes of the first visit to the home page, those of the progress read itself
(GET /xapi/progress), the time from navigation start to the progress shown (the home page's 我的学习 redrawn
with what came back), and the gate's answer time. Writes its section of benchmarks/RESULTS-records.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from generator.cli import load_content  # noqa: E402
from generator.model.entities import Curriculum  # noqa: E402
from generator.records.local import LocalLrs, LocalPortal, free_port  # noqa: E402
from generator.records.lrs import Lrs  # noqa: E402
from records_load import load_average, write_section  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ADL = "http://adlnet.gov/expapi/verbs/"
SIZES = (50, 2000)
OTHERS, OTHER_STATEMENTS = 100, 5000
SECTION = ("<!-- recall: benchmarks/records_recall.py -->", "<!-- /recall -->")
NOTE = ("Times are from navigation start. The page's requests include the progress read (one; the login's "
        "`/whoami` before it) and are otherwise those of the records-on page above. The progress read is one request "
        "per tab (`sessionStorage` remembers it for the tab's later pages) and never delays the page: the page works "
        "from this browser's own progress and redraws when the recalled progress has joined it. Its time is mostly "
        "Ralph's: the gate reads every statement of the learner (Ralph 5.0's `verb` filter never matches on the "
        "file-system backend) page by page and keeps the finishing ones (completed, passed, failed), each reduced to "
        "a few fields.")
WATCH = """
document.addEventListener("training:progress-recalled", () => {
  window.__recalled = performance.now();
  setTimeout(() => { window.__shown = performance.now(); }, 0);  // after learn.js has redrawn the page
});
"""


def build(folder: Path) -> Path:
    shutil.copytree(REPO, folder, ignore=shutil.ignore_patterns(".venv*", "site", ".site.*", ".records", "trainer-pack",
                                                                 "screenshots", ".git", "__pycache__"))
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    options = "      handbook_pdfs: false\n      roleplay_kits: false\n      records: true\n"
    (folder / "mkdocs.yml").write_text(config.replace("  - training:\n", "  - training:\n" + options, 1), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "generator", "--root", str(folder), "build", "--strict"], check=True,
                   capture_output=True)
    return folder / "site"


def history(site: str, learner: str, curriculum: Curriculum, count: int, rng: random.Random) -> list[dict]:
    """`count` statements as the portal's pages make them, over days: courses opened and finished with their path
    steps, self-checks (every answer, then the result), scenarios played."""
    made: list[dict] = []
    day = dt.datetime(2026, 9, 1, 1, tzinfo=dt.UTC)

    def statement(verb: str, kind: str, ids: list[str], context: dict | None = None, result: dict | None = None) -> dict:
        entry = {"id": str(uuid.uuid4()), "actor": {"objectType": "Agent", "account": {"homePage": site, "name": learner}},
                 "verb": {"id": ADL + verb}, "object": {"objectType": "Activity", "id": f"{site}activities/{kind}/" + "/".join(ids)},
                 "context": {"platform": "客服培训门户", "language": "zh-CN",
                             "extensions": {f"{site}records/{k}": v for k, v in (context or {}).items()}},
                 "timestamp": (day + dt.timedelta(minutes=len(made))).isoformat().replace("+00:00", "Z")}
        if result:
            entry["result"] = result
        return entry

    courses = curriculum.courses
    while len(made) < count:
        course = rng.choice(courses)
        made.append(statement("experienced", "course", [course.id], {"version": course.version}))
        roll = rng.random()
        if roll < 0.45 and course.quiz and course.quiz.id in curriculum.quiz_by_id:
            bank, registration = curriculum.quiz_by_id[course.quiz.id], str(uuid.uuid4())
            right = 0
            for question in bank.questions:
                ok = rng.random() < 0.75
                right += ok
                made.append(statement("answered", "question", [bank.id, question.id], {"bank-version": bank.version},
                                      {"response": "0", "success": ok, "score": {"scaled": 1 if ok else 0}}))
                made[-1]["context"]["registration"] = registration
            scaled = round(right / max(1, len(bank.questions)), 4)
            verb = "passed" if scaled * 100 >= bank.pass_score else "failed"
            made.append(statement(verb, "quiz", [bank.id], {"bank-version": bank.version, "version": course.version},
                                  {"score": {"raw": right, "min": 0, "max": len(bank.questions), "scaled": scaled},
                                   "success": verb == "passed", "completion": True}))
            made[-1]["context"]["registration"] = registration
            made[-1]["context"]["contextActivities"] = {"parent": [{"id": f"{site}activities/course/{course.id}"}]}
        elif roll < 0.75:
            made.append(statement("completed", "course", [course.id], {"version": course.version}, {"completion": True}))
            for path in curriculum.paths:
                for number, step in enumerate(path.steps, start=1):
                    if step.course and step.course.id == course.id:
                        made.append(statement("completed", "step", [path.id, str(number)],
                                              {"step": f"course:{course.id}", "version": course.version}, {"completion": True}))
        elif curriculum.scenarios:
            scenario = rng.choice(curriculum.scenarios)
            total = rng.randrange(40, 101)
            made.append(statement("passed" if total >= 60 else "failed", "scenario", [scenario.id], {"version": scenario.version},
                                  {"score": {"raw": total, "min": 0, "max": 100, "scaled": total / 100},
                                   "success": total >= 60, "extensions": {f"{site}records/ending": "resolved"}}))
        day += dt.timedelta(hours=rng.randrange(2, 30))
    return made[:count]


def visit(browser, portal: LocalPortal, login: tuple[str, str]) -> dict:
    context = browser.new_context(http_credentials={"username": login[0], "password": login[1]})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(portal.url, wait_until="load")
    deadline = time.monotonic() + 60
    while page.evaluate("window.__shown === undefined") and time.monotonic() < deadline:
        time.sleep(0.02)
    figures = page.evaluate("""() => {
      const resources = performance.getEntriesByType("resource"), nav = performance.getEntriesByType("navigation")[0];
      const progress = resources.find(r => r.name.includes("/xapi/progress"));
      return {requests: resources.length + 1, bytes: resources.reduce((s, r) => s + r.transferSize, nav.transferSize),
              load: nav.loadEventEnd, shown: window.__shown, progressBytes: progress ? progress.transferSize : null,
              progressBody: progress ? progress.decodedBodySize : null,
              progressTime: progress ? progress.responseEnd - progress.startTime : null,
              progressStart: progress ? progress.startTime : null,
              mine: document.querySelector("[data-training-mine]").innerText};
    }""")
    context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-records-recall-"))
    site = build(work / "portal")
    _, curriculum = load_content(work / "portal", "mkdocs.yml")
    logins = {f"R{size}": f"recall-{size}" for size in SIZES}
    lrs = LocalLrs(work / "lrs", free_port()).start()
    portal = LocalPortal(site, work / "nginx", free_port(), lrs, logins=logins).start()
    rng = random.Random(26)
    rows, load = [], load_average()
    try:
        store = Lrs(lrs.url, lrs.credentials, timeout=120)
        seeded = [s for n in range(OTHERS) for s in history(portal.url, f"O{n:03d}", curriculum, OTHER_STATEMENTS // OTHERS, rng)]
        for size in SIZES:
            seeded += history(portal.url, f"R{size}", curriculum, size, rng)
        for start in range(0, len(seeded), 500):
            store.send(seeded[start:start + 500])
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for size in SIZES:
                visits = [visit(browser, portal, (f"R{size}", logins[f"R{size}"])) for _ in range(args.runs)]
                assert all(v["shown"] is not None and "%" in v["mine"] for v in visits), visits
                rows.append((size, visits))
            browser.close()
    finally:
        portal.stop()
        lrs.stop()
        shutil.rmtree(work, ignore_errors=True)

    def median(visits: list[dict], key: str) -> float:
        return statistics.median(v[key] for v in visits)

    lines = ["## Progress recalled on a new browser's first visit", "",
             f"{dt.date.today().isoformat()}, {platform.machine()}, 2 cores shared (load average {load} at the start), "
             f"the repository's own portal (records on) behind nginx with the shipped configuration and the gate, Ralph "
             f"5.0.1 (file-system backend, pages of 500) holding the learner's statements among {OTHER_STATEMENTS:,} of "
             f"{OTHERS} other learners, Debian Chromium headless, a fresh context per visit to the home page "
             f"(medians of {args.runs}). `make bench-records-recall`.", "",
             "| learner's statements | requests (page) | bytes (page) | progress read: bytes on the wire | "
             "progress read: JSON bytes | progress read: starts (ms) | progress read: time (ms) | load event (ms) | "
             "progress shown (ms) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for size, visits in rows:
        lines.append(f"| {size:,} | {median(visits, 'requests'):.0f} | {median(visits, 'bytes'):,.0f} | "
                     f"{median(visits, 'progressBytes'):,.0f} | {median(visits, 'progressBody'):,.0f} | "
                     f"{median(visits, 'progressStart'):.0f} | {median(visits, 'progressTime'):.0f} | "
                     f"{median(visits, 'load'):.0f} | {median(visits, 'shown'):.0f} |")
    lines += ["", NOTE]
    write_section(HERE / "RESULTS-records.md", SECTION, lines, echo=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
