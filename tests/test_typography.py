"""The copywriting lint `validate` runs: what it suggests, and `--fix` rewriting only what it reports."""

from __future__ import annotations

from generator.governance.typography import better

COURSE = "curriculum/courses/basic/etiquette.md"


def test_suggestions_follow_chinese_typography():
    assert better("新人上岗考核(笔试),客服数据指标:AHT、FCR自测") == "新人上岗考核（笔试），客服数据指标：AHT、FCR 自测"
    assert better("得分 3 / 8 分(37.5%),未通过。") == "得分 3 / 8 分（37.5%），未通过。"
    assert better("目标是\"30 天独立接待\"。") == "目标是“30 天独立接待”。"
    assert better("plain English: (x), y") == "plain English: (x), y"
    assert better('<a href="中文">x</a>') == '<a href="中文">x</a>'


def test_validate_warns_with_lines_and_fix_keeps_yaml_and_markdown_intact(content_repo):
    content_repo.replace(COURSE, "summary: 接听电话的基本礼仪", "summary: 接听电话的基本礼仪,共3步")
    content_repo.replace(COURSE, "tags: [沟通, SOP]", "tags: [沟通, SOP]")
    content_repo.replace(COURSE, "## 开场白\n", '## 开场白\n\n!!! tip "提示"\n    记住"先问候"的原则,再报工号。\n\n正文里的"引号"要改。\n')
    result = content_repo.run("validate")
    assert result.returncode == 0
    warnings = [line for line in result.stdout.splitlines() if "[W1203]" in line]
    assert any(line.startswith(f"提醒：{COURSE}:5: 排版：“接听电话的基本礼仪,共3步”宜写作“接听电话的基本礼仪，共 3 步”") for line in warnings)
    fixed = content_repo.run("validate", "--fix")
    assert fixed.returncode == 0 and f"已修正排版：{COURSE}" in fixed.stderr
    text = content_repo.read(COURSE)
    assert "summary: 接听电话的基本礼仪，共 3 步" in text and "tags: [沟通, SOP]" in text
    assert '!!! tip "提示"' in text and "正文里的“引号”要改。" in text
    assert "[W1203]" not in content_repo.run("validate").stdout
