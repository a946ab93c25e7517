"""Kirkpatrick level 4 of a cohort: its aggregate figures before and after, against the goals it set, as a
table and as charts (static SVG drawn at build time with matplotlib, Chinese labels in Noto Sans CJK and
drawn as outlines, so a reader's machine needs no font)."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.errors import PaperError
from generator.messages import text
from generator.model.entities import Curriculum
from generator.model.programme import Cohort, Evaluation, EvaluationRow, Goal, LearningRow, ReactionRow

# How a unit of the data is shown: (multiplier, suffix). Ratios are shown as percentages.
UNITS = {"ratio": (Decimal(100), "%"), "percent": (Decimal(1), "%"), "%": (Decimal(1), "%"),
         "seconds": (Decimal(1), " 秒"), "minutes": (Decimal(1), " 分钟"), "days": (Decimal(1), " 天"),
         "count": (Decimal(1), "")}
_GOAL_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)\s*(%|％|秒|分钟|天|小时)?")
# Without a goal saying which way is better: times, and rates of things that go wrong, should fall.
_LOWER_IS_BETTER = re.compile(r"时长|时间|周期|升级率|投诉率|流失|差评|重复来电|AHT", re.I)
_GOAL_SUFFIX = {"%": "%", "％": "%", "秒": " 秒", "分钟": " 分钟", "天": " 天"}


def shown(value: Decimal, unit: str) -> tuple[Decimal, str]:
    factor, suffix = UNITS.get(unit, (Decimal(1), f" {unit}" if unit else ""))
    return value * factor, suffix


def format_value(value: Decimal, unit: str) -> str:
    number, suffix = shown(value, unit)
    text = f"{number:.1f}".rstrip("0").rstrip(".") if number % 1 else f"{number:.0f}"
    return f"{text}{suffix}"


@dataclass(frozen=True)
class GoalFigure:
    value: Decimal
    suffix: str


def goal_figure(text: str) -> GoalFigure | None:
    match = _GOAL_NUMBER.search(text or "")
    if match is None:
        return None
    return GoalFigure(Decimal(match[1]), _GOAL_SUFFIX.get(match[2] or "", ""))


@dataclass
class MetricResult:
    """One metric of a cohort's level-4 data: each group's figures and, when the cohort set a goal for it
    in the same unit, the goal and whether the average after training reaches it."""

    metric: str
    unit: str
    rows: list[EvaluationRow]
    goal: Goal | None
    target: GoalFigure | None
    higher_is_better: bool

    @property
    def before(self) -> Decimal:
        return sum((row.before for row in self.rows), Decimal(0)) / len(self.rows)

    @property
    def after(self) -> Decimal:
        return sum((row.after for row in self.rows), Decimal(0)) / len(self.rows)

    @property
    def reached(self) -> bool | None:
        if self.target is None:
            return None
        after, _ = shown(self.after, self.unit)
        return after >= self.target.value if self.higher_is_better else after <= self.target.value

    @property
    def improved(self) -> bool:
        return self.after > self.before if self.higher_is_better else self.after < self.before


def reaction_figures(curriculum: Curriculum, cohort: Cohort) -> dict[tuple[str, str], ReactionRow]:
    """Level-1 means by (survey id, item id), from <cohort id>.reaction.csv."""
    evaluation = curriculum.reaction_by_cohort.get(cohort.id)
    return {(row.survey, row.item): row for row in evaluation.reaction} if evaluation else {}


def learning_figures(curriculum: Curriculum, cohort: Cohort) -> dict[str, LearningRow]:
    """Level-2 figures by assessment id, from <cohort id>.learning.csv."""
    evaluation = curriculum.learning_by_cohort.get(cohort.id)
    return {row.assessment: row for row in evaluation.learning} if evaluation else {}


def metric_results(cohort: Cohort, evaluation: Evaluation) -> list[MetricResult]:
    goals = {goal.metric: goal for goal in cohort.goals}
    results = []
    for metric in evaluation.metrics():
        rows = [row for row in evaluation.rows if row.metric == metric]
        unit = rows[0].unit
        goal = goals.get(metric)
        target = goal_figure(goal.target) if goal else None
        _, suffix = shown(Decimal(0), unit)
        if target is not None and target.suffix != suffix:
            target = None  # a goal in another unit cannot be compared
        baseline = goal_figure(goal.baseline) if goal else None
        if target is not None and baseline is not None and baseline.suffix == target.suffix:
            higher = target.value >= baseline.value
        else:
            higher = unit not in ("seconds", "minutes", "days") and not _LOWER_IS_BETTER.search(metric)
        results.append(MetricResult(metric, unit, rows, goal, target, higher))
    return results


CHART_FONT = "Noto Sans CJK SC"


@functools.cache
def _chart_font() -> str:
    """Noto Sans CJK SC for matplotlib, which reads only the first face of a font collection (.ttc): the
    SC face is copied out once into the temp folder. Returns the family name to use."""
    import logging

    from matplotlib import font_manager

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}:%{index}", f"{CHART_FONT}:style=Regular"],
                           capture_output=True, text=True).stdout if shutil.which("fc-match") else ""
    families, _, location = found.partition("|")
    path, _, index = location.rpartition(":")
    if CHART_FONT not in families.split(",") or not path:  # fc-match answers with a fallback when it is missing
        raise PaperError(text("D1107", fonts=CHART_FONT))
    font = Path(path)
    if font.suffix.lower() == ".ttc":
        from fontTools.ttLib import TTCollection

        copy = Path(tempfile.gettempdir()) / f"training-chart-font-{font.stat().st_mtime_ns}-{index}.otf"
        if not copy.exists():
            partial = copy.with_suffix(f".{os.getpid()}.tmp")
            TTCollection(str(font), lazy=True).fonts[int(index or 0)].save(str(partial))
            partial.replace(copy)
        font = copy
    font_manager.fontManager.addfont(str(font))
    return font_manager.FontProperties(fname=str(font)).get_name()


def kpi_chart(result: MetricResult) -> str:
    """A small SVG: before and after per group (horizontal bars), the goal as a dashed line."""
    _, suffix = shown(Decimal(0), result.unit)
    return _chart(result.metric, result.higher_is_better, suffix,
                  tuple(row.group for row in result.rows),
                  tuple(float(shown(row.before, result.unit)[0]) for row in result.rows),
                  tuple(float(shown(row.after, result.unit)[0]) for row in result.rows),
                  float(result.target.value) if result.target is not None else None,
                  f"{result.target.value:g}" if result.target is not None else "")


# Drawing takes ~0.2 s and loading matplotlib ~0.6 s: a preview redraws only the charts whose figures changed,
# the cohort page and the cohort pack share theirs, and the next build reads them from disk.
@functools.lru_cache(maxsize=128)
def _chart(metric: str, higher_is_better: bool, suffix: str, groups: tuple[str, ...], before: tuple[float, ...],
           after: tuple[float, ...], target: float | None, target_label: str) -> str:
    arguments = (metric, higher_is_better, suffix, groups, before, after, target, target_label)
    kept = _kept_chart(arguments)
    if kept is not None and kept.exists():
        try:
            return kept.read_text(encoding="utf-8")
        except OSError:
            pass
    svg = _draw(*arguments)
    if kept is not None:
        try:
            partial = kept.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(svg, encoding="utf-8")
            partial.replace(kept)
        except OSError:  # a full or read-only disk costs the next build the drawing, nothing more
            pass
    return svg


def _kept_chart(arguments: tuple) -> Path | None:
    """Where a drawn chart is kept between builds: Jinja's private per-user folder (mode 0700, checked to be the
    user's own), under a name from the figures, the drawing code and matplotlib's version. None: no such folder."""
    import importlib.metadata

    import jinja2

    try:
        folder = Path(jinja2.FileSystemBytecodeCache().directory) / "training-charts"
        folder.mkdir(mode=0o700, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    key = hashlib.sha256(repr((arguments, importlib.metadata.version("matplotlib"),
                               Path(__file__).read_bytes())).encode("utf-8")).hexdigest()
    return folder / f"{key}.svg"


def _draw(metric: str, higher_is_better: bool, suffix: str, groups: tuple[str, ...], before: tuple[float, ...],
          after: tuple[float, ...], target: float | None, target_label: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    pyplot.rcParams.update({"font.family": [_chart_font()], "svg.fonttype": "path", "svg.hashsalt": "training",
                            "axes.unicode_minus": False})
    figure = Figure(figsize=(5.2, 1.0 + 0.62 * len(groups)), dpi=72)
    axes = figure.subplots()
    positions = list(range(len(groups)))
    axes.barh([p + 0.2 for p in positions], before, height=0.38, color="#b0bec5", label="培训前")
    axes.barh([p - 0.2 for p in positions], after, height=0.38, color="#3949ab", label="培训后")
    for position, value in zip(positions, after):
        axes.text(value, position - 0.2, f" {value:g}{suffix}", va="center", fontsize=9, color="#1a237e")
    for position, value in zip(positions, before):
        axes.text(value, position + 0.2, f" {value:g}{suffix}", va="center", fontsize=8, color="#455a64")
    if target is not None:
        axes.axvline(target, color="#c62828", linestyle="--", linewidth=1.2, label=f"目标 {target_label}{suffix}")
    axes.set_yticks(positions, list(groups), fontsize=9)
    axes.invert_yaxis()
    axes.set_title(f"{metric}（{'越高越好' if higher_is_better else '越低越好'}）", fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    high = max([*before, *after, target or 0])
    axes.set_xlim(0, high * 1.22 or 1)
    axes.legend(fontsize=8, frameon=False, loc="upper center", ncols=3, bbox_to_anchor=(0.5, -0.16 - 0.08 / len(groups)))
    if suffix.strip():
        axes.set_xlabel(suffix.strip(), fontsize=8, loc="right")
    out = io.StringIO()
    with warnings.catch_warnings():
        # A character the font lacks (only odd control or private-use characters: the face covers Chinese)
        # is left out of the chart; matplotlib's warning would read as a build problem to a trainer.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure.tight_layout()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    return svg[svg.index("<svg"):]  # without the XML prologue and doctype, to embed it in HTML
