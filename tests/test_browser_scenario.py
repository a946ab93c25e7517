"""Role-play scenarios in headless Chromium: best and worst plays, the per-criterion result, replays,
keyboard-only play, a phone screen, accessibility, requests, and progress on the path."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from network_watch import NetworkWatch
from test_browser_accessibility import serious_violations

pytestmark = pytest.mark.browser

SCENARIO = "scenarios/late-delivery/"
COURSE = "courses/basic/complaints/"
PATH = "paths/new-hire/"
# (node, written index of the answer) along each play of tests/fixtures/minimal's late-delivery.
BEST = [("n1", 0), ("n2", 0)]
WORST = [("n1", 1), ("n3", 1)]


def option(page, index: int):
    return page.locator(f".training-scenario__option[data-choice='{index}']")


def play(page, moves) -> None:
    for _, index in moves:
        option(page, index).click()


def start(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="开始模拟").click()


def scores(page) -> dict[str, str]:
    rows = page.locator(".training-scenario__scores tbody tr")
    return {row.locator("th").inner_text(): row.locator("td").inner_text() for row in rows.all()}


def stored(page) -> dict:
    return page.evaluate("JSON.parse(localStorage.getItem('training-progress:/'))")


def test_best_play_earns_full_marks_and_feedback_waits_for_the_end(page, fixture_server):
    start(page, fixture_server + SCENARIO)
    assert page.locator(".training-scenario__line--customer").inner_text().endswith("我的包裹到底什么时候到？")
    option(page, BEST[0][1]).click()
    during = page.inner_text("article")
    assert "先接住情绪。" not in during and "+20" not in during and page.locator("[data-scenario-result]").is_hidden()
    assert page.locator(".training-scenario__line--agent").inner_text().endswith("非常抱歉让您久等，我马上帮您查。")
    assert page.locator(".training-scenario__line--customer").nth(1).inner_text().endswith("好，你快点查。")
    play(page, BEST[1:])
    result = page.locator("[data-scenario-result]")
    assert result.is_visible()
    assert page.locator(".training-scenario__verdict").inner_text() == "通过：100 / 100 分（80 分通过）"
    assert scores(page) == {"情绪管理": "40 / 40", "解决方案": "60 / 60"}
    assert page.locator(".training-scenario__scores tfoot td").inner_text() == "100 / 100"
    assert "通话结束 · 已解决" in result.inner_text() and "客户接受加急和补偿。" in result.inner_text()
    assert "先道歉，再查询，给出具体方案和回电时间。" in result.inner_text()  # the model answer
    review = page.locator(".training-scenario__review > li")
    assert review.count() == 2
    assert "情绪管理 +20" in review.nth(0).inner_text() and "先接住情绪。" in review.nth(0).inner_text()
    assert "情绪管理 +20、解决方案 +60" in review.nth(1).inner_text()
    record = stored(page)["scenarios"]["late-delivery"]
    assert (record["best"], record["points"], record["passed"], record["attempts"]) == (100, 100, True, 1)
    assert page.errors == []


def test_worst_play_fails_with_every_criterion_at_zero(page, fixture_server):
    start(page, fixture_server + SCENARIO)
    play(page, WORST)
    assert page.locator(".training-scenario__verdict").inner_text() == "未通过：0 / 100 分（80 分通过）"
    assert scores(page) == {"情绪管理": "0 / 40", "解决方案": "0 / 60"}  # −20 on 情绪管理 counts as 0
    assert "通话结束 · 客户流失" in page.inner_text("[data-scenario-result]")
    assert "情绪管理 −10" in page.locator(".training-scenario__review > li").nth(0).inner_text()
    assert stored(page)["scenarios"]["late-delivery"]["passed"] is False


def test_replay_from_a_step_and_from_the_start_keeps_the_best(page, fixture_server):
    start(page, fixture_server + SCENARIO)
    play(page, WORST)
    page.get_by_role("button", name="从第 2 步换一种回答").click()
    assert page.locator(".training-scenario__line").count() == 3  # customer, agent, customer (n3)
    assert page.locator("[data-scenario-result]").is_hidden()
    option(page, 0).click()  # 抱歉，我直接帮您查。 -> n2
    option(page, 0).click()  # the plan -> resolved
    assert page.locator(".training-scenario__verdict").inner_text() == "通过：80 / 100 分（80 分通过）"
    assert scores(page) == {"情绪管理": "20 / 40", "解决方案": "60 / 60"}  # −10 + 10 + 20
    page.get_by_role("button", name="再练一次").click()
    assert page.locator(".training-scenario__line").count() == 1
    play(page, WORST)
    record = stored(page)["scenarios"]["late-delivery"]
    assert (record["best"], record["passed"], record["attempts"]) == (80, True, 3)
    assert "你的最好成绩：80 / 100 分，已通过；已练习 3 次。" in page.inner_text("[data-scenario-best]")


def test_keyboard_alone_plays_to_the_end(page, fixture_server):
    page.goto(fixture_server + SCENARIO)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-scenario-start]')"):
            break
    else:
        pytest.fail("Tab never reaches 开始模拟")
    page.keyboard.press("Enter")
    for _, index in BEST:
        # Focus lands on the first answer; Tab walks the answers in the order they are shown.
        shown = [int(i) for i in page.locator(".training-scenario__option").evaluate_all(
            "buttons => buttons.map(b => b.dataset.choice)")]
        assert page.evaluate("document.activeElement.classList.contains('training-scenario__option')")
        for _ in range(shown.index(index)):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('[data-scenario-result]')")
    assert page.locator(".training-scenario__verdict").inner_text().startswith("通过")


def test_answers_come_in_a_new_order_that_a_seed_repeats(page, fixture_server):
    def order(seed: int) -> list[str]:
        start(page, fixture_server + SCENARIO + f"?seed={seed}")
        return page.locator(".training-scenario__option").evaluate_all("bs => bs.map(b => b.dataset.choice)")

    assert order(7) == order(7)
    assert len({tuple(order(seed)) for seed in range(8)}) == 2  # both orders of the first two answers occur


def test_on_a_phone_nothing_overflows_and_answers_are_large_targets(browser, fixture_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    start(page, fixture_server + SCENARIO)
    heights = page.locator(".training-scenario__option").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44
    play(page, BEST)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The ending, focused and scrolled to, starts below the sticky header, not under it: measured once the page has
    # come to rest (on a loaded machine the scroll that focus() starts can still be settling in the next frames).
    page.wait_for_function("""() => new Promise(done => { const top = () => document.querySelector('[data-scenario-result]')
        .getBoundingClientRect().top; const first = top(); requestAnimationFrame(() => requestAnimationFrame(() =>
        requestAnimationFrame(() => done(Math.abs(top() - first) < 0.5)))); })""")
    header = page.locator(".md-header").bounding_box()
    ending = page.locator("[data-scenario-result]").bounding_box()
    assert ending["y"] >= header["y"] + header["height"], (ending, header)
    retry = page.locator(".training-scenario__retry").first.bounding_box()
    assert retry and retry["height"] >= 44
    context.close()


def test_no_serious_accessibility_violation_while_playing_or_after(page, fixture_server):
    start(page, fixture_server + SCENARIO)
    assert serious_violations(page) == []
    play(page, BEST)
    assert serious_violations(page) == []


def test_a_played_scenario_requests_nothing_from_elsewhere(page, fixture_server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    network = NetworkWatch(page)
    start(page, fixture_server + SCENARIO)
    play(page, BEST)
    network.wait_until_quiet()
    origin = urlsplit(fixture_server).netloc
    assert requests and all(urlsplit(url).netloc == origin for url in requests if urlsplit(url).scheme != "data")


def test_the_course_plays_it_too_and_the_path_milestone_counts_it(page, fixture_server):
    page.goto(fixture_server + PATH)
    milestone = page.locator("[data-training-scenario-step='late-delivery'] [data-training-step-status]")
    assert milestone.inner_text() == "未开始"
    page.goto(fixture_server + COURSE)
    embed = page.locator(".training-scenario[data-training-scenario='late-delivery']")
    assert embed.locator("h3").inner_text() == "物流延迟的第二次来电"
    embed.get_by_role("button", name="开始模拟").click()
    play(page, WORST)
    page.goto(fixture_server + PATH)
    assert milestone.inner_text() == "学习中"
    start(page, fixture_server + SCENARIO)
    play(page, BEST)
    page.goto(fixture_server + PATH)
    assert milestone.inner_text() == "已通过"
    assert page.locator("[data-training-percent]").inner_text() == "已完成 25%（1 / 4 个必修步骤）"
    page.goto(fixture_server)
    assert "新人上岗路径" in page.locator("[data-training-mine-paths]").inner_text()
