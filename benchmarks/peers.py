"""The same generated content set up for each peer: plain Material, mkdocs-quiz, print-site, mkdocs-to-pdf."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

BASE_CONFIG = {
    "site_name": "客服培训门户(基准)",
    "docs_dir": "docs",
    "theme": {"name": "material", "language": "zh", "font": False},
    "markdown_extensions": ["admonition", "tables", "attr_list", {"toc": {"permalink": True}}],
}


def _write_config(folder: Path, plugins: list) -> None:
    config = {**BASE_CONFIG, "plugins": plugins}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _copy_markdown(content: Path, docs: Path) -> list[Path]:
    source = content / "curriculum"
    written = []
    for file in sorted(source.rglob("*.md")):
        target = docs / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
        written.append(target)
    return written


def floor(content: Path, folder: Path) -> None:
    """Plain mkdocs-material with search (jieba segments Chinese when lang is zh), same Markdown."""
    _copy_markdown(content, folder / "docs")
    _write_config(folder, [{"search": {"lang": "zh"}}])


def _quiz_block(question: dict) -> str:
    """mkdocs-quiz knows choices and blanks: order and match become single choices with the same facts."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        options = [(c["text"], c["correct"]) for c in question["choices"]]
    elif kind == "true-false":
        options = [("正确", question["answer"]), ("错误", not question["answer"])]
    elif kind == "fill":
        return f"<quiz>\n{question['prompt'].replace('___', '[[' + question['answers'][0] + ']]')}\n</quiz>"
    elif kind == "order":
        right = " → ".join(question["items"])
        options = [(right, True), (" → ".join(reversed(question["items"])), False)]
    else:
        pairs = question["pairs"]
        shifted = zip(pairs, pairs[1:] + pairs[:1])
        options = [("、".join(f"{a}={b}" for a, b in pairs), True),
                   ("、".join(f"{a}={b}" for (a, _), (_, b) in shifted), False)]
    lines = [question["prompt"]] + [f"- [{'x' if ok else ' '}] {text}" for text, ok in options]
    return "<quiz>\n" + "\n".join(lines) + "\n\n" + question.get("explanation", "") + "\n</quiz>"


def with_quiz(content: Path, folder: Path) -> None:
    """The floor plus mkdocs-quiz, with each course's ten questions at its end."""
    written = _copy_markdown(content, folder / "docs")
    banks = content / "assessments" / "quizzes"
    for target in written:
        match = re.search(r'^quiz: "([^"]+)"', target.read_text(encoding="utf-8"), re.M)
        if not match:
            continue
        bank = yaml.safe_load((banks / f"{match.group(1)}.yml").read_text(encoding="utf-8"))
        blocks = "\n\n".join(_quiz_block(q) for q in bank["questions"])
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\n\n## 自测\n\n{blocks}\n")
    _write_config(folder, [{"search": {"lang": "zh"}}, "mkdocs_quiz"])


# A handbook course is every tenth one: c00000, c00010, ... (generate.py tags them SOP).
HANDBOOK_URL = r"courses/[^/]+/[^/]+/c\d{4}0/"


def print_site(content: Path, folder: Path) -> None:
    """The floor plus mkdocs-print-site-plugin, its print page limited to the handbook's courses."""
    _copy_markdown(content, folder / "docs")
    others = ["index.md", "paths/*", "courses/*/*/c????[1-9].md"]
    _write_config(folder, [{"search": {"lang": "zh"}}, {"print-site": {"exclude": others}}])


def to_pdf(content: Path, folder: Path) -> None:
    """The floor plus mkdocs-to-pdf making a PDF of the handbook's courses (other pages excluded)."""
    _copy_markdown(content, folder / "docs")
    _write_config(folder, [
        {"search": {"lang": "zh"}},
        {"to-pdf": {"output_path": "handbook.pdf", "cover": True, "toc_level": 2,
                    "exclude_pages": [f"^(?!{HANDBOOK_URL})"]}},
    ])
    # Its stylesheet names no Chinese font; the field notes found it picks the JP variant: name SC.
    (folder / "docs" / "pdf.css").write_text(
        'body, h1, h2, h3, p, li, td, th { font-family: "Noto Sans CJK SC", sans-serif; }\n', encoding="utf-8")
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra_css"] = ["pdf.css"]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def ours(content: Path, folder: Path) -> None:
    """The generated repository as it is: our plugin, quizzes, paths, catalog, search, handbook."""
    shutil.copytree(content, folder, dirs_exist_ok=True)


def ours_site(content: Path, folder: Path) -> None:
    """Ours without the handbook PDF (`handbook_pdfs: false`): the site alone."""
    ours(content, folder)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - training:\n", "  - training:\n      handbook_pdfs: false\n", 1), encoding="utf-8")


def describe() -> str:
    return json.dumps({name: fn.__doc__.splitlines()[0] for name, fn in PREPARE.items()}, ensure_ascii=False, indent=2)


PREPARE = {"floor": floor, "quiz": with_quiz, "print-site": print_site, "to-pdf": to_pdf, "ours-site": ours_site,
           "ours": ours}
