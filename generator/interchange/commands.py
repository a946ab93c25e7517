"""`python -m generator import-bank | export-bank`: question banks in from Excel, Moodle XML or GIFT, and out to
Moodle XML, QTI 2.1 or GIFT."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

from generator.errors import Problem, ProblemLog
from generator.interchange.bank_yaml import bank_yaml, check_bank_text
from generator.interchange.export_notes import Notes
from generator.interchange.neutral import NeutralBank, NeutralQuestion, from_model
from generator.interchange.sources import ImportContext
from generator.messages import counted, one_of, os_error_reason, text
from generator.model.entities import QUIZ_MODES
from generator.model.fields import ID_PATTERN

IMPORT_KINDS = {".xlsx": "excel", ".xlsm": "excel", ".xml": "moodle-xml", ".gift": "gift", ".txt": "gift"}
EXPORT_FORMATS = {"moodle-xml": ".moodle.xml", "qti21": ".qti21.zip", "gift": ".gift"}


def add_interchange_commands(commands: argparse._SubParsersAction) -> None:
    bank_in = commands.add_parser("import-bank", help="write a quiz bank from an Excel workbook, Moodle XML or GIFT")
    bank_in.add_argument("source", nargs="?", help="the file to import: .xlsx, .xml (Moodle XML), .gift or .txt (GIFT)")
    bank_in.add_argument("--id", help="the bank's id: the file written is assessments/quizzes/<id>.yml")
    bank_in.add_argument("--mode", choices=QUIZ_MODES, default="self-check",
                         help="self-check (answers may appear on the site) or exam (never published)")
    bank_in.add_argument("--title", default=None, help="the bank's title (default: the source's category or file name)")
    bank_in.add_argument("--force", action="store_true", help="replace an existing bank file (or template)")
    bank_in.add_argument("--template", metavar="FILE.xlsx", default=None,
                         help="write an empty workbook to fill in (headers, drop-down lists, an explanation sheet)")
    bank_in.set_defaults(run=import_bank)

    bank_out = commands.add_parser("export-bank", help="write quiz banks as Moodle XML, a QTI 2.1 package or GIFT")
    bank_out.add_argument("--format", required=True, choices=tuple(EXPORT_FORMATS), dest="bank_format")
    bank_out.add_argument("--bank", default=None, help="the bank's id (default: every bank)")
    bank_out.add_argument("--out", required=True, help="output folder; outside the published site and the repository "
                                                      "(or inside trainer-pack/)")
    bank_out.set_defaults(run=export_bank)


def _fail(message: str, code: int = 1) -> int:
    print(text("C810", message=message), file=sys.stderr)
    return code


def _print_problems(problems: list[Problem], warnings: list[Problem]) -> None:
    for problem in problems:
        print(str(problem))
    for warning in warnings:
        print(text("C813", message=warning))


def _load(args: argparse.Namespace):
    from generator.console import load_or_report

    return load_or_report(Path(args.root).resolve(), args.config_file)


# -- import ----------------------------------------------------------------------------------------------------

def import_bank(args: argparse.Namespace) -> int:
    if args.template:
        return _template(Path(args.template), args.force)
    if not args.source:
        return _fail(text("I1612"), 2)
    if not args.id:
        return _fail(text("I1614"), 2)
    if not ID_PATTERN.match(args.id):
        return _fail(text("I1606", id=args.id), 2)
    source = Path(args.source)
    kind = IMPORT_KINDS.get(source.suffix.lower())
    if kind is None:
        return _fail(text("I1605", suffix=source.suffix or source.name), 2)
    loaded = _load(args)
    if loaded is None:
        return 1
    layout, curriculum = loaded
    target = layout.root / layout.assessments_dir / "quizzes" / f"{args.id}.yml"
    file = layout.relative(target)
    if (target.exists() or target.is_symlink()) and not args.force:
        return _fail(text("I1607", file=file))
    log = ProblemLog()
    context = ImportContext.for_model(args.source, log, curriculum.model)
    title, questions = read_source_file(kind, source, context)
    if not log.problems and not questions:
        context.error(0, "", "I1610")
    if log.problems:
        return _refuse(log.problems, log.warnings)
    bank = NeutralBank(id=args.id, title=args.title or title or source.stem, mode=args.mode, questions=questions)
    note = text("I1697", source=source.name)
    content = bank_yaml(bank, note)
    _, problems = check_bank_text(content, file, curriculum, layout.limits)
    if problems:
        return _refuse(problems, log.warnings)
    try:
        _write_atomically(target, content)
    except OSError as error:
        return _fail(text("C815", out=target.parent, reason=os_error_reason(error)))
    _print_problems([], log.warnings)
    print(text("I1608", count=len(questions), questions=counted(len(questions), "question"), file=file,
               mode=args.mode))
    return 0


def read_source_file(kind: str, source: Path, context: ImportContext) -> tuple[str, list[NeutralQuestion]]:
    if kind == "excel":
        from generator.interchange.excel import read_workbook

        return "", read_workbook(source, context)
    if kind == "moodle-xml":
        from generator.interchange.moodle_read import read_moodle_xml

        return read_moodle_xml(source, context)
    from generator.interchange.gift import read_gift

    return read_gift(source, context)


def _refuse(problems: list[Problem], warnings: list[Problem]) -> int:
    _print_problems(problems, warnings)
    print(text("I1609", count=len(problems), problems=counted(len(problems), "problem")), file=sys.stderr)
    return 1


def _write_atomically(target: Path, content: str) -> None:
    """The bank appears whole or not at all; a symlink in its place is replaced, never written through."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".yml.tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _template(path: Path, force: bool) -> int:
    from generator.interchange.excel_template import write_template

    if path.suffix.lower() != ".xlsx":
        return _fail(text("I1605", suffix=path.suffix or path.name), 2)
    if (path.exists() or path.is_symlink()) and not force:
        return _fail(text("I1607", file=path))
    try:
        temporary = path.with_name(f".{path.name}.tmp")
        write_template(temporary)
        os.replace(temporary, path)
    except OSError as error:
        return _fail(text("C815", out=path.parent, reason=os_error_reason(error)))
    print(text("I1613", file=path))
    return 0


# -- export ----------------------------------------------------------------------------------------------------

def export_bank(args: argparse.Namespace) -> int:
    from generator.paper.pack_folder import printed_into, refuse_unsafe_folder
    from generator.paper.pdf import PaperError
    from generator.site.layout_file import site_settings

    loaded = _load(args)
    if loaded is None:
        return 1
    layout, curriculum = loaded
    if args.bank and args.bank not in curriculum.quiz_by_id:
        return _fail(text("I1680", bank=args.bank, known=one_of(curriculum.quiz_by_id)))
    banks = [curriculum.quiz_by_id[args.bank]] if args.bank else list(curriculum.quizzes)
    root = layout.root.resolve()
    out = Path(args.out) if Path(args.out).is_absolute() else Path.cwd() / args.out
    _, site_dir = site_settings(root, args.config_file)
    published = [site_dir, layout.docs.resolve()]
    if layout.overrides_dir:
        published.append((root / layout.overrides_dir).resolve())
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    notes = Notes()
    written: list[tuple[str, int, bool]] = []
    try:
        rules = refuse_unsafe_folder(out, root, published, "I1681", "I1682")
        with printed_into(out, rules) as staging:
            for bank in banks:
                neutral = from_model(bank)
                name = f"{bank.id}{EXPORT_FORMATS[args.bank_format]}"
                (staging / name).write_bytes(export_one(neutral, args.bank_format, notes, layout.docs))
                exported = len([q for q in neutral.questions if args.bank_format != "gift" or q.type != "order"])
                written.append((name, exported, bank.is_exam))
    except PaperError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(text("C815", out=out, reason=os_error_reason(error)))
    for name, count, _ in written:
        print(text("I1683", file=name, count=count, questions=counted(count, "question")))
    for line in notes.lines:
        print(text("C813", message=line))
    print(text("C813", message=text("I1695")))
    print(text("I1684", count=len(written), banks=counted(len(written), "bank"), out=out))
    exams = [name for name, _, exam in written if exam]
    if exams:
        print(text("I1685", files=one_of(exams)), file=sys.stderr)
    return 0


def export_one(bank: NeutralBank, bank_format: str, notes: Notes, docs: Path | None) -> bytes:
    if bank_format == "moodle-xml":
        from generator.interchange.moodle_write import write_moodle_xml

        return write_moodle_xml(bank, notes)
    if bank_format == "qti21":
        from generator.interchange.qti import write_qti_package

        return write_qti_package(bank, notes, docs)
    from generator.interchange.gift import write_gift

    return write_gift(bank, notes)
