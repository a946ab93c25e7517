"""The learning records the report tests read: a set of statements with known answers (first attempts of six
learners, a second try, an attempt at an older version, a path, courses, a scenario, a cohort's learner) on the
fixture repository, with the helpers that make them, and the two module fixtures both test files import
(`curriculum`, `generated`)."""

from __future__ import annotations

import uuid

import pytest

from conftest import make_repo
from generator.model.layout import ContentLayout
from generator.model.load import load_curriculum

SITE = "http://portal.example/"
ADL = "http://adlnet.gov/expapi/verbs/"
BANK = "deescalation-check"
# deescalation-check: first-reply 2 points (single), triggers 2 (multiple), seven-day 1, first-response-hours 1,
# steps 2, metrics 2: 10 points, 60 % to pass.
POINTS = {"first-reply": 2, "triggers": 2, "seven-day": 1, "first-response-hours": 1, "steps": 2, "metrics": 2}
FIRST_ATTEMPTS = {  # learner -> per question (right?, response)
    "L1": {"first-reply": (1, "0"), "triggers": (1, "0[,]1"), "seven-day": (1, "false"), "first-response-hours": (1, "24"),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (1, "0[.]0[,]1[.]1[,]2[.]2[,]3[.]3")},
    "L2": {"first-reply": (1, "0"), "triggers": (1, "0[,]1"), "seven-day": (1, "false"), "first-response-hours": (1, "24"),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (0, "0[.]1")},
    "L3": {"first-reply": (1, "0"), "triggers": (0, "0[,]2"), "seven-day": (1, "false"), "first-response-hours": (1, "24"),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (0, "")},
    "L4": {"first-reply": (0, "1"), "triggers": (1, "0[,]1"), "seven-day": (1, "false"), "first-response-hours": (0, "12"),
           "steps": (0, "1[,]0[,]2[,]3"), "metrics": (0, "")},
    "L5": {"first-reply": (0, "1"), "triggers": (0, "2"), "seven-day": (1, "false"), "first-response-hours": (0, ""),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (0, "")},
    "L6": {"first-reply": (1, "0"), "triggers": (0, "2"), "seven-day": (1, "false"), "first-response-hours": (0, "48"),
           "steps": (0, ""), "metrics": (0, "")},
}


def stamp(day: str, hour: int = 2) -> str:
    return f"{day}T{hour:02d}:00:00Z"  # 10:00 in China


def statement(learner: str, verb: str, kind: str, ids: list[str], when: str, *, result=None, context=None,
              registration=None, parents=None) -> dict:
    made = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": SITE, "name": learner}},
        "verb": {"id": ADL + verb},
        "object": {"objectType": "Activity", "id": SITE + "activities/" + kind + "/" + "/".join(ids)},
        "timestamp": when,
        "context": {"extensions": {SITE + "records/" + k: v for k, v in (context or {}).items()}},
    }
    if registration:
        made["context"]["registration"] = registration
    if parents:
        made["context"]["contextActivities"] = {"parent": [{"id": SITE + "activities/" + p} for p in parents]}
    if result:
        made["result"] = result
    return made


def attempt(learner: str, answers: dict, when: str, version: str) -> list[dict]:
    registration = str(uuid.uuid4())
    made, raw = [], 0
    for question, (right, response) in answers.items():
        raw += POINTS[question] * right
        made.append(statement(learner, "answered", "question", [BANK, question], when, registration=registration,
                              context={"bank-version": version},
                              result={"response": response, "success": bool(right), "score": {"scaled": right}}))
    passed = raw >= 6
    made.append(statement(learner, "passed" if passed else "failed", "quiz", [BANK], when, registration=registration,
                          context={"bank-version": version, "version": 3}, parents=["course/complaint-deescalation"],
                          result={"score": {"raw": raw, "min": 0, "max": 10, "scaled": raw / 10}, "success": passed}))
    return made


@pytest.fixture(scope="module")
def curriculum(tmp_path_factory):
    """The fixture repository's curriculum, which the statements below are about."""
    root = tmp_path_factory.mktemp("records-content")
    make_repo(root / "content")
    return load_curriculum(ContentLayout(root=root / "content", docs_dir="curriculum", assessments_dir="assessments",
                                         handbooks_file="handbooks.yml"))


@pytest.fixture(scope="module")
def generated(curriculum) -> list[dict]:
    version = curriculum.quiz_by_id[BANK].version
    made = []
    for learner, answers in FIRST_ATTEMPTS.items():
        made += attempt(learner, answers, stamp("2026-11-05"), version)
    # L4 passes on a second try: counted as an attempt, not in the question statistics.
    made += attempt("L4", {q: (1, "") for q in POINTS}, stamp("2026-11-06"), version)
    # L1 took the bank before its questions changed: not in the statistics either.
    made += attempt("L1", {q: (0, "") for q in POINTS}, stamp("2026-11-01"), "an-older-version")
    # The path (target 14 days): L1 and L2 finish it, L3 does not.
    for learner in ("L1", "L2", "L3"):
        made.append(statement(learner, "experienced", "course", ["service-etiquette"], stamp("2026-11-02"), context={"version": 1}))
    made.append(statement("L1", "completed", "path", ["new-hire-path"], stamp("2026-11-11")))
    made.append(statement("L2", "completed", "path", ["new-hire-path"], stamp("2026-11-20", hour=15)))  # 23:00 in China
    # complaint-deescalation is at version 3: L1 finished it, L2 only finished version 2 (L3 passed its bank above).
    made.append(statement("L1", "completed", "course", ["complaint-deescalation"], stamp("2026-11-07"), context={"version": 3}))
    made.append(statement("L2", "completed", "course", ["complaint-deescalation"], stamp("2026-10-01"), context={"version": 2}))
    made.append(statement("L8", "completed", "course", ["complaint-deescalation"], stamp("2026-10-01"), context={"version": 2}))
    # A scenario played twice and a classroom score.
    for learner, emotion, solution, verb in (("L1", 30, 50, "passed"), ("L2", 10, 20, "failed")):
        made.append(statement(learner, verb, "scenario", ["late-delivery"], stamp("2026-11-08"),
                              result={"score": {"raw": emotion + solution, "max": 100}, "success": verb == "passed",
                                      "extensions": {SITE + "records/criteria": {"emotion": emotion, "solution": solution}}}))
    # L7 starts in March 2027: the fixture's cohort new-hire-2027-03 (1 to 12 March) is L7 alone.
    made.append(statement("L7", "experienced", "course", ["service-etiquette"], stamp("2027-03-03"), context={"version": 1}))
    made.append(statement("L7", "completed", "path", ["new-hire-path"], stamp("2027-03-12")))
    made.append({"actor": {"mbox": "mailto:x@example.com"}, "verb": {"id": "http://example.com/other"},
                 "object": {"id": "http://example.com/thing"}, "timestamp": stamp("2026-11-05")})  # not the portal's
    return made


def rubric_score(learner: str, criteria: dict, day: str = "2026-11-20", **score) -> dict:
    return statement(learner, "passed", "rubric", ["complaint-handling"], stamp(day),
                     result={"score": {"raw": 50, "max": 100, **score}, "success": True,
                             "extensions": {SITE + "records/criteria": criteria, SITE + "records/classroom": True}})
