"""The checks a build runs on the site it has just written, before anything may publish it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.model.entities import Curriculum
from generator.paper.site_printing import PrintedFile
from generator.publish.exam_scan import exam_leaks, exam_texts, find_leaks
from generator.publish.site_check import PageAudit, audit_site


def built_site_problems(site_dir: Path, curriculum: Curriculum, printed: Sequence[PrintedFile] = (),
                        workers: int = 1, audited: dict[str, PageAudit] | None = None,
                        only_audited: bool = False, mount: str = "/") -> list[str]:
    """Outside fetches and foreign scripts in any page, and exam text in any published file. A printed PDF
    (handbook, role-play kits) is read as the HTML it was printed from (what the PDF holds, without
    extracting its text)."""
    exams = exam_texts(curriculum)
    problems = audit_site(site_dir, workers, audited, only_known=only_audited, mount=mount)
    problems += exam_leaks(site_dir, exams, skip=[file.path for file in printed])
    problems += find_leaks([(file.site_file, [file.html]) for file in printed], exams)
    return problems
