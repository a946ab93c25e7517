"""Learning records under load and faults, on 127.0.0.1 only, bounded in count and time: simulated learners post
statements through the shipped nginx configuration and its gate to a real Ralph (file-system backend), as the
browser queue does (a batch is sent again, with the same ids, until the gate or the LRS settles it). During the
run the LRS is restarted, nginx reloaded, and a burst of forged statements (naming other learners) is posted.

    python benchmarks/records_load.py                 (make bench-records-load; about 8 minutes)
    python benchmarks/records_load.py --learners 50 --seconds 30

Four runs: steady, an LRS restart, an nginx reload, a burst of forged actors.

Reports sustained statements per second, latency percentiles of the posts that were accepted, statements lost
(generated but not stored: the target is 0) and forged statements stored (must be 0), and writes them into
benchmarks/RESULTS-records.md. tests/test_records_gate.py runs a small version of the same run.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import platform
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from generator.records.local import LocalLrs, LocalPortal, free_port  # noqa: E402
from generator.records.lrs import Lrs  # noqa: E402

ADL = "http://adlnet.gov/expapi/verbs/"
SETTLED = {200, 204, 409}  # stored, or already stored (a batch sent again after its answer was lost)
REFUSED = {400, 403}  # the gate's refusals: never sent again
FIRST_RETRY, LAST_RETRY = 0.5, 8.0


@dataclass
class Figures:
    generated: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    forged: set[str] = field(default_factory=set)
    forged_refused: int = 0
    forged_latencies: list[float] = field(default_factory=list)  # seconds, each refused forged post: the gate alone
    latencies: list[float] = field(default_factory=list)  # seconds, each accepted post
    to_stored: list[float] = field(default_factory=list)  # seconds from a batch's first try to its acceptance
    statuses: dict[str, int] = field(default_factory=dict)
    first_post: float = 0.0
    last_accepted: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: str) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def batch(site: str, learner: str, rng: random.Random) -> list[dict]:
    """What one page of the portal posts: a course opened, or a self-check (answers and the result), or a
    course finished with its path step."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def made(verb: str, kind: str, **extra) -> dict:
        statement = {"id": str(uuid.uuid4()), "actor": {"objectType": "Agent", "account": {"homePage": site, "name": learner}},
                     "verb": {"id": ADL + verb}, "object": {"objectType": "Activity", "id": f"{site}activities/{kind}"},
                     "context": {"platform": "客服培训门户", "extensions": {f"{site}records/version": 1}}, "timestamp": now}
        statement.update(extra)
        return statement

    kind = rng.random()
    if kind < 0.4:
        return [made("experienced", f"course/c{rng.randrange(40)}")]
    if kind < 0.8:
        bank, registration = f"b{rng.randrange(40)}", str(uuid.uuid4())
        answers = [made("answered", f"question/{bank}/q{n}", result={"response": str(rng.randrange(4)), "success": True})
                   for n in range(rng.randrange(5, 11))]
        for answer in answers:
            answer["context"]["registration"] = registration
        result = made("passed", f"quiz/{bank}", result={"score": {"raw": 8, "min": 0, "max": 10, "scaled": 0.8}, "success": True})
        result["context"]["registration"] = registration
        return answers + [result]
    return [made("completed", f"course/c{rng.randrange(40)}", result={"completion": True}),
            made("completed", f"step/p{rng.randrange(5)}/{rng.randrange(1, 8)}", result={"completion": True})]


def post(port: int, account: str, password: str, body: bytes, timeout: float = 30) -> tuple[int | None, float]:
    """(status or None when the connection failed, seconds)."""
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        token = base64.b64encode(f"{account}:{password}".encode()).decode("ascii")
        connection.request("POST", "/xapi/statements", body, {"Content-Type": "application/json",
                                                               "Authorization": f"Basic {token}"})
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - start
    except (OSError, http.client.HTTPException):
        return None, time.monotonic() - start
    finally:
        connection.close()


def learner(port: int, site: str, name: str, password: str, until: float, drain: float, think: tuple[float, float],
            seed: int, figures: Figures) -> None:
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, think[1]))  # learners do not all start on the same second
    while time.monotonic() < until:
        made = batch(site, name, rng)
        ids = {s["id"] for s in made}
        with figures.lock:
            figures.generated |= ids
        body, first, delay = json.dumps(made, ensure_ascii=False).encode("utf-8"), time.monotonic(), FIRST_RETRY
        while time.monotonic() < drain:
            status, seconds = post(port, name, password, body)
            figures.count(str(status))
            if status in SETTLED:
                with figures.lock:
                    figures.accepted |= ids
                    figures.latencies.append(seconds)
                    figures.to_stored.append(time.monotonic() - first)
                    figures.last_accepted = max(figures.last_accepted, time.monotonic())
                break
            if status in REFUSED:
                break  # never for these learners: counted in statuses
            time.sleep(delay)  # the LRS down, nginx reloading, 429: as the browser queue, later
            delay = min(LAST_RETRY, delay * 2)
        time.sleep(rng.uniform(*think))


def forged_burst(port: int, site: str, forgers: dict[str, str], victims: list[str], posts: int, figures: Figures) -> None:
    """Each forger posts batches naming other learners; the gate must refuse them all."""
    rng = random.Random(7)
    for _ in range(posts):
        for name, password in forgers.items():
            made = batch(site, rng.choice(victims), rng)
            with figures.lock:
                figures.forged |= {s["id"] for s in made}
            status, seconds = post(port, name, password, json.dumps(made).encode("utf-8"))
            figures.count(f"forged {status}")
            if status == 403:
                with figures.lock:
                    figures.forged_refused += len(made)
                    figures.forged_latencies.append(seconds)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Run:
    learners: int
    seconds: float
    figures: Figures
    stored: int
    lost: int
    forged_stored: int
    duplicates: int
    events: list[tuple[float, str]]
    store_size: int

    @property
    def sustained(self) -> float:
        span = self.figures.last_accepted - self.figures.first_post
        return len(self.figures.accepted) / span if span > 0 else 0.0


def run_load(workdir: Path, learners: int, seconds: float, think: tuple[float, float] = (4.0, 8.0),
             restart_at: float | None = None, reload_at: float | None = None, forge_at: float | None = None,
             forgers: int = 10, forged_posts: int = 3, drain: float = 90.0) -> Run:
    """One bounded run on 127.0.0.1 (own Ralph and nginx under `workdir`); faults at the given seconds."""
    site_folder = workdir / "site"
    site_folder.mkdir(parents=True, exist_ok=True)
    (site_folder / "index.html").write_text("<!doctype html><title>门户</title>", encoding="utf-8")
    accounts = {f"B{n:04d}": f"bench-{n:04d}" for n in range(learners)}
    forger_accounts = {f"F{n:03d}": f"forger-{n:03d}" for n in range(forgers)}
    lrs = LocalLrs(workdir / "lrs", free_port()).start()
    portal = LocalPortal(site_folder, workdir / "nginx", free_port(), lrs, logins={**accounts, **forger_accounts}).start()
    site = portal.url
    figures, events = Figures(), []
    try:
        start = time.monotonic()
        figures.first_post = start
        until, drain_until = start + seconds, start + seconds + drain
        threads = [threading.Thread(target=learner, args=(portal.port, site, name, password, until, drain_until, think,
                                                          index, figures), daemon=True)
                   for index, (name, password) in enumerate(accounts.items())]
        for thread in threads:
            thread.start()
        faults = sorted((at, what) for at, what in ((restart_at, "restart"), (reload_at, "reload"), (forge_at, "forge"))
                        if at is not None)
        for at, what in faults:
            time.sleep(max(0.0, start + at - time.monotonic()))
            events.append((round(time.monotonic() - start, 1), f"{what} begins"))
            if what == "restart":
                lrs.stop()
                time.sleep(2)  # down for a moment, as a deployment or a crash would leave it
                lrs.start()
            elif what == "reload":
                portal.reload()
            else:
                forged_burst(portal.port, site, forger_accounts, list(accounts), forged_posts, figures)
            events.append((round(time.monotonic() - start, 1), f"{what} done"))
        for thread in threads:
            thread.join(timeout=max(0.0, drain_until - time.monotonic()) + 35)
        stored_statements = Lrs(lrs.url, lrs.credentials, timeout=120).statements(page_size=5000)
        ids = [s.get("id") for s in stored_statements]
        stored = set(ids)
        store_size = sum(f.stat().st_size for f in lrs.store.rglob("*.jsonl"))
    finally:
        portal.stop()
        lrs.stop()
    return Run(learners, seconds, figures, len(stored & figures.generated), len(figures.generated - stored),
               len(stored & figures.forged), len(ids) - len(stored), events, store_size)


def report(run: Run) -> list[str]:
    """The run in sentences (tests print it when a run fails)."""
    figures = run.figures
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(figures.statuses.items()))
    return [
        f"{run.learners} learners, {run.seconds:.0f} s; {len(figures.generated):,} generated, {run.stored:,} stored, "
        f"{run.lost} lost; {run.sustained:.1f} statements/s; p95 {percentile(figures.latencies, 0.95) * 1000:.0f} ms; "
        f"forged {len(figures.forged)}, refused {figures.forged_refused}, stored {run.forged_stored}; "
        f"stored twice {run.duplicates}; events {run.events}; answers {statuses}"]


def table_row(name: str, run: Run, load: str) -> str:
    figures = run.figures
    statuses = ", ".join(f"{status} ×{count:,}" for status, count in sorted(figures.statuses.items()))
    forged = (f"{len(figures.forged):,} / {figures.forged_refused:,} / {run.forged_stored} (refusal p95 "
              f"{percentile(figures.forged_latencies, 0.95) * 1000:.0f} ms)" if figures.forged else "—")
    return (f"| {name} | {len(figures.generated):,} | {run.stored:,} | **{run.lost}** | {run.sustained:.1f} | "
            f"{percentile(figures.latencies, 0.5) * 1000:.0f} | **{percentile(figures.latencies, 0.95) * 1000:.0f}** | "
            f"{percentile(figures.to_stored, 0.95):.1f} | {forged} | {run.duplicates} | {run.store_size / 1e6:.1f} | "
            f"{'; '.join(f'{at} s {what}' for at, what in run.events) or '—'} | {statuses} | {load} |")


SECTION = ("<!-- load: benchmarks/records_load.py -->", "<!-- /load -->")


def write_section(results: Path, section: tuple[str, str], lines: list[str], echo: bool = False) -> None:
    """Replaces one marked section of RESULTS-records.md (appends it the first time); the others stay. `echo`
    prints it too."""
    if echo:
        print("\n".join(lines))
    text = results.read_text(encoding="utf-8") if results.exists() else "# Learning records: measured\n"
    block = "\n".join([section[0], *lines, section[1]])
    if section[0] in text and section[1] in text:
        before, rest = text.split(section[0], 1)
        text = before + block + rest.split(section[1], 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    results.write_text(text, encoding="utf-8")


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text(encoding="ascii").split()[0]
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    seconds = args.seconds
    # The first run saturates the store (every learner posting every 4–8 s): the most it sustains. The fault runs
    # post every 15–30 s (still far more than agents reading courses), so that latencies mean something.
    busy, paced = (4.0, 8.0), (15.0, 30.0)
    plans = [("capacity, no fault", busy, {}), ("LRS restart", paced, {"restart_at": seconds / 2}),
             ("nginx reload", paced, {"reload_at": seconds / 2}), ("forged burst", paced, {"forge_at": seconds / 2})]
    rows, runs = [], []
    for name, think, faults in plans:
        before = load_average()
        with tempfile.TemporaryDirectory(prefix="bench-records-load-") as work:
            run = run_load(Path(work), args.learners, seconds, think=think, **faults)
        runs.append(run)
        rows.append(table_row(f"{name} (a post every {think[0]:.0f}–{think[1]:.0f} s)", run, f"{before} → {load_average()}"))
        print(report(run)[0], flush=True)
    lines = ["## Load and faults", "",
             f"{dt.date.today().isoformat()}, {platform.machine()}, 2 cores shared with other work (load average in the "
             "last column), 127.0.0.1 only: the shipped nginx configuration with the gate (njs 0.7.9), Ralph 5.0.1 with "
             "its file-system backend (one uvicorn worker), the simulated learners as threads of one Python process, "
             "each posting what a page posts (1 to 11 statements, at the pace in the first column) with its own login "
             "and sending a batch again (same ids, after 0.5 s doubling to 8 s) until it is settled, as the browser "
             "queue does. "
             f"Each run: {args.learners} learners for {seconds:.0f} s, then up to 90 s for their retries; the fault at "
             f"{seconds / 2:.0f} s. `make bench-records-load` (`python benchmarks/records_load.py --learners "
             f"{args.learners} --seconds {seconds:.0f}`).", "",
             "| run | generated | stored | lost | statements/s | p50 ms | p95 ms | first try → stored p95 (s) | "
             "forged / refused / stored | stored twice | store MB | events | answers | load average |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             *rows, "",
             "statements/s: statements accepted from the first post to the last acceptance (in the paced runs, all "
             "that was offered); p50/p95: posts that were accepted, from sending to the answer (in the restart run "
             "including posts that waited for Ralph to come back); forged: statements naming another learner posted "
             "by 10 logins (3 rounds) while the others went on, refused with 403 by the gate alone (its answer time "
             "in brackets). After a restart Ralph checks the portal's password with bcrypt on every request until its "
             "cache holds it, so the retries that piled up while it was down wait for one another: 30 posts at once to "
             "a freshly started Ralph took 7.0 s, to a warm one 0.14 s (2026-12-02, this machine); that is the restart "
             "run's tail. Ralph's file-system backend reads its whole file on every post (to find "
             "ids it already has), so its throughput falls as the store grows: it is for one machine. Production runs "
             "Ralph with ClickHouse or Elasticsearch (deploy/ralph/README.md), where neither is a scan."]
    write_section(HERE / "RESULTS-records.md", SECTION, lines, echo=True)
    return 0 if all(run.lost == 0 and run.forged_stored == 0 for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
