"""Loading a content repository into the model, collecting every problem in one run: the files are walked
once without trusting links, each is read by its kind's reader (curriculum_files), then the cross-file
checks run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.errors import ProblemLog
from generator.model import curriculum_files as read
from generator.model.checks import check_curriculum
from generator.model.content_reader import ContentReader, check_file_names, check_ordinary_page
from generator.model.entities import Curriculum
from generator.model.file_access import ContentTree, refuse_links_onto_exams, refuse_script_files, walk
from generator.model.layout import ContentLayout
from generator.model.source import ContentCache

T = TypeVar("T")


@dataclass
class _Sources:
    """The content's files, walked once without trusting links."""

    docs: ContentTree
    assessments: ContentTree
    others: list[ContentTree]

    def markdown(self, layout: ContentLayout, folder: str) -> list[Path]:
        base = layout.docs / folder
        return [p for p in self.docs.files(".md") if p.is_relative_to(base)]

    def assessment_files(self, layout: ContentLayout, kind: str, *suffixes: str) -> list[Path]:
        base = layout.root / layout.assessments_dir / kind
        return [p for p in self.assessments.files(*(suffixes or (".yml", ".yaml"))) if p.parent == base]

    def data_files(self, layout: ContentLayout, folder: str) -> list[Path]:
        """YAML data under docs_dir/<folder> (cohorts): read by the generator, never published as files."""
        base = layout.docs / folder
        return [p for p in self.docs.files(".yml", ".yaml") if p.parent == base]


Check = Callable[[Curriculum, ProblemLog], None]


def load_curriculum(layout: ContentLayout | Path | str, checks: Iterable[Check] = (),
                    cache: ContentCache | None = None) -> Curriculum:
    """Load and validate everything; raise ContentError listing all problems.

    `checks` run on the loaded curriculum too (the site layer's page names), so that one run reports
    every problem."""
    if not isinstance(layout, ContentLayout):
        layout = ContentLayout(Path(layout))
    log = ProblemLog()
    sources = _walk(layout, log)
    reader = ContentReader(layout, log, cache)
    curriculum = Curriculum(
        model=read.load_model(reader, layout.docs / "model.yml" in sources.docs.files()),
        courses=_each(read.load_course, reader, sources.markdown(layout, "courses"), remember=True),
        paths=_each(read.load_path, reader, sources.markdown(layout, "paths")),
        quizzes=_each(read.load_quiz, reader, sources.assessment_files(layout, "quizzes")),
        rubrics=_each(read.load_rubric, reader, sources.assessment_files(layout, "rubrics"), remember=True),
        handbooks=read.load_handbooks(reader),
        glossary=read.load_glossary(reader),
        scenarios=_each(read.load_scenario, reader, sources.assessment_files(layout, "scenarios"), remember=True),
        cohorts=_each(read.load_cohort, reader, sources.data_files(layout, "cohorts"), remember=True),
        surveys=_each(read.load_survey, reader, sources.assessment_files(layout, "surveys")),
        evaluations=_each(read.load_evaluation, reader, sources.assessment_files(layout, "evaluations", ".csv")),
        cases=_each(read.load_case, reader, sources.markdown(layout, "cases")),
        pages=[p.relative_to(layout.docs).as_posix() for p in sources.docs.files(".md")],
    )
    taken = {*(c.src_path for c in curriculum.courses), *(p.src_path for p in curriculum.paths),
             *(case.src_path for case in curriculum.cases)}
    for page in sources.docs.files(".md"):
        if page.relative_to(layout.docs).as_posix() not in taken:
            check_ordinary_page(reader, page)
    exam_banks = {(layout.root / bank.file).resolve() for bank in curriculum.quizzes if bank.is_exam}
    refuse_links_onto_exams([sources.docs, sources.assessments, *sources.others], exam_banks, log)
    refuse_script_files(sources.docs, log)
    check_file_names(layout, sources.docs, log)
    curriculum.unread = log.unread = _unread(layout, log)
    check_curriculum(curriculum, log, cache)
    for check in checks:
        check(curriculum, log)
    log.raise_if_any()
    curriculum.warnings = sorted(set(log.warnings))
    return curriculum


def _each(load: Callable[[ContentReader, Path], T | None], reader: ContentReader, paths: list[Path],
          remember: bool = False) -> list[T]:
    """What each file holds, leaving out the files that could not be read (their problems are logged).
    `remember`: the entity depends on its file's text alone (ContentReader.remembered)."""
    loaded = (reader.remembered(load, path) if remember else load(reader, path) for path in paths)
    return [entity for entity in loaded if entity is not None]


def _unread(layout: ContentLayout, log: ProblemLog) -> dict[str, list[str]]:
    """Files that could not be read or parsed (a file or YAML problem), by the kind of entity they hold: an id
    they define is unknown elsewhere only because of their own problem."""
    places = [(f"{layout.docs_dir}/courses/", "course"), (f"{layout.docs_dir}/paths/", "path"),
              (f"{layout.assessments_dir}/quizzes/", "quiz bank"), (f"{layout.assessments_dir}/rubrics/", "rubric"),
              (f"{layout.docs_dir}/model.yml", "model")]
    unread: dict[str, list[str]] = {}
    for problem in log.problems:
        if problem.code[:1] not in ("F", "Y"):
            continue
        for prefix, kind in places:
            if problem.file.startswith(prefix) and problem.file not in unread.get(kind, []):
                unread.setdefault(kind, []).append(problem.file)
    return unread


def _walk(layout: ContentLayout, log: ProblemLog) -> _Sources:
    output = tuple((layout.root / folder).resolve() for folder in layout.output_dirs)
    root = layout.root
    others = [walk(root, root / layout.handbooks_file, log, output)]
    if layout.overrides_dir:
        others.append(walk(root, root / layout.overrides_dir, log, output))
    return _Sources(
        docs=walk(root, layout.docs, log, output),
        assessments=walk(root, root / layout.assessments_dir, log, output),
        others=others,
    )
