"""The portal on ProperDocs, the maintained fork of MkDocs 1.6: the same pages, the same parts, the same
checks in Chromium as on MkDocs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ENGINE, SAMPLE_PAGE_TYPES, ContentRepo, sample_repo, serve

OTHER = {"mkdocs": "properdocs", "properdocs": "mkdocs"}


@pytest.fixture(scope="module")
def other_engine_site(tmp_path_factory) -> ContentRepo:
    """The sample built with the engine the rest of the suite does not use."""
    repo = sample_repo(tmp_path_factory.mktemp("engine") / "content")
    repo.engine = OTHER[ENGINE]
    result = repo.build(engine=repo.engine)
    assert result.returncode == 0, result.stderr
    return repo


def _pages(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf"
                  and p.name not in ("sitemap.xml", "sitemap.xml.gz", "training-build.json"))


def _without_generator(html: str) -> str:
    return re.sub(r'<meta name="generator" content="[^"]*">', "", html)


def test_both_engines_build_the_same_site(other_engine_site, sample_site):  # built side by side
    one, other = sample_site.site, other_engine_site.site
    assert _pages(one) == _pages(other)
    for page in [*SAMPLE_PAGE_TYPES.values(), "updates/", "courses/foundation/service-etiquette/"]:
        assert _without_generator(sample_site.html(page)) == _without_generator(other_engine_site.html(page)), page
    for data in ("search/search_index.json", "search/prebuilt_index.json", "assets/training/learn.js"):
        assert (one / data).read_bytes() == (other / data).read_bytes(), data
    manifest = json.loads((other / "training-build.json").read_text())
    assert manifest["strict"] is True and manifest["warnings"] == 0
    assert (other / "handbooks" / "operator-handbook.pdf").stat().st_size > 100_000


@pytest.mark.browser
def test_the_other_engine_site_works_in_chromium_without_outside_requests(browser, other_engine_site):
    server, base = serve(other_engine_site.site)
    context = browser.new_context()
    page = context.new_page()
    errors, outside = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith(base) else outside.append(request.url))
    try:
        for path in SAMPLE_PAGE_TYPES.values():
            page.goto(base + path, wait_until="load")
        page.goto(base + "quizzes/new-hire-week2-check/?seed=1")
        page.get_by_role("button", name="提交答案").click()
        assert "自测结果" in page.locator(".training-quiz__result").inner_text()
    finally:
        context.close()
        server.shutdown()
    assert errors == [] and outside == []


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_a_warning_of_the_portal_fails_a_strict_build_on_either_engine(content_repo, engine):
    """The portal's own warnings (here: an image from another site, B901) reach the engine's logger under
    either name, so a strict build stops and nothing becomes publishable."""
    content_repo.without_paper().write("curriculum/about.md", '# 关于\n\n<img src="https://tracker.example/p.png">\n')
    result = content_repo.build(engine=engine)
    assert result.returncode == 1 and "curriculum/about.md: " in result.stderr and "[B901]" in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stderr and not content_repo.site.exists()


def test_the_build_sends_the_engines_whole_event_sequence_and_cleans_up(tmp_path, monkeypatch):
    """`python -m generator build` sends on_startup and on_shutdown around the build, as `mkdocs build` does, and
    the plugin removes its temporary folder on shutdown."""
    from generator.mkdocs_plugin import build as staged
    from generator.mkdocs_plugin.plugin import TrainingPlugin

    events: list[str] = []
    monkeypatch.setattr(TrainingPlugin, "on_startup", lambda self, command, dirty: events.append(f"startup:{command}"))
    real_shutdown = TrainingPlugin.on_shutdown
    folders: list[Path] = []

    def shutdown(self):
        folders.append(self.workdir)
        events.append("shutdown")
        real_shutdown(self)

    monkeypatch.setattr(TrainingPlugin, "on_shutdown", shutdown)
    monkeypatch.setattr(staged, "build", lambda config: events.append("build"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - training:\n      enabled: false\n", encoding="utf-8")
    assert staged.build_site(tmp_path / "mkdocs.yml") == 0
    assert events == ["startup:build", "build", "shutdown"]
    assert folders and not folders[0].exists()
