"""The benchmark's content generator: deterministic, and valid against the content contract."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402
from generator.model import load_curriculum  # noqa: E402


def digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "mkdocs.yml"):
        hasher.update(file.relative_to(folder).as_posix().encode() + file.read_bytes())
    return hasher.hexdigest()


def test_generated_content_is_deterministic_and_valid(tmp_path):
    generate.generate(30, tmp_path / "a")
    generate.generate(30, tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    curriculum = load_curriculum(tmp_path / "a")
    assert len(curriculum.courses) == 30 and len(curriculum.quizzes) == 30
    assert {q.type for bank in curriculum.quizzes for q in bank.questions} == {
        "single", "multiple", "true-false", "fill", "order", "match"}
    assert len(generate.handbook_course_files(tmp_path / "a")) == 3
    lengths = [sum("\u4e00" <= ch <= "\u9fff" for ch in course.body) for course in curriculum.courses]
    assert 1300 <= sum(lengths) / len(lengths) <= 1700


def test_generated_scenarios_are_valid_full_marks_plays_and_removable(tmp_path):
    import shutil

    import scenarios
    from generator.model.scenarios import _Graph, best_play

    generate.generate(20, tmp_path / "a")
    generate.add_scenarios(tmp_path / "a", 6, 20)
    curriculum = load_curriculum(tmp_path / "a")
    assert len(curriculum.scenarios) == 6 and all(len(s.nodes) == 15 for s in curriculum.scenarios)
    for scenario in curriculum.scenarios:
        graph = _Graph.of(scenario)
        best = best_play(scenario, graph.edges, set(scenario.nodes), lambda c: sum(c.scores.values()))
        assert best.points == 100 and best.nodes[-1] == "resolved"
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    scenarios.without_scenarios(tmp_path / "b")
    assert load_curriculum(tmp_path / "b").scenarios == []


def test_targets_are_judged_from_the_figures():
    import run
    from browser import SearchTiming

    def build(variant, size, wall, cpu=None, **extra):
        return run.Build(variant, size, walls=[wall, wall + 1, wall + 2], cpus=[cpu or wall] * 3, **extra)

    builds = {
        ("floor", 1000): build("floor", 1000, 39, 40), ("ours-site", 1000): build("ours-site", 1000, 13, 38,
                                                                                  page_transfer_gz=80_001),
        ("floor", 3000): build("floor", 3000, 200, 200), ("ours-site", 3000): build("ours-site", 3000, 45, 210),
        ("floor", 100): build("floor", 100, 2), ("to-pdf", 100): build("to-pdf", 100, 6),
        ("ours", 100): build("ours", 100, 4, handbook_seconds=[3.0], handbook_peak_mb=300),
        ("ours", 1000): build("ours", 1000, 30, handbook_seconds=[28.0], handbook_peak_mb=401),
    }
    extras = run.Extras(search={("ours-site", 1000): [SearchTiming(0.6, 1.5)], ("floor", 1000): [SearchTiming(2.1, 2.4)]},
                        serve={1000: ([1.5, 2.1], [1.2, 1.3])})
    rows = {line.split(" | ")[0].lstrip("| "): line.rsplit(" | ", 1)[1].rstrip(" |") for line in run.targets(builds, extras)
            if line.startswith("| ") and "---" not in line and not line.startswith("| target")}
    # Medians are the middle of three: wall + 1.
    assert rows["ours-site ≤ 0.35x the floor at N = 1,000 (wall)"] == "yes"  # 14 / 40 = 0.35
    assert rows["ours-site ≤ 0.2x the floor at N = 3,000 (wall)"] == "**no**"  # 46 / 201 = 0.23
    assert rows["ours-site's CPU time below the floor's at N = 1,000"] == "yes"
    assert rows["ours-site's CPU time below the floor's at N = 3,000"] == "**no**"
    assert rows["first search result ≤ 0.3x the floor at N = 1,000 (painted)"] == "yes"  # 0.6 / 2.1
    assert rows["handbook peak memory ≤ 400 MB at N = 100"] == "yes"
    assert rows["handbook peak memory ≤ 400 MB at N = 1,000"] == "**no**"
    assert rows["handbook peak memory ≤ 400 MB at N = 3,000"] == "not measured in this run"
    assert rows["handbook time added ≤ 0.2x mkdocs-to-pdf's at N = 1,000"] == "not measured in this run"
    assert rows["`make serve` rebuild after one edit ≤ 2 s at N = 1,000"] == "**no**"
    assert rows["course page ≤ 80 KB gzipped (HTML + CSS + JS) at N = 1,000"] == "**no**"


def test_runner_end_to_end_on_a_small_curriculum(tmp_path):
    """`make bench` in miniature: generate, build under GNU time, measure the sites, write RESULTS.md. The floor
    and ours take turns (a busy moment hurts both alike); the search timing uses the ours-site build when there is
    no `ours` build (it used to be skipped silently)."""
    import subprocess

    results = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "20", "--variants", "floor", "ours-site",
         "--runs", "2", "--alternate", "--browser-sizes", "20", "--serve-sizes", "--work", str(tmp_path / "work"),
         "--results", str(results)],
        capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    order = [line.split()[0] for line in run.stdout.splitlines() if " run " in line and "N=20" in line]
    assert order == ["floor", "ours-site", "floor", "ours-site"]
    assert "search ours-site N=20" in run.stdout and "search floor N=20" in run.stdout
    assert "N=20: ours-site / floor = " in run.stdout
    text = results.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 20 | ours-site |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert float(cells[2]) > 0 and float(cells[4]) > 0 and float(cells[9]) > 0  # wall time, CPU, search index size
    assert "## Targets" in text and "one invocation: `python benchmarks/run.py --sizes 20" in text
    ratios = next(line for line in text.splitlines() if line.startswith("| 20 | ") and "x |" in line)
    assert "nan" not in ratios and ratios.endswith("| — | — | — | — |")  # no handbook builds in this run: nothing to divide

    # Where the first result's time went, on the sites this run kept: every stage, in the order they happen.
    for variant, prebuilt in (("ours-site", True), ("floor", False)):
        trace = subprocess.run([sys.executable, str(REPO / "benchmarks" / "search_trace.py"),
                                str(tmp_path / "work" / f"{variant}-20-run1" / "site"), "--runs", "1"],
                               capture_output=True, text=True, timeout=300)
        assert trace.returncode == 0, trace.stderr[-3000:]
        medians = {cells[0]: cells[1] for cells in ([cell.strip() for cell in line.strip("|").split("|")]
                                                    for line in trace.stdout.splitlines()[2:])}
        stages = ["worker started", "setup received", "index built", "query received", "results sent",
                  "first result painted"]
        assert [float(medians[stage]) for stage in stages] == sorted(float(medians[stage]) for stage in stages)
        assert 0 < float(medians["search_index.json fetched (page)"]) < float(medians["setup received"])
        assert (medians["prebuilt_index.json fetched (worker)"] != "—") == prebuilt, variant
