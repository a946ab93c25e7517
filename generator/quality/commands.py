"""`python -m generator calibrate` and `python -m generator qa-plan`: read an export kept outside the repository,
check every row against the content, and write the documents into --out whole or not at all (printed into a
staging folder, as the trainer pack is). A bad input writes nothing and names every problem with file, line and
column."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import ContentError, ProblemLog
from generator.messages import counted, text


def _report(problems: list, header: str) -> int:
    from generator.console import format_problem

    for problem in sorted(set(problems)):
        print(format_problem(problem, "text"))
    print(text(header, count=len(set(problems)), problems=counted(len(set(problems)), "problem")), file=sys.stderr)
    return 1


def _input(args: argparse.Namespace, given: str, root: Path, published: list[Path], log: ProblemLog) -> Path:
    """An export's path: never inside a folder that is published or committed as content."""
    path = Path(given) if Path(given).is_absolute() else Path.cwd() / given
    resolved = path.resolve()
    for folder in published:
        if resolved.is_relative_to(folder.resolve()):
            log.add(given, 0, "", "L1555", folder=folder.relative_to(root) if folder.is_relative_to(root) else folder)
    return path


Writer = Callable[[Path, str], list[str]]  # (staging folder, site name) -> the names of the files written


def _run(args: argparse.Namespace, work: Callable[..., tuple[Writer, str] | None]) -> int:
    """Load the content, let `work(curriculum, log, published, root)` read and check the inputs and return a writer
    and the summary to print; print into a staging folder inside --out and move the documents in at the end."""
    from generator.console import load_content, paper_failure
    from generator.paper.pack_folder import printed_into, refuse_unsafe_folder
    from generator.paper.pdf import PaperError, require_cjk_fonts
    from generator.site.layout_file import site_settings

    root = Path(args.root).resolve()
    out = Path(args.out) if Path(args.out).is_absolute() else Path.cwd() / args.out
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        layout, curriculum = load_content(root, args.config_file)
    except ContentError as error:
        return _report(error.problems, "C803")
    site_name, site_dir = site_settings(root, args.config_file)
    published = [site_dir, (root / layout.docs_dir).resolve()]
    log = ProblemLog()
    prepared = work(curriculum, log, published, root)
    if log.problems or prepared is None:
        return _report(log.problems, "L1569") if log.problems else 1
    write, summary = prepared
    try:
        refuse_unsafe_folder(out, root, published)
        require_cjk_fonts()
        with printed_into(out) as staging:
            names = write(staging, site_name)
    except (PaperError, OSError) as error:
        return paper_failure(error, out)
    print(summary, end="")
    for name in names:
        print(text("L1567", file=out / name))
    return 0


def calibrate(args: argparse.Namespace) -> int:
    from generator.quality.calibration import calibrate as compute
    from generator.quality.calibration import read_grader_scores
    from generator.quality.printing import write_calibration
    from generator.quality.report_text import calibration_text
    from generator.render import create_environment

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()

    def work(curriculum, log: ProblemLog, published: list[Path], root: Path):
        case = curriculum.case_by_id.get(args.case)
        if case is None:
            print(text("C810", message=text("L1554", case=args.case, known="、".join(curriculum.case_by_id) or "—")),
                  file=sys.stderr)
            return None
        path = _input(args, args.scores, root, published, log)
        if log.problems:
            return None
        graders = read_grader_scores(path, args.scores, case, curriculum.rubric_by_id[case.rubric.id], log)
        if log.problems:
            return None
        calibration = compute(curriculum, case, graders)

        def write(staging: Path, site_name: str) -> list[str]:
            write_calibration(create_environment(), curriculum, calibration, staging / "calibration.pdf", site_name, today)
            return ["calibration.pdf"]

        return write, calibration_text(calibration)

    return _run(args, work)


def qa_plan(args: argparse.Namespace) -> int:
    from generator.quality.printing import write_findings, write_plans
    from generator.quality.qa import Settings, agent_plans, read_qa_export, team_findings
    from generator.quality.report_text import assignments_csv, findings_markdown
    from generator.render import create_environment

    settings = Settings(today=dt.date.fromisoformat(args.today) if args.today else dt.date.today(),
                        due_days=args.due_days, min_calls=args.min_calls, coaching_below=args.coaching_below,
                        common_share=args.common_share)

    def work(curriculum, log: ProblemLog, published: list[Path], root: Path):
        paths = [(given, _input(args, given, root, published, log)) for given in (args.scores, args.previous) if given]
        if log.problems:
            return None
        exports = [read_qa_export(path, given, curriculum, log) for given, path in paths]
        for (given, _), export in zip(paths, exports):
            if export is not None and not export.calls and not log.problems:
                log.add(given, 0, "", "L1556")
        if log.problems or any(export is None for export in exports):
            return None
        current, previous = exports[0], exports[1] if len(exports) > 1 else None
        assert current is not None
        plans = agent_plans(curriculum, current, settings)
        findings = team_findings(curriculum, current, plans, settings, previous)
        competency_names = {c.id: c.name for c in curriculum.model.competencies}

        def write(staging: Path, site_name: str) -> list[str]:
            env = create_environment()
            write_findings(env, curriculum, findings, staging / "findings.pdf", site_name, settings.today, settings)
            (staging / "findings.md").write_text(findings_markdown(findings, settings, competency_names), encoding="utf-8")
            write_plans(env, curriculum, plans, staging / "plans.pdf", site_name, settings.today, settings)
            (staging / "assignments.csv").write_text(assignments_csv(plans), encoding="utf-8")
            return ["findings.pdf", "findings.md", "plans.pdf", "assignments.csv"]

        summary = text("L1568", calls=findings.calls, agents=findings.agents, first=findings.first, last=findings.last,
                       common=len(findings.common), too_few=findings.too_few, min_calls=settings.min_calls,
                       coaching=findings.coaching, threshold=settings.coaching_below) + "\n"
        return write, summary

    return _run(args, work)


def _date(given: str) -> str:
    try:
        dt.date.fromisoformat(given)
    except ValueError:
        raise argparse.ArgumentTypeError(text("L1577", text=given)) from None
    return given


def add_quality_commands(commands, whole_number) -> None:
    """The two subcommands; `whole_number(minimum, maximum, not_a_number, out_of_range)` makes argparse types."""
    days = whole_number(0, 3650, "C818", "C819")
    at_least_one = whole_number(1, None, "C816", "C817")
    percent = whole_number(0, 100, "C816", "L1576")

    def command(name: str, what: str, scores: str, today: str) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=what)
        parser.add_argument("--scores", required=True, help=f"{scores}, kept outside the repository")
        parser.add_argument("--out", required=True, help="output folder; must be outside the published site")
        parser.add_argument("--today", type=_date, default=None, help=f"{today}, YYYY-MM-DD (default: today)")
        return parser

    check = command("calibrate", "a calibration meeting's report: graders' scores of a case against the expert's "
                    "(calibration.pdf, and the table in the terminal)", "the graders' CSV (grader,<criterion id>,…)",
                    "the meeting's date")
    check.add_argument("--case", required=True, help="the case id (curriculum/cases/**)")
    check.set_defaults(run=calibrate)

    plan = command("qa-plan", "QA scores into 共性问题 findings, one improvement plan per agent and the assignments "
                   "(findings.pdf/.md, plans.pdf, assignments.csv)",
                   "the QA export (agent,call,date,rubric,satisfaction,<criterion id>,…)",
                   "the plans' date, from which due dates count")
    plan.add_argument("--previous", default=None, help="the previous period's export, to show the change")
    plan.add_argument("--due-days", type=days, default=14, help="days until the assigned activities are due (default 14)")
    plan.add_argument("--min-calls", type=at_least_one, default=3,
                      help="scored calls an agent needs for a per-criterion verdict (default 3)")
    plan.add_argument("--coaching-below", type=percent, default=80,
                      help="mean satisfaction below which an agent gets one-to-one coaching (default 80)")
    plan.add_argument("--common-share", type=percent, default=20,
                      help="percent of calls below the pass mark that makes a criterion a 共性问题 (default 20)")
    plan.set_defaults(run=qa_plan)
