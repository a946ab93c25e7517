"""Loading a content repository into the model, collecting every problem in one run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import ProblemLog
from generator.messages import describe, did_you_mean, one_of, text
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
    Scenario,
    Tier,
    TrainingModel,
)
from generator.model.fields import FieldReader
from generator.model.files import (
    ContentTree,
    read_text,
    refuse_links_onto_exams,
    refuse_script_files,
    relative,
    walk,
)
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
from generator.model.source import (
    ContentCache,
    ContentLimits,
    LineDict,
    MarkdownSource,
    engine_front_matter,
    markdown_nesting,
    parse_yaml,
    split_front_matter,
)


@dataclass(frozen=True)
class ContentLayout:
    """Where the contract puts each kind of file, relative to the content root."""

    root: Path
    docs_dir: str = "curriculum"
    assessments_dir: str = "assessments"
    handbooks_file: str = "handbooks.yml"
    overrides_dir: str | None = None  # the theme's custom_dir, checked for links only
    # Generated output no link may point into: the built site and the trainer pack.
    output_dirs: tuple[str, ...] = ("site", "trainer-pack")
    limits: ContentLimits = ContentLimits()

    @property
    def docs(self) -> Path:
        return self.root / self.docs_dir

    def relative(self, path: Path) -> str:
        return relative(self.root, path)


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
    reader = _Reader(layout, log, cache)
    curriculum = Curriculum(
        model=_load_model(reader, sources),
        courses=[c for c in (_load_course(reader, p) for p in sources.markdown(layout, "courses")) if c],
        paths=[p for p in (_load_path(reader, f) for f in sources.markdown(layout, "paths")) if p],
        quizzes=[q for q in (_load_quiz(reader, f) for f in sources.assessment_files(layout, "quizzes")) if q],
        rubrics=[r for r in (_load_rubric(reader, f) for f in sources.assessment_files(layout, "rubrics")) if r],
        handbooks=_load_handbooks(reader),
        glossary=_load_glossary(reader),
        scenarios=[s for s in (_load_scenario(reader, f) for f in sources.assessment_files(layout, "scenarios")) if s],
        cohorts=[c for c in (_load_cohort(reader, f) for f in sources.data_files(layout, "cohorts")) if c],
        surveys=[s for s in (_load_survey(reader, f) for f in sources.assessment_files(layout, "surveys")) if s],
        evaluations=[e for e in (_load_evaluation(reader, f) for f in sources.assessment_files(layout, "evaluations", ".csv"))
                     if e],
        pages=[p.relative_to(layout.docs).as_posix() for p in sources.docs.files(".md")],
    )
    taken = {*(c.src_path for c in curriculum.courses), *(p.src_path for p in curriculum.paths)}
    for page in sources.docs.files(".md"):
        if page.relative_to(layout.docs).as_posix() not in taken:
            _check_ordinary_page(reader, page)
    exam_banks = {(layout.root / bank.file).resolve() for bank in curriculum.quizzes if bank.is_exam}
    refuse_links_onto_exams([sources.docs, sources.assessments, *sources.others], exam_banks, log)
    refuse_script_files(sources.docs, log)
    check_file_names(layout, sources.docs, log)
    curriculum.unread = log.unread = _unread(layout, log)
    check_curriculum(curriculum, log)
    for check in checks:
        check(curriculum, log)
    log.raise_if_any()
    curriculum.warnings = sorted(set(log.warnings))
    return curriculum


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


class _Reader:
    """Reads one content file at a time, within the layout's limits, logging what it cannot read."""

    def __init__(self, layout: ContentLayout, log: ProblemLog, cache: ContentCache | None = None) -> None:
        self.layout = layout
        self.log = log
        self.cache = cache

    def parse(self, text: str, file: str, first_line: int = 1) -> Any:
        return parse_yaml(text, file, self.log, first_line, self.layout.limits, self.cache)

    def text(self, path: Path) -> tuple[str, str | None]:
        file = self.layout.relative(path)
        return file, read_text(path, file, self.log, self.layout.limits)

    def yaml_mapping(self, path: Path) -> tuple[str, Any]:
        file, text = self.text(path)
        if text is None:
            return file, None
        data = self.parse(text, file)
        if data is not None and not isinstance(data, LineDict):
            self.log.add(file, 1, "", "Y206", found=describe(data))
            return file, None
        return file, data

    def markdown(self, path: Path) -> tuple[str, str | None]:
        """A Markdown file's text, refused (None) when it nests deeper than the limit."""
        file, text = self.text(path)
        if text is None:
            return file, None
        line = markdown_nesting(text, 1, self.layout.limits.max_markdown_depth)
        if line is not None:
            self.log.add(file, line, "", "Y205", limit=self.layout.limits.max_markdown_depth)
            return file, None
        return file, text

    def front_matter(self, path: Path) -> tuple[str, Any, MarkdownSource | None]:
        file, text = self.markdown(path)
        if text is None:
            return file, None, None
        source = split_front_matter(text)
        if source is None:
            self.log.add(file, 1, "", "Y207")
            return file, None, None
        before = len(self.log.problems)
        data = self.parse(source.front_matter, file, source.front_matter_line)
        if data is None:
            if len(self.log.problems) == before:
                self.log.add(file, 1, "", "Y208")
            return file, None, None
        if not isinstance(data, LineDict):
            self.log.add(file, 2, "", "Y209", found=describe(data))
            return file, None, None
        return file, data, source


def _check_ordinary_page(reader: _Reader, path: Path) -> None:
    """A page that is neither course nor path: its front matter is read by the page engine, so it is
    parsed here first, with the same bounds, and a title must be text."""
    file, text = reader.markdown(path)
    if text is None:
        return
    front_matter = engine_front_matter(text)
    if front_matter is None:
        return
    data = reader.parse(front_matter, file, 2)
    if isinstance(data, LineDict) and "title" in data:
        title = data["title"]
        if isinstance(title, bool) or not isinstance(title, (str, int, float)):
            reader.log.add(file, data.key_lines.get("title", 2), "title", "V302", found=describe(title))


def check_file_names(layout: ContentLayout, docs: ContentTree, log: ProblemLog) -> None:
    """Two files whose names differ only in case are one file on a trainer's Windows or macOS machine,
    and two Markdown files with one address are one page on the site: both are problems naming both."""
    by_folded: dict[str, Path] = {}
    by_url: dict[str, Path] = {}
    for entry in sorted(docs.entries, key=lambda e: e.path):
        name = entry.path.relative_to(layout.docs).as_posix()
        other = by_folded.setdefault(name.casefold(), entry.path)
        if other != entry.path:
            log.add(layout.relative(entry.path), 0, "", "F114", other=layout.relative(other))
            continue
        if entry.path.suffix.lower() != ".md":
            continue
        url = page_url(name)
        other = by_url.setdefault(url.casefold(), entry.path)
        if other != entry.path:
            log.add(layout.relative(entry.path), 0, "", "F115", url=url, other=layout.relative(other))


def page_url(src_path: str) -> str:
    """The address a Markdown file gets with directory URLs: a/b.md and a/b/index.md are both a/b/."""
    path = PurePosixPath(src_path)
    stem = path.stem
    if stem.lower() in ("index", "readme"):
        parent = path.parent.as_posix()
        return "" if parent == "." else parent + "/"
    parent = path.parent.as_posix()
    return (f"{parent}/" if parent != "." else "") + stem + "/"


def _regular_or_allowed_link(path: Path, layout: ContentLayout) -> bool:
    """False for a link that leaves the repository (refused, and reported, by the walk)."""
    if not path.is_symlink():
        return True
    target = path.resolve()
    root = layout.root.resolve()
    return target.is_relative_to(root) and not target.is_relative_to(root / ".git")


# --- curriculum/model.yml -------------------------------------------------------------------


def _named(reader: FieldReader) -> dict:
    return dict(
        id=reader.id(),
        name=reader.text("name"),
        line=reader.line(),
        description=reader.text("description", required=False),
    )


def _load_model(files: _Reader, sources: _Sources) -> TrainingModel:
    layout, log = files.layout, files.log
    path = layout.docs / "model.yml"
    file = layout.relative(path)
    empty = TrainingModel(file, [], [], [], [], [])
    if path not in sources.docs.files():
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
    for kind, target in (("audiences", audiences), ("formats", formats)):
        for reader in top.mappings(kind):
            target.append(Named(**_named(reader)))
            reader.finish()
    top.finish()
    return TrainingModel(file, tiers, dimensions, competencies, audiences, formats)


# --- courses and paths ----------------------------------------------------------------------


def _load_course(files: _Reader, path: Path) -> Course | None:
    layout = files.layout
    file, data, source = files.front_matter(path)
    if data is None or source is None:
        return None
    reader = FieldReader(data, file, files.log)
    course = Course(
        file=file,
        line=reader.line("id"),
        src_path=path.relative_to(layout.docs).as_posix(),
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
        review_every=reader.integer("review_every", default=365, minimum=1),
        version=reader.integer("version", default=1, minimum=1),
        tags=reader.texts("tags"),
        body=source.body,
        body_line=source.body_line,
        scenarios=reader.refs("scenarios"),
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
            reader.problem(field, "V318", line, found=describe(item))
            continue
        (dimension, text), = item.items()
        if not isinstance(text, (str, int, float)) or isinstance(text, bool) or not str(text).strip():
            reader.problem(field, "V319", line, found=describe(text))
            continue
        objectives.append(Objective(Ref(str(dimension), line), str(text).strip()))
    return objectives


def _load_path(files: _Reader, path: Path) -> LearningPath | None:
    layout = files.layout
    file, data, source = files.front_matter(path)
    if data is None or source is None:
        return None
    reader = FieldReader(data, file, files.log)
    learning_path = LearningPath(
        file=file,
        line=reader.line("id"),
        src_path=path.relative_to(layout.docs).as_posix(),
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


def _load_quiz(files: _Reader, path: Path) -> QuizBank | None:
    """A bank, from the cache when its text is unchanged (a thousand unchanged banks are not rebuilt into
    questions on every preview); the problems found while loading it are kept with it and reported again."""
    file, text = files.text(path)
    if text is None:
        return None
    key = (file, text, files.layout.limits)
    cached = files.cache.banks.get(key) if files.cache is not None else None
    if cached is None:
        own = ProblemLog()
        cached = (_read_quiz(file, text, own, files.layout.limits), own.problems)
        if files.cache is not None:
            files.cache.remember(files.cache.banks, key, cached)
    files.log.problems.extend(cached[1])
    return cached[0]


def _read_quiz(file: str, text: str, log: ProblemLog, limits: ContentLimits) -> QuizBank | None:
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


def _load_scenario(files: _Reader, path: Path) -> Scenario | None:
    file, data = files.yaml_mapping(path)
    return read_scenario(file, data, files.log) if data is not None else None


def _load_cohort(files: _Reader, path: Path) -> Cohort | None:
    file, data = files.yaml_mapping(path)
    return read_cohort(file, data, files.log) if data is not None else None


def _load_survey(files: _Reader, path: Path) -> Survey | None:
    file, data = files.yaml_mapping(path)
    return read_survey(file, data, files.log) if data is not None else None


def _load_evaluation(files: _Reader, path: Path) -> Evaluation | None:
    file, text = files.text(path)
    cohort, kind = evaluation_kind(path.stem)
    return read_evaluation(file, cohort, text, files.log, kind) if text is not None else None


def _load_rubric(files: _Reader, path: Path) -> Rubric | None:
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
            )
        )
        item.finish()
    reader.finish()
    return rubric


# --- handbooks.yml and glossary.yml ---------------------------------------------------------


def _load_handbooks(files: _Reader) -> list[Handbook]:
    layout, log = files.layout, files.log
    path = layout.root / layout.handbooks_file
    if not path.is_file() or not _regular_or_allowed_link(path, layout):
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


def _load_glossary(files: _Reader) -> list[GlossaryTerm]:
    layout, log = files.layout, files.log
    path = layout.docs / "glossary.yml"
    if not path.is_file() or not _regular_or_allowed_link(path, layout):
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
