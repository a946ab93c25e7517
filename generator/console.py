"""What every command prints and loads: content problems as text (root causes first) or as GitHub's annotations,
the content checked as the build checks it, and a document that could not be printed. The command modules
(generator.cli and the quality, records and interchange commands) share it, so they say these things one way."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.errors import ContentError, Problem, problem_lines, root_causes_first
from generator.messages import counted, os_error_reason, text
from generator.model.entities import Curriculum
from generator.model.layout import ContentLayout
from generator.site.layout_file import layout_from_mkdocs_yml


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problem(problem: Problem, output_format: str, level: str = "error") -> str:
    if output_format == "github":
        location = f"file={_github_escape(problem.file, True)}"
        if problem.line:
            location += f",line={problem.line}"
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        title = ("培训内容" if level == "error" else "培训内容提醒") + (f" {problem.code}" if problem.code else "")
        return f"::{level} {location},title={_github_escape(title, True)}::{_github_escape(message)}"
    return text("C813", message=problem) if level != "error" else str(problem)


def print_problems(problems: list[Problem], output_format: str = "text") -> None:
    """Root causes first; in text, the problems that only follow from one are folded under it."""
    if output_format == "github":
        for problem in problems:
            print(format_problem(problem, output_format))
        return
    for line in problem_lines(root_causes_first(problems)):
        print(line)


def load_content(root: Path, config_file: str) -> tuple[ContentLayout, Curriculum]:
    """The layout mkdocs.yml describes and the curriculum, checked as the build checks it: the content
    contract and the page names the portal reserves. Raises ContentError with every problem."""
    from generator.site.site import load_site_content

    layout = layout_from_mkdocs_yml(root, config_file)
    return layout, load_site_content(layout)


def load_or_report(root: Path, config_file: str, output_format: str = "text") -> tuple[ContentLayout, Curriculum] | None:
    """Layout and curriculum, or None after printing every content problem and their count."""
    try:
        return load_content(root, config_file)
    except ContentError as error:
        print_problems(error.problems, output_format)
        print(text("C811", count=len(error.problems), problems=counted(len(error.problems), "problem")), file=sys.stderr)
        return None


def paper_failure(error: Exception, out: Path) -> int:
    """A document that could not be printed (PaperError), or an output folder the system refused (OSError)."""
    if isinstance(error, OSError):
        error = Exception(text("C815", out=out, reason=os_error_reason(error)))
    print(text("C810", message=error), file=sys.stderr)
    return 1
