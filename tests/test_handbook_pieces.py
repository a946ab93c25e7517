"""A large handbook printed in pieces and merged: the same book as printed whole (pages, outline, links,
tagged structure), with bounded memory. The fixture's books are cut into pieces of a few courses here
(`handbook_piece_kb: 1`); the whole fixture site prints them whole."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import page
import pikepdf
import pytest
from pypdf import PdfReader

import pdf_tools
from conftest import make_repo, shared_build
from generator.paper import book_job
from generator.paper.book_links import BookLinks, for_book
from generator.paper.book_pieces import BOOK_SCHEME, _Tags, answers_mark, plan_book, unit_mark

NONCE = "0123456789abcdef"


@pytest.fixture(scope="session")
def cut_fixture_site(tmp_path_factory):
    def make(root: Path):
        repo = make_repo(root)
        repo.replace("mkdocs.yml", "  - training:\n", "  - training:\n      handbook_piece_kb: 1\n")
        return repo
    return shared_build(tmp_path_factory, "fixture-cut", make)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    reader = PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return found


def links(pdf: Path) -> list[tuple[int, str, int | None]]:
    """Each link: the page it is on, where it goes (a named destination's page, or the URI)."""
    reader = PdfReader(pdf)
    names = reader.named_destinations
    found = []
    for number, sheet in enumerate(reader.pages, start=1):
        for annotation in sheet.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                name = str(annotation["/Dest"])
                found.append((number, name, reader.get_destination_page_number(names[name]) + 1 if name in names else None))
            elif "/A" in annotation:
                found.append((number, str(annotation["/A"].get("/URI")), None))
    return found


def without_total(text: str) -> str:
    return re.sub(r"共\s*\d+\s*页", "共 N 页", text.strip())


def answers_text(pages: list[str]) -> list[str]:
    """The appendix's lines, without its title, running heads and page numbers, in order of their text (poppler
    reads a page's heading after its table on some pages)."""
    lines = ("".join(line.split()) for text in pages for line in text.split("\n"))
    return sorted(line for line in lines if line and line not in ("附录", "自测题参考答案", "附录自测题参考答案")
                  and not re.fullmatch(r"第\d+页/共\d+页", line))


@pytest.mark.parametrize("name", ["operator-handbook", "complaint-card"])
def test_a_book_printed_in_pieces_is_the_book_printed_whole(cut_fixture_site, built_fixture_site, name):
    cut = cut_fixture_site.site / "handbooks" / f"{name}.pdf"
    whole = built_fixture_site.site / "handbooks" / f"{name}.pdf"
    assert f"handbooks/{name}.pdf" in cut_fixture_site.build_log
    assert "operator-handbook.pdf: " in cut_fixture_site.build_log and " pieces" in cut_fixture_site.build_log
    # The same pages up to the answers appendix, which the cut book starts again on a new page at each cut
    # (at `handbook_piece_kb: 1`, before every course's answers): the same answers, on more pages.
    cut_pages, whole_pages = pdf_tools.pages(cut), pdf_tools.pages(whole)
    appendix = next(page for _, title, page in outline(whole) if "自测题参考答案" in title) - 1
    assert [without_total(text) for text in cut_pages[:appendix]] == [without_total(text) for text in whole_pages[:appendix]]
    assert re.search(rf"共\s*{len(cut_pages)}\s*页", cut_pages[1])
    assert answers_text(cut_pages[appendix:]) == answers_text(whole_pages[appendix:])
    assert [(depth, title) for depth, title, _ in outline(cut)] == [(depth, title) for depth, title, _ in outline(whole)]
    assert [mark for mark in outline(cut) if mark[2] <= appendix] == [mark for mark in outline(whole) if mark[2] <= appendix]
    assert [page for _, title, page in outline(cut) if "自测题参考答案" in title] == [appendix + 1]
    assert links(cut) == links(whole)
    assert not any(BOOK_SCHEME in target for _, target, _ in links(cut))
    report = page.validate_pdf(cut, profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    reader = PdfReader(cut)
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert reader.metadata.title == PdfReader(whole).metadata.title


def test_the_cut_book_has_one_structure_tree_and_page_numbers_on_every_body_page(cut_fixture_site):
    pdf = cut_fixture_site.site / "handbooks" / "operator-handbook.pdf"
    with pikepdf.open(pdf) as book:
        root = book.Root.StructTreeRoot
        keys = [int(root.ParentTree.Nums[index]) for index in range(0, len(root.ParentTree.Nums), 2)]
        assert len(keys) == len(set(keys)) and int(root.ParentTreeNextKey) == max(keys) + 1
        pages = {int(sheet.obj.StructParents) for sheet in book.pages}
        assert len(pages) == len(book.pages) and pages <= set(keys)
        assert [str(kid.S) for kid in root.K] == ["/Document"]
    texts = pdf_tools.pages(pdf)
    for number, text in enumerate(texts[1:], start=2):
        assert f"第 {number} 页 / 共 {len(texts)} 页" in text


def test_the_cut_book_embeds_each_font_once_and_draws_every_page_as_the_whole_book(cut_fixture_site, built_fixture_site,
                                                                                   tmp_path):
    cut = cut_fixture_site.site / "handbooks" / "operator-handbook.pdf"
    whole = built_fixture_site.site / "handbooks" / "operator-handbook.pdf"
    programs: dict[str, set] = {}
    with pikepdf.open(cut) as book:
        for obj in book.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                files = [obj[key].objgen for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in obj]
                programs.setdefault(str(obj.FontName), set()).update(files)
    assert len(programs) >= 3 and all(len(found) == 1 for found in programs.values()), programs
    assert cut.stat().st_size < 1.6 * whole.stat().st_size
    # The shared programs hold every glyph the pieces draw, and each piece starts where the book did: the pages
    # look exactly as the whole book's but for the total in the footer (up to the appendix, which the cut book
    # paginates on its own).
    appendix = next(page for _, title, page in outline(whole) if "自测题参考答案" in title)
    for number in range(1, appendix):
        assert rendered(cut, number, tmp_path / "cut") == rendered(whole, number, tmp_path / "whole"), number


def rendered(pdf: Path, number: int, folder: Path) -> bytes:
    """The page's pixels above the footer (the book's length differs), at 50 dpi."""
    from PIL import Image

    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(pdf),
                    str(folder / "page")], check=True)
    with Image.open(folder / "page.png") as image:
        return image.convert("L").crop((0, 0, image.width, int(image.height * 0.93))).tobytes()


# The planning of pieces, on a book made here: units are marked with the build's nonce.

def book(*units: str, nonce: str = NONCE) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>书</title>\n</head>\n<body>\n'
            + "".join(unit_mark(nonce) + unit if index else unit for index, unit in enumerate(units))
            + "\n</body>\n</html>\n")


FRONT = '<section class="cover"><h1>书</h1></section><nav class="toc"><a href="#course-a">甲</a><a href="#course-c">丙</a></nav>'


def course(name: str, body: str = "") -> str:
    return f'\n<article class="course" id="course-{name}">\n<h1>课程{name}</h1>\n<p>{"正文。" * 200}</p>{body}\n</article>\n'


def test_a_small_book_is_not_cut():
    assert plan_book(book(FRONT, course("a")), NONCE, budget=100_000).pieces == []


def test_units_are_grouped_and_links_between_pieces_carry_a_number_token():
    html = book(FRONT, '<section class="part" id="part-1"><a class="page-ref" href="#course-a">甲</a></section>',
                course("a", '<a class="page-ref" href="#course-b">乙</a>'), course("b"), course("c"),
                course("d", '<a class="page-ref" href="#course-a">甲</a>'),
                '<section class="answers" id="answers"><h1>附录</h1></section>')
    plan = plan_book(html, NONCE, budget=2 * len(course("x")) + 100)
    contents = [[name for name in "abcd" if f'id="course-{name}"' in piece.html] for piece in plan.pieces]
    assert contents == [[], [], ["a", "b"], ["c", "d"], []]
    assert 'class="cover"' in plan.pieces[0].html and 'class="part"' in plan.pieces[1].html
    assert 'class="answers"' in plan.pieces[4].html
    assert [piece.kind for piece in plan.pieces] == ["front", "body", "body", "body", "body"]
    # a link inside its piece stays for WeasyPrint; one to another piece goes out with a token for its page
    assert '<a class="page-ref" href="#course-b">' in plan.pieces[2].html
    assert f'href="{BOOK_SCHEME}course-a" data-page="{NONCE}:0"' in plan.pieces[3].html
    assert plan.pieces[3].refs == ["course-a"] and plan.pieces[2].anchors == ["course-a"]
    assert plan.pieces[0].refs == ["course-a", "course-c"]
    # every piece is a whole document with the book's head
    assert all(piece.html.startswith("<!DOCTYPE html>") and piece.html.rstrip().endswith("</html>") for piece in plan.pieces)


def test_a_course_that_refers_to_a_later_piece_is_a_piece_of_its_own():
    html = book(FRONT, course("a"), course("b", '<a class="page-ref" href="#course-d">丁</a>'), course("c"), course("d"))
    plan = plan_book(html, NONCE, budget=3 * len(course("x")) + 100)
    contents = [[name for name in "abcd" if f'id="course-{name}"' in piece.html] for piece in plan.pieces]
    assert contents == [[], ["a"], ["b"], ["c"], ["d"]]


def test_a_chain_of_links_to_the_next_course_does_not_shatter_the_book():
    chain = [course(name, f'<a class="page-ref" href="#course-{after}">下一讲</a>') for name, after in zip("abcdef", "bcdefg")]
    plan = plan_book(book(FRONT, *chain, course("g")), NONCE, budget=2 * len(chain[0]) + 100)
    contents = [[name for name in "abcdefg" if f'id="course-{name}"' in piece.html] for piece in plan.pieces]
    assert contents == [[], ["a", "b"], ["c", "d"], ["e", "f"], ["g"]]  # each piece printed twice, none set apart


def test_course_text_cannot_cut_the_book_where_it_likes():
    forged = course("a", "&lt;!--book-unit:0123--&gt;" + unit_mark("forged-nonce"))
    plan = plan_book(book(FRONT, forged, course("b")), NONCE, budget=10)
    assert [piece.html.count('class="course"') for piece in plan.pieces] == [0, 1, 1]


# Printing, in this process, on the book made here.

def printed_pages(pdf: Path) -> list[str]:
    return [" ".join(text.split()) for text in pdf_tools.pages(pdf)]


def test_pieces_that_do_not_settle_are_printed_whole(tmp_path, monkeypatch):
    html = book(FRONT, course("a"), course("b", '<a class="page-ref" href="#course-a">甲</a>'), course("c"))
    plan = plan_book(html, NONCE, budget=10)
    printed = book_job.print_book(plan, tmp_path / "cut.pdf", [tmp_path], str(tmp_path))
    assert (printed.pages, printed.pieces, printed.whole_because) == (5, 4, "")
    monkeypatch.setattr(book_job, "ROUNDS", 1)  # the first round always prints: it cannot be the last
    whole = book_job.print_book(plan, tmp_path / "whole.pdf", [tmp_path], str(tmp_path))
    assert (whole.pages, whole.pieces, whole.whole_because) == (5, 1, "page numbers not settled after 1 rounds")
    assert printed_pages(tmp_path / "cut.pdf") == printed_pages(tmp_path / "whole.pdf")
    cut = ["".join(text.split()) for text in printed_pages(tmp_path / "cut.pdf")]
    assert len(cut) == 5 and "（见第3页）" in cut[3] and cut[2].startswith("课程a")
    with pikepdf.open(tmp_path / "whole.pdf") as whole:
        assert "/Outlines" in whole.Root
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cut.pdf", "whole.pdf"]  # no piece left behind


def test_a_target_no_piece_lays_out_is_printed_as_in_the_whole_book(tmp_path):
    html = book(FRONT, course("a", '<span id="hidden" style="display:none">藏</span>'),
                course("b", '<a class="page-ref" href="#hidden">藏</a>'))
    plan = plan_book(html, NONCE, budget=10)
    assert plan.pieces[2].refs == ["hidden"]
    assert book_job.print_book(plan, tmp_path / "cut.pdf", [tmp_path], str(tmp_path)).pieces == 3
    book_job.print_book(plan_book(html, NONCE, budget=10**6), tmp_path / "whole.pdf", [tmp_path], str(tmp_path))
    assert printed_pages(tmp_path / "cut.pdf") == printed_pages(tmp_path / "whole.pdf")
    assert "888" not in "".join(printed_pages(tmp_path / "cut.pdf"))
    with pikepdf.open(tmp_path / "cut.pdf") as cut:
        annotations = [a for sheet in cut.pages for a in sheet.obj.get("/Annots", [])]
        assert all("/Dest" in a or "/A" in a for a in annotations)  # no link left going nowhere


def test_a_percent_encoded_fragment_is_decoded_once(tmp_path):
    html = book(FRONT, course("a", '<span id="pct%41">百分号</span>'), course("b", '<a class="page-ref" href="#pct%2541">百</a>'))
    plan = plan_book(html, NONCE, budget=10)
    assert plan.pieces[2].refs == ["pct%41"]
    book_job.print_book(plan, tmp_path / "cut.pdf", [tmp_path], str(tmp_path))
    assert "百（见第3页）" in "".join(printed_pages(tmp_path / "cut.pdf")[3].split())
    assert {link for link in links(tmp_path / "cut.pdf") if link[0] == 4} == {(4, "pct%41", 3)}


def test_a_quote_in_a_course_link_cannot_add_attributes(tmp_path):
    links_ = BookLinks(course_by_url={"courses/b/": "b"}, in_book={"a", "b"}, files_dir=tmp_path)
    body = for_book('<p><a href="#x&quot; data-page=&quot;5">本页</a><a href="../b/#y&quot; id=&quot;course-b">乙</a></p>',
                    "a", "courses/a/", links_)
    tags = _Tags()
    tags.feed(body)
    assert [dict(attrs) for _, _, attrs in tags.links] == [
        {"class": "page-ref", "href": '#c-a-x" data-page="5'},
        {"class": "page-ref", "href": '#c-b-y" id="course-b'},
    ]
    assert tags.ids == []


def answers(count: int, nonce: str = NONCE) -> str:
    rows = "".join(f'{answers_mark(nonce)}<section class="answers__course" id="answers-{n}"><h2>答案{n}</h2><p>{"答。" * 300}</p></section>'
                   for n in range(count))
    return f'<section class="answers" id="answers"><h1 class="answers__title" data-running-title="附录　自测题参考答案">附录　自测题参考答案</h1>{rows}</section>'


def test_an_answers_appendix_over_the_budget_is_cut_between_courses_and_keeps_its_head_and_bookmarks(tmp_path):
    html = book(FRONT, course("a"), answers(6))
    plan = plan_book(html, NONCE, budget=len(answers(2)))
    assert [piece.kind for piece in plan.pieces] == ["front", "body", "body", "continued", "continued"]
    assert [piece.html.count('class="answers__course"') for piece in plan.pieces] == [0, 0, 2, 2, 2]
    assert answers_mark(NONCE) not in "".join(piece.html for piece in plan.pieces)
    printed = book_job.print_book(plan, tmp_path / "cut.pdf", [tmp_path], str(tmp_path))
    book_job.print_book(plan_book(html, NONCE, budget=10**6), tmp_path / "whole.pdf", [tmp_path], str(tmp_path))
    assert printed.pieces == 5
    # the same bookmarks, nested the same way (the pages after the first cut differ: a cut starts a page)
    assert [(depth, title) for depth, title, _ in outline(tmp_path / "cut.pdf")] == \
        [(depth, title) for depth, title, _ in outline(tmp_path / "whole.pdf")]
    pages = pdf_tools.pages(tmp_path / "cut.pdf")
    for number, text in enumerate(pages[3:], start=4):  # every page of the appendix: its running head, its number
        words = "".join(text.split())  # only the running head says 自测题参考答案 after page 4
        assert "自测题参考答案" in words and f"第{number}页/共{len(pages)}页" in words
    with pikepdf.open(tmp_path / "cut.pdf") as cut:
        assert int(cut.Root.Outlines.Count) == len(outline(tmp_path / "cut.pdf"))


def test_a_fault_in_printing_is_reported_as_an_error_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    html = book(FRONT, course("a"), course("b"))
    source = tmp_path / "book.book.json"
    source.write_text(plan_book(html, NONCE, budget=10).dumps(), encoding="utf-8")
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ValueError("坏了")
    monkeypatch.setattr(book_job, "render_document", broken)
    assert book_job.main([str(source), str(tmp_path / "book.pdf"), str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert "book.pdf" in report["error"] and "ValueError: 坏了" in report["error"] and report["missing"] == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["book.book.json"]
