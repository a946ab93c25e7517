"""The daily review (每日复习): the key facts of every course as the review page and the home page's count read
them (review.js, review-due.js), and the printed one-page 要点卡 of a course."""

from __future__ import annotations

import hashlib

import jinja2

from generator.model.entities import Course, Curriculum, KeyFact
from generator.render.quiz import script_json
from generator.render.urls import Links


def fact_key(course: Course, fact: KeyFact) -> str:
    """A card's name in the learner's progress: the course and its question (a changed answer keeps the card and
    starts it again; a changed question is a new card)."""
    return f"{course.id}:{hashlib.sha256(fact.question.encode('utf-8')).hexdigest()[:8]}"


def courses_with_facts(curriculum: Curriculum) -> list[Course]:
    return [course for course in curriculum.courses if course.key_facts]


def review_data(curriculum: Curriculum, links: Links | None, with_text: bool = True) -> list[dict]:
    """Per course with key facts: id, version, and its cards (key, fingerprint; question, answer, title and
    address where the review page shows them)."""
    data = []
    for course in courses_with_facts(curriculum):
        facts = [{"key": fact_key(course, fact), "fp": fact.fingerprint,
                  **({"q": fact.question, "a": fact.answer} if with_text else {})} for fact in course.key_facts]
        item = {"id": course.id, "version": course.version, "facts": facts}
        if with_text and links is not None:
            item.update(title=course.title, url=links.course(course.id))
        data.append(item)
    return data


def render_review(env: jinja2.Environment, curriculum: Curriculum, links: Links) -> str:
    return env.get_template("training/review.html").render(data=script_json(review_data(curriculum, links)))


def render_review_due(env: jinja2.Environment, curriculum: Curriculum, review_url: str) -> str:
    return env.get_template("training/review_due.html").render(
        data=script_json(review_data(curriculum, None, with_text=False)), review_url=review_url)
