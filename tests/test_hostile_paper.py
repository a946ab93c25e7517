"""Printing hostile content: a handbook never reads files from outside the site, never carries attachments,
and a character no font can draw is named with its file and line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import pdf_tools
from conftest import make_repo
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, write_pdf

COURSE = "curriculum/courses/basic/etiquette.md"
HOSTILE = """

![口令](../../../../../../../../etc/passwd)

![环境](/proc/self/environ)

<a rel="attachment" href="/etc/passwd">附件</a> <a href="../../../assessments/quizzes/final-exam.yml" rel="attachment">题库</a>

<img src="file:///etc/hostname">
"""


def _attachments(pdf: Path) -> list[str]:
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line for line in listed.splitlines()[1:] if line.strip()]


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("paper") / "content")
    repo.write(COURSE, repo.read(COURSE) + HOSTILE)
    repo.strict_result = repo.build()
    repo.result = repo.run("build")
    return repo


def _line(repo, text: str) -> int:
    return next(n for n, line in enumerate(repo.read(COURSE).splitlines(), 1) if text in line)


def test_strict_build_names_each_image_it_leaves_out(hostile_book):
    result = hostile_book.strict_result
    assert result.returncode == 1 and "Traceback" not in result.stderr
    passwd, environ = _line(hostile_book, "etc/passwd)"), _line(hostile_book, "environ")
    assert f"{COURSE}:{passwd}: 图片“../../../../../../../../etc/passwd”不是 docs 目录中的文件" in result.stderr
    assert f"{COURSE}:{environ}: 图片“/proc/self/environ”不是 docs 目录中的文件" in result.stderr


def test_handbook_holds_no_attachment_and_no_file_from_the_machine(hostile_book):
    assert hostile_book.result.returncode == 0, hostile_book.result.stderr
    pdf = hostile_book.site / "handbooks" / "operator-handbook.pdf"
    assert _attachments(pdf) == []
    text = pdf_tools.text(pdf)
    assert "root:x:0:0" not in text and "EXAM-SECRET" not in text and "PATH=" not in text
    assert "附件" in text  # the link text prints; what it pointed at does not


def test_the_printer_refuses_anything_outside_its_folders(tmp_path):
    for html in ('<img src="file:///etc/hostname">', '<link rel="attachment" href="file:///etc/passwd">',
                 '<img src="http://127.0.0.1:9/x.png">', '<p style="background: url(file:///proc/self/environ)">x</p>'):
        with pytest.raises(PaperError, match="打印时拒绝读取"):
            write_pdf(html, tmp_path / "x.pdf", STYLESHEET, base_url=str(tmp_path), allowed=[tmp_path])
    (tmp_path / "ok.png").write_bytes((Path(__file__).parent / "fixtures" / "pixel.png").read_bytes())
    assert write_pdf('<p>可以</p><img src="ok.png">', tmp_path / "ok.pdf", STYLESHEET, base_url=str(tmp_path),
                     allowed=[tmp_path]) == 1


def test_a_character_without_a_glyph_names_file_line_and_character(content_repo):
    content_repo.replace(COURSE, "标准开场白包含问候", "标准开场白包含问候 𓀀")
    result = content_repo.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{COURSE}:{_line(content_repo, '𓀀')}: 字符 “𓀀” (U+13000 egyptian hieroglyph a001) 在 PDF 字体（Noto CJK 和系统字体）中没有字形"
            in result.stderr)
    assert "请改成文字" in result.stderr and "[D1102]" in result.stderr and "安装" not in result.stderr
