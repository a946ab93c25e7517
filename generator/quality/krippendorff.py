"""Krippendorff's alpha, the reliability of several coders' values (K. Krippendorff, “Computing Krippendorff's
Alpha-Reliability”, 2011): 1 − observed disagreement / disagreement expected by chance, over the values that
can be paired (a unit counts when at least two coders gave it a value; missing values are allowed).

Written here rather than taken from the `krippendorff` package, which is GPL-3 licensed; the tests check it
against the paper's worked example (nominal .743, interval .849)."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def interval(a: float, b: float) -> float:
    return (a - b) ** 2


def nominal(a: float, b: float) -> float:
    return 0.0 if a == b else 1.0


def alpha(units: Sequence[Sequence[float | None]], metric: Callable[[float, float], float] = interval) -> float | None:
    """`units`: per unit (a criterion, a question) the value of each coder, None where a coder gave none.
    None when alpha is undefined: fewer than two pairable values, or no variation at all."""
    pairable = [[value for value in unit if value is not None] for unit in units]
    pairable = [values for values in pairable if len(values) >= 2]
    values = [value for unit in pairable for value in unit]
    n = len(values)
    if n < 2:
        return None
    observed = sum(sum(metric(a, b) for i, a in enumerate(unit) for j, b in enumerate(unit) if i != j) / (len(unit) - 1)
                   for unit in pairable) / n
    expected = sum(metric(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected
