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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import SearchTiming, first_result_seconds  # noqa: E402
from generate import generate, handbook_course_files  # noqa: E402
from peers import PREPARE  # noqa: E402
from serve import rebuild_seconds  # noqa: E402

HERE = Path(__file__).resolve().parent
TIME = "/usr/bin/time"
SEARCH_QUERY = "投诉"


@dataclass
class Build:
    variant: str
    size: int
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds of the build and its children
    folder: Path | None = None  # the last run's copy, kept for the search and serve timings
    peak_kb: int = 0
    site_bytes: int = 0
    index_raw: int = 0
    index_gz: int = 0
    page_transfer_gz: int = 0
    handbook_seconds: list[float] = field(default_factory=list)
    handbook_peak_mb: int = 0
    pdf_pages: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def wall_min(self) -> float:
        return min(self.walls)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpus)


def command_for(variant: str, folder: Path) -> list[str]:
    if variant == "ours":
        return [sys.executable, "-m", "generator", "--root", str(folder), "build", "--strict"]
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")]


def timed(command: list[str], cwd: Path, env: dict) -> tuple[float, int, float, str]:
    """Wall seconds, peak resident KB, processor seconds (user + system, the build and every process it waited
    for) and the log."""
    result = subprocess.run([TIME, "-f", "@@TIME %e %M %U %S", *command], cwd=cwd, env=env, capture_output=True,
                            text=True)
    match = re.search(r"@@TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", result.stderr)
    if result.returncode != 0 or not match:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return float(match.group(1)), int(match.group(2)), float(match.group(3)) + float(match.group(4)), result.stderr


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_transfer(site: Path, page: Path) -> int:
    """Gzipped bytes of a page's HTML plus the stylesheets, scripts and preloaded modules it links (first visit,
    no cache; each file gzipped on its own, as it is served)."""
    html = page.read_text(encoding="utf-8")
    total = gz(html.encode("utf-8"))
    inline_assets = re.findall(r'<link[^>]+rel="(?:stylesheet|modulepreload)"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"',
                               html)
    for css, js in inline_assets:
        target = (page.parent / (css or js).split("?")[0]).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += gz(target.read_bytes())
    return total


def first_course_page(site: Path) -> Path | None:
    pages = sorted(site.glob("courses/*/*/c*/index.html"))
    return pages[0] if pages else None


def measure(build: Build, content: Path, work: Path, run: int, last: bool, env: dict) -> None:
    """One run of one build, added to `build`; the last run's site is kept and read for sizes."""
    variant, size = build.variant, build.size
    folder = work / f"{variant}-{size}-run{run}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    PREPARE[variant](content, folder)
    wall, peak, cpu, log = timed(command_for(variant, folder), folder, env)
    build.walls.append(wall)
    build.cpus.append(cpu)
    build.peak_kb = max(build.peak_kb, peak)
    handbook = re.search(r"Handbook handbooks/[\w-]+\.pdf: (\d+) pages in ([\d.]+) s, peak (\d+) MB", log)
    if handbook:
        build.pdf_pages = int(handbook.group(1))
        build.handbook_seconds.append(float(handbook.group(2)))
        build.handbook_peak_mb = max(build.handbook_peak_mb, int(handbook.group(3)))
    if last:
        site = folder / "site"
        build.folder = folder
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
    else:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"  {variant:10} N={size:<5} run {run + 1}: {wall:7.1f} s wall, {cpu:7.1f} s CPU, {peak / 1024:6.0f} MB",
          flush=True)


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


def per_course(variant: str, size: int, seconds: float) -> float:
    """Seconds per course built: the site's courses, or the handbook's (every tenth) for the PDF peers."""
    return seconds / (max(1, size // 10) if variant in ("to-pdf", "print-site") else size)


@dataclass
class Extras:
    search: dict[tuple[str, int], list[SearchTiming]] = field(default_factory=dict)
    serve: dict[int, tuple[list[float], list[float]]] = field(default_factory=dict)


def report(builds: dict[tuple[str, int], Build], sizes: list[int], runs: int, extras: Extras,
           started: dt.datetime, command: str) -> str:
    get = lambda name, size: builds[(name, size)].wall_median if (name, size) in builds else None  # noqa: E731
    lines = [
        "# Benchmark results",
        "",
        f"Run {started:%Y-%m-%d %H:%M}–{dt.datetime.now(dt.UTC):%H:%M} UTC, one invocation: `{command}`, on {machine()}.",
        f"Versions: {versions()}.",
        f"Runs per build: {runs}, except the PDF peers above N = 100 (see --slow-runs); wall time min / median. "
        "Content from `benchmarks/generate.py`: ≈1,500 Chinese characters per course, 10 questions per course, "
        "paths of 25 courses, a handbook of every tenth course (tag SOP).",
        "",
        "Builds: **floor** = plain mkdocs-material + search (jieba) on the same Markdown; **quiz** = floor + mkdocs-quiz "
        "with each course's questions; **print-site** / **to-pdf** = floor + the plugin, printing the handbook's courses; "
        "**ours-site** = the full portal without the PDF (`handbook_pdfs: false`); **ours** = the full portal and the "
        "handbook PDF, as `make portal` builds it.",
        "",
        "| N | build | wall min (s) | wall median (s) | CPU median (s) | s per course | peak MB | site MB | index raw MB "
        "| index gz KB | course page gz KB | PDF pages |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size in sizes:
        for variant in PREPARE:
            b = builds.get((variant, size))
            if not b:
                continue
            lines.append(
                f"| {size} | {variant} | {b.wall_min:.1f} | {b.wall_median:.1f} | {b.cpu_median:.1f} | "
                f"{per_course(variant, size, b.wall_median):.4f} | "
                f"{b.peak_kb / 1024:.0f} | {b.site_bytes / 1e6:.1f} | {b.index_raw / 1e6:.2f} | {b.index_gz / 1024:.0f} | "
                f"{b.page_transfer_gz / 1024:.0f} | {b.pdf_pages or ''} |" + (f" {'; '.join(b.notes)}" if b.notes else "")
            )
    lines += ["", "## Ratios, same run (ours / peer, median wall time; CPU: user + system of all processes)", "",
              "| N | ours-site / floor | ours-site / floor, CPU | ours-site / quiz | ours / floor "
              "| handbook: ours marginal / to-pdf marginal | handbook: ours / to-pdf (whole builds) | handbook process s "
              "| handbook s per course | handbook peak MB |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    cpu = lambda name, size: builds[(name, size)].cpu_median if (name, size) in builds else None  # noqa: E731
    for size in sizes:
        ours, site = builds.get(("ours", size)), builds.get(("ours-site", size))
        hb = statistics.median(ours.handbook_seconds) if ours and ours.handbook_seconds else None
        ours_marginal = ours.wall_median - site.wall_median if ours and site else None
        pdf_marginal = get("to-pdf", size) - get("floor", size) if get("to-pdf", size) and get("floor", size) else None
        lines.append(
            f"| {size} | {ratio(get('ours-site', size), get('floor', size))} | {ratio(cpu('ours-site', size), cpu('floor', size))} | "
            f"{ratio(get('ours-site', size), get('quiz', size))} | "
            f"{ratio(get('ours', size), get('floor', size))} | "
            f"{ratio(max(ours_marginal, 0.01), pdf_marginal) if ours_marginal is not None else '—'}"
            f"{f' ({ours_marginal:.1f} s / {pdf_marginal:.1f} s)' if ours_marginal is not None and pdf_marginal else ''} | "
            f"{ratio(get('ours', size), get('to-pdf', size))} | {f'{hb:.1f}' if hb else '—'} | "
            f"{f'{hb / max(1, size // 10):.3f}' if hb else '—'} | {ours.handbook_peak_mb if ours else '—'} |"
        )
    if extras.search:
        lines += ["", "## First search result in headless Chromium", "",
                  f"Fresh browser context per run (nothing cached), a course page, query {SEARCH_QUERY}, typed as soon as the "
                  "page is parsed. **Painted**: the page's own clock, from navigation start to the frame after the first "
                  "result entered the page (what the reader sees). **Driver**: Playwright's wall clock around the same steps, "
                  "which adds its own round trips (typing, polling for the result).", "",
                  "| N | build | painted, runs (s) | painted median (s) | driver, runs (s) | driver median (s) |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for (variant, size), timings in sorted(extras.search.items(), key=lambda item: (item[0][1], item[0][0])):
            painted, driver = [t.painted for t in timings], [t.driver for t in timings]
            lines.append(f"| {size} | {variant} | {', '.join(f'{t:.2f}' for t in painted)} | {statistics.median(painted):.2f} | "
                         f"{', '.join(f'{t:.2f}' for t in driver)} | {statistics.median(driver):.2f} |")
        for size in sorted({size for _, size in extras.search}):
            ours = extras.search.get(("ours", size)) or extras.search.get(("ours-site", size))
            floor = extras.search.get(("floor", size))
            if ours and floor:
                lines.append("")
                lines.append(f"N = {size}: ours / floor = **{search_ratio(ours, floor, 'painted')}** painted, "
                             f"{search_ratio(ours, floor, 'driver')} by the driver's clock.")
    if extras.serve:
        lines += ["", "## `make serve`: one course edited", "",
                  "`mkdocs serve --livereload --dirty --no-strict` on our build; seconds from saving the file to the "
                  "page serving the change, and MkDocs' own rebuild time.", "",
                  "| N | save → page (s) | rebuild (s) |", "| --- | --- | --- |"]
        for size, (waits, built) in sorted(extras.serve.items()):
            lines.append(f"| {size} | {', '.join(f'{t:.2f}' for t in waits)} | {', '.join(f'{t:.2f}' for t in built)} |")
    lines += targets(builds, extras)
    return "\n".join(lines) + "\n"


def targets(builds: dict[tuple[str, int], Build], extras: Extras) -> list[str]:
    """The targets of the speed issue, each judged from this run's figures ('not measured' where this run lacks
    a figure)."""
    def wall(variant: str, size: int) -> float | None:
        build = builds.get((variant, size))
        return build.wall_median if build else None

    def book(size: int) -> Build | None:
        build = builds.get(("ours", size))
        return build if build and build.handbook_seconds else None

    rows: list[tuple[str, str, bool | None]] = []
    for size, limit in ((1000, 0.35), (3000, 0.2)):
        site, floor = wall("ours-site", size), wall("floor", size)
        rows.append((f"ours-site ≤ {limit}x the floor at N = {size:,} (wall)",
                     f"{site:.1f} s vs {floor:.1f} s = {site / floor:.2f}x" if site and floor else "—",
                     site / floor <= limit if site and floor else None))
    for size in (1000, 3000):
        site, floor = builds.get(("ours-site", size)), builds.get(("floor", size))
        rows.append((f"ours-site's CPU time below the floor's at N = {size:,}",
                     f"{site.cpu_median:.1f} s vs {floor.cpu_median:.1f} s = {site.cpu_median / floor.cpu_median:.2f}x"
                     if site and floor else "—", site.cpu_median < floor.cpu_median if site and floor else None))
    ours = extras.search.get(("ours", 1000)) or extras.search.get(("ours-site", 1000))
    floor_search = extras.search.get(("floor", 1000))
    if ours and floor_search:
        painted = statistics.median(t.painted for t in ours) / statistics.median(t.painted for t in floor_search)
        rows.append(("first search result ≤ 0.3x the floor at N = 1,000 (painted)",
                     f"painted {search_ratio(ours, floor_search, 'painted')}, driver's clock "
                     f"{search_ratio(ours, floor_search, 'driver')}", painted <= 0.3))
    else:
        rows.append(("first search result ≤ 0.3x the floor at N = 1,000 (painted)", "—", None))
    for size in (100, 1000, 3000):
        build = book(size)
        rows.append((f"handbook peak memory ≤ 400 MB at N = {size:,}", f"{build.handbook_peak_mb} MB" if build else "—",
                     build.handbook_peak_mb <= 400 if build else None))
    ours_wall, site, pdf, floor = wall("ours", 1000), wall("ours-site", 1000), wall("to-pdf", 1000), wall("floor", 1000)
    pair = (ours_wall - site, pdf - floor) if None not in (ours_wall, site, pdf, floor) else None
    rows.append(("handbook time added ≤ 0.2x mkdocs-to-pdf's at N = 1,000",
                 f"{pair[0]:.1f} s vs {pair[1]:.1f} s = {pair[0] / pair[1]:.2f}x" if pair else "—",
                 pair[0] / pair[1] <= 0.2 if pair else None))
    page = next((b for b in (builds.get(("ours", 1000)), builds.get(("ours-site", 1000))) if b and b.page_transfer_gz), None)
    rows.append(("course page ≤ 80 KB gzipped (HTML + CSS + JS) at N = 1,000",
                 f"{page.page_transfer_gz:,} bytes" if page else "—", page.page_transfer_gz <= 80_000 if page else None))
    if 1000 in extras.serve:
        waits, built = extras.serve[1000]
        rows.append(("`make serve` rebuild after one edit ≤ 2 s at N = 1,000",
                     f"save → page {', '.join(f'{t:.2f}' for t in waits)} s; MkDocs rebuild "
                     f"{', '.join(f'{t:.2f}' for t in built)} s", max(waits) <= 2.0))
    else:
        rows.append(("`make serve` rebuild after one edit ≤ 2 s at N = 1,000", "—", None))
    verdict = {True: "yes", False: "**no**", None: "not measured in this run"}
    return ["", "## Targets", "", "Judged by `benchmarks/run.py` from the figures above.", "",
            "| target | measured | met? |", "| --- | --- | --- |",
            *(f"| {name} | {measured} | {verdict[met]} |" for name, measured, met in rows)]


def search_ratio(ours, floor, clock: str) -> str:
    return ratio(statistics.median(getattr(t, clock) for t in ours), statistics.median(getattr(t, clock) for t in floor))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=list(PREPARE), choices=list(PREPARE))
    parser.add_argument("--slow-runs", type=int, default=1,
                        help="runs for the PDF peers above N = 100, which take minutes")
    parser.add_argument("--runs-for", nargs="*", default=[], metavar="VARIANT=RUNS",
                        help="override the number of runs of some builds, e.g. quiz=1")
    parser.add_argument("--alternate", action="store_true",
                        help="take the builds in turn (floor, ours, floor, ours ...) rather than one build's runs in a row")
    parser.add_argument("--browser-sizes", type=int, nargs="*", default=[1000], help="sizes for the search timing")
    parser.add_argument("--serve-sizes", type=int, nargs="*", default=[1000], help="sizes for the make serve timing")
    parser.add_argument("--work", type=Path, default=Path("/tmp/training-bench"))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true",
                        help="make bench-quick: N = 300, floor and ours-site once each, alternated, into RESULTS-quick.md")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.variants, args.alternate = [300], 1, ["floor", "ours-site"], True
        args.browser_sizes = args.serve_sizes = []
        if args.results == HERE / "RESULTS.md":
            args.results = HERE / "RESULTS-quick.md"
    run_started = dt.datetime.now(dt.UTC)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:]) if sys.argv[1:] else "make bench"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    builds: dict[tuple[str, int], Build] = {}
    extras = Extras()
    overrides = {variant: int(runs) for variant, runs in (item.split("=") for item in args.runs_for)}
    for size in args.sizes:
        content = args.work / f"content-{size}"
        shutil.rmtree(content, ignore_errors=True)
        generate(size, content)
        print(f"N={size}: content in {content} ({len(handbook_course_files(content))} handbook courses)", flush=True)
        runs = {variant: overrides.get(variant, args.slow_runs if variant in ("to-pdf", "print-site") and size > 100
                                       else args.runs) for variant in args.variants}
        order = [(variant, run) for run in range(max(runs.values())) for variant in args.variants if run < runs[variant]] \
            if args.alternate else [(variant, run) for variant in args.variants for run in range(runs[variant])]
        for variant, run in order:
            build = builds.setdefault((variant, size), Build(variant, size))
            try:
                measure(build, content, args.work, run, run == runs[variant] - 1, env)
            except RuntimeError as error:
                print(f"  {variant} N={size} failed: {error}", flush=True)
                builds.pop((variant, size), None)
            args.results.write_text(report(builds, args.sizes, args.runs, extras, run_started, command), encoding="utf-8")
        ours = builds.get(("ours", size)) or builds.get(("ours-site", size))
        if size in args.browser_sizes:
            for build in (builds.get(("floor", size)), ours):
                if build is not None and build.folder is not None:
                    site = build.folder / "site"
                    page = first_course_page(site).parent.relative_to(site).as_posix() + "/"
                    extras.search[(build.variant, size)] = first_result_seconds(site, page, SEARCH_QUERY)
                    print(f"  search {build.variant} N={size}: {extras.search[(build.variant, size)]}", flush=True)
        if size in args.serve_sizes and ours is not None and ours.folder is not None:
            course = sorted((ours.folder / "curriculum" / "courses").rglob("c*.md"))[0]
            page = course.relative_to(ours.folder / "curriculum").with_suffix("").as_posix() + "/"
            extras.serve[size] = rebuild_seconds(ours.folder, course, page)
            print(f"  serve N={size}: {extras.serve[size]}", flush=True)
        args.results.write_text(report(builds, args.sizes, args.runs, extras, run_started, command), encoding="utf-8")
        floor, site = builds.get(("floor", size)), builds.get(("ours-site", size))
        if floor and site:
            print(f"N={size}: ours-site / floor = {site.wall_median / floor.wall_median:.2f}x wall "
                  f"({site.wall_median:.1f} s vs {floor.wall_median:.1f} s), {site.cpu_median / floor.cpu_median:.2f}x CPU "
                  f"({site.cpu_median:.1f} s vs {floor.cpu_median:.1f} s)", flush=True)
    print(f"Results: {args.results}")


if __name__ == "__main__":
    main()
