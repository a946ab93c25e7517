"""Command-line tool: `python -m generator validate | build | trainer-pack | cohort-pack | calibrate | qa-plan |
publish | rollback | report | check-versions | records | import-bank | export-bank`."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from generator.console import format_problem, load_content, load_or_report, paper_failure, print_problems
from generator.errors import ContentError, Problem
from generator.messages import LANGUAGES, counted, set_language, text
from generator.paper import DEFAULT_GRADERS, PACK_PARTS
from generator.site.layout_file import site_settings


def _load(args: argparse.Namespace):
    """Layout and curriculum, or None after printing the content problems."""
    return load_or_report(Path(args.root).resolve(), args.config_file,
                          "github" if getattr(args, "format", "text") == "github" else "text")


def code_quality_report(problems: list[Problem], warnings: list[Problem] = ()) -> str:  # type: ignore[assignment]
    """GitLab Code Quality JSON: merge requests show each problem on its line."""
    import hashlib
    import json

    return json.dumps([
        {
            "description": f"{p.field}: {p.message}" if p.field else p.message,
            "check_name": f"training-content/{p.code}" if p.code else "training-content",
            "fingerprint": hashlib.sha1(str(p).encode("utf-8")).hexdigest(),
            "severity": severity,
            "location": {"path": p.file, "lines": {"begin": p.line or 1}},
        }
        for severity, group in (("major", problems), ("minor", warnings)) for p in group
    ], ensure_ascii=False, indent=2)


def validate(args: argparse.Namespace) -> int:
    from generator.governance import typography

    root = Path(args.root).resolve()
    try:
        layout, curriculum = load_content(root, args.config_file)
        if args.fix:
            for file in typography.apply(layout, typography.suggestions(layout, curriculum)):
                print(text("C812", file=file), file=sys.stderr)
            layout, curriculum = load_content(root, args.config_file)
    except ContentError as error:
        if args.format == "gitlab":
            print(code_quality_report(error.problems))
        else:
            print_problems(error.problems, args.format)
        print(text("C801", count=len(error.problems), problems=counted(len(error.problems), "problem")), file=sys.stderr)
        return 1
    warnings = [*curriculum.warnings, *typography.as_warnings(typography.suggestions(layout, curriculum))]
    if args.format == "gitlab":
        print(code_quality_report([], warnings))
        return 0
    for warning in warnings:
        print(format_problem(warning, args.format, level="warning"))
    counts = {"courses": (len(curriculum.courses), "course"), "paths": (len(curriculum.paths), "path"),
              "quizzes": (len(curriculum.quizzes), "quiz bank"), "rubrics": (len(curriculum.rubrics), "rubric"),
              "scenarios": (len(curriculum.scenarios), "scenario"),
              "cohorts": (len(curriculum.cohorts), "cohort"), "surveys": (len(curriculum.surveys), "survey"),
              "handbooks": (len(curriculum.handbooks), "handbook"), "terms": (len(curriculum.glossary), "glossary term")}
    print(text("C802", **{key: count for key, (count, _) in counts.items()},
               **{f"{key}_en": counted(count, noun) for key, (count, noun) in counts.items()}))
    return 0


ENGINES = ("mkdocs", "properdocs")


def build(args: argparse.Namespace) -> int:
    if args.engine == "properdocs":
        # ProperDocs (a maintained fork of MkDocs 1.6) answers every `mkdocs.*` import from here on, so the
        # same plugin, theme and build code run on it.
        import properdocs.replacement  # noqa: F401
    from generator.mkdocs_plugin.build import build_site  # the engine only for commands that need it

    return build_site(Path(args.root) / args.config_file, strict=args.strict, site_dir=args.site_dir,
                      preview=args.preview)


def trainer_pack(args: argparse.Namespace) -> int:
    import datetime as dt

    from generator.paper.trainer_pack import write_trainer_pack
    from generator.render import create_environment

    return _write_pack(args, lambda curriculum, out, site_name: write_trainer_pack(
        create_environment(), curriculum, out, site_name, dt.date.today(), parts=args.only or PACK_PARTS,
        graders=args.graders))


def cohort_pack(args: argparse.Namespace) -> int:
    import datetime as dt

    from generator.paper.cohort_pack import write_cohort_pack
    from generator.paper.pdf import require_cjk_fonts
    from generator.render import create_environment

    def write(curriculum, out: Path, site_name: str):
        if args.cohort not in curriculum.cohort_by_id:
            print(text("C814", cohort=args.cohort, known="、".join(curriculum.cohort_by_id) or "—"), file=sys.stderr)
            return None
        require_cjk_fonts()
        return write_cohort_pack(create_environment(), curriculum, curriculum.cohort_by_id[args.cohort], out,
                                 site_name, dt.date.today())

    return _write_pack(args, write)


def _write_pack(args: argparse.Namespace, write) -> int:
    """Paper for trainers into --out, a folder the site can never publish: `write(curriculum, out, site_name)`
    returns the documents written, or None after saying why it wrote none."""
    from generator.paper.pack_folder import printed_into, refuse_unsafe_folder
    from generator.paper.pdf import PaperError

    root = Path(args.root).resolve()
    out = Path(args.out) if Path(args.out).is_absolute() else Path.cwd() / args.out
    # Stopped by a signal (a CI timeout, kill): the clean-up below still runs, nothing half-printed stays.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        layout, curriculum = load_content(root, args.config_file)
        site_name, site_dir = site_settings(root, args.config_file)
        published = [site_dir, root / layout.docs_dir, *([root / layout.overrides_dir] if layout.overrides_dir else [])]
        rules = refuse_unsafe_folder(out, root, published)
        with printed_into(out, rules) as staging:
            documents = write(curriculum, staging, site_name)
    except ContentError as error:
        print_problems(error.problems)
        print(text("C803", count=len(error.problems), problems=counted(len(error.problems), "problem")), file=sys.stderr)
        return 1
    except (PaperError, OSError) as error:
        return paper_failure(error, out)
    if documents is None:
        return 1
    for document in documents:
        print(text("C804", file=document.path.relative_to(staging), pages=document.pages,
                   pages_en=counted(document.pages, "page")))
    print(text("C805", count=len(documents), out=out))
    return 0


def _switch_release(args: argparse.Namespace, message: str, action) -> int:
    from generator.publish.releases import PublishError

    try:
        name = action()
    except PublishError as error:
        print(text("C810", message=error), file=sys.stderr)
        return 1
    print(text(message, name=name, current=Path(args.webroot) / "current"))
    return 0


def publish(args: argparse.Namespace) -> int:
    from generator.publish.exam_scan import exam_texts
    from generator.publish.releases import publish as publish_site

    # The exam banks of the content the site was built from: no published file may contain their text.
    loaded = _load(args)
    if loaded is None:
        print(text("C810", message=text("C808")), file=sys.stderr)
        return 1
    exams = exam_texts(loaded[1])
    return _switch_release(args, "C806",
                           lambda: publish_site(Path(args.site), Path(args.webroot), keep=args.keep, exam_texts=exams))


def rollback(args: argparse.Namespace) -> int:
    from generator.publish.releases import rollback as roll_back

    return _switch_release(args, "C807", lambda: roll_back(Path(args.webroot)))


def report(args: argparse.Namespace) -> int:
    import datetime as dt

    from generator.governance.review import format_markdown, format_text, review_report

    loaded = _load(args)
    if loaded is None:
        return 1
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    result = review_report(loaded[1], today, args.within)
    print((format_markdown if args.format == "markdown" else format_text)(result), end="")
    return 1 if args.fail_on_stale and result.stale else 0


def check_versions(args: argparse.Namespace) -> int:
    from generator.governance.versions import BaseRefError, unbumped_versions

    loaded = _load(args)
    if loaded is None:
        return 1
    try:
        warnings = unbumped_versions(loaded[0], loaded[1], args.base)
    except BaseRefError as error:
        print(text("C810", message=error), file=sys.stderr)
        return 2
    for warning in warnings:
        print(format_problem(warning, args.format, level="warning"))
    if not warnings:
        print(text("C809", base=args.base), file=sys.stderr)
    return 1 if warnings and args.strict else 0


def _whole_number(minimum: int, maximum: int | None, not_a_number: str, out_of_range: str):
    """An argparse type: a whole number from minimum to maximum; the messages (codes) take {text} and {value}."""
    def parse(given: str) -> int:
        try:
            value = int(given)
        except ValueError:
            raise argparse.ArgumentTypeError(text(not_a_number, text=given)) from None
        if value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(text(out_of_range, value=value))
        return value
    return parse


_at_least_one = _whole_number(1, None, "C816", "C817")
_days_ahead = _whole_number(0, 3650, "C818", "C819")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Training portal generator")
    parser.add_argument("--root", default=".", help="content repository root (default: current directory)")
    parser.add_argument("--config-file", default="mkdocs.yml", help="MkDocs configuration, relative to the root")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the messages (default: the plugin option `language`, else zh)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check the content against the contract")
    check.add_argument("--format", choices=("text", "github", "gitlab"), default="text",
                       help="'github' prints GitHub Actions annotations, 'gitlab' a Code Quality report (JSON)")
    check.add_argument("--fix", action="store_true",
                       help="rewrite the typography warnings (full-width punctuation, spacing) in the content files")
    check.set_defaults(run=validate)

    site = commands.add_parser("build", help="build the portal; an existing site stays intact on failure")
    site.add_argument("--strict", action="store_true", help="treat warnings as errors")
    site.add_argument("--site-dir", default=None, help="output directory (default: site_dir of mkdocs.yml)")
    site.add_argument("--preview", action="store_true",
                      help="a copy to open from disk (pages as x.html, 预览说明.txt), for pull-request previews; not publishable")
    site.add_argument("--engine", choices=ENGINES, default="mkdocs",
                      help="the page engine: MkDocs, or ProperDocs, its maintained fork (default: mkdocs)")
    site.set_defaults(run=build)

    pack = commands.add_parser("trainer-pack", help="paper exams (A/B) with keys and marking sheets, rubric score sheets")
    pack.add_argument("--out", required=True, help="output folder; must be outside the published site")
    pack.add_argument("--only", action="append", choices=PACK_PARTS,
                      help="print only this part of the pack (repeat for several; default: all)")
    pack.add_argument("--graders", type=_whole_number(1, 50, "C816", "L1578"), default=DEFAULT_GRADERS,
                      help=f"blank grading sheets per call case for a calibration meeting (default {DEFAULT_GRADERS})")
    pack.set_defaults(run=trainer_pack)

    cohort = commands.add_parser("cohort-pack", help="a cohort's plan, sign-in sheets, questionnaires, observation "
                                                    "checklists and evaluation report (PDF)")
    cohort.add_argument("--cohort", required=True, help="the cohort id (curriculum/cohorts/<id>.yml)")
    cohort.add_argument("--out", required=True, help="output folder; must be outside the published site")
    cohort.set_defaults(run=cohort_pack)

    release = commands.add_parser("publish", help="copy a built site into WEBROOT/releases/ and switch WEBROOT/current to it")
    release.add_argument("--site", default="site", help="the built site (default: site)")
    release.add_argument("--webroot", required=True, help="folder served by the web server (serves WEBROOT/current)")
    release.add_argument("--keep", type=_at_least_one, default=5, help="releases to keep, at least 1 (default: 5)")
    release.set_defaults(run=publish)

    back = commands.add_parser("rollback", help="switch WEBROOT/current back to the previous release")
    back.add_argument("--webroot", required=True)
    back.set_defaults(run=rollback)

    review = commands.add_parser("report", help="courses past their review date or due soon, by owner")
    review.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="'markdown' for a CI job summary")
    review.add_argument("--within", type=_days_ahead, default=30, help="days ahead that count as due soon (default 30)")
    review.add_argument("--today", default=None, help="report as of YYYY-MM-DD (default: today)")
    review.add_argument("--fail-on-stale", action="store_true", help="exit 1 when any course is past its review")
    review.set_defaults(run=report)

    versions = commands.add_parser("check-versions", help="warn when a course's text changed but its version did not")
    versions.add_argument("--base", required=True, help="the branch or commit to compare with, e.g. origin/main")
    versions.add_argument("--format", choices=("text", "github"), default="text")
    versions.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    versions.set_defaults(run=check_versions)

    from generator.quality.commands import add_quality_commands
    from generator.records.commands import add_records_commands

    add_quality_commands(commands, _whole_number)
    add_records_commands(commands, _load)

    from generator.interchange.commands import add_interchange_commands

    add_interchange_commands(commands)

    args = parser.parse_args(argv)
    set_language(args.lang or _configured_language(Path(args.root).resolve(), args.config_file))
    try:
        return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C: each command has cleaned up behind it on the way out
        print(text("C820"), file=sys.stderr)
        return 130


def _configured_language(root: Path, config_file: str) -> str:
    from generator.site.layout_file import options_from_mkdocs_yml

    try:
        return options_from_mkdocs_yml(root, config_file).language
    except ContentError:
        return "zh"  # the problem is reported by the command itself
