"""`python -m generator records report | forget | add-score`: the command-line side of learning records."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from generator.messages import counted, text
from generator.model.entities import Curriculum
from generator.model.layout import ContentLayout
from generator.records.forget import ForgetError, forget_learner
from generator.records.lrs import Lrs, LrsError, credentials_from
from generator.records.report import records_report
from generator.records.report_text import render_report
from generator.records.scores import check_score, read_scores_csv, score_statement
from generator.records.statements import read_statements

SCORES_KEY_VARIABLE = "TRAINING_SCORES_KEY"


def add_records_commands(commands: argparse._SubParsersAction, load: Callable) -> None:
    records = commands.add_parser("records", help="learning records in the LRS: report, forget a learner, add classroom scores")
    actions = records.add_subparsers(dest="records_command", required=True, metavar="ACTION")

    def lrs_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--lrs", required=True, help="the LRS's xAPI address, e.g. http://127.0.0.1:8100/xAPI/")
        parser.add_argument("--credentials-file", default=None,
                            help="a file whose first line is user:password (default: $TRAINING_LRS_CREDENTIALS)")

    report = actions.add_parser("report", help="paths, banks, question analysis, courses, scenarios, rubrics; "
                                               "--format html: the training department's dashboard")
    lrs_options(report)
    report.add_argument("--cohort", default=None, help="only learners who started the cohort's paths within its dates")
    report.add_argument("--since", default=None, help="only statements from this day on (YYYY-MM-DD)")
    report.add_argument("--format", choices=("text", "markdown", "csv", "html"), default="text")
    report.add_argument("--out", default=None, help="--format html: the dashboard's folder (replaced whole on each run)")
    report.add_argument("--today", default=None, help="the day overdue is counted to (YYYY-MM-DD; default: today)")
    report.add_argument("--source-link", default=None,
                        help="--format html: where a flagged question's file opens, e.g. "
                             "https://git.example.com/training/portal/-/blob/main/{file}#L{line}")
    report.set_defaults(run=lambda args: _report(args, load))

    forget = actions.add_parser("forget", help="delete every statement of one learner from Ralph's file-system store")
    forget.add_argument("--learner", required=True, help="the learner's account name (工号)")
    forget.add_argument("--store", required=True, help="Ralph's file-system backend folder (make records: .records/lrs)")
    forget.set_defaults(run=_forget)

    score = actions.add_parser("add-score", help="send a classroom assessment's rubric scores to the LRS")
    lrs_options(score)
    score.add_argument("--rubric", required=True, help="the rubric id (assessments/rubrics/<id>.yml)")
    score.add_argument("--learner", default=None, help="the learner's account name (工号)")
    score.add_argument("--scores", default=None, help="criterion=points, comma separated, e.g. empathy=8,process=9")
    score.add_argument("--date", default=None, help="the assessment day, YYYY-MM-DD (default: today)")
    score.add_argument("--assessor", default="", help="who scored (optional)")
    score.add_argument("--csv", default=None, help="many learners: columns learner,date,<criterion ids>[,assessor]")
    score.add_argument("--site", default=None,
                       help="the portal's address, as browsers name it in their statements (default: site_url of mkdocs.yml)")
    score.add_argument("--id-key-file", default=None,
                       help=f"the training department's secret the scores' statement ids are made with (default: "
                            f"${SCORES_KEY_VARIABLE}, else the LRS credentials)")
    score.set_defaults(run=lambda args: _add_score(args, load))


def _fail(message: str) -> int:
    print(text("C810", message=message), file=sys.stderr)
    return 1


def _lrs(args: argparse.Namespace) -> Lrs:
    return Lrs(args.lrs, credentials_from(args.credentials_file))


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(text("X1720", option=option, value=value)) from None


def _report(args: argparse.Namespace, load: Callable) -> int:
    if args.format == "html" and not args.out:
        return _fail(text("X1755"))
    if args.format != "html" and args.out:
        return _fail(text("X1756"))
    loaded = load(args)
    if loaded is None:
        return 1
    layout: ContentLayout = loaded[0]
    curriculum: Curriculum = loaded[1]
    try:
        since, today = _day(args.since, "--since"), _day(args.today, "--today")
    except ValueError as error:
        return _fail(str(error))
    cohort = None
    if args.cohort:
        cohort = curriculum.cohort_by_id.get(args.cohort)
        if cohort is None:
            return _fail(text("X1721", cohort=args.cohort, known="、".join(curriculum.cohort_by_id) or "—"))
    if args.format == "html":
        from generator.records.dashboard import DashboardError, check_dashboard_folder, check_source_link

        try:
            out = check_dashboard_folder(Path(args.out), layout)
            check_source_link(args.source_link)
        except DashboardError as error:
            return _fail(str(error))
    try:
        read = read_statements(_lrs(args).statements())
    except LrsError as error:
        return _fail(text("X1722", error=error))
    report = records_report(read.records, curriculum, since=since, cohort=cohort, skipped=read.skipped, today=today)
    if args.format != "html":
        print(render_report(report, args.format), end="")
        return 0
    from generator.records.dashboard import write_dashboard

    try:
        written = write_dashboard(report, out, args.source_link)
    except DashboardError as error:
        return _fail(str(error))
    print(text("X1760", file=written))
    return 0


def _forget(args: argparse.Namespace) -> int:
    try:
        removed = forget_learner(Path(args.store), args.learner)
    except ForgetError as error:
        return _fail(str(error))
    print(text("X1723", learner=args.learner, count=removed))
    return 0


def _scores_key(args: argparse.Namespace) -> bytes | None:
    """The secret classroom scores' ids are keyed with: a file, the environment, else the LRS credentials (which
    learners never have); None when there is none."""
    if args.id_key_file:
        try:
            key = Path(args.id_key_file).read_bytes().strip()
        except OSError as error:
            raise LrsError(text("X1733", file=args.id_key_file, reason=error.strerror)) from None
        if not key:
            raise LrsError(text("X1733", file=args.id_key_file, reason=text("X1752")))
        return key
    secret = os.environ.get(SCORES_KEY_VARIABLE) or credentials_from(args.credentials_file)
    return secret.encode("utf-8") if secret else None


def _add_score(args: argparse.Namespace, load: Callable) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    curriculum: Curriculum = loaded[1]
    rubric = curriculum.rubric_by_id.get(args.rubric)
    if rubric is None:
        return _fail(text("X1724", rubric=args.rubric, known="、".join(curriculum.rubric_by_id) or "—"))
    if bool(args.csv) == bool(args.learner or args.scores):
        return _fail(text("X1725"))
    from generator.site.layout_file import site_url

    site = args.site or site_url(Path(args.root).resolve(), args.config_file)
    if not site.startswith(("http://", "https://")):
        return _fail(text("X1726"))
    site = site if site.endswith("/") else site + "/"
    try:
        key = _scores_key(args)
    except LrsError as error:
        return _fail(str(error))
    if key is None:
        return _fail(text("X1732", variable=SCORES_KEY_VARIABLE))
    if args.csv:
        scores, problems = read_scores_csv(Path(args.csv), rubric)
    else:
        if not args.learner or not args.scores:
            return _fail(text("X1727"))
        pairs = [part.partition("=") for part in args.scores.split(",") if part.strip()]
        malformed = [text("X1728", name=name) for name, sign, _ in pairs if not sign]
        day = args.date or dt.date.today().isoformat()
        score, problems = check_score(rubric, args.learner, day, {n.strip(): v for n, _, v in pairs}, "--scores",
                                      args.assessor)
        problems = malformed + problems
        scores = [score] if score else []
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail(text("X1729", count=len(problems), problems=counted(len(problems), "problem")))
    try:
        _lrs(args).send([score_statement(site, rubric, score, key) for score in scores])
    except LrsError as error:
        return _fail(text("X1730", error=error))
    print(text("X1731", count=len(scores), count_en=counted(len(scores), "learner"), rubric=rubric.title))
    return 0
