"""The published-page audit reads a well-formed page with libxml2 (fast) and anything libxml2 had to repair with
html.parser: both readings must find the same things, and a repair must never hide a tag from the audit."""

from __future__ import annotations

import pytest

from generator.html_audit import audit_by_html_parser, audit_by_libxml2, audit_html
from test_hostile_pages import ATTACKS


def page(body: str) -> str:
    return f'<!doctype html><html lang="zh"><head><title>t</title></head><body>\n<p>前</p>\n{body}\n<p>后</p>\n</body></html>'


@pytest.mark.parametrize("attack", [line for line in ATTACKS.strip().splitlines() if line.strip()])
def test_both_readings_find_the_same_in_every_attack(attack):
    document = page(attack)
    fast, slow = audit_by_libxml2(document), audit_by_html_parser(document)
    assert fast is not None, "a page libxml2 reads without complaint takes the fast reading"
    assert (fast.findings, fast.scripts) == (slow.findings, slow.scripts)
    assert audit_html(document).findings == slow.findings


def test_findings_carry_the_line_of_their_tag():
    document = page('<img src="https://tracker.example/a.png">\n\n<script>run()</script>\n<script src="../x.js"></script>')
    audit = audit_html(document)
    assert [(finding.line, finding.kind) for finding in audit.findings] == [(3, "outside"), (5, "script")]
    assert audit.scripts == [(6, "../x.js")]


def test_a_script_below_libxml2s_nesting_limit_is_still_found():
    """libxml2 stops building the tree 256 elements deep: the page goes to html.parser, which has no limit."""
    document = page("<div>" * 300 + "<script>run()</script>" + "</div>" * 300)
    assert audit_by_libxml2(document) is None
    assert [finding.kind for finding in audit_html(document).findings] == ["script"]


@pytest.mark.parametrize("repaired", ['<body onload="run()">', "</p></p><img src=x onerror=run()>", "<p>\ud800</p><img onerror=run()>"])
def test_a_page_libxml2_repairs_is_read_by_html_parser(repaired):
    document = page(repaired)
    assert audit_by_libxml2(document) is None
    assert any(finding.kind == "script" for finding in audit_html(document).findings)


def test_charts_side_by_side_still_take_the_fast_reading():
    """matplotlib names the parts of every chart alike (figure_1, patch_1): an id used twice changes nothing."""
    chart = '<svg xmlns="http://www.w3.org/2000/svg"><g id="figure_1"><path id="patch_1" d="M0 0"/></g></svg>'
    assert audit_by_libxml2(page(chart + chart)) is not None


@pytest.mark.parametrize("shouted", ["<IMG SRC=x ONERROR=run()>", '<A HREF="JAVASCRIPT:run()">x</A>', "<SCRIPT>run()</SCRIPT>",
                                     '<svg><IMAGE XLINK:HREF="https://tracker.example/"/></svg>', "<img src=x OnError=run()>",
                                     '<Style>@import "https://tracker.example/x.css";</Style>'])
def test_names_in_capitals_are_read_as_the_browser_reads_them(shouted):
    document = page(shouted)
    fast = audit_by_libxml2(document)
    assert fast is not None and fast.findings and fast.findings == audit_by_html_parser(document).findings


@pytest.mark.parametrize("bare", ["<iframe></iframe>", "<object></object>", "<embed>", "<svg><foreignObject></foreignObject></svg>",
                                  "<script>run()</script>", "<style>p { background: url(https://tracker.example/a.png) }</style>",
                                  '<p class="a" id="b" title="c"><span lang="zh" onclick="run()">点</span></p>'])
def test_the_fast_reading_skips_only_what_says_nothing(bare):
    """The fast reading passes over elements with no attributes and attributes the audit does not read; an
    embedding, a script or a style without attributes, and a handler beside harmless attributes, are still found."""
    document = page(bare)
    fast, slow = audit_by_libxml2(document), audit_by_html_parser(document)
    assert fast is not None and fast.findings and fast.findings == slow.findings
    harmless = page('<p class="a" id="b" title="c" data-x="https://tracker.example/"><b>粗</b></p>')
    assert audit_html(harmless).findings == []
