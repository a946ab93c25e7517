"""Build the same synthetic content with the peers and with ours, side by side, and write RESULTS.md.

    python benchmarks/run.py --sizes 100 1000 3000 --runs 3        (make bench)

Every build runs in a fresh copy under --work, timed as a child process with GNU time (wall seconds
and peak resident memory). Sizes, index sizes and page transfer are read from the built sites.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, handbook_course_files  # noqa: E402
from peers import PREPARE  # noqa: E402

HERE = Path(__file__).resolve().parent
TIME = "/usr/bin/time"


@dataclass
class Build:
    variant: str
    size: int
    walls: list[float] = field(default_factory=list)
    peak_kb: int = 0
    site_bytes: int = 0
    index_raw: int = 0
    index_gz: int = 0
    page_transfer_gz: int = 0
    handbook_seconds: list[float] = field(default_factory=list)
    pdf_pages: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def wall_min(self) -> float:
        return min(self.walls)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.walls)


def command_for(variant: str, folder: Path) -> list[str]:
    if variant == "ours":
        return [sys.executable, "-m", "generator", "--root", str(folder), "build", "--strict"]
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")]


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, int, str]:
    result = subprocess.run([TIME, "-f", "@@TIME %e %M", *command], cwd=cwd, env=env, capture_output=True, text=True)
    match = re.search(r"@@TIME ([\d.]+) (\d+)", result.stderr)
    if result.returncode != 0 or not match:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return float(match.group(1)), int(match.group(2)), result.stderr


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_transfer(site: Path, page: Path) -> int:
    """Gzipped bytes of a page's HTML plus the stylesheets and scripts it links (first visit, no cache)."""
    html = page.read_text(encoding="utf-8")
    total = gz(html.encode("utf-8"))
    inline_assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', html)
    for css, js in inline_assets:
        target = (page.parent / (css or js).split("?")[0]).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += gz(target.read_bytes())
    return total


def first_course_page(site: Path) -> Path | None:
    pages = sorted(site.glob("courses/*/*/c*/index.html"))
    return pages[0] if pages else None


def measure(variant: str, size: int, content: Path, work: Path, runs: int, env: dict) -> Build:
    build = Build(variant, size)
    for run in range(runs):
        folder = work / f"{variant}-{size}-run{run}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        PREPARE[variant](content, folder)
        wall, peak, log = timed(command_for(variant, folder), folder, env)
        build.walls.append(wall)
        build.peak_kb = max(build.peak_kb, peak)
        handbook = re.search(r"Handbook handbooks/[\w-]+\.pdf: (\d+) pages in ([\d.]+) s", log)
        if handbook:
            build.pdf_pages = int(handbook.group(1))
            build.handbook_seconds.append(float(handbook.group(2)))
        if run == runs - 1:
            site = folder / "site"
            build.site_bytes = folder_bytes(site)
            index = site / "search" / "search_index.json"
            if index.exists():
                raw = index.read_bytes()
                build.index_raw, build.index_gz = len(raw), gz(raw)
            page = first_course_page(site)
            if page:
                build.page_transfer_gz = page_transfer(site, page)
            pdf = next(iter(site.rglob("*.pdf")), None)
            if pdf and not build.pdf_pages:
                build.pdf_pages = _pdf_pages(pdf)
            if variant == "to-pdf" and pdf is None:
                build.notes.append("no PDF written")
        shutil.rmtree(folder, ignore_errors=True) if run < runs - 1 else None
        print(f"  {variant:10} N={size:<5} run {run + 1}/{runs}: {wall:7.1f} s, {peak / 1024:6.0f} MB", flush=True)
    return build


def _pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def versions() -> str:
    names = ["mkdocs", "mkdocs-material", "jieba", "weasyprint", "mkdocs_quiz", "mkdocs-print-site-plugin", "mkdocs-to-pdf"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def machine() -> str:
    cpus = os.cpu_count()
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    return f"{platform.platform()}, Python {platform.python_version()}, {cpus} CPUs{memory}"


def ratio(ours: float | None, peer: float | None) -> str:
    return f"{ours / peer:.2f}x" if ours and peer else "—"


def report(builds: dict[tuple[str, int], Build], sizes: list[int], runs: int, extras: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC by `benchmarks/run.py` on {machine()}.",
        f"Versions: {versions()}.",
        f"Runs per build: {runs} (wall time: min / median). Content: `benchmarks/generate.py` "
        "(≈1,500 Chinese characters per course, 10 questions per course, handbook = every tenth course).",
        "",
        "| N | build | wall min (s) | wall median (s) | s/course | peak MB | site MB | index raw MB | index gz KB | course page gz KB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in sizes:
        for variant in PREPARE:
            b = builds.get((variant, size))
            if not b:
                continue
            per = b.wall_median / size if variant in ("floor", "quiz", "ours") else b.wall_median / max(1, size // 10)
            lines.append(
                f"| {size} | {variant} | {b.wall_min:.1f} | {b.wall_median:.1f} | {per:.3f} | {b.peak_kb / 1024:.0f} | "
                f"{b.site_bytes / 1e6:.1f} | {b.index_raw / 1e6:.2f} | {b.index_gz / 1024:.0f} | "
                f"{b.page_transfer_gz / 1024:.0f} |" + (f" {'; '.join(b.notes)}" if b.notes else "")
            )
    lines += ["", "## Ratios (ours / peer, median wall time)", "",
              "| N | ours vs floor | ours vs floor+quiz | handbook vs mkdocs-to-pdf | handbook vs print-site | handbook s/course |",
              "| --- | --- | --- | --- | --- | --- |"]
    for size in sizes:
        ours = builds.get(("ours", size))
        if not ours:
            continue
        handbook = statistics.median(ours.handbook_seconds) if ours.handbook_seconds else None
        get = lambda name: builds[(name, size)].wall_median if (name, size) in builds else None  # noqa: E731
        lines.append(f"| {size} | {ratio(ours.wall_median, get('floor'))} | {ratio(ours.wall_median, get('quiz'))} | "
                     f"{ratio(handbook, get('to-pdf'))} | {ratio(handbook, get('print-site'))} | "
                     f"{handbook / max(1, size // 10):.3f} |" if handbook else f"| {size} | {ratio(ours.wall_median, get('floor'))} | "
                     f"{ratio(ours.wall_median, get('quiz'))} | — | — | — |")
    for title, body in extras.items():
        lines += ["", f"## {title}", "", body]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=list(PREPARE), choices=list(PREPARE))
    parser.add_argument("--slow-runs", type=int, default=1,
                        help="runs for builds expected to take minutes (mkdocs-to-pdf and print-site above N=100)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/training-bench"))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    builds: dict[tuple[str, int], Build] = {}
    for size in args.sizes:
        content = args.work / f"content-{size}"
        shutil.rmtree(content, ignore_errors=True)
        generate(size, content)
        print(f"N={size}: content in {content} ({len(handbook_course_files(content))} handbook courses)", flush=True)
        for variant in args.variants:
            runs = args.slow_runs if variant in ("to-pdf", "print-site") and size > 100 else args.runs
            started = time.perf_counter()
            try:
                builds[(variant, size)] = measure(variant, size, content, args.work, runs, env)
            except RuntimeError as error:
                print(f"  {variant} N={size} failed: {error}", flush=True)
            print(f"  {variant} done in {time.perf_counter() - started:.0f} s", flush=True)
        args.results.write_text(report(builds, args.sizes, args.runs, {}), encoding="utf-8")
    print(f"Results: {args.results}")


if __name__ == "__main__":
    main()
