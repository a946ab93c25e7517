"""Cross-file rules of programmes: what a cohort names exists, its sessions fall within its dates, nobody and
no room is booked twice at once, its paths' required courses are all scheduled (and for about as long as
they take), and evaluation data belongs to a cohort."""

from __future__ import annotations

from generator.errors import ProblemLog
from generator.messages import did_you_mean, one_of
from generator.model.entities import Curriculum
from generator.model.personal_data import personal_data_in
from generator.model.programme import Cohort, Evaluation, Session
from generator.model.references import check_ref as check
from generator.model.references import check_refs as check_all
from generator.model.references import duplicate_ids as duplicates


def check_programmes(c: Curriculum, log: ProblemLog) -> None:
    duplicates(log, "cohort", ((cohort.id, cohort.file, cohort.line) for cohort in c.cohorts))
    duplicates(log, "survey", ((survey.id, survey.file, survey.line) for survey in c.surveys))
    for survey in c.surveys:
        duplicates(log, "survey item", ((item.id, survey.file, item.line) for item in survey.items), within=survey.id)
    for cohort in c.cohorts:
        f = cohort.file
        check_all(log, f, "audience", cohort.audience, "audience", c.audience_by_id)
        check_all(log, f, "paths", cohort.paths, "learning path", c.path_by_id)
        check_all(log, f, "assessments.reaction", cohort.assessments.reaction, "survey", c.survey_by_id)
        _check_learning(c, cohort, log)
        for index, session in enumerate(cohort.sessions):
            check_all(log, f, f"sessions[{index}].courses", session.courses, "course", c.course_by_id)
            check(log, f, f"sessions[{index}].format", session.format, "format", c.format_by_id)
            _check_dates(cohort, index, session, log)
        _check_coverage(c, cohort, log)
    _check_bookings(c, log)
    for evaluation in c.evaluations:
        if evaluation.cohort not in c.cohort_by_id:
            log.add(evaluation.file, 1, "", "K1416", cohort=evaluation.cohort)
        else:
            _check_figures(c, c.cohort_by_id[evaluation.cohort], evaluation, log)


# Words for a whole cohort or a comparison group, which any evaluation may use besides the registered groups.
AGGREGATE_GROUPS = ("全体", "合计", "总体", "全部", "对照组", "参训组", "未参训组")


def _check_figures(c: Curriculum, cohort: Cohort, evaluation: Evaluation, log: ProblemLog) -> None:
    """Level-1 rows name a likert item of one of the cohort's surveys, level-2 rows one of its assessments,
    level-4 rows a registered group; no figure counts more people than the cohort has."""
    f, surveys = evaluation.file, [ref.id for ref in cohort.assessments.reaction]
    groups = [named for named in (*c.model.groups, *c.model.audiences)]
    allowed = {*AGGREGATE_GROUPS, *(named.id for named in groups), *(named.name for named in groups)}
    for result in evaluation.rows:
        if result.group not in allowed and not personal_data_in(result.group, staff_numbers=True):  # reported as what it is
            log.add(f, result.line, "group", "K1425", value=result.group, aggregate=one_of(AGGREGATE_GROUPS),
                    known=one_of(named.name for named in groups))
    for row in evaluation.reaction:
        if row.survey not in surveys:
            log.add(f, row.line, "survey", "K1421", value=row.survey, cohort=cohort.id, known=one_of(surveys))
        elif row.survey in c.survey_by_id:
            items = [item.id for item in c.survey_by_id[row.survey].items if item.type == "likert"]
            if row.item not in items:
                log.add(f, row.line, "item", "K1422", survey=row.survey, value=row.item, known=one_of(items))
        _check_head_count(cohort, f, row.line, "responses", row.responses, log)
    learning = [ref.id for ref in cohort.assessments.learning]
    for figures in evaluation.learning:
        if figures.assessment not in learning:
            log.add(f, figures.line, "assessment", "K1423", value=figures.assessment, cohort=cohort.id,
                    known=one_of(learning))
        _check_head_count(cohort, f, figures.line, "participants", figures.participants, log)


def _check_head_count(cohort: Cohort, file: str, line: int, field: str, count: int, log: ProblemLog) -> None:
    if cohort.participants is not None and count > cohort.participants:
        log.add(file, line, field, "K1424", count=count, participants=cohort.participants)


def _check_learning(c: Curriculum, cohort: Cohort, log: ProblemLog) -> None:
    known = {**c.quiz_by_id, **c.rubric_by_id, **c.scenario_by_id}
    for index, ref in enumerate(cohort.assessments.learning):
        if ref.id not in known:
            log.add(cohort.file, ref.line, f"assessments.learning[{index}]", "K1415", value=ref.id,
                    suggestion=did_you_mean(ref.id, known))


def _check_dates(cohort: Cohort, index: int, session: Session, log: ProblemLog) -> None:
    if session.date and cohort.start and cohort.end and not cohort.start <= session.date <= cohort.end:
        log.add(cohort.file, session.line, f"sessions[{index}].date", "K1412", date=session.date, start=cohort.start,
                end=cohort.end)


def _check_coverage(c: Curriculum, cohort: Cohort, log: ProblemLog) -> None:
    """Every required course of the cohort's paths is scheduled; a course scheduled for longer or shorter
    than it takes is worth a look (a session with several courses counts evenly for each)."""
    scheduled: dict[str, float] = {}
    first_line: dict[str, int] = {}
    for session in cohort.sessions:
        for ref in session.courses:
            scheduled[ref.id] = scheduled.get(ref.id, 0) + session.minutes / len(session.courses)
            first_line.setdefault(ref.id, session.line)
    for ref in cohort.paths:
        path = c.path_by_id.get(ref.id)
        if path is None:
            continue
        for step in path.steps:
            if step.course and not step.optional and step.course.id in c.course_by_id and step.course.id not in scheduled:
                log.add(cohort.file, ref.line, "paths", "K1414", path=path.title,
                        course=c.course_by_id[step.course.id].title)
        if path.target_days and cohort.days > path.target_days:
            log.warn(cohort.file, cohort.end_line, "end", "W1206", days=cohort.days, path=path.title,
                     target=path.target_days)
    for course_id, minutes in scheduled.items():
        course = c.course_by_id.get(course_id)
        if course is not None and minutes and round(minutes) != course.duration:
            log.warn(cohort.file, first_line[course_id], "sessions", "W1205", course=course.title,
                     scheduled=round(minutes), duration=course.duration)


def _check_bookings(c: Curriculum, log: ProblemLog) -> None:
    """A trainer, or a room, in two sessions at once: across all cohorts, the later one is reported."""
    booked: dict[tuple[str, object], list[tuple[Session, Cohort, int]]] = {}
    for cohort in c.cohorts:
        for index, session in enumerate(cohort.sessions):
            if not session.date or session.starts is None:
                continue
            who = [*session.people(), *([session.place] if session.place else [])]
            for name in who:
                earlier = booked.setdefault((name, session.date), [])
                for other, other_cohort, _ in earlier:
                    if other.starts is not None and other.ends is not None and session.ends is not None \
                            and other.starts < session.ends and session.starts < other.ends:
                        log.add(cohort.file, session.line, f"sessions[{index}]", "K1413", who=name, date=session.date,
                                time=session.time, other=f"{other.time}, {other_cohort.file}:{other.line}")
                        break
                earlier.append((session, cohort, index))
