"""One reader per kind of content file (the model, courses, paths, banks, rubrics, scenarios, cohorts,
surveys, evaluation data, handbooks, glossary): each turns a file into entities, logging what is wrong
with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import ProblemLog
from generator.messages import describe, did_you_mean, one_of, text
from generator.model import questions as question_loader
from generator.model.cases import read_case
from generator.model.content_reader import ContentReader, inside_repository
from generator.model.entities import (
    HANDBOOK_INCLUDE_KINDS,
    QUIZ_MODES,
    Case,
    Competency,
    Course,
    Criterion,
    GlossaryTerm,
    Handbook,
    HandbookInclude,
    KeyFact,
    LearningPath,
    Named,
    Objective,
    PathStep,
    QuizBank,
    Ref,
    Rubric,
    Scenario,
    Tier,
    TrainingModel,
)
from generator.model.fields import FieldReader
from generator.model.programme import (
    Cohort,
    Evaluation,
    Survey,
    evaluation_kind,
    read_cohort,
    read_evaluation,
    read_survey,
)
from generator.model.scenarios import read_scenario
from generator.model.source import ContentLimits, LineDict, MarkdownSource, parse_yaml

# Ten years: a course nobody needs to look at for longer is not a training course (and the due date stays a
# real date).
MAX_REVIEW_DAYS = 3650


# --- curriculum/model.yml -------------------------------------------------------------------


def _named(reader: FieldReader) -> dict:
    return dict(
        id=reader.id(),
        name=reader.text("name"),
        line=reader.line(),
        description=reader.text("description", required=False),
    )


def load_model(files: ContentReader, present: bool) -> TrainingModel:
    layout, log = files.layout, files.log
    path = layout.docs / "model.yml"
    file = layout.relative(path)
    empty = TrainingModel(file, [], [], [], [], [])
    if not present:
        if not path.is_symlink():  # a refused link is already a problem of its own
            log.add(file, 0, "", "Y210")
        return empty
    file, data = files.yaml_mapping(path)
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
    audiences: list[Named] = []
    formats: list[Named] = []
    groups: list[Named] = []
    for kind, target in (("audiences", audiences), ("formats", formats), ("groups", groups)):
        for reader in top.mappings(kind):
            target.append(Named(**_named(reader)))
            reader.finish()
    top.finish()
    return TrainingModel(file, tiers, dimensions, competencies, audiences, formats, groups)


# --- courses and paths ----------------------------------------------------------------------


def _page_reader(files: ContentReader, path: Path) -> tuple[FieldReader, MarkdownSource] | None:
    """The front matter of a course or path page, to read field by field, and the page's source."""
    file, data, source = files.front_matter(path)
    if data is None or source is None:
        return None
    return FieldReader(data, file, files.log), source


def load_course(files: ContentReader, path: Path) -> Course | None:
    opened = _page_reader(files, path)
    if opened is None:
        return None
    reader, source = opened
    course = Course(
        file=reader.file,
        line=reader.line("id"),
        src_path=path.relative_to(files.layout.docs).as_posix(),
        id=reader.id(),
        title=reader.text("title"),
        tier=reader.required_ref("tier"),
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
        review_every=reader.integer("review_every", default=365, minimum=1, maximum=MAX_REVIEW_DAYS),
        version=reader.integer("version", default=1, minimum=1),
        tags=reader.texts("tags"),
        body=source.body,
        body_line=source.body_line,
        scenarios=reader.refs("scenarios"),
        key_facts=_key_facts(reader),
    )
    reader.finish()
    return course


MAX_KEY_FACTS = 12  # a daily review of one course stays short
KEY_FACT_LIMITS = {"q": 120, "a": 200}


def _key_facts(reader: FieldReader) -> list[KeyFact]:
    items = reader.raw_list("key_facts")
    if items is not None and len(items) > MAX_KEY_FACTS:
        reader.problem("key_facts", "M1801", count=len(items), limit=MAX_KEY_FACTS)
    facts: list[KeyFact] = []
    seen: dict[str, int] = {}
    for fact in reader.mappings("key_facts"):
        line = fact.line()
        question, answer = fact.text("q"), fact.text("a")
        fact.finish()
        for name, value in (("q", question), ("a", answer)):
            if len(value) > KEY_FACT_LIMITS[name]:
                fact.problem(name, "M1802", length=len(value), limit=KEY_FACT_LIMITS[name])
        if question and question in seen:
            fact.problem("q", "M1803", other=seen[question])
            continue
        if question and answer:
            seen[question] = line
            facts.append(KeyFact(line, question, answer))
    return facts


def _objectives(reader: FieldReader) -> list[Objective]:
    items = reader.raw_list("objectives", required=True)
    if items is None:
        return []
    objectives = []
    for index, (item, line) in enumerate(zip(items, items.item_lines)):
        field = f"objectives[{index}]"
        if not isinstance(item, dict) or len(item) != 1:
            reader.problem(field, "V318", line, found=describe(item))
            continue
        (dimension, text), = item.items()
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
            reader.problem(field, "V319", line, found=describe(text))
            continue
        objectives.append(Objective(Ref(str(dimension), line), str(text).strip()))
    return objectives


def load_case(files: ContentReader, path: Path) -> Case | None:
    file, data, source = files.front_matter(path)
    if data is None or source is None:
        return None
    return read_case(file, path.relative_to(files.layout.docs).as_posix(), data, source, files.log, path.parent)


def load_path(files: ContentReader, path: Path) -> LearningPath | None:
    opened = _page_reader(files, path)
    if opened is None:
        return None
    reader, source = opened
    learning_path = LearningPath(
        file=reader.file,
        line=reader.line("id"),
        src_path=path.relative_to(files.layout.docs).as_posix(),
        id=reader.id(),
        title=reader.text("title"),
        tier=reader.required_ref("tier"),
        summary=reader.text("summary"),
        audience=reader.refs("audience"),
        target_days=reader.integer("target_days", minimum=1),
        steps=[_path_step(step) for step in reader.mappings("steps", required=True)],
        body=source.body,
    )
    reader.finish()
    return learning_path


def _path_step(reader: FieldReader) -> PathStep:
    kinds = [key for key in ("course", "milestone", "scenario") if key in reader.data]
    # A milestone may name the scenario it is played as (第 5 周 模拟考核 + scenario: id).
    if kinds == ["milestone", "scenario"]:
        kinds = ["scenario"]
    if len(kinds) != 1:
        found = text("V320.both") if kinds else text("V320.neither")
        reader.log.add(reader.file, reader.line(), reader.prefix.rstrip("."), "V320", found=found)
    if "scenario" in reader.data and "course" not in reader.data:
        milestone = reader.text("milestone", required=False) if "milestone" in reader.data else None
        step = PathStep(reader.line(), milestone=milestone, scenario=reader.ref("scenario", required=True),
                        optional=reader.boolean("optional", False))
    elif "milestone" in reader.data:
        step = PathStep(reader.line(), milestone=reader.text("milestone"), quiz=reader.ref("quiz"))
    else:
        step = PathStep(reader.line(), course=reader.ref("course", required=bool(kinds)),
                        optional=reader.boolean("optional", False))
    reader.finish()
    return step


# --- assessments ----------------------------------------------------------------------------


def load_quiz(files: ContentReader, path: Path) -> QuizBank | None:
    """A bank, from the cache when its text is unchanged (a thousand unchanged banks are not rebuilt into
    questions on every preview); the problems found while loading it are kept with it and reported again."""
    file, text = files.text(path)
    if text is None:
        return None
    key = (file, text, files.layout.limits)
    cached = files.cache.banks.get(key) if files.cache is not None else None
    if cached is None:
        own = ProblemLog()
        cached = (read_quiz(file, text, own, files.layout.limits), own.problems)
        if files.cache is not None:
            files.cache.remember(files.cache.banks, key, cached)
    files.log.problems.extend(cached[1])
    return cached[0]


def read_quiz(file: str, text: str, log: ProblemLog, limits: ContentLimits) -> QuizBank | None:
    data = parse_yaml(text, file, log, limits=limits)
    if data is not None and not isinstance(data, LineDict):
        log.add(file, 1, "", "Y206", found=describe(data))
        return None
    if data is None:
        return None
    reader = FieldReader(data, file, log)
    mode = reader.text("mode", required=False, default="self-check")
    if mode not in QUIZ_MODES:
        reader.problem("mode", "V321", value=mode, known=one_of(QUIZ_MODES))
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


def load_scenario(files: ContentReader, path: Path) -> Scenario | None:
    file, data = files.yaml_mapping(path)
    return read_scenario(file, data, files.log) if data is not None else None


def load_cohort(files: ContentReader, path: Path) -> Cohort | None:
    file, data = files.yaml_mapping(path)
    return read_cohort(file, data, files.log) if data is not None else None


def load_survey(files: ContentReader, path: Path) -> Survey | None:
    file, data = files.yaml_mapping(path)
    return read_survey(file, data, files.log) if data is not None else None


def load_evaluation(files: ContentReader, path: Path) -> Evaluation | None:
    file, text = files.text(path)
    cohort, kind = evaluation_kind(path.stem)
    return read_evaluation(file, cohort, text, files.log, kind) if text is not None else None


def load_rubric(files: ContentReader, path: Path) -> Rubric | None:
    file, data = files.yaml_mapping(path)
    if data is None:
        return None
    reader = FieldReader(data, file, files.log)
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
                competencies=item.refs("competencies"),
            )
        )
        item.finish()
    reader.finish()
    return rubric


# --- handbooks.yml and glossary.yml ---------------------------------------------------------


def load_handbooks(files: ContentReader) -> list[Handbook]:
    layout, log = files.layout, files.log
    path = layout.root / layout.handbooks_file
    if not path.is_file() or not inside_repository(path, layout):
        return []
    file, data = files.yaml_mapping(path)
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
        items = reader.raw_list("include", required=True)
        for index, (item, line) in enumerate(zip(items or [], items.item_lines if items else [])):
            field = f"include[{index}]"
            if not isinstance(item, dict) or len(item) != 1:
                reader.problem(field, "V322", line)
                continue
            (kind, value), = item.items()
            if kind not in HANDBOOK_INCLUDE_KINDS:
                reader.problem(f"{field}.{kind}", "V323", line, suggestion=did_you_mean(kind, HANDBOOK_INCLUDE_KINDS),
                               known=one_of(HANDBOOK_INCLUDE_KINDS))
                continue
            if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
                reader.problem(f"{field}.{kind}", "V324", line, found=describe(value))
                continue
            handbook.include.append(HandbookInclude(kind, str(value).strip(), line))
        handbooks.append(handbook)
        reader.finish()
    top.finish()
    return handbooks


def load_glossary(files: ContentReader) -> list[GlossaryTerm]:
    layout, log = files.layout, files.log
    path = layout.docs / "glossary.yml"
    if not path.is_file() or not inside_repository(path, layout):
        return []
    file, data = files.yaml_mapping(path)
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
