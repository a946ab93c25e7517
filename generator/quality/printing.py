"""The quality loop's documents: the calibration report of a 复盘会, the 共性问题 findings, and one improvement
plan per agent (a page each, bookmarked by agent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from generator.model.entities import Curriculum
from generator.paper.quality import alpha_verdict, print_quality_document
from generator.quality.calibration import Calibration
from generator.quality.qa import AgentPlan, Findings


def write_calibration(env: jinja2.Environment, curriculum: Curriculum, calibration: Calibration, target: Path,
                      site_name: str, today: dt.date) -> int:
    return print_quality_document(env, "calibration.html", target, curriculum, [calibration.case], calibration=calibration,
                  site_name=site_name, build_date=today.isoformat(), verdict=alpha_verdict(calibration.alpha))


def write_findings(env: jinja2.Environment, curriculum: Curriculum, findings: Findings, target: Path, site_name: str,
                   today: dt.date, settings: Any) -> int:
    return print_quality_document(env, "qa_findings.html", target, curriculum, [], findings=findings, settings=settings,
                  site_name=site_name, build_date=today.isoformat())


def write_plans(env: jinja2.Environment, curriculum: Curriculum, plans: list[AgentPlan], target: Path, site_name: str,
                today: dt.date, settings: Any) -> int:
    return print_quality_document(env, "qa_plans.html", target, curriculum, [], plans=plans, settings=settings, site_name=site_name,
                  build_date=today.isoformat(), kinds={"course": "课程", "scenario": "情景模拟", "case": "案例"})
