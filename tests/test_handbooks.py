"""Handbook PDFs: contents follow `include`, the book's structure, page numbers, fonts, links, failures."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import pdf_tools
from generator.model import load_curriculum
from generator.model.handbooks import handbook_sections
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, write_pdf

TOC_LINE = re.compile(r"^\s*(.+?)\s*\.{4,}\s*(\d+)\s*$")


def handbook(site, name: str) -> Path:
    return site.site / "handbooks" / f"{name}.pdf"


def toc(pdf: Path) -> dict[str, int]:
    entries = {}
    for line in pdf_tools.text(pdf, first=2, last=2, layout=True).splitlines():
        match = TOC_LINE.match(line)
        if match:
            entries[re.sub(r"[\s\u3000]+", " ", match.group(1).strip())] = int(match.group(2))
    return entries


def test_include_resolves_paths_tags_and_courses_once(content_repo):
    content_repo.replace("curriculum/courses/basic/products.md", "tags: [产品]", "tags: [产品, 沟通]")
    content_repo.replace("curriculum/courses/basic/complaints.md", "tags: [投诉]", "tags: [投诉, 沟通]")
    content_repo.write("handbooks.yml", (
        "handbooks:\n  - id: book\n    title: 书\n    include:\n"
        "      - course: product-basics\n      - tag: 沟通\n      - path: new-hire-path\n"
    ))
    curriculum = load_curriculum(content_repo.root)
    sections = handbook_sections(curriculum, curriculum.handbook_by_id["book"])
    assert [[c.id for c in s.courses] for s in sections] == [
        ["product-basics"],
        # tag: by tier (foundation before advanced), then title; product-basics was printed already
        ["service-etiquette", "complaint-deescalation"],
        [],  # every course of the path is in the book already; the milestone is no course
    ]
    assert [c.id for c in sections[1].printed_earlier] == ["product-basics"]
    assert [c.id for c in sections[2].printed_earlier] == ["service-etiquette", "product-basics", "complaint-deescalation"]


def test_handbooks_are_published_and_linked(built_fixture_site):
    for name in ("operator-handbook", "complaint-card"):
        assert handbook(built_fixture_site, name).read_bytes().startswith(b"%PDF")
    home = built_fixture_site.html("")
    assert 'href="handbooks/operator-handbook.pdf"' in home and 'href="handbooks/complaint-card.pdf"' in home
    links = {
        "courses/basic/etiquette": {"operator-handbook", "complaint-card"},
        "courses/basic/products": {"operator-handbook"},
        "courses/basic/complaints": {"operator-handbook", "complaint-card"},
    }
    for page, books in links.items():
        found = set(re.findall(r'href="\.\./\.\./\.\./handbooks/([\w-]+)\.pdf"', built_fixture_site.html(page)))
        assert found == books, page


def test_cover_contents_and_exclusions(built_fixture_site):
    card = handbook(built_fixture_site, "complaint-card")
    cover = pdf_tools.pages(card)[0]
    assert "投诉处理口袋书" in cover and "第 1 版" in cover.replace("第1版", "第 1 版") and "2026-11-01" in cover
    text = pdf_tools.text(card)
    assert "投诉安抚" in text and "电话礼仪" in text
    assert "介绍产品线" not in text  # product-basics' body: not included in this book
    book = pdf_tools.pages(handbook(built_fixture_site, "operator-handbook"))
    assert "客服操作手册" in book[0] and "一线客服随身手册" in book[0] and re.search(r"第\s*2\s*版", book[0])


def test_table_of_contents_points_at_the_pages_where_courses_start(built_fixture_site):
    pdf = handbook(built_fixture_site, "operator-handbook")
    entries = toc(pdf)
    pages = pdf_tools.pages(pdf)
    assert set(entries) >= {"第 1 部分 新人上岗路径", "电话礼仪", "产品知识入门", "投诉安抚", "附录 自测题参考答案"}
    for title in ("电话礼仪", "产品知识入门", "投诉安抚"):
        start = pages[entries[title] - 1]
        first_lines = [line for line in start.splitlines() if line.strip()][:3]
        assert title in first_lines and "层级" in start, (title, first_lines)
        assert f"第 {entries[title]} 页 / 共 {len(pages)} 页".replace(" ", "") in start.replace(" ", "")
        # a course starts on a new page: the page before belongs to something else
        assert [line for line in pages[entries[title] - 2].splitlines() if line.strip()][0] != title
    # the part page lists the same page numbers as the table of contents
    part = pages[entries["第 1 部分 新人上岗路径"] - 1]
    for title in ("电话礼仪", "产品知识入门", "投诉安抚"):
        assert f"{title}（见第{entries[title]}页）" in "".join(part.split())  # spaces print thin or not at all


def test_course_pages_carry_card_running_title_questions_and_the_answers_appendix(built_fixture_site):
    pdf = handbook(built_fixture_site, "operator-handbook")
    entries, pages = toc(pdf), pdf_tools.pages(pdf)
    course = "".join(pages[entries["投诉安抚"] - 1: entries["附录 自测题参考答案"] - 1])
    for label in ("层级", "骨干提升层", "时长", "1 小时 30 分钟", "负责人", "客服培训组", "复核日期", "2026-09-01", "学习目标"):
        assert label in course, label
    assert "自测题" in course and "将指标与含义配对" in course
    assert "正确答案" not in course and "可接受的答案" not in course  # questions without answers
    assert course.split("\n", 1)[0] == "投诉安抚"  # the page header names the course
    appendix = "".join(pages[entries["附录 自测题参考答案"] - 1:])
    assert "附录" in appendix and "自测题参考答案" in appendix
    assert "24 / 二十四 / Day" in appendix and "先情绪后问题" in appendix


def test_links_become_page_references_or_printed_addresses(built_fixture_site):
    card = handbook(built_fixture_site, "complaint-card")
    entries = toc(card)
    text = pdf_tools.text(card).replace("\n", "")
    assert f"电话礼仪的开场白（见第{entries['电话礼仪']}页）" in "".join(text.split())
    assert "产品知识入门（门户页面：/courses/basic/products/）" in text  # not in this book
    assert "https://example.com/standard" in text and text.count("https://example.com/standard") == 1


def test_fonts_are_embedded_subsets_and_pages_have_ink(built_fixture_site, tmp_path):
    pdf = handbook(built_fixture_site, "operator-handbook")
    fonts = pdf_tools.fonts(pdf)
    assert fonts and all(font["embedded"] and font["subset"] for font in fonts)
    assert any("Noto-Serif-CJK-SC" in font["name"] for font in fonts)
    assert any("Noto-Sans-CJK-SC" in font["name"] for font in fonts)
    assert pdf.stat().st_size < 1_500_000
    for page in (1, 2, 4):
        assert pdf_tools.ink(pdf, page, tmp_path) > 0.003, page
    assert ".notdef" not in built_fixture_site.build_log


def test_a_character_without_a_glyph_fails_instead_of_printing_a_box(tmp_path):
    html = '<p>古埃及文 \U00013000</p>'
    with pytest.raises(PaperError, match="\U00013000"):
        write_pdf(html, tmp_path / "x.pdf", STYLESHEET)


def test_without_a_chinese_font_the_build_fails_and_says_what_to_install(content_repo, tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fc_list = fake_bin / "fc-list"
    fc_list.write_text("#!/bin/sh\necho 'DejaVu Sans'\n")
    fc_list.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}"}
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(content_repo.root), "build", "--strict"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "fonts-noto-cjk" in result.stderr and "Noto Serif CJK SC" in result.stderr
    assert not content_repo.site.exists()


def test_sample_operator_handbook(sample_site, tmp_path):
    pdf = handbook(sample_site, "operator-handbook")
    curriculum = load_curriculum(sample_site.root)
    sections = handbook_sections(curriculum, curriculum.handbook_by_id["operator-handbook"])
    included = [course for section in sections for course in section.courses]
    entries = toc(pdf)
    pages = pdf_tools.pages(pdf)
    for course in included:
        assert course.title in entries, course.title
        assert course.title in [line for line in pages[entries[course.title] - 1].splitlines() if line.strip()][:3]
    excluded = [c for c in curriculum.courses if c not in included]
    assert excluded
    text = pdf_tools.text(pdf)
    for course in excluded:
        assert course.summary not in text.replace("\n", ""), course.id
    assert all(font["embedded"] for font in pdf_tools.fonts(pdf))
    assert ".notdef" not in sample_site.build_log
    match = re.search(r"Handbook handbooks/operator-handbook.pdf: (\d+) pages in ([\d.]+) s", sample_site.build_log)
    assert match and int(match.group(1)) == len(pages)


def test_a_very_long_title_is_a_warning_and_a_short_page_header(content_repo):
    """WeasyPrint lays out the running header on every page: a 2,000-character title once took a small
    handbook from 2 s to 22 s. The header carries the title's first characters only."""
    from generator.model import load_curriculum
    from generator.render.environment import RUNNING_HEAD_LENGTH

    title = "电话礼仪" + "很长的标题" * 400
    content_repo.replace("curriculum/courses/basic/etiquette.md", "title: 电话礼仪", f"title: {title}")
    warnings = [str(w) for w in load_curriculum(content_repo.root).warnings if w.code == "W1207"]
    assert warnings == ["curriculum/courses/basic/etiquette.md:3: title: 标题有 2004 个字，超过 60 个字：卡片和导航里会折成几行，"
                        "打印材料的页眉只印开头；请精简 [W1207]"]
    result = content_repo.build()
    assert result.returncode == 0, result.stderr
    pdf = handbook(content_repo, "operator-handbook")
    headers = [page.split("\n", 1)[0] for page in pdf_tools.pages(pdf)[3:]]  # after the cover and contents
    assert headers.count(title[:RUNNING_HEAD_LENGTH - 1] + "…") >= 2  # the course runs over several pages
    assert all(len(header) <= RUNNING_HEAD_LENGTH for header in headers)
