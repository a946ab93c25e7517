"""The escaping Markdown renderer, and its shortcut for plain text, which must change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.render import markup

REPO = Path(__file__).resolve().parents[1]


def full_markdown(text: str) -> str:
    markup._renderer.reset()
    return markup.sanitise(markup._renderer.convert(text))


def texts_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts_of(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts_of(v)]
    return []


SAMPLE_TEXTS = sorted({
    text
    for file in (REPO / "assessments").rglob("*.yml")
    for text in texts_of(yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))  # libyaml: at collection
})
TRICKY = [
    "普通句子。", " 前后有空格 ", "两个空格结尾  ", "  ", "1. 看起来像列表", "1) 也像", "- 减号开头", "+ 加号", "# 标题", "> 引用",
    "    缩进代码", "a*b", "a_b_c", "**粗体**", "`代码`", "[链接](x)", "<b>标签</b>", "&amp;", "A & B", "!感叹",
    "第一行\n第二行", "x | y", "~删除~", "2026-11-23", "24", "100%", "P1 紧急", "“引号”和\"直引号\"", "http://example.com",
    "---", "===", "a\tb", "2.5 倍", "3.", "{花括号}", "C# 语言", "邮件 a@b.cn", "冒号:和 -> 箭头",
]


@pytest.mark.parametrize("text", SAMPLE_TEXTS + TRICKY)
def test_plain_text_shortcut_matches_the_full_renderer(text):
    assert str(markup.render_markdown(text)) == full_markdown(text)


def test_the_shortcut_is_taken_for_ordinary_sentences():
    assert markup._plain("客户来电询问退款进度,应先核实订单。") is not None
    assert markup._plain("<script>alert(1)</script>") is None
