"""`python -m generator records report | forget | add-score`: the command-line side of learning records."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import ContentError
from generator.model.entities import Curriculum
from generator.records.forget import ForgetError, forget_learner
from generator.records.lrs import Lrs, LrsError, credentials_from
from generator.records.report import records_report
from generator.records.report_text import render_report
from generator.records.scores import check_score, read_scores_csv, score_statement
from generator.records.statements import read_records


def add_records_commands(commands: argparse._SubParsersAction, load: Callable) -> None:
    records = commands.add_parser("records", help="learning records in the LRS: report, forget a learner, add classroom scores")
    actions = records.add_subparsers(dest="records_command", required=True, metavar="ACTION")

    def lrs_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--lrs", required=True, help="the LRS's xAPI address, e.g. http://127.0.0.1:8100/xAPI/")
        parser.add_argument("--credentials-file", default=None,
                            help="a file whose first line is user:password (default: $TRAINING_LRS_CREDENTIALS)")

    report = actions.add_parser("report", help="paths, banks, question analysis, courses, scenarios and rubrics")
    lrs_options(report)
    report.add_argument("--cohort", default=None, help="only learners who started the cohort's paths within its dates")
    report.add_argument("--since", default=None, help="only statements from this day on (YYYY-MM-DD)")
    report.add_argument("--format", choices=("text", "markdown", "csv"), default="text")
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
    score.set_defaults(run=lambda args: _add_score(args, load))


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def _lrs(args: argparse.Namespace) -> Lrs:
    return Lrs(args.lrs, credentials_from(args.credentials_file))


def _report(args: argparse.Namespace, load: Callable) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    curriculum: Curriculum = loaded[1]
    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            return _fail(f"--since：应为 YYYY-MM-DD 格式的日期，实际是“{args.since}”")
    cohort = None
    if args.cohort:
        cohort = curriculum.cohort_by_id.get(args.cohort)
        if cohort is None:
            return _fail(f"--cohort：没有 id 为“{args.cohort}”的培训班（已有：{'、'.join(curriculum.cohort_by_id) or '—'}）")
    try:
        statements = _lrs(args).statements()
    except LrsError as error:
        return _fail(f"无法读取学习记录：{error}")
    print(render_report(records_report(read_records(statements), curriculum, since=since, cohort=cohort), args.format),
          end="")
    return 0


def _forget(args: argparse.Namespace) -> int:
    try:
        removed = forget_learner(Path(args.store), args.learner)
    except ForgetError as error:
        return _fail(str(error))
    print(f"已删除学员 {args.learner} 的 {removed} 条学习记录。")
    return 0


def _add_score(args: argparse.Namespace, load: Callable) -> int:
    loaded = load(args)
    if loaded is None:
        return 1
    curriculum: Curriculum = loaded[1]
    rubric = curriculum.rubric_by_id.get(args.rubric)
    if rubric is None:
        return _fail(f"--rubric：没有 id 为“{args.rubric}”的评分表（已有：{'、'.join(curriculum.rubric_by_id) or '—'}）")
    if bool(args.csv) == bool(args.learner or args.scores):
        return _fail("请给出 --csv 文件，或者 --learner 和 --scores（二者选一）")
    from generator.layout_file import site_url

    site = args.site or site_url(Path(args.root).resolve(), args.config_file)
    if not site.startswith(("http://", "https://")):
        return _fail("--site：请给出门户的网址（例如 https://training.example.com/），与浏览器记录中的学员地址一致；"
                     "也可以在 mkdocs.yml 里写 site_url")
    site = site if site.endswith("/") else site + "/"
    if args.csv:
        scores, problems = read_scores_csv(Path(args.csv), rubric)
    else:
        if not args.learner or not args.scores:
            return _fail("--learner 和 --scores 都要给出")
        pairs = [part.partition("=") for part in args.scores.split(",") if part.strip()]
        malformed = [f"--scores: “{name}”应写成 评分项=分数" for name, sign, _ in pairs if not sign]
        day = args.date or dt.date.today().isoformat()
        score, problems = check_score(rubric, args.learner, day, {n.strip(): v for n, _, v in pairs}, "--scores",
                                      args.assessor)
        problems = malformed + problems
        scores = [score] if score else []
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail(f"发现 {len(problems)} 个问题；没有发送任何成绩。")
    try:
        _lrs(args).send([score_statement(site, rubric, score) for score in scores])
    except LrsError as error:
        return _fail(f"成绩没有发送：{error}")
    print(f"已发送 {len(scores)} 名学员在“{rubric.title}”的实操成绩。")
    return 0
