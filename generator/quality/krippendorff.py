"""Krippendorff's alpha, the reliability of several coders' values (K. Krippendorff, “Computing Krippendorff's
Alpha-Reliability”, 2011): 1 − observed disagreement / disagreement expected by chance, over the values that
can be paired (a unit counts when at least two coders gave it a value; missing values are allowed).

Written here rather than taken from the `krippendorff` package, which is GPL-3 licensed; the tests check it
against the paper's worked example (nominal .743, interval .849). The sums over every ordered pair of values are
taken in closed form (interval: 2m·Σ(x − mean)²; nominal: m² − Σ count²), so a file of many graders costs
linear time, not quadratic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

LEVELS = ("interval", "nominal")


def _pair_disagreement(values: list[float], level: str) -> float:
    """The sum over ordered pairs i ≠ j of the squared difference (interval) or of a ≠ b (nominal)."""
    m = len(values)
    if level == "nominal":
        return float(m * m - sum(count * count for count in Counter(values).values()))
    mean = sum(values) / m
    return 2 * m * sum((value - mean) ** 2 for value in values)


def alpha(units: Sequence[Sequence[float | None]], level: str = "interval") -> float | None:
    """`units`: per unit (a criterion, a question) the value of each coder, None where a coder gave none.
    None when alpha is undefined: fewer than two pairable values, or no variation at all."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    pairable = [[value for value in unit if value is not None] for unit in units]
    pairable = [values for values in pairable if len(values) >= 2]
    values = [value for unit in pairable for value in unit]
    n = len(values)
    if n < 2:
        return None
    observed = sum(_pair_disagreement(unit, level) / (len(unit) - 1) for unit in pairable) / n
    expected = _pair_disagreement(values, level) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected
