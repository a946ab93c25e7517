"""Drive a self-check in the browser the way an agent does, reading only what the page shows and embeds."""

from __future__ import annotations

import html
import json
import re

COURSE_WITH_QUIZ = "courses/basic/complaints/"


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def open_quiz(page, url: str, seed: int | None = 1):
    page.goto(url + (f"?seed={seed}" if seed is not None else ""))
    page.wait_for_selector(".training-quiz__form")
    return page.locator(".training-quiz").first


def quiz_data(page) -> dict:
    return json.loads(page.locator(".training-quiz__data").first.text_content())


def questions_shown(page) -> list[str]:
    return page.locator(".training-quiz__form fieldset").evaluate_all("els => els.map(e => e.dataset.question)")


def field(page, question_id: str):
    return page.locator(f'.training-quiz__form fieldset[data-question="{question_id}"]')


def arrange(page, question_id: str, wanted: list[str]) -> None:
    """Put the order question's items in the wanted order with the 上移 buttons."""
    box = field(page, question_id)
    for position, text in enumerate(wanted):
        for _ in range(len(wanted)):
            texts = [t.strip() for t in box.locator(".training-q__text").all_inner_texts()]
            current = texts.index(text)
            if current == position:
                break
            box.locator(".training-q__item").nth(current).locator('[data-move="up"]').click()


def answer_right(page, question: dict) -> None:
    box = field(page, question["id"])
    kind = question["type"]
    if kind in ("single", "multiple"):
        for index, choice in enumerate(question["choices"]):
            if choice["correct"]:
                box.locator(f'input[value="{index}"]').check()
    elif kind == "true-false":
        box.locator(f'input[value="{str(question["answer"]).lower()}"]').check()
    elif kind == "fill":
        box.locator("input").fill(question["answers"][0])
    elif kind == "order":
        arrange(page, question["id"], [plain(item) for item in question["items"]])
    elif kind == "match":
        for index in range(len(question["left"])):
            box.locator("select").nth(index).select_option(str(index))


def pass_quiz(page, url: str) -> None:
    open_quiz(page, url)
    data = {q["id"]: q for q in quiz_data(page)["questions"]}
    for question_id in questions_shown(page):
        answer_right(page, data[question_id])
    submit(page)
    assert "通过" in result_text(page) and "未通过" not in result_text(page)


def submit(page) -> None:
    page.get_by_role("button", name="提交答案").click()
    page.wait_for_selector(".training-quiz__result")


def result_text(page) -> str:
    return page.locator(".training-quiz__score").inner_text()


def verdict(page, question_id: str) -> str:
    return field(page, question_id).locator(".training-q__verdict").inner_text()


def breakdown(page) -> dict[str, str]:
    rows = page.locator(".training-quiz__breakdown tbody tr")
    return {row.locator("th").inner_text(): row.locator("td").first.inner_text() for row in rows.all()}
