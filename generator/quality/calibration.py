"""Calibration (复盘会): several graders score the same call case blind; the expert's scores are the standard.

Per criterion: each grader's deviation from the expert, the spread of the graders' scores (highest − lowest),
the share within the case's tolerance, exact agreement, and the criterion to discuss first — the one with the
largest mean deviation as a share of its points. Overall: the same shares over every score, and Krippendorff's
alpha (interval) among the graders, on each score as a share of its criterion's points, so that a 30-point and
a 10-point criterion weigh alike.

Graders' file (content contract, “Quality-review data”): `grader,<criterion id>,…`, one row per grader; an
empty cell is a criterion that grader did not score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from generator.errors import ProblemLog
from generator.messages import did_you_mean, one_of, text
from generator.model.entities import Case, Criterion, Curriculum, Rubric
from generator.quality.csv_input import found, identifier, number, personal_columns, read_csv
from generator.quality.krippendorff import alpha


@dataclass
class GraderScores:
    line: int
    grader: str
    scores: dict[str, Decimal]  # criterion id -> points; a criterion left empty is missing


@dataclass
class CriterionCalibration:
    criterion: Criterion
    expert: Fraction
    tolerance: Fraction  # points
    deviations: dict[str, Fraction | None]  # grader -> score − expert

    @property
    def scored(self) -> list[Fraction]:
        return [d for d in self.deviations.values() if d is not None]

    @property
    def spread(self) -> Fraction | None:
        return max(self.scored) - min(self.scored) if self.scored else None

    @property
    def within(self) -> Fraction | None:
        return Fraction(sum(1 for d in self.scored if abs(d) <= self.tolerance), len(self.scored)) if self.scored else None

    @property
    def exact(self) -> Fraction | None:
        return Fraction(sum(1 for d in self.scored if d == 0), len(self.scored)) if self.scored else None

    @property
    def mean_deviation(self) -> Fraction | None:
        """Mean absolute deviation from the expert, in points."""
        return sum((abs(d) for d in self.scored), Fraction(0)) / len(self.scored) if self.scored else None


@dataclass
class Calibration:
    case: Case
    rubric: Rubric
    graders: list[str]
    criteria: list[CriterionCalibration]
    alpha: float | None

    def _all(self) -> list[tuple[Fraction, Fraction]]:
        return [(d, c.tolerance) for c in self.criteria for d in c.scored]

    @property
    def within(self) -> Fraction | None:
        pairs = self._all()
        return Fraction(sum(1 for d, t in pairs if abs(d) <= t), len(pairs)) if pairs else None

    @property
    def exact(self) -> Fraction | None:
        pairs = self._all()
        return Fraction(sum(1 for d, _ in pairs if d == 0), len(pairs)) if pairs else None

    @property
    def discuss_first(self) -> CriterionCalibration | None:
        """The largest mean deviation as a share of the criterion's points (then the largest single one);
        None when every grader agreed exactly with the expert."""
        ranked = [c for c in self.criteria if c.mean_deviation]
        if not ranked:
            return None
        return max(ranked, key=lambda c: (c.mean_deviation / c.criterion.points,  # type: ignore[operator]
                                          max(abs(d) for d in c.scored) / c.criterion.points,
                                          -self.criteria.index(c)))


def read_grader_scores(path: Path, file: str, case: Case, rubric: Rubric, log: ProblemLog) -> list[GraderScores]:
    criteria = {c.id: c for c in rubric.criteria}
    expected = ",".join(["grader", *criteria])
    table = read_csv(path, file, log, expected)
    if table is None:
        return []
    fine = True
    for name in personal_columns(table):
        log.add(file, table.header_line, name, "L1540", column=name)
        fine = False
    if "grader" not in table.header:
        log.add(file, table.header_line, "grader", "L1541", column="grader", expected=expected)
        fine = False
    for name in table.header:
        if name != "grader" and name not in criteria and name not in personal_columns(table):
            log.add(file, table.header_line, name, "L1509", value=name, rubric=rubric.id,
                    suggestion=did_you_mean(name, criteria), expected=text("R401.expected", known=one_of(criteria)))
            fine = False
    for criterion in rubric.criteria:
        if criterion.id not in table.header:
            log.add(file, table.header_line, criterion.id, "L1552", criterion=criterion.id, case=case.id, rubric=rubric.id,
                    expected=expected)
            fine = False
    if not fine:
        return []
    graders: list[GraderScores] = []
    first: dict[str, int] = {}
    for line, cells in table.rows:
        before = len(log.problems)
        grader = cells["grader"]
        if not identifier(grader):
            log.add(file, line, "grader", "L1543", what=text("L1543.grader"), found=found(grader))
        elif grader in first:
            log.add(file, line, "grader", "L1551", grader=grader, other=first[grader])
        scores: dict[str, Decimal] = {}
        for criterion in rubric.criteria:
            cell = cells[criterion.id]
            if not cell:
                continue
            points = number(cell)
            if points is None or points > criterion.points:
                log.add(file, line, criterion.id, "L1511", points=criterion.points, criterion=criterion.name, found=found(cell))
            else:
                scores[criterion.id] = points
        if len(log.problems) == before:
            first[grader] = line
            graders.append(GraderScores(line, grader, scores))
    if not graders and not log.problems:
        log.add(file, table.header_line, "", "L1553", expected=expected)
    return graders


def calibrate(curriculum: Curriculum, case: Case, graders: list[GraderScores]) -> Calibration:
    rubric = curriculum.rubric_by_id[case.rubric.id]
    criteria = []
    for criterion in rubric.criteria:
        expert = Fraction(case.expert[criterion.id].points or 0)
        deviations = {g.grader: (Fraction(g.scores[criterion.id]) - expert if criterion.id in g.scores else None)
                      for g in graders}
        criteria.append(CriterionCalibration(criterion, expert, Fraction(criterion.points * case.tolerance, 100), deviations))
    units = [[float(Fraction(g.scores[c.id]) / c.points) if c.id in g.scores else None for g in graders]
             for c in rubric.criteria]
    return Calibration(case, rubric, [g.grader for g in graders], criteria, alpha(units))
