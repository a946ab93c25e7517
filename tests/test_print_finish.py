"""Every kind of PDF the project prints, as a reader and an office printer meet it: inside the margins,
tagged PDF/UA-1 with title and language, bookmarks that say what they open, page numbers past one page."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import page
import pytest
from pypdf import PdfReader

import pdf_tools
from generator.governance.typography import half_width_by_chinese
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import write_pdf
from generator.paper.print_fit import KIT, SHEET, ink_outside


@pytest.fixture(scope="module")
def printed(sample_site, sample_pack, tmp_path_factory) -> dict[str, list[Path]]:
    """The sample's documents of every kind: the whole trainer pack, a QA plan, a calibration report and
    the handbook of the portal."""
    out, pack = tmp_path_factory.mktemp("printed"), sample_pack
    examples = Path(__file__).resolve().parent.parent / "examples" / "quality"
    assert sample_site.run("qa-plan", "--scores", str(examples / "qa-export-2026-11.csv"), "--previous",
                           str(examples / "qa-export-2026-10.csv"), "--out", str(out / "qa")).returncode == 0
    assert sample_site.run("calibrate", "--case", "refund-third-call", "--scores",
                           str(examples / "calibration-refund-third-call.csv"),
                           "--out", str(out / "calibration")).returncode == 0
    kinds = {
        "handbook": sorted((sample_site.site / "handbooks").glob("*.pdf")),
        "exam paper": sorted(pack.glob("exams/*-paper.pdf")),
        "answer key": sorted(pack.glob("exams/*-key.pdf")),
        "marking sheet": sorted(pack.glob("exams/*-marking-sheet.pdf")),
        "rubric score sheet": sorted(pack.glob("rubrics/*.pdf")),
        "role-play kit": sorted(pack.glob("roleplay/*.pdf")),
        "case grading sheets": sorted(pack.glob("cases/*.pdf")),
        "calibration report": [out / "calibration" / "calibration.pdf"],
        "QA findings": [out / "qa" / "findings.pdf"],
        "improvement plans": [out / "qa" / "plans.pdf"],
        "key facts card": sorted(pack.glob("facts/*.pdf")),
        **{f"cohort {name}": sorted(pack.glob(f"cohorts/*/{name}.pdf"))
           for name in ("plan", "sign-in", "questionnaires", "observation", "evaluation-report")},
    }
    for kind, files in kinds.items():
        assert files, kind
    return kinds


KINDS = ["handbook", "exam paper", "answer key", "marking sheet", "rubric score sheet", "role-play kit",
         "case grading sheets", "calibration report", "QA findings", "improvement plans", "key facts card", "cohort plan",
         "cohort sign-in", "cohort questionnaires", "cohort observation", "cohort evaluation-report"]


def outline(pdf: Path) -> list[tuple[str, int]]:
    reader = PdfReader(pdf)
    found: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_is_printed_outside_the_margins(printed, kind):
    margins = KIT if kind == "role-play kit" else SHEET
    for pdf in printed[kind]:
        assert ink_outside(pdf, margins) == [], pdf.name


@pytest.mark.parametrize("kind", KINDS)
def test_every_document_is_tagged_pdf_ua_with_its_title_and_language(printed, kind):
    for pdf in printed[kind]:
        report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
        assert report.is_compliant, (pdf.name, [(f.rule_id, f.message) for f in report.failures])
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
        assert reader.metadata.title and "None" not in reader.metadata.title


@pytest.mark.parametrize("kind", KINDS)
def test_bookmarks_name_what_they_open_and_long_documents_have_page_numbers(printed, kind):
    for pdf in printed[kind]:
        marks = outline(pdf)
        assert marks, pdf.name
        repeated = [title for title, count in Counter(title for title, _ in marks).items() if count > 1]
        if kind != "handbook":  # a handbook's courses each have their own 自测题 heading under the course
            assert repeated == [], (pdf.name, repeated)
        pages = pdf_tools.pages(pdf)
        if len(pages) > 1:
            for number, text in enumerate(pages, start=1):
                if kind == "handbook" and number == 1:
                    continue  # the cover
                compact = "".join(text.split())  # pdftotext keeps some of the spaces around numbers only
                assert f"第{number}页" in compact and f"共{len(pages)}页" in compact, (pdf.name, number)


def test_kit_bookmarks_and_titles_are_the_scenarios_own(printed):
    kit = next(p for p in printed["role-play kit"] if p.name == "promo-delay-third-call-kit.pdf")
    title = "大促后物流延迟：愤怒的第三次来电"
    assert [t for t, _ in outline(kit)] == [f"客户角色牌：{title}", f"客服任务卡：{title}",
                                             f"投诉案例卡：{title}", f"观察员评分表：{title}"]
    assert PdfReader(kit).metadata.title == f"课堂角色扮演套件：{title}"


def test_repeated_cohort_sheets_say_which_session_or_copy(printed):
    questionnaires = next(p for p in printed["cohort questionnaires"] if "new-hire" in str(p))
    titles = [t for t, _ in outline(questionnaires)]
    assert len(titles) == 42 and titles[0] == "培训满意度问卷：2026-12-07 周一 09:00-09:30"
    observation = next(p for p in printed["cohort observation"] if "new-hire" in str(p))
    assert [t for t, _ in outline(observation)][1] == "在岗行为观察表：第 2 份，共 10 份"


def test_the_plan_keeps_its_approval_block_whole(printed):
    for plan in printed["cohort plan"]:
        last = pdf_tools.pages(plan)[-1]
        assert "七、审批" in last and "编制人" in last and "审批人签字" in last, plan


def test_an_evaluation_report_without_data_prints_no_repository_path(printed):
    for report in printed["cohort evaluation-report"]:
        assert "assessments/" not in pdf_tools.text(report) and ".csv" not in pdf_tools.text(report)


def test_the_fit_check_sees_ink_past_a_margin(tmp_path):
    """The check can fail: a box pushed 10 mm into the right margin, and one 2 mm from the paper's edge."""
    html = ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>试</title></head><body>"
            "<p>正文</p><div style='margin-right:-{}mm;height:5mm;background:#000'></div></body></html>")
    inside, past, edge = tmp_path / "inside.pdf", tmp_path / "past.pdf", tmp_path / "edge.pdf"
    write_pdf(html.format(0), inside, STYLESHEET)
    write_pdf(html.format(10), past, STYLESHEET)
    write_pdf(html.format(16), edge, STYLESHEET)
    assert ink_outside(inside) == []
    [found] = ink_outside(past)
    assert (found.page, found.side) == (1, "right") and found.mm_from_edge < SHEET.right
    [found] = ink_outside(edge)
    assert found.mm_from_edge < 6  # inside the band no office printer reaches


def test_too_wide_tables_and_unbroken_words_wrap_inside_the_page(tmp_path):
    head = "".join(f"<th>列标题{i}</th>" for i in range(12))
    cells = "".join(f"<td>https://intranet.example/a/very/long/path/{i}/{'x' * 30}</td>" for i in range(12))
    html = ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>宽表</title></head><body>"
            f"<table><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
            f"<pre>{'长' * 10}{'a' * 300}</pre><p>{'b' * 400}</p></body></html>")
    target = tmp_path / "wide.pdf"
    write_pdf(html, target, STYLESHEET)
    assert ink_outside(target) == []
    assert page.validate_pdf(target, profile=page.ValidationProfile.PDF_UA_1).is_compliant


class _ShownText(HTMLParser):
    """The text a reader sees on a page: not scripts, styles, code or the search index."""

    HIDDEN = {"script", "style", "code", "pre", "textarea", "kbd", "samp"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def test_generated_text_has_no_half_width_marks_inside_chinese(sample_site, printed):
    found = []
    for html in sorted(sample_site.site.rglob("*.html")):
        reader = _ShownText()
        reader.feed(html.read_text(encoding="utf-8"))
        found += [f"{html.relative_to(sample_site.site)}: {hit}" for hit in half_width_by_chinese("".join(reader.parts))]
    for files in printed.values():
        for pdf in files:
            found += [f"{pdf.name}: {hit}" for hit in half_width_by_chinese(pdf_tools.text(pdf))]
    assert found == []


def test_the_punctuation_lint_sees_what_it_is_for():
    assert half_width_by_chinese("新人上岗考核（笔试）:A 卷") and half_width_by_chinese("发生时间;问题现象")
    assert half_width_by_chinese("（见第 4 页）,1 小时") and not half_width_by_chinese("09:00-09:30 1-C、2-B a, b")
