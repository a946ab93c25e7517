"""The daily review (每日复习): key facts read and checked from course front matter, scheduled in the browser by
the vendored ts-fsrs exactly as py-fsrs schedules them, a learner's day in Chromium under a controlled clock,
a changed fact starting again, phone and desktop layouts, the 要点卡 and the xAPI statement."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import pdf_tools
from conftest import REPO, browser_modules, serve
from generator.errors import ContentError
from generator.model import load_curriculum
from generator.model.entities import KeyFact
from generator.render.review import fact_key, review_data

COURSE = "curriculum/courses/basic/complaints.md"
FSRS_SCRIPT = REPO / "site_overrides" / "assets" / "vendor" / "ts-fsrs" / "ts-fsrs.umd.js"
ETIQUETTE = "courses/foundation/service-etiquette/"
CHINA = dt.timezone(dt.timedelta(hours=8))


def with_facts(repo, facts: str) -> None:
    repo.replace(COURSE, "tags: [投诉]\n", "tags: [投诉]\nkey_facts:\n" + facts)


# --- the content model ------------------------------------------------------------------------------------

def test_key_facts_are_read_with_their_lines_and_a_fingerprint(content_repo):
    with_facts(content_repo, "  - q: 常规投诉多久内首次回复？\n    a: 24 小时内\n  - {q: 升级要几次来电？, a: 3 次}\n")
    course = load_curriculum(content_repo.root).course_by_id["complaint-deescalation"]
    assert [(f.line, f.question, f.answer) for f in course.key_facts] == [
        (18, "常规投诉多久内首次回复？", "24 小时内"), (20, "升级要几次来电？", "3 次")]
    changed = KeyFact(18, "常规投诉多久内首次回复？", "12 小时内")
    assert changed.fingerprint != course.key_facts[0].fingerprint  # a changed answer starts its card again …
    assert fact_key(course, changed) == fact_key(course, course.key_facts[0])  # … under the same card


def test_broken_key_facts_are_located_in_chinese_all_in_one_run(content_repo):
    with_facts(content_repo, "  - q: 一般投诉多久内首次回复？\n    a: 24 小时内\n  - q: 一般投诉多久内首次回复？\n    a: 重复\n"
                             "  - {q: 没有答案}\n  - q: " + "长" * 130 + "\n    a: x\n    extra: 1\n  - 只有一句话\n")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    found = {(p.line, p.field, p.code) for p in raised.value.problems}
    assert found == {(20, "key_facts[1].q", "M1803"), (22, "key_facts[2].a", "V317"),
                     (23, "key_facts[3].q", "M1802"), (25, "key_facts[3].extra", "V316"), (26, "key_facts[4]", "V315")}
    assert all(p.file == COURSE for p in raised.value.problems)


def test_too_many_key_facts_are_refused(content_repo):
    with_facts(content_repo, "".join(f"  - {{q: 问题 {i}？, a: 答案 {i}}}\n" for i in range(13)))
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert [(p.field, p.code) for p in raised.value.problems] == [("key_facts", "M1801")]


def test_the_review_data_never_carries_exam_text():
    curriculum = load_curriculum(REPO)
    data = json.dumps(review_data(curriculum, None), ensure_ascii=False)
    exams = [q for bank in curriculum.quizzes if bank.is_exam for q in bank.questions]
    assert exams and not any(question.prompt in data for question in exams)
    assert len([c for c in curriculum.courses if c.key_facts]) >= 8


# --- the scheduler ----------------------------------------------------------------------------------------

RATINGS = [3, 3, 1, 3, 4, 2, 3, 3, 1, 4]


def py_fsrs_schedule() -> list[tuple[str, float, float]]:
    from fsrs import Card, Rating, Scheduler

    scheduler = Scheduler(enable_fuzzing=False)
    now = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    card, out = Card(due=now), []
    for rating in RATINGS:
        card, _ = scheduler.review_card(card, Rating(rating), now)
        out.append((card.due.strftime("%Y-%m-%dT%H:%M:%S"), round(card.stability, 4), round(card.difficulty, 4)))
        now = card.due
    return out


def test_the_browser_scheduler_gives_py_fsrs_due_dates(browser):
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><meta charset=utf-8><title>fsrs</title>")
        page.add_script_tag(content=FSRS_SCRIPT.read_text(encoding="utf-8"))
        schedule = page.evaluate("""(ratings) => {
            const f = FSRS.fsrs(FSRS.generatorParameters({enable_fuzz: false}));
            let now = new Date("2026-12-01T08:00:00Z"), card = FSRS.createEmptyCard(now);
            return ratings.map(r => { card = f.next(card, now, r).card; now = card.due;
              return [card.due.toISOString().slice(0, 19), Math.round(card.stability * 1e4) / 1e4,
                      Math.round(card.difficulty * 1e4) / 1e4]; }); }""", RATINGS)
    finally:
        page.close()
    assert [tuple(row) for row in schedule] == py_fsrs_schedule()


# --- a learner's days -------------------------------------------------------------------------------------

def review_all(page, rating: int) -> int:
    count = 0
    while page.locator("[data-review-reveal]").count():
        page.locator("[data-review-reveal]").click()
        page.locator(f"[data-rating='{rating}']").click()
        count += 1
        assert count < 40
    return count


def test_a_learner_finishes_a_course_reviews_it_and_comes_back_when_cards_are_due(browser, sample_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 10, 9, 0, tzinfo=CHINA))
    try:
        page.goto(sample_server)
        assert page.locator("[data-training-review-due]").is_hidden()  # nothing finished yet
        page.goto(sample_server + ETIQUETTE)
        assert "review.js" not in page.content() and "ts-fsrs" not in page.content()  # course pages stay light
        page.locator("[data-training-complete]").click()
        page.goto(sample_server)
        due = page.locator("[data-training-review-due]")
        assert due.is_visible() and due.inner_text().split() == ["今日复习", "4", "张"]
        due.locator("a").click()
        page.wait_for_url("**/review/")
        assert page.locator("[data-review-status]").inner_text() == "今日复习：还剩 4 张"
        assert page.locator("[data-review-question]").inner_text() == "在线客服接入后多久内发出首次回复？"
        assert page.locator("[data-review-answer]").is_hidden()
        assert review_all(page, 4) == 4  # 简单: straight to days from now
        status = page.locator("[data-review-status]").inner_text()
        assert status.startswith("今天的复习完成了，共 4 张。下一张在 2026-12-")
        stored = page.evaluate("JSON.parse(localStorage.getItem('training-progress:/')).review")
        assert len(stored) == 4 and all(card["course"] == "service-etiquette" for card in stored.values())

        page.clock.set_system_time(dt.datetime(2026, 12, 11, 9, 0, tzinfo=CHINA))  # the next day: nothing due yet
        page.goto(sample_server + "review/")
        assert page.locator("[data-review-status]").inner_text().startswith("今天没有要复习的卡片。下一张在 ")
        page.goto(sample_server)
        assert page.locator("[data-review-count]").inner_text() == "0"

        page.clock.set_system_time(dt.datetime(2027, 1, 10, 9, 0, tzinfo=CHINA))  # a month on: every card is due
        page.goto(sample_server)
        assert page.locator("[data-review-count]").inner_text() == "4"
        page.goto(sample_server + "review/")
        assert review_all(page, 3) == 4
        again = page.evaluate("JSON.parse(localStorage.getItem('training-progress:/')).review")
        assert all(card["card"]["reps"] == 2 for card in again.values())
    finally:
        context.close()


def test_a_changed_fact_starts_again_and_the_learner_is_told_why(browser, sample_server):
    page = browser.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC))
    try:
        page.goto(sample_server + ETIQUETTE)
        page.locator("[data-training-complete]").click()
        page.goto(sample_server + "review/")
        review_all(page, 4)
        # The course's next version changes the answer of one fact: its fingerprint is no longer the one kept.
        key = page.evaluate("""() => { const data = JSON.parse(localStorage.getItem('training-progress:/'));
            const key = Object.keys(data.review)[0]; data.review[key].fp = 'an-older-fact';
            localStorage.setItem('training-progress:/', JSON.stringify(data)); return key; }""")
        page.goto(sample_server + "review/")
        notice = page.locator("[data-review-reset]")
        assert "已在课程《电话与在线沟通礼仪》第 3 版中更新，这张卡片已重新开始复习" in notice.inner_text()
        assert page.locator("[data-review-status]").inner_text() == "今日复习：还剩 1 张"
        assert page.locator("[data-review-card] article").get_attribute("data-review-key") == key
        review_all(page, 4)
        kept = page.evaluate("JSON.parse(localStorage.getItem('training-progress:/')).review")
        assert kept[key]["fp"] != "an-older-fact" and kept[key]["card"]["reps"] == 1
    finally:
        page.close()


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 900)])
def test_the_review_fits_a_phone_and_a_desktop_with_large_targets(browser, sample_server, width, height, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(sample_server + ETIQUETTE)
        page.locator("[data-training-complete]").click()
        page.goto(sample_server + "review/")
        reveal = page.locator("[data-review-reveal]").bounding_box()
        assert reveal["height"] >= 44
        page.locator("[data-review-reveal]").click()
        boxes = page.locator(".training-review__rate").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().toJSON())")
        assert len(boxes) == 4 and all(b["height"] >= 44 and b["width"] >= 44 for b in boxes)
        assert len({round(b["top"]) for b in boxes}) == 1  # one row, reached with one thumb
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"review-{width}.png"))
    finally:
        context.close()


# --- progress carried and recorded -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def js(browser):
    with browser_modules(browser, ("question-types", "dom", "store", "xapi")) as call:
        yield call


def test_imported_progress_keeps_the_card_rated_last(js):
    merged = js("""() => { const into = {courses: {}, quizzes: {}, review: {a: {last: '2026-12-02', n: 'mine'},
                                                                         b: {last: '2026-12-05', n: 'mine'}}};
        merge(into, {courses: {}, quizzes: {}, review: {a: {last: '2026-12-04', n: 'theirs'}, b: {last: '2026-12-01', n: 'theirs'},
                                                        c: {last: '2026-12-01', n: 'theirs'}, d: 'not a card'}});
        return into.review; }""")
    assert {key: card["n"] for key, card in merged.items()} == {"a": "theirs", "b": "mine", "c": "theirs"}


def test_a_rated_fact_is_an_xapi_statement(js):
    made = js("""() => reviewStatement('https://p.example/', {course: 'service-etiquette', key: 'ab12cd34',
        question: '电话应在铃响几声内接起？', version: 3, rating: 3, due: '2026-12-12T01:00:00.000Z'})""")
    assert made["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert made["object"]["id"] == "https://p.example/activities/fact/service-etiquette/ab12cd34"
    assert made["object"]["definition"]["name"] == {"zh-CN": "电话应在铃响几声内接起？"}
    assert made["result"] == {"response": "良好", "extensions": {"https://p.example/records/rating": 3,
                                                               "https://p.example/records/due": "2026-12-12T01:00:00.000Z"}}
    assert made["context"]["extensions"] == {"https://p.example/records/version": 3}


def test_markup_in_a_key_fact_is_text_on_the_page_in_the_data_and_on_paper(content_repo, browser, tmp_path):
    hostile = "<img src=x onerror=window.__pwned=1></script><b>粗体</b>"
    with_facts(content_repo, f"  - q: '{hostile}'\n    a: '答案 {hostile}'\n")
    result = content_repo.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    review = (content_repo.site / "review" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in review and "</script><b>" not in review  # escaped inside the JSON
    server, url = serve(content_repo.site)
    page = browser.new_page()
    try:
        page.goto(url + "courses/basic/complaints/")
        page.locator("[data-training-complete]").click()
        page.goto(url + "review/")
        page.locator("[data-review-reveal]").click()
        assert page.locator("[data-review-question]").inner_text() == hostile
        assert page.locator("[data-review-card] img, [data-review-card] b").count() == 0
        assert page.evaluate("window.__pwned === undefined")
    finally:
        page.close()
        server.shutdown()
    out = tmp_path / "pack"
    assert content_repo.run("trainer-pack", "--out", str(out), "--only", "facts").returncode == 0
    printed = pdf_tools.text(out / "facts" / "complaint-deescalation-key-facts.pdf")
    assert "<b>粗体</b>" in printed and "<img src=x" in printed  # printed as written, not as markup


def test_a_key_fact_is_one_line_of_text(content_repo):
    with_facts(content_repo, '  - {q: "两行\\n文字", a: x}\n  - {q: !!binary aGVsbG8=, a: x}\n  - {q: "a\\u0000b", a: x}\n')
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    found = [(p.field, p.code, p.message) for p in raised.value.problems]
    assert [(field, code) for field, code, _ in found] == [
        ("key_facts[0].q", "V326"), ("key_facts[1].q", "V302"), ("key_facts[2].q", "V326")]
    assert "二进制数据" in found[1][2] and "U+0000" in found[2][2]
