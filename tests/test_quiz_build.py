"""Quizzes as built: embedded data, the list without JavaScript, milestone pages, exam banks kept out."""

from __future__ import annotations

import gzip
import html as html_lib
import json
import re
from pathlib import Path

import pytest

import pdf_tools
from generator.model import load_curriculum
from generator.model.layout import ContentLayout
from generator.render.quiz import ExamBankError, quiz_data, script_json

JS_BUDGET_GZIPPED = 12 * 1024


def _quiz_json(page_html: str) -> dict:
    match = re.search(r'<script type="application/json" class="training-quiz__data">(.*?)</script>', page_html, re.S)
    assert match, "no quiz data in the page"
    return json.loads(match.group(1))


def test_script_json_escapes_markup_characters():
    text = str(script_json({"a": "</script><img onerror=x> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><img onerror=x> & <!--"}


def test_course_page_embeds_its_quiz(built_fixture_site):
    page = built_fixture_site.html("courses/basic/complaints")
    data = _quiz_json(page)
    assert data["id"] == "deescalation-check" and data["passScore"] == 60 and data["partial"] is True
    assert [q["type"] for q in data["questions"]] == ["single", "multiple", "true-false", "fill", "order", "match"]
    assert data["competencies"] == {"empathy": "共情与情绪管理", "product": "产品知识"}
    # Markdown is rendered at build time, into the data and into the no-JavaScript list alike.
    assert "<strong>共情优先</strong>" in data["questions"][0]["explanation"]
    assert 'data-training-course="complaint-deescalation" data-training-version="3"' in page


def test_payloads_in_questions_stay_text(built_fixture_site):
    page = built_fixture_site.html("courses/basic/complaints")
    assert "window.__pwned" in page  # the payload is there, as text
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")
    data = _quiz_json(page)
    prompt, bad_choice = data["questions"][0]["prompt"], data["questions"][0]["choices"][1]["html"]
    assert "&lt;/script&gt;&lt;script&gt;" in prompt and "&lt;img src=x onerror=" in bad_choice


def test_without_javascript_questions_read_as_a_list_with_answers_folded(built_fixture_site):
    page = built_fixture_site.html("courses/basic/complaints")
    static = page.split('<ol class="training-quiz__static">')[1].split("</ol>\n  <div")[0]
    assert static.count('<li class="training-quiz__question">') == 6
    assert static.count("<details class=\"training-quiz__answer\">") == 6
    assert "<details open" not in static
    answers = re.findall(r"<details.*?</details>", static, re.S)
    assert "正确答案：非常理解您现在的心情" in answers[0] and "与客户争辩会升级情绪。" in answers[0]
    assert "可接受的答案：24、二十四、Day" in answers[3]
    # The order question's items are listed out of order outside the folded answer.
    items = re.findall(r"<li>(.*?)</li>", static.split("排序题")[1].split("<details")[0])
    assert sorted(items) == sorted(["倾听并安抚", "确认诉求", "提出方案", "执行并跟进"])
    assert items != ["倾听并安抚", "确认诉求", "提出方案", "执行并跟进"]


def test_quiz_answers_stay_out_of_the_search_index(built_fixture_site):
    index = json.loads((built_fixture_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [doc for doc in index["docs"] if doc["location"].startswith("courses/basic/complaints/")]
    assert docs and not any("quiz" in doc["location"] for doc in docs)
    assert not any(doc["location"].startswith("quizzes/") and doc["text"] for doc in index["docs"])
    text = json.dumps(docs, ensure_ascii=False).replace("\u200b", "")
    assert "普通咨询不需要升级" not in text and "可接受的答案" not in text and "查看答案与解析" not in text


def test_milestone_quiz_gets_its_own_page_linked_from_the_path(built_fixture_site):
    page = built_fixture_site.html("quizzes/etiquette-check")
    assert _quiz_json(page)["id"] == "etiquette-check"
    assert "data-training-course" not in page.split('class="training-quiz"')[1].split(">")[0]
    path = built_fixture_site.html("paths/new-hire")
    assert 'href="../../quizzes/etiquette-check/">电话礼仪自测</a>' in path
    assert "阶段测验" in built_fixture_site.html("")  # in the navigation


def test_path_and_home_embed_step_data_for_progress(built_fixture_site):
    path = built_fixture_site.html("paths/new-hire")
    data = json.loads(re.search(r'class="training-paths-data">(.*?)</script>', path, re.S).group(1))
    steps = data[0]["steps"]
    assert [s.get("course") or s.get("milestone") or s.get("scenario") for s in steps] == [
        "service-etiquette", "product-basics", "第 1 周测验", "complaint-deescalation", "late-delivery"]
    assert steps[4] == {"scenario": "late-delivery", "title": "第 2 周 模拟考核", "url": "../../scenarios/late-delivery/",
                        "optional": False}
    assert steps[1]["optional"] and steps[3]["version"] == 3 and steps[3]["quiz"] == "deescalation-check"
    assert steps[2]["quiz"] == "etiquette-check" and steps[2]["url"] == "../../quizzes/etiquette-check/"
    home = built_fixture_site.html("")
    assert "data-training-mine" in home and "导出学习进度" in home


def _published_text(site: Path) -> str:
    """Every published file as text; JSON decoded and PDF text extracted so that no encoding hides a string."""
    parts = []
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        if file.suffix == ".pdf":  # handbooks: their text, not their compressed streams
            parts.append(pdf_tools.text(file))
            continue
        raw = file.read_bytes()
        if file.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", errors="ignore")
        if file.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        parts.append(html_lib.unescape(text))
    return "\n".join(parts)


def _exam_strings(repo_root: Path) -> list[str]:
    layout = ContentLayout(root=repo_root, docs_dir="curriculum", assessments_dir="assessments", handbooks_file="handbooks.yml")
    curriculum = load_curriculum(layout)
    strings = []
    for bank in (b for b in curriculum.quizzes if b.is_exam):
        for q in bank.questions:
            strings += [q.prompt, q.explanation, *q.answers, *q.items]
            strings += [c.text for c in q.choices] + [c.feedback for c in q.choices]
            strings += [side for pair in q.pairs for side in pair]
    # Short strings (两字答案) occur in ordinary course text; long ones identify the exam.
    return sorted({s for s in strings if s and len(s) >= 8})


@pytest.mark.parametrize("site_fixture", ["built_fixture_site", "sample_site"])
def test_no_exam_bank_text_is_published(request, site_fixture):
    repo = request.getfixturevalue(site_fixture)
    strings = _exam_strings(repo.root)
    assert len(strings) >= (1 if site_fixture == "built_fixture_site" else 20)
    published = _published_text(repo.site)
    assert [s for s in strings if s in published] == []
    if site_fixture == "built_fixture_site":
        assert "EXAM-SECRET" not in published


def test_exam_bank_is_refused_by_the_renderer(built_fixture_site):
    layout = ContentLayout(root=built_fixture_site.root, docs_dir="curriculum", assessments_dir="assessments",
                           handbooks_file="handbooks.yml")
    curriculum = load_curriculum(layout)
    with pytest.raises(ExamBankError):
        quiz_data(curriculum, curriculum.quiz_by_id["final-exam"])


def test_quiz_and_progress_script_fits_the_budget(built_fixture_site):
    """learn.js and every module it imports, each gzipped as it is served: what a course page's first visit
    transfers of the portal's script."""
    from generator import browser as browser_code

    served = [built_fixture_site.site / browser_code.path(name) for name in browser_code.load_order(["learn"])]
    size = sum(len(gzip.compress(module.read_bytes(), compresslevel=9)) for module in served)
    assert size <= JS_BUDGET_GZIPPED, f"learn.js and its imports are {size} bytes gzipped, budget {JS_BUDGET_GZIPPED}"
    # The same modules for every page, never inlined.
    for page in ("", "courses/basic/complaints", "paths/new-hire", "quizzes/etiquette-check"):
        html = built_fixture_site.html(page)
        assert html.count('<script type="module" src="') >= 1 and "function setUpQuiz" not in html
        assert html.count("assets/training/learn.js") == 1 and html.count("assets/training/quiz.js") == 1


def test_bank_fingerprints_are_those_learning_records_already_hold():
    """The fingerprint is computed without dataclasses.asdict now (it was a build's hot spot); every sample bank
    keeps the value statements in a learning record store already carry."""
    import hashlib
    import json
    from dataclasses import asdict
    from pathlib import Path

    from generator.model import load_curriculum

    def without_lines(value):
        if isinstance(value, dict):
            return {key: without_lines(item) for key, item in value.items() if key != "line"}
        if isinstance(value, list):
            return [without_lines(item) for item in value]
        return value

    for bank in load_curriculum(Path(__file__).resolve().parents[1]).quizzes:
        content = [without_lines(asdict(question)) for question in bank.questions]
        text = json.dumps([bank.pass_score, bank.draw, bank.partial_credit, content], ensure_ascii=False,
                          sort_keys=True, default=str)
        assert bank.version == hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], bank.id
