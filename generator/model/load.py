"""Loading a content repository into the model, collecting every problem in one run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem, ProblemLog, did_you_mean, one_of
from generator.model import questions as question_loader
from generator.model.checks import check_curriculum
from generator.model.entities import (
    HANDBOOK_INCLUDE_KINDS,
    QUIZ_MODES,
    Competency,
    Course,
    Criterion,
    Curriculum,
    GlossaryTerm,
    Handbook,
    HandbookInclude,
    LearningPath,
    Named,
    Objective,
    PathStep,
    QuizBank,
    Ref,
    Rubric,
    Tier,
    TrainingModel,
)
from generator.model.fields import FieldReader, describe
from generator.model.source import parse_yaml, split_front_matter


@dataclass(frozen=True)
class ContentLayout:
    """Where the contract puts each kind of file, relative to the content root."""

    root: Path
    docs_dir: str = "curriculum"
    assessments_dir: str = "assessments"
    handbooks_file: str = "handbooks.yml"

    @property
    def docs(self) -> Path:
        return self.root / self.docs_dir

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def load_curriculum(layout: ContentLayout | Path | str) -> Curriculum:
    """Load and validate everything; raise ContentError listing all problems."""
    if not isinstance(layout, ContentLayout):
        layout = ContentLayout(Path(layout))
    log = ProblemLog()
    curriculum = Curriculum(
        model=_load_model(layout, log),
        courses=[c for c in (_load_course(layout, p, log) for p in _markdown(layout.docs / "courses")) if c],
        paths=[p for p in (_load_path(layout, f, log) for f in _markdown(layout.docs / "paths")) if p],
        quizzes=[q for q in (_load_quiz(layout, f, log) for f in _yaml_files(layout, "quizzes")) if q],
        rubrics=[r for r in (_load_rubric(layout, f, log) for f in _yaml_files(layout, "rubrics")) if r],
        handbooks=_load_handbooks(layout, log),
        glossary=_load_glossary(layout, log),
    )
    check_curriculum(curriculum, log)
    log.raise_if_any()
    return curriculum


def _markdown(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def _yaml_files(layout: ContentLayout, kind: str) -> list[Path]:
    folder = layout.root / layout.assessments_dir / kind
    if not folder.is_dir():
        return []
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def _read_yaml_mapping(layout: ContentLayout, path: Path, log: ProblemLog) -> tuple[str, Any]:
    file = layout.relative(path)
    data = parse_yaml(path.read_text(encoding="utf-8"), file, log)
    if data is not None and not isinstance(data, dict):
        log.add(file, 1, "", f"expected a mapping of fields at the top, found {describe(data)}")
        return file, None
    if data is None:
        return file, None
    return file, data


def _read_front_matter(layout: ContentLayout, path: Path, log: ProblemLog):
    file = layout.relative(path)
    source = split_front_matter(path.read_text(encoding="utf-8"))
    if source is None:
        log.add(file, 1, "", "expected YAML front matter between '---' lines at the top of the file")
        return file, None, None
    data = parse_yaml(source.front_matter, file, log, first_line=source.front_matter_line)
    if data is None:
        if not log.problems or log.problems[-1].file != file:
            log.add(file, 1, "", "the front matter is empty")
        return file, None, None
    if not isinstance(data, dict):
        log.add(file, 2, "", f"expected a mapping of fields in the front matter, found {describe(data)}")
        return file, None, None
    return file, data, source


# --- curriculum/model.yml -------------------------------------------------------------------


def _named(reader: FieldReader) -> dict:
    return dict(
        id=reader.id(),
        name=reader.text("name"),
        line=reader.line(),
        description=reader.text("description", required=False),
    )


def _load_model(layout: ContentLayout, log: ProblemLog) -> TrainingModel:
    path = layout.docs / "model.yml"
    file = layout.relative(path)
    empty = TrainingModel(file, [], [], [], [], [])
    if not path.is_file():
        log.add(file, 0, "", "the training model is missing (tiers, dimensions, competencies)")
        return empty
    file, data = _read_yaml_mapping(layout, path, log)
    if data is None:
        return empty
    top = FieldReader(data, file, log)
    tiers = []
    for rank, reader in enumerate(top.mappings("tiers", required=True)):
        tiers.append(Tier(**_named(reader), rank=rank))
        reader.finish()
    dimensions = []
    for reader in top.mappings("dimensions", required=True):
        dimensions.append(Named(**_named(reader)))
        reader.finish()
    competencies = []
    for reader in top.mappings("competencies", required=True):
        competencies.append(Competency(**_named(reader), dimension=reader.ref("dimension", required=True)))
        reader.finish()
    audiences, formats = [], []
    for kind, target in (("audiences", audiences), ("formats", formats)):
        for reader in top.mappings(kind):
            target.append(Named(**_named(reader)))
            reader.finish()
    top.finish()
    return TrainingModel(file, tiers, dimensions, competencies, audiences, formats)


# --- courses and paths ----------------------------------------------------------------------


def _load_course(layout: ContentLayout, path: Path, log: ProblemLog) -> Course | None:
    file, data, source = _read_front_matter(layout, path, log)
    if data is None:
        return None
    reader = FieldReader(data, file, log)
    course = Course(
        file=file,
        line=reader.line("id"),
        src_path=path.relative_to(layout.docs).as_posix(),
        id=reader.id(),
        title=reader.text("title"),
        tier=reader.ref("tier", required=True),
        summary=reader.text("summary"),
        duration=reader.integer("duration", required=True, default=0, minimum=1),
        objectives=_objectives(reader),
        competencies=reader.refs("competencies"),
        prerequisites=reader.refs("prerequisites"),
        audience=reader.refs("audience"),
        formats=reader.refs("formats"),
        quiz=reader.ref("quiz"),
        rubric=reader.ref("rubric"),
        owner=reader.text("owner"),
        reviewed=reader.date("reviewed") or dt.date.min,
        review_every=reader.integer("review_every", default=365, minimum=1),
        version=reader.integer("version", default=1, minimum=1),
        tags=reader.texts("tags"),
        body=source.body,
    )
    reader.finish()
    return course


def _objectives(reader: FieldReader) -> list[Objective]:
    items = reader.raw_list("objectives", required=True)
    if items is None:
        return []
    objectives = []
    for index, (item, line) in enumerate(zip(items, items.item_lines)):
        field = f"objectives[{index}]"
        if not isinstance(item, dict) or len(item) != 1:
            reader.problem(
                field, f"expected one 'dimension: objective text' pair, found {describe(item)}", line
            )
            continue
        (dimension, text), = item.items()
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
            reader.problem(field, f"expected the objective as text, found {describe(text)}", line)
            continue
        objectives.append(Objective(Ref(str(dimension), line), str(text).strip()))
    return objectives


def _load_path(layout: ContentLayout, path: Path, log: ProblemLog) -> LearningPath | None:
    file, data, source = _read_front_matter(layout, path, log)
    if data is None:
        return None
    reader = FieldReader(data, file, log)
    learning_path = LearningPath(
        file=file,
        line=reader.line("id"),
        src_path=path.relative_to(layout.docs).as_posix(),
        id=reader.id(),
        title=reader.text("title"),
        tier=reader.ref("tier", required=True),
        summary=reader.text("summary"),
        audience=reader.refs("audience"),
        target_days=reader.integer("target_days", minimum=1),
        steps=[_path_step(step) for step in reader.mappings("steps", required=True)],
        body=source.body,
    )
    reader.finish()
    return learning_path


def _path_step(reader: FieldReader) -> PathStep:
    kinds = [key for key in ("course", "milestone") if key in reader.data]
    if len(kinds) != 1:
        found = "both" if kinds else "neither"
        reader.log.add(
            reader.file, reader.line(), reader.prefix.rstrip("."),
            f"expected a step with either 'course' or 'milestone', found {found}",
        )
    if "milestone" in reader.data:
        step = PathStep(reader.line(), milestone=reader.text("milestone"), quiz=reader.ref("quiz"))
    else:
        step = PathStep(reader.line(), course=reader.ref("course", required=bool(kinds)),
                        optional=reader.boolean("optional", False))
    reader.finish()
    return step


# --- assessments ----------------------------------------------------------------------------


# Loaded banks by (file, text), for the previews of `make serve`, which load the whole curriculum
# again on every save: a thousand unchanged banks are not rebuilt into questions each time. The
# problems found while loading a bank are kept with it and reported again. Banks are not modified
# after loading.
_LOADED_BANKS: dict[tuple[str, str], tuple[QuizBank | None, list[Problem]]] = {}
_LOADED_BANKS_LIMIT = 20_000


def _load_quiz(layout: ContentLayout, path: Path, log: ProblemLog) -> QuizBank | None:
    key = (layout.relative(path), path.read_text(encoding="utf-8"))
    loaded = _LOADED_BANKS.get(key)
    if loaded is None:
        own = ProblemLog()
        loaded = (_read_quiz(layout, path, own), own.problems)
        if len(_LOADED_BANKS) >= _LOADED_BANKS_LIMIT:
            _LOADED_BANKS.clear()
        _LOADED_BANKS[key] = loaded
    log.problems.extend(loaded[1])
    return loaded[0]


def _read_quiz(layout: ContentLayout, path: Path, log: ProblemLog) -> QuizBank | None:
    file, data = _read_yaml_mapping(layout, path, log)
    if data is None:
        return None
    reader = FieldReader(data, file, log)
    mode = reader.text("mode", required=False, default="self-check")
    if mode not in QUIZ_MODES:
        reader.problem("mode", f"'{mode}' is not a quiz mode (expected one of: {one_of(QUIZ_MODES)})")
    bank = QuizBank(
        file=file,
        line=reader.line("id"),
        id=reader.id(),
        title=reader.text("title"),
        mode=mode,
        pass_score=reader.percent("pass_score", 80),
        draw=reader.integer("draw", minimum=1),
        shuffle=reader.boolean("shuffle", True),
        partial_credit=reader.boolean("partial_credit", False),
        questions=[question_loader.load(q) for q in reader.mappings("questions", required=True)],
        draw_line=reader.line("draw"),
    )
    reader.finish()
    return bank


def _load_rubric(layout: ContentLayout, path: Path, log: ProblemLog) -> Rubric | None:
    file, data = _read_yaml_mapping(layout, path, log)
    if data is None:
        return None
    reader = FieldReader(data, file, log)
    rubric = Rubric(
        file=file,
        line=reader.line("id"),
        id=reader.id(),
        title=reader.text("title"),
        pass_score=reader.percent("pass_score", 80),
        total=reader.integer("total", minimum=1),
        criteria=[],
        total_line=reader.line("total"),
    )
    for item in reader.mappings("criteria", required=True):
        rubric.criteria.append(
            Criterion(
                line=item.line(),
                id=item.id(),
                name=item.text("name"),
                points=item.integer("points", required=True, default=0, minimum=1),
                standard=item.text("standard"),
                evidence=item.text("evidence", required=False),
            )
        )
        item.finish()
    reader.finish()
    return rubric


# --- handbooks.yml and glossary.yml ---------------------------------------------------------


def _load_handbooks(layout: ContentLayout, log: ProblemLog) -> list[Handbook]:
    path = layout.root / layout.handbooks_file
    if not path.is_file():
        return []
    file, data = _read_yaml_mapping(layout, path, log)
    if data is None:
        return []
    top = FieldReader(data, file, log)
    handbooks = []
    for reader in top.mappings("handbooks", required=True):
        handbook = Handbook(
            file=file,
            line=reader.line(),
            id=reader.id(),
            title=reader.text("title"),
            subtitle=reader.text("subtitle", required=False),
            include=[],
            version=reader.integer("version", default=1, minimum=1),
        )
        items = reader.raw_list("include", required=True) or []
        for index, (item, line) in enumerate(zip(items, getattr(items, "item_lines", []))):
            field = f"include[{index}]"
            if not isinstance(item, dict) or len(item) != 1:
                reader.problem(field, "expected one of 'path: id', 'tag: name' or 'course: id'", line)
                continue
            (kind, value), = item.items()
            if kind not in HANDBOOK_INCLUDE_KINDS:
                reader.problem(
                    f"{field}.{kind}",
                    f"unknown include kind{did_you_mean(kind, HANDBOOK_INCLUDE_KINDS)}"
                    f" (expected one of: {one_of(HANDBOOK_INCLUDE_KINDS)})",
                    line,
                )
                continue
            if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
                reader.problem(f"{field}.{kind}", f"expected a name or id, found {describe(value)}", line)
                continue
            handbook.include.append(HandbookInclude(kind, str(value).strip(), line))
        handbooks.append(handbook)
        reader.finish()
    top.finish()
    return handbooks


def _load_glossary(layout: ContentLayout, log: ProblemLog) -> list[GlossaryTerm]:
    path = layout.docs / "glossary.yml"
    if not path.is_file():
        return []
    file, data = _read_yaml_mapping(layout, path, log)
    if data is None:
        return []
    top = FieldReader(data, file, log)
    terms = []
    for reader in top.mappings("terms", required=True):
        terms.append(
            GlossaryTerm(
                line=reader.line(),
                term=reader.text("term"),
                aliases=reader.texts("aliases"),
                definition=reader.text("definition"),
            )
        )
        reader.finish()
    top.finish()
    return terms
