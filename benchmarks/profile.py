"""Where a build's time goes: processor seconds of each of its processes, and the build process's own time by area.

    python benchmarks/profile.py FOLDER [--engine mkdocs]

FOLDER is a prepared build (`run.py` keeps them under /tmp/training-bench, e.g. ours-site-1000-run0). The
build runs twice: once as it is, with its process tree read from /proc every 20 ms (the processor seconds
of the build process and of every process it started: the search worker, the page parts made ahead, the
audit); once under cProfile on the process's processor clock, whose own time in each function is summed by the
package the function lives in (the profiler slows the process about twofold, so only the shares are read
from it)."""

from __future__ import annotations

import argparse
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")

# First match wins: a function's file path (or a template's) decides its area.
AREAS = [
    ("theme templates (Jinja)", ("/material/templates/", "/jinja2/", "site_overrides/")),
    ("Markdown", ("/markdown/", "/pymdownx/")),
    ("search (Material's plugin, jieba)", ("/material/plugins/search/", "/jieba/", "/html/parser.py",
                                            "_markupbase.py")),
    ("our plugin and site layer", ("/generator/",)),
    ("MkDocs", ("/mkdocs/",)),
    ("YAML", ("/yaml/",)),
]


@dataclass
class Seen:
    pid: int
    parent: int
    started: float  # seconds after the build began
    last: float
    cpu: float


def _stat(pid: int) -> tuple[int, float, float] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, int(fields[19]) / TICK


def process_seconds(command: list[str], folder: Path) -> tuple[float, list[Seen]]:
    """Run `command` in `folder`; its wall time and the processor seconds of it and each process under it."""
    began, boot_began = time.perf_counter(), time.clock_gettime(time.CLOCK_BOOTTIME)
    root = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, Seen] = {}
    while root.poll() is None:
        now = time.perf_counter() - began
        tree = {root.pid}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            stat = _stat(int(entry))
            if stat is None:
                continue
            parent, cpu, start = stat
            pid = int(entry)
            if pid in tree or parent in tree or parent in seen:
                tree.add(pid)
                record = seen.setdefault(pid, Seen(pid, parent, start - boot_began, now, cpu))
                record.cpu, record.last = cpu, now
        time.sleep(0.02)
    return time.perf_counter() - began, sorted(seen.values(), key=lambda s: s.started)


REST = "Python's built-ins and the rest (file writes, regular expressions, lxml)"


def _area(filename: str) -> str | None:
    return next((name for name, marks in AREAS if any(mark in filename for mark in marks)), None)


def areas(profile: Path) -> list[tuple[str, float]]:
    """Processor seconds by area. A built-in function (file writes, regular expressions, lxml, jieba's C parts)
    counts for the area of the code that called it, shared in proportion to the calls' own times."""
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_calls, _primitive, own, _cumulative, callers) in stats.items():
        area = _area(filename)
        if area is None and filename == "~" and callers:
            edges = [(_area(caller[0]) or REST, edge[2]) for caller, edge in callers.items()]
            spent = sum(seconds for _, seconds in edges) or 1.0
            for caller_area, seconds in edges:
                totals[caller_area] = totals.get(caller_area, 0.0) + own * seconds / spent
            continue
        totals[area or REST] = totals.get(area or REST, 0.0) + own
    return sorted(totals.items(), key=lambda item: -item[1])


# cProfile timed by the process's own processor clock: time spent waiting for the worker processes is not
# counted to whatever function waited.
PROFILED_BUILD = """
import cProfile, runpy, sys, time
profiler = cProfile.Profile(time.process_time)
sys.argv = [sys.argv[1], "build", "-q"]
profiler.enable()
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
except SystemExit:
    pass
profiler.disable()
profiler.dump_stats(OUT)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--engine", default="mkdocs")
    args = parser.parse_args()
    build = [sys.executable, "-m", args.engine, "build", "-q"]
    shutil.rmtree(args.folder / "site", ignore_errors=True)
    wall, processes = process_seconds(build, args.folder)
    print(f"wall {wall:.1f} s, processor {sum(p.cpu for p in processes):.1f} s")
    print("| process | started (s) | ended (s) | processor (s) |\n| --- | --- | --- | --- |")
    for process in processes:
        role = "the build" if process is processes[0] else f"child of {process.parent}"
        print(f"| {process.pid} ({role}) | {process.started:.1f} | {process.last:.1f} | {process.cpu:.1f} |")
    with tempfile.TemporaryDirectory() as scratch:
        profile = Path(scratch) / "build.prof"
        shutil.rmtree(args.folder / "site", ignore_errors=True)
        script = PROFILED_BUILD.replace("OUT", repr(str(profile)))
        subprocess.run([sys.executable, "-c", script, args.engine], cwd=args.folder,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shares = areas(profile)
    total = sum(seconds for _, seconds in shares)
    print(f"\n| the build process, by area (profiled: {total:.1f} processor s) | share |\n| --- | --- |")
    for name, seconds in shares:
        print(f"| {name} | {seconds / total:.0%} |")


if __name__ == "__main__":
    main()
