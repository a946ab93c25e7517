"""A bank imported from a hostile Moodle XML file runs no script in the portal: the importer turns HTML into
Markdown (nh3 first), the portal renders bank Markdown with raw HTML escaped and sanitises it again. Checked on a
real build of the fixture site, in the page's HTML and in Chromium."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from generator.cli import main
from tests.conftest import make_repo, serve

PAYLOADS = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>first-reply</text></name>
    <questiontext format="html"><text><![CDATA[<p>第一句<script>window.pwned=1</script>回应？</p>
      <svg onload="window.pwned=2"></svg><a href="javascript:window.pwned=3">链接</a>
      <p onclick="window.pwned=4" style="background:url(https://evil.example/x)">点我</p>]]></text></questiontext>
    <generalfeedback format="html"><text><![CDATA[<iframe src="https://evil.example/"></iframe>解析]]></text></generalfeedback>
    <single>true</single>
    <answer fraction="100" format="html"><text><![CDATA[&lt;img src=x onerror="window.pwned=5"&gt;先回应情绪]]></text>
      <feedback format="html"><text><![CDATA[<b onmouseover="window.pwned=6">好</b>]]></text></feedback></answer>
    <answer fraction="0" format="html"><text>先讲规定</text></answer>
  </question>
  <question type="truefalse">
    <name><text>markdown-payload</text></name>
    <questiontext format="markdown"><text><![CDATA[<b onmouseover="window.pwned=7">判断</b> [看这里](javascript:window.pwned=8) <script>window.pwned=9</script>]]></text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("xss") / "content").without_paper()
    source = repo.root / "hostile.moodle.xml"
    source.write_text(PAYLOADS, encoding="utf-8")
    # Replace the bank the fixture's complaints course quizzes with.
    assert main(["--root", str(repo.root), "import-bank", str(source), "--id", "deescalation-check", "--force"]) == 0
    result = repo.build()
    assert result.returncode == 0, result.stderr
    return repo


def test_imported_markup_reaches_the_page_as_text(hostile_site):
    page = hostile_site.html("courses/basic/complaints")
    tree = lxml_html.fromstring(page)
    for script in tree.iter("script"):
        assert script.get("src") or script.get("type") == "application/json", lxml_html.tostring(script)[:200]
        assert "pwned" not in (script.text or "") or script.get("type") == "application/json"
    for element in tree.iter():
        if isinstance(element.tag, str):
            assert not [name for name in element.attrib if name.lower().startswith("on")], lxml_html.tostring(element)[:200]
            assert "javascript:" not in element.get("href", "")
    assert "evil.example" not in page and "<iframe" not in page and "<svg onload" not in page
    # The quiz data carries the imported text; its markup is escaped text, not elements.
    data = next(s.text for s in tree.iter("script") if s.get("type") == "application/json" and "first-reply" in s.text)
    assert "\\u0026lt;img src=x onerror" in data  # &lt;img …: text, escaped once more inside the JSON
    assert "markdown-payload" in data and "\\u0026lt;script\\u0026gt;window.pwned=9" in data


@pytest.mark.browser
def test_imported_markup_runs_nothing_in_chromium(hostile_site, page):
    server, url = serve(hostile_site.site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url + "courses/basic/complaints/")
        page.locator("text=先回应情绪 >> visible=true").first.wait_for()
        page.mouse.move(10, 10)
        assert page.evaluate("window.pwned") is None
        body = page.inner_text("body")
        assert "<img src=x" in body and "<script>window.pwned=9</script>" in body  # shown as the text it is
        assert dialogs == [] and page.errors == []
    finally:
        server.shutdown()
