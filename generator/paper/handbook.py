"""A handbook as one HTML document for WeasyPrint, assembled from course pages the site already rendered."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.messages import text
from generator.model.entities import Curriculum, Handbook
from generator.model.handbooks import handbook_courses, handbook_sections
from generator.paper.book_links import BookLinks, for_book
from generator.paper.book_pieces import answers_mark, new_nonce, plan_book, unit_mark
from generator.paper.glyphs import missing_glyph_messages
from generator.paper.pdf import PaperError
from generator.paper.questions import paper_questions

STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "training" / "paper" / "paper.css"


@dataclass
class RenderedCourse:
    """A course body as the site rendered it, and the site-root-relative URL of its page."""

    html: str
    url: str


@dataclass
class HandbookResult:
    handbook: Handbook
    path: Path
    pages: int
    seconds: float  # laying out and writing the PDF
    peak_kb: int  # the printing process's peak resident memory
    waited: float = 0.0  # from start to collection, overlapping the site build
    html: str = ""  # the document printed: what the exam-text scan reads for this book
    pieces: int = 1  # printed in this many pieces (generator.paper.book_pieces)
    whole_because: str = ""  # why a book planned in pieces was printed whole


def handbook_file(handbook: Handbook) -> str:
    return f"handbooks/{handbook.id}.pdf"


def handbook_html(
    env: jinja2.Environment,
    curriculum: Curriculum,
    handbook: Handbook,
    rendered: dict[str, RenderedCourse],
    files_dir: Path,
    site_url: str,
    site_name: str,
    build_date: dt.date,
    warnings: list[str] | None = None,
    nonce: str = "",
) -> str:
    """The book's HTML; an image that cannot be printed from the docs folder is left out and named in
    `warnings` (file:line). With a `nonce`, each unit the book may be cut at for printing is marked
    (generator.paper.book_pieces)."""
    sections = handbook_sections(curriculum, handbook)
    courses = [course for section in sections for course in section.courses]
    links = BookLinks(
        course_by_url={course.url: course_id for course_id, course in rendered.items()},
        in_book={course.id for course in courses},
        files_dir=files_dir,
        site_url=site_url,
    )
    bodies = {
        course.id: Markup(for_book(rendered[course.id].html, course.id, rendered[course.id].url, links))
        for course in courses
    }
    # Written question order, so the printed self-check follows the course; choices mixed by a fixed seed.
    quizzes = {course.id: paper_questions(curriculum.quiz_by_id[course.quiz.id], seed=None) for course in courses if course.quiz}
    objectives = {
        course.id: {d.id: [o.text for o in course.objectives if o.dimension.id == d.id] for d in curriculum.model.dimensions}
        for course in courses
    }
    if warnings is not None:
        for course_id, src in links.dropped:
            course = curriculum.course_by_id[course_id]
            warnings.append(f"{course.file}:{course.line_of(src)}: {text('D1101', src=src[:120], handbook=handbook.id)} [D1101]")
    return env.get_template("training/paper/handbook.html").render(
        curriculum=curriculum,
        handbook=handbook,
        sections=sections,
        courses=courses,
        bodies=bodies,
        quizzes=quizzes,
        objectives_by_course=objectives,
        site_name=site_name,
        build_date=build_date.isoformat(),
        today=build_date,
        unit_mark=Markup(unit_mark(nonce)) if nonce else "",
        answers_mark=Markup(answers_mark(nonce)) if nonce else "",
    )


@dataclass
class HandbookJob:
    """A handbook being printed by its own process (generator.paper.render_job)."""

    handbook: Handbook
    process: subprocess.Popen
    pdf: Path
    started: float
    html: str
    warnings: list[str]


def start_handbooks(
    env: jinja2.Environment,
    curriculum: Curriculum,
    rendered: dict[str, RenderedCourse],
    workdir: Path,
    files_dir: Path,
    site_name: str,
    site_url: str,
    build_date: dt.date,
    piece_chars: int = 120_000,
) -> list[HandbookJob]:
    """Assemble each book's HTML now and print it in the background, a large one in pieces of about
    `piece_chars` (generator.paper.book_pieces); `finish_handbooks` collects them."""
    jobs = []
    for handbook in curriculum.handbooks:
        source = workdir / f"{handbook.id}.book.json"
        warnings: list[str] = []
        nonce = new_nonce()
        html = handbook_html(env, curriculum, handbook, rendered, files_dir, site_url, site_name, build_date, warnings,
                             nonce)
        source.write_text(plan_book(html, nonce, piece_chars).dumps(), encoding="utf-8")
        pdf = workdir / f"{handbook.id}.pdf"
        process = subprocess.Popen([sys.executable, "-m", "generator.paper.book_job", str(source), str(pdf),
                                    str(files_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        jobs.append(HandbookJob(handbook, process, pdf, time.perf_counter(), html, warnings))
    return jobs


def finish_handbooks(jobs: list[HandbookJob], site_dir: Path, curriculum: Curriculum) -> list[HandbookResult]:
    """Wait for the printing processes and move their PDFs into the site; any failure fails them all.
    A character without a glyph is named with the file and line it is written at."""
    results, errors = [], []
    for job in jobs:
        out, err = job.process.communicate()
        if job.process.returncode != 0:
            errors += _failure(job, out, err, curriculum)
            continue
        report = json.loads(out.strip().splitlines()[-1])
        target = site_dir / handbook_file(job.handbook)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(job.pdf), target)
        results.append(HandbookResult(job.handbook, target, report["pages"], report["seconds"], report["peak_kb"],
                                      time.perf_counter() - job.started, job.html, report["pieces"],
                                      report["whole_because"]))
    if errors:
        raise PaperError("\n".join(errors))
    return results


def _failure(job: HandbookJob, out: str, err: str, curriculum: Curriculum) -> list[str]:
    try:
        report = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [f"{handbook_file(job.handbook)}: {text('D1110', exit=job.process.returncode, detail=err.strip()[-500:])}"]
    if report.get("missing"):
        courses = handbook_courses(curriculum, job.handbook)
        banks = [curriculum.quiz_by_id[c.quiz.id] for c in courses if c.quiz and c.quiz.id in curriculum.quiz_by_id]
        return missing_glyph_messages(report["missing"], text("D1103", file=handbook_file(job.handbook)), courses, banks)
    return [f"{handbook_file(job.handbook)}: {report.get('error', 'printing failed')}"]


def cancel_handbooks(jobs: list[HandbookJob]) -> None:
    for job in jobs:
        if job.process.poll() is None:
            job.process.kill()
            job.process.wait()
