"""Search relevance on the sample portal, measured with the golden queries in tests/golden_queries.yml.

Each query is typed into the portal's search box in Chromium; the rank of the first expected page among the
results gives hits in the top 3, top 5 and the mean reciprocal rank (MRR). The test prints the figures and
asserts a floor. `python tests/test_search_relevance.py SITE` prints them for any built site.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from search_box import ask, unique_paths

GOLDEN = Path(__file__).with_name("golden_queries.yml")
FLOOR = {"top3": 0.85, "top5": 0.9, "mrr": 0.75}


@dataclass
class Outcome:
    query: str
    kind: str
    rank: int | None  # 1-based rank of the first expected page, None when not in the results
    results: list[str]


def queries() -> list[dict]:
    return yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["queries"]


def search(page, query: str) -> list[str]:
    """The pages among the first ten results, in order, each once (the ranks are those of MRR@10)."""
    ask(page, query)
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item", "items => items.slice(0, 10).flatMap(item => [...item.querySelectorAll(':scope > a')])"
                                     ".map(link => link.href)")
    return [path.lstrip("/") for path in unique_paths(hrefs)]


def measure(page, base: str) -> tuple[list[Outcome], dict[str, float]]:
    page.goto(base)
    outcomes = []
    for item in queries():
        results = search(page, item["query"])
        ranks = [results.index(p) + 1 for p in item["expect"] if p in results]
        outcomes.append(Outcome(item["query"], item["kind"], min(ranks) if ranks else None, results))
    count = len(outcomes)
    metrics = {
        "top3": sum(1 for o in outcomes if o.rank and o.rank <= 3) / count,
        "top5": sum(1 for o in outcomes if o.rank and o.rank <= 5) / count,
        "mrr": sum(1 / o.rank for o in outcomes if o.rank) / count,
    }
    return outcomes, metrics


def report(outcomes: list[Outcome], metrics: dict[str, float]) -> str:
    lines = [f"{len(outcomes)} queries: top 3 {metrics['top3']:.0%}, top 5 {metrics['top5']:.0%}, MRR {metrics['mrr']:.2f}"]
    for kind in ("title", "term", "alias", "everyday"):
        group = [o for o in outcomes if o.kind == kind]
        if group:
            mrr = sum(1 / o.rank for o in group if o.rank) / len(group)
            lines.append(f"  {kind}: {len(group)} queries, top 3 {sum(1 for o in group if o.rank and o.rank <= 3)}, MRR {mrr:.2f}")
    lines += [f"  miss: {o.query} (rank {o.rank}) -> {o.results[:3]}" for o in outcomes if not o.rank or o.rank > 3]
    return "\n".join(lines)


@pytest.mark.browser
def test_golden_queries_find_what_agents_mean(browser, sample_server, capsys):
    page = browser.new_page()
    try:
        outcomes, metrics = measure(page, sample_server)
    finally:
        page.close()
    with capsys.disabled():
        print("\n" + report(outcomes, metrics))
    assert len(outcomes) >= 40
    for name, floor in FLOOR.items():
        assert metrics[name] >= floor, report(outcomes, metrics)


def test_listing_and_authoring_pages_stay_out_of_the_index(sample_site):
    import json

    index = json.loads((sample_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not locations & {"guide/", "catalog/", "competencies/", "updates/"}
    course = [doc for doc in index["docs"] if doc["location"] == "courses/expert/service-metrics/"][0]
    assert "层级" not in course["text"][:40] and "相关术语" not in course["text"]  # the card is not the lesson
    assert "一次解决率" in course.get("tags", []) and "FCR" in course.get("tags", [])  # a term it teaches


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, serve

    server, url = serve(Path(sys.argv[1]))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(report(*measure(chromium.new_page(), url)))
        chromium.close()
    server.shutdown()
