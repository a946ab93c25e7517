"""Domain words: the jieba user dictionary and glossary terms found in a page."""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass

from generator.model.entities import Course, Curriculum, GlossaryTerm
from generator.search.pinyin import slug

# Frequency high enough that jieba keeps a domain word whole rather than splitting it.
USER_WORD_FREQUENCY = 50000
_SPLIT = re.compile(r"[\s:：,，、;；。!！?？()（）\[\]【】《》“”\"'/|]+")


def glossary_anchors(glossary: list[GlossaryTerm]) -> dict[str, str]:
    """term -> a readable anchor that stays the same while the term does: term-yi-ci-jie-jue-lv. Two terms
    with the same pinyin keep it apart with a short fingerprint of the term."""
    return _anchors(tuple(term.term for term in glossary))


@functools.lru_cache(maxsize=8)  # asked for by every course card of a build: the pinyin once per glossary
def _anchors(terms: tuple[str, ...]) -> dict[str, str]:
    slugs = {term: slug(term) for term in terms}
    taken = Counter(slugs.values())
    return {text: f"term-{value}" if taken[value] == 1 else
            f"term-{value}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:4]}"
            for text, value in slugs.items()}


def domain_words(curriculum: Curriculum) -> list[str]:
    """Glossary terms and aliases, titles and their parts, tags, competency and tier names."""
    words: dict[str, None] = {}

    def add(text: str) -> None:
        for part in [text, *_SPLIT.split(text)]:
            part = part.strip()
            if len(part) >= 2 and not _SPLIT.search(part):
                words.setdefault(part, None)

    for term in curriculum.glossary:
        for word in term.words:
            add(word)
    for title in [*(c.title for c in curriculum.courses), *(p.title for p in curriculum.paths)]:
        add(title)
    for course in curriculum.courses:
        for tag in course.tags:
            add(tag)
    for name in [*(n.name for n in curriculum.model.tiers), *(n.name for n in curriculum.model.competencies),
                 *(n.name for n in curriculum.model.dimensions)]:
        add(name)
    return list(words)


def jieba_user_dictionary(curriculum: Curriculum) -> str:
    return "".join(f"{word} {USER_WORD_FREQUENCY}\n" for word in domain_words(curriculum))


def taught_terms(curriculum: Curriculum, course: Course) -> list[GlossaryTerm]:
    """The terms a course is about, not only mentions: named in its title, summary, objectives, tags or
    competencies, or in the headings of its text when no course names the term in those (a case headed
    “第三次来电的退款客户” is not where 退款 is taught when the after-sales policy course names it in its summary)."""
    named = _named_terms(curriculum)
    headed = [term for term in terms_in_text(curriculum.glossary, _headings(course))
              if not named.by_term.get(term.term)]
    return [*named.by_course.get(course.id, []), *(t for t in headed if t not in named.by_course.get(course.id, []))]


@dataclass(frozen=True)
class _NamedTerms:
    by_course: dict[str, list[GlossaryTerm]]
    by_term: dict[str, list[str]]  # term -> the courses that name it


def _named_terms(curriculum: Curriculum) -> _NamedTerms:
    cached = _NAMED.get(id(curriculum))
    if cached is not None and cached[0] is curriculum:
        return cached[1]
    by_course: dict[str, list[GlossaryTerm]] = {}
    by_term: dict[str, list[str]] = {}
    for course in curriculum.courses:
        competencies = [curriculum.competency_by_id[ref.id].name for ref in course.competencies
                        if ref.id in curriculum.competency_by_id]
        about = "\n".join([course.title, course.summary, *course.tags, *(o.text for o in course.objectives),
                           *competencies])
        by_course[course.id] = terms_in_text(curriculum.glossary, about)
        for term in by_course[course.id]:
            by_term.setdefault(term.term, []).append(course.id)
    named = _NamedTerms(by_course, by_term)
    _NAMED.clear()  # one curriculum at a time: a preview's next load replaces it
    _NAMED[id(curriculum)] = (curriculum, named)
    return named


_NAMED: dict[int, tuple[Curriculum, _NamedTerms]] = {}


def _headings(course: Course) -> str:
    return "\n".join(line.lstrip("#").strip() for line in course.body.splitlines() if line.startswith("#"))


def search_keywords(curriculum: Curriculum, course: Course) -> list[str]:
    """What search should find a course by, above any word of its text (Material's `tags` field): its tags and
    every word of the terms it teaches, so that an alias such as 首次解决率 finds the course about FCR.
    Escaped as HTML text, as Material escapes the titles and text it indexes: search results insert tags with
    innerHTML."""
    words = dict.fromkeys(course.tags)
    for term in taught_terms(curriculum, course):
        words.update(dict.fromkeys(term.words))
    return [html.escape(word, quote=False) for word in words]


def courses_by_term(curriculum: Curriculum) -> dict[str, list[Course]]:
    """Per glossary term, the courses whose title or text uses it (the glossary page lists them)."""
    found: dict[str, list[Course]] = {term.term: [] for term in curriculum.glossary}
    for course in curriculum.courses:
        for term in terms_in_text(curriculum.glossary, f"{course.title}\n{course.body}"):
            found[term.term].append(course)
    return found


def terms_in_text(glossary: list[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    """Glossary terms whose term or any alias occurs in the text (ASCII aliases as whole words)."""
    return [glossary[index] for index in _terms_used(tuple(tuple(term.words) for term in glossary), text)]


# A course's text is searched for the terms by its card, the glossary, its search keywords and, while previewing,
# on every rebuild (GlossaryPage.fingerprint): unchanged texts are answered from memory.
@functools.lru_cache(maxsize=4096)
def _terms_used(words: tuple[tuple[str, ...], ...], text: str) -> tuple[int, ...]:
    return tuple(index for index, forms in enumerate(words)
                 if any(_whole_word(word).search(text) if word.isascii() else word in text for word in forms))


@functools.lru_cache(maxsize=1024)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])")
