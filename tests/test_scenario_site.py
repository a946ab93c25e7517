"""Role-play scenarios in the built site and on paper: the scenario page, the course embed, the path step,
the catalog and search; nothing of the customer's role card on any page; the classroom kit PDF."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

import pdf_tools
from generator.model import load_curriculum
from generator.paper.pdf import PaperError
from generator.paper.roleplay import write_kits
from generator.render.environment import create_environment

SCENARIO_PAGE = "scenarios/late-delivery"
HIDDEN = ("包裹里是女儿的生日礼物", "被要求重复订单号")  # the role card's hidden fact and trigger


def test_scenario_page_has_the_situation_brief_rubric_and_context(built_fixture_site):
    html = built_fixture_site.html(SCENARIO_PAGE)
    assert "<h1" in html and "物流延迟的第二次来电" in html
    assert "包裹已延迟 5 天，这是第二次来电" in html and "订单已出库，物流停在中转站；可补偿 10 元券。" in html
    assert "情绪管理：40 分" in html and "解决方案：60 分" in html
    assert 'href="../../courses/basic/complaints/"' in html  # the course it belongs to
    assert "学习路径 <a href=\"../../paths/new-hire/\">新人上岗路径</a> 的第 5 步：第 2 周 模拟考核" in html
    assert 'href="../../roleplay-kits.pdf#page=1"' in html and "课堂角色扮演套件（PDF 第 1–3 页）" in html
    assert 'class="training-scenario-data"' in html and "data-scenario-start" in html


def test_nothing_of_the_role_card_reaches_a_page_or_the_search_index(built_fixture_site):
    site = built_fixture_site.site
    texts = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml", ".txt")]
    assert texts
    leaks = [(str(p.relative_to(site)), fact) for p in texts for fact in HIDDEN if fact in p.read_text(encoding="utf-8")]
    assert leaks == []


def test_search_finds_the_scenario_by_title_and_situation_but_not_its_answers(built_fixture_site):
    index = json.loads((built_fixture_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith(SCENARIO_PAGE + "/")]
    assert docs and docs[0]["title"].replace("\u200b", "") == "物流延迟的第二次来电"  # \u200b: jieba's word breaks
    text = " ".join(d["text"] for d in docs).replace("\u200b", "")
    assert "包裹已延迟 5 天" in text
    assert "这是规定" not in text and "先接住情绪" not in text  # the conversation is not indexed


def test_course_embeds_its_scenario_after_the_lesson(built_fixture_site):
    html = built_fixture_site.html("courses/basic/complaints")
    assert "练一练：情景模拟" in html
    assert html.index("练一练：情景模拟") > html.index("安抚步骤")
    assert 'data-training-scenario="late-delivery"' in html and 'href="../../../scenarios/late-delivery/"' in html
    assert 'data-training-scenario="late-delivery"' not in built_fixture_site.html("courses/basic/etiquette")


def test_path_shows_the_scenario_milestone_and_the_catalog_lists_it(built_fixture_site):
    path = built_fixture_site.html("paths/new-hire")
    assert 'data-training-scenario-step="late-delivery"' in path and "情景模拟：<a href=\"../../scenarios/late-delivery/\">" in path
    assert "3 门课程 · 2 个里程碑" in path
    catalog = built_fixture_site.html("catalog")
    assert 'data-kind="scenario"' in catalog and '<option value="scenario">情景模拟</option>' in catalog
    assert "共 3 门课程、1 个情景模拟。" in catalog
    home = built_fixture_site.html("")
    assert '"scenario":"late-delivery"' in home  # the home page's 我的学习 counts the step too


def test_navigation_has_a_scenario_section(built_fixture_site):
    html = built_fixture_site.html("")
    assert "情景模拟" in html and 'href="scenarios/late-delivery/"' in html


def test_by_default_agents_cannot_open_the_kits(sample_site):
    """The kits hold the customer's hidden facts and the best answers: the portal agents use publishes none."""
    assert not (sample_site.site / "roleplay-kits.pdf").exists()
    page = sample_site.html("scenarios/promo-delay-third-call")
    assert "roleplay-kits.pdf" not in page and "课堂角色扮演套件" not in page
    hidden = [fact for scenario in load_curriculum(sample_site.root).scenarios for fact in scenario.customer.hidden]
    published = [p for p in sample_site.site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".js")]
    assert hidden and not [fact for p in published for fact in hidden if fact in p.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def kit(built_fixture_site):
    return built_fixture_site.site / "roleplay-kits.pdf"


def half_text(pdf, page: int, top: bool) -> str:
    # A4 at pdftotext's 72 dpi is 595 x 842 points; the role card is the upper half of page 1.
    y = 0 if top else 421
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(y),
                           "-W", "595", "-H", "421", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_kit_has_hidden_facts_only_on_the_customer_card(kit):
    pages = pdf_tools.pages(kit)
    assert len(pages) == 3
    role, agent = half_text(kit, 1, top=True), half_text(kit, 1, top=False)
    assert "客户角色牌" in role and all(fact in role.replace("\n", "") for fact in HIDDEN)
    assert "我的包裹到底什么时候到？" in role  # the opening line
    assert "客服任务卡" in agent and "可补偿 10 元券" in agent.replace("\n", "")
    assert not any(fact in agent.replace("\n", "") for fact in HIDDEN)
    for page in pages[1:]:
        assert not any(fact in page.replace("\n", "") for fact in HIDDEN)


def test_kit_has_four_case_cards_and_an_observer_sheet_with_key_behaviours(kit, tmp_path):
    cases, observer = pdf_tools.pages(kit)[1:]
    assert cases.count("投诉案例卡") == 4 and cases.count("物流延迟的第二次来电") == 4
    assert "观察员评分表" in observer and "情绪管理" in observer and "加分" in observer and "扣分" in observer
    flat = observer.replace("\n", "")
    assert "非常抱歉让您久等，我马上帮您查。" in flat  # the answer that earns most on 情绪管理
    assert "□ 已解决" in flat and "□ 正确升级" in flat and "□ 客户流失" in flat
    assert all(font["embedded"] for font in pdf_tools.fonts(kit))
    for number in (1, 2, 3):
        assert pdf_tools.ink(kit, number, tmp_path) > 0.01  # every sheet is printed, not blank


def test_a_card_that_does_not_fit_names_the_scenario(built_fixture_site, tmp_path):
    curriculum = load_curriculum(built_fixture_site.root)
    scenario = curriculum.scenario_by_id["late-delivery"]
    scenario.customer.hidden = [f"第 {n} 条隐藏信息，写得很长很长，超出了一张角色牌能放下的篇幅。" * 3 for n in range(12)]
    with pytest.raises(PaperError) as raised:
        write_kits(create_environment(), curriculum, tmp_path, "客服培训门户", dt.date(2026, 11, 1))
    assert str(raised.value).startswith("assessments/scenarios/late-delivery.yml:1: 角色扮演套件排成了 4 页，应为 3 页")
