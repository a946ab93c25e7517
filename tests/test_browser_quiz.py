"""Self-checks in headless Chromium: every question type right, wrong and partly right, draws, keyboard use."""

from __future__ import annotations

import pytest

from quiz_driver import (
    COURSE_WITH_QUIZ,
    arrange,
    breakdown,
    field,
    open_quiz,
    questions_shown,
    quiz_data,
    result_text,
    submit,
    verdict,
)

pytestmark = pytest.mark.browser

ORDER = ["倾听并安抚", "确认诉求", "提出方案", "执行并跟进"]
PAIRS = {"FCR": "一次解决率", "AHT": "平均处理时长", "CSAT": "客户满意度", "SLA": "服务水平协议"}


def match(page, chosen: dict[str, str]) -> None:
    box = field(page, "metrics")
    for left, right in chosen.items():
        box.get_by_label(left, exact=True).select_option(label=right)


def test_every_type_answered_right(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    field(page, "first-reply").get_by_label("非常理解您现在的心情，我马上帮您核实。").check()
    field(page, "triggers").get_by_label("客户要求找主管").check()
    field(page, "triggers").get_by_label("涉及人身安全").check()
    field(page, "seven-day").get_by_label("错误").check()
    field(page, "first-response-hours").get_by_label("你的答案").fill(" ２４ ")  # full-width, padded
    arrange(page, "steps", ORDER)
    match(page, PAIRS)
    submit(page)

    assert result_text(page) == "得分 10 / 10 分（100%），通过。及格线 60%。"
    for question_id in ("first-reply", "triggers", "seven-day", "first-response-hours", "steps", "metrics"):
        assert verdict(page, question_id).startswith("回答正确")
    assert "先接住情绪。" in field(page, "first-reply").locator(".training-q__feedback").inner_text()
    assert "共情优先" in field(page, "first-reply").locator(".training-q__explanation strong").last.inner_text()
    assert breakdown(page) == {"共情与情绪管理": "4 / 4", "产品知识": "2 / 2", "未标注胜任力": "4 / 4"}
    assert page.get_by_role("status").filter(has_text="自测已提交").inner_text().startswith("自测已提交。得分 10 / 10")
    assert page.errors == []


def test_every_type_answered_wrong_shows_answers_feedback_and_explanations(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    field(page, "first-reply").get_by_label("我们不会骗人的。", exact=False).check()
    field(page, "triggers").get_by_label("客户询问营业时间").check()
    field(page, "seven-day").get_by_label("正确").check()
    arrange(page, "steps", list(reversed(ORDER)))  # no item in its place
    match(page, {"FCR": "平均处理时长", "AHT": "一次解决率", "CSAT": "服务水平协议", "SLA": "客户满意度"})
    submit(page)  # the fill question is left empty

    assert result_text(page) == "得分 0 / 10 分（0%），未通过。及格线 60%。"
    first = field(page, "first-reply")
    assert verdict(page, "first-reply") == "回答错误（0 / 2 分）"
    assert "正确答案：非常理解您现在的心情" in first.inner_text()
    assert "与客户争辩会升级情绪。" in first.locator(".training-q__feedback").inner_text()
    assert "先接住情绪，再处理问题。" in first.locator(".training-q__explanation").inner_text()
    assert "普通咨询不需要升级。" in field(page, "triggers").inner_text()
    assert "正确答案：错误" in field(page, "seven-day").inner_text()
    assert verdict(page, "first-response-hours") == "未作答（0 / 1 分）"
    assert "可接受的答案：24、二十四、Day" in field(page, "first-response-hours").inner_text()
    assert field(page, "steps").locator(".training-q__result ol li").all_inner_texts() == ORDER
    assert "CSAT → 客户满意度" in field(page, "metrics").inner_text()
    assert breakdown(page) == {"共情与情绪管理": "0 / 4", "产品知识": "0 / 2", "未标注胜任力": "0 / 4"}
    # Answered controls are locked; a new attempt starts fresh.
    assert field(page, "seven-day").get_by_label("正确").is_disabled()
    page.get_by_role("button", name="再做一次").click()
    assert page.locator(".training-quiz__form").get_attribute("data-attempt") == "2"
    assert page.locator(".training-q__result").count() == 0


def test_partial_credit_follows_the_documented_rule(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    field(page, "first-reply").get_by_label("非常理解您现在的心情，我马上帮您核实。").check()
    field(page, "triggers").get_by_label("客户要求找主管").check()  # 1 of 2 right, none wrong: half
    field(page, "seven-day").get_by_label("错误").check()
    field(page, "first-response-hours").get_by_label("你的答案").fill("dAY")  # case folded
    arrange(page, "steps", ["确认诉求", "倾听并安抚", "提出方案", "执行并跟进"])  # 2 of 4 in place
    match(page, {"FCR": "一次解决率", "AHT": "平均处理时长", "CSAT": "服务水平协议", "SLA": "客户满意度"})
    submit(page)

    assert verdict(page, "triggers") == "部分正确（1 / 2 分）"
    assert verdict(page, "steps") == "部分正确（1 / 2 分）"
    assert verdict(page, "metrics") == "部分正确（1 / 2 分）"
    assert verdict(page, "first-response-hours").startswith("回答正确")
    assert result_text(page) == "得分 7 / 10 分（70%），通过。及格线 60%。"
    assert breakdown(page) == {"共情与情绪管理": "3 / 4", "产品知识": "2 / 2", "未标注胜任力": "2 / 4"}


def test_wrong_pick_cancels_a_right_pick_under_partial_credit(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    for label in ("客户要求找主管", "客户询问营业时间"):
        field(page, "triggers").get_by_label(label).check()
    submit(page)
    assert verdict(page, "triggers") == "回答错误（0 / 2 分）"


def test_without_partial_credit_multiple_order_and_match_are_all_or_nothing(page, content_repo):
    from conftest import serve

    content_repo.without_paper().replace("assessments/quizzes/deescalation-check.yml", "partial_credit: true",
                                         "partial_credit: false")
    assert content_repo.build().returncode == 0
    server, url = serve(content_repo.site)
    try:
        open_quiz(page, url + COURSE_WITH_QUIZ)
        field(page, "triggers").get_by_label("客户要求找主管").check()
        arrange(page, "steps", ["确认诉求", "倾听并安抚", "提出方案", "执行并跟进"])
        match(page, {"FCR": "一次解决率", "AHT": "平均处理时长", "CSAT": "服务水平协议", "SLA": "客户满意度"})
        submit(page)
        for question_id in ("triggers", "steps", "metrics"):
            assert verdict(page, question_id) == "回答错误（0 / 2 分）"
    finally:
        server.shutdown()


def test_unshuffled_bank_keeps_the_written_order(page, fixture_server):
    for seed in (1, 2):
        open_quiz(page, fixture_server + COURSE_WITH_QUIZ, seed=seed)
        assert questions_shown(page) == ["first-reply", "triggers", "seven-day", "first-response-hours", "steps", "metrics"]
        assert field(page, "triggers").locator("label").all_inner_texts() == ["客户要求找主管", "涉及人身安全", "客户询问营业时间"]
        # Order items are always scrambled, or the question would answer itself.
        assert [t.strip() for t in field(page, "steps").locator(".training-q__text").all_inner_texts()] != ORDER


def _attempt_layout(page) -> tuple:
    shown = questions_shown(page)
    choices = tuple(
        tuple(field(page, q).locator(".training-q__option label").all_inner_texts()) for q in shown
    )
    return tuple(shown), choices


def test_draw_and_shuffle_are_repeatable_with_a_seed(page, fixture_server):
    url = fixture_server + "quizzes/etiquette-check/"
    open_quiz(page, url, seed=7)
    first = _attempt_layout(page)
    assert len(first[0]) == 5 and len(set(first[0])) == 5
    assert set(first[0]) <= {q["id"] for q in quiz_data(page)["questions"]}
    open_quiz(page, url, seed=7)
    assert _attempt_layout(page) == first
    layouts = set()
    for seed in range(1, 7):
        open_quiz(page, url, seed=seed)
        layouts.add(_attempt_layout(page))
    assert len(layouts) >= 4, "different seeds should draw or order differently"
    drawn_sets = {frozenset(layout[0]) for layout in layouts}
    assert len(drawn_sets) >= 2, "the draw should leave out different questions"


def test_retry_draws_again(page, fixture_server):
    open_quiz(page, fixture_server + "quizzes/etiquette-check/", seed=3)
    first = _attempt_layout(page)
    submit(page)
    page.get_by_role("button", name="再做一次").click()
    assert page.evaluate("document.activeElement.closest('fieldset') !== null")
    second = _attempt_layout(page)
    assert len(second[0]) == 5 and second != first


def test_payloads_in_questions_run_nothing(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    prompt = field(page, "first-reply").locator(".training-q__prompt").inner_text()
    assert "</script><script>window.__pwned = 'prompt'</script>" in prompt
    field(page, "first-reply").get_by_label("我们不会骗人的。", exact=False).check()
    submit(page)  # feedback and the right answer are shown: their markup must stay text too
    assert '<img src=x onerror="window.__pwned = \'choice\'">' in field(page, "first-reply").inner_text()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".training-quiz img").count() == 0
    assert page.errors == []


def _tab_to(page, selector: str, backwards: bool = False) -> None:
    for _ in range(60):
        if page.evaluate("sel => document.activeElement && document.activeElement.matches(sel)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"keyboard focus never reached {selector}")


def test_a_quiz_of_every_type_is_completed_with_the_keyboard_alone(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    page.locator(".training-quiz__rules").click()  # a starting point above the quiz; no control is touched
    q = '.training-quiz__form fieldset[data-question="{}"] '.format
    _tab_to(page, q("first-reply") + 'input[value="0"]')
    page.keyboard.press("Space")
    _tab_to(page, q("triggers") + 'input[value="0"]')
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    _tab_to(page, q("seven-day") + "input")
    page.keyboard.press("ArrowDown")  # radio group: moves to and checks 错误
    _tab_to(page, q("first-response-hours") + "input")
    page.keyboard.type("二十四")
    for position, text in enumerate(ORDER):
        texts = [t.strip() for t in field(page, "steps").locator(".training-q__text").all_inner_texts()]
        current = texts.index(text)
        if current == position:
            continue
        _tab_to(page, q("steps") + f'.training-q__item:nth-child({current + 1}) [data-move="up"]', backwards=current < position)
        for _ in range(current - position):
            page.keyboard.press("Enter")  # focus follows the moved item
    for index, right in enumerate(PAIRS.values()):
        _tab_to(page, q("metrics") + f".training-q__pair:nth-child({index + 1}) select")
        options = page.locator(q("metrics") + f".training-q__pair:nth-child({index + 1}) option").all_inner_texts()
        for _ in range(options.index(right)):
            page.keyboard.press("ArrowDown")
    _tab_to(page, ".training-quiz__form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".training-quiz__result")
    assert result_text(page).startswith("得分 10 / 10 分（100%），通过")
    assert page.evaluate("document.activeElement.tagName") == "H3"  # focus moves to the result
    live = page.locator(".training-quiz__live")
    assert live.get_attribute("role") == "status" and "得分 10 / 10" in live.inner_text()
