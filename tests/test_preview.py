"""`make serve` as a trainer uses it: a real `mkdocs serve --dirty` on a fixture repository, files edited
on disk, pages fetched over HTTP."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_of

COURSE = "curriculum/courses/basic/etiquette.md"
BANK = "assessments/quizzes/etiquette-check.yml"
QUIZ_PAGE = "quizzes/etiquette-check"


class Preview:
    def __init__(self, repo, port: int):
        self.log = repo.root / "serve.log"
        self.output = self.log.open("w")
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-v", "-a", f"127.0.0.1:{port}", "--livereload", "--dirty",
             "--no-strict"], cwd=repo.root, stdout=self.output, stderr=subprocess.STDOUT,
        )
        self.wait_for_log(lambda text: "Serving on" in text, 0)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for_log(self, done, start: int) -> str:
        deadline = time.time() + 120
        while not done(self.text()[start:]):
            if time.time() > deadline or self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve:\n{self.text()[-3000:]}")
            time.sleep(0.1)
        return self.text()[start:]

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    @property
    def site_dir(self) -> Path:
        return Path(re.search(r"Config value 'site_dir' = '([^']+)'", self.text())[1])

    def rebuild_after(self, edit) -> set[str]:
        """Apply an edit, wait for the rebuild it triggers; the output files it wrote."""
        before = {p: p.stat().st_mtime_ns for p in self.site_dir.rglob("index.html")}
        start = len(self.text())
        time.sleep(0.05)  # a rewritten file gets a later timestamp
        edit()
        # Not "Documentation built in": MkDocs drops a build message it has logged before, so two
        # rebuilds of the same duration print it once. The server announces every finished rebuild.
        self.wait_for_log(lambda text: "Reloading browsers" in text, start)
        return {p.relative_to(self.site_dir).parent.as_posix() for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.output.close()


@pytest.fixture
def preview(content_repo):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = Preview(content_repo, port)
    yield running
    running.stop()


def test_dirty_preview_renders_what_changed_and_keeps_quiz_pages_current(content_repo, preview):
    assert "标准开场白的第一句是" in preview.page("quizzes/etiquette-check/")

    # A course edit: the course is rendered again; the milestone quiz page and the generated pages that show no
    # course's text (unchanged inputs) are not.
    rendered = preview.rebuild_after(lambda: content_repo.write(COURSE, content_repo.read(COURSE) + "\n\n预览标记一\n"))
    assert "courses/basic/etiquette" in rendered and QUIZ_PAGE not in rendered
    assert not rendered & {"catalog", "competencies", "updates", "guide", "glossary", "."}, rendered
    assert not [page for page in rendered if page.startswith("cohorts/")], rendered

    # The glossary lists the courses that use a term: a course that starts using one renders it again.
    def courses_using_aht() -> str:
        return preview.page("glossary/").split(">平均处理时长</h3>", 1)[1].split('class="training-glossary__term"', 1)[0]

    assert "电话礼仪" not in courses_using_aht()
    rendered = preview.rebuild_after(lambda: content_repo.write(COURSE, content_repo.read(COURSE) + "\n\n注意 AHT。\n"))
    assert "glossary" in rendered and "catalog" not in rendered
    assert "电话礼仪" in courses_using_aht()

    # The home page shows what the shared fingerprint leaves out (review dates, key facts, cohorts): a new review
    # date renders it again, though index.md is unchanged.
    rendered = preview.rebuild_after(lambda: content_repo.replace(COURSE, "reviewed: 2026-10-01", "reviewed: 2026-10-02"))
    assert {".", "courses/basic/etiquette", "catalog"} <= rendered, rendered
    assert "预览标记一" in preview.page("courses/basic/etiquette/")
    assert "标准开场白的第一句是" in preview.page("quizzes/etiquette-check/")

    # A bank edit: the quiz page is rendered again and serves the new question.
    rendered = preview.rebuild_after(lambda: content_repo.replace(BANK, "标准开场白的第一句是?", "标准开场白的第一句应当是?"))
    assert QUIZ_PAGE in rendered
    assert "标准开场白的第一句应当是" in preview.page("quizzes/etiquette-check/")

    # No handbook is printed and no prebuilt search index is written while previewing.
    assert "Handbook handbooks/" not in preview.text()


def test_dirty_build_skips_the_handbooks_instead_of_failing(built_fixture_site, tmp_path):
    content_repo = copy_of(built_fixture_site, tmp_path / "content")  # the site a full build printed, to change
    handbook = next((content_repo.site / "handbooks").glob("*.pdf"))
    printed = handbook.read_bytes()
    content_repo.write(COURSE, content_repo.read(COURSE) + "\n\n脏构建标记\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict"], cwd=content_repo.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Handbooks are not printed by a --dirty build" in result.stderr
    assert "脏构建标记" in content_repo.html("courses/basic/etiquette") and handbook.read_bytes() == printed


def test_edit_broken_save_and_fix_in_a_preview(content_repo, preview):
    """The navigation stays whole after edits; a broken save shows its located problems on every page of the
    last good site; the next good save clears them."""
    path_page = "paths/new-hire/"
    rendered = preview.rebuild_after(lambda: content_repo.write(COURSE, content_repo.read(COURSE) + "\n\n预览标记二\n"))
    assert "courses/basic/etiquette" in rendered and "paths/new-hire" not in rendered
    for page in (path_page, "courses/basic/etiquette/", QUIZ_PAGE + "/"):
        html = preview.page(page)
        assert ">None<" not in html and "None\n" not in html.split('class="md-nav')[1][:20000], page
        assert "新人上岗路径" in html and "电话礼仪自测" in html  # the path and the milestone quiz in the navigation

    good = content_repo.read(COURSE)
    preview.rebuild_after(lambda: content_repo.write(COURSE, good.replace("title: 电话礼仪", "title: [电话礼仪")))
    for page in (path_page, "courses/basic/etiquette/", ""):
        html = preview.page(page)
        assert 'class="training-preview-problems"' in html, page
        assert "curriculum/courses/basic/etiquette.md:4</code>" in html and "YAML 语法错误" in html and "[Y201]" in html
    assert "预览标记二" in preview.page("courses/basic/etiquette/")  # the last good content stays readable
    article = preview.page("courses/basic/etiquette/").split("<article", 1)[1]
    assert "这一页的前置元数据有错误" in article and "title: [电话礼仪" not in article and "owner:" not in article
    assert "Traceback" not in preview.text()

    preview.rebuild_after(lambda: content_repo.write(COURSE, good.replace("预览标记二", "预览标记三")))
    for page in (path_page, "courses/basic/etiquette/", ""):
        assert "training-preview-problems" not in preview.page(page), page
    assert "预览标记三" in preview.page("courses/basic/etiquette/")


def test_unquoted_build_date_is_a_date(content_repo):
    content_repo.without_paper().replace("mkdocs.yml", "      build_date: '2026-11-01'\n", "      build_date: 2026-11-01\n")
    assert content_repo.build().returncode == 0
    assert content_repo.run("validate").returncode == 0


@pytest.mark.browser
def test_pull_request_preview_opens_from_disk(content_repo, browser):
    result = content_repo.without_paper().run("build", "--strict", "--preview", "--site-dir", "preview")
    assert result.returncode == 0, result.stderr
    preview = content_repo.root / "preview"
    assert (preview / "courses" / "basic" / "etiquette.html").is_file() and not (preview / "training-build.json").exists()
    assert "双击打开 index.html" in (preview / "预览说明.txt").read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto((preview / "index.html").as_uri())
        page.get_by_role("link", name="课程目录").first.click()
        assert page.url.endswith("/catalog.html") and "电话礼仪" in page.locator("article").inner_text()
        page.locator("article").get_by_role("link", name="电话礼仪").first.click()
        assert page.url.endswith("/courses/basic/etiquette.html")
        assert "标准开场白包含问候" in page.locator("article").inner_text()
    finally:
        page.close()
    refused = content_repo.run("publish", "--site", str(preview), "--webroot", str(content_repo.root / "www"))
    assert refused.returncode == 1 and "training-build.json" in refused.stderr


def test_a_changed_title_reaches_every_page_of_a_preview(content_repo, preview):
    """The navigation of unchanged pages, the home page and the path page show the new title; a milestone
    page follows an edit of its path."""
    preview.rebuild_after(lambda: content_repo.replace(COURSE, "title: 电话礼仪", "title: 电话礼仪与开场白"))
    for page in ("", "paths/new-hire/", "courses/basic/products/"):
        assert "电话礼仪与开场白" in preview.page(page), page
    preview.rebuild_after(lambda: content_repo.replace("curriculum/paths/new-hire.md", "title: 新人上岗路径",
                                                       "title: 新人上岗之路"))
    assert "属于学习路径" in preview.page(QUIZ_PAGE + "/") and "新人上岗之路" in preview.page(QUIZ_PAGE + "/")


def test_a_broken_front_matter_comes_first_with_what_follows_from_it_folded(content_repo, preview):
    complaints = "curriculum/courses/basic/complaints.md"
    preview.rebuild_after(lambda: content_repo.replace(complaints, "duration: 90", "duration：90"))
    panel = preview.page("").split('class="training-preview-problems"', 1)[1].split("</ol>", 1)[0]
    first = panel.split("<li>", 1)[1].split("</details>", 1)[0]
    assert "complaints.md:6</code>" in first and "全角冒号" in first and "[Y212]" in first
    assert "个问题由它引起" in first and first.count("[R407]") >= 2


def test_a_failed_rebuild_forgets_the_fingerprints_it_took():
    """Fingerprints are taken before any page is written: after a rebuild that failed half-way, the next one
    renders every generated page again instead of keeping pages the failed one never wrote."""
    from generator.mkdocs_plugin.plugin import TrainingPlugin

    plugin = TrainingPlugin()
    plugin.fingerprints = {"": 1, "catalog.md": 2}
    plugin.on_build_error(error=RuntimeError("a template failed"))
    assert plugin.fingerprints == {}
