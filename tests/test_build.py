"""End-to-end builds of fixture repositories: assertions on the produced HTML."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

from conftest import make_repo, search_index


def test_every_course_and_path_has_a_page(built_fixture_site):
    site = built_fixture_site
    for url in ("courses/basic/etiquette", "courses/basic/products", "courses/basic/complaints", "paths/new-hire",
                "catalog", "competencies", "glossary", "guide"):
        assert (site.site / url / "index.html").is_file(), url


def test_course_header_card(built_fixture_site):
    html = built_fixture_site.html("courses/basic/complaints")
    start = html.index('class="training-card"')
    card = html[start:html.index('<h2 id="安抚步骤"', start)]
    for text in ("骨干提升层", "1 小时 30 分钟", "共情与情绪管理", "客服培训组", "2026-09-01", "第 3 版"):
        assert text in card, text
    # prerequisites are linked, objectives grouped under their dimension
    assert 'href="../etiquette/">电话礼仪</a>' in card
    assert 'href="../products/">产品知识入门</a>' in card
    assert re.search(r"技能</p>\s*<ul>\s*<li>在演练中 15 分钟内完成投诉闭环</li>", card)
    assert "内容待复核" not in card


def test_stale_course_shows_banner_and_catalog_marks_it(built_fixture_site):
    html = built_fixture_site.html("courses/basic/products")
    assert "training-stale" in html and "内容待复核" in html and "2025-07-09" in html
    catalog = built_fixture_site.html("catalog")
    row = re.search(r"<tr data-tier=\"foundation\"[^>]*data-stale>.*?</tr>", catalog, re.S).group(0)
    assert "产品知识入门" in row and "内容待复核" in row
    etiquette_row = re.search(r"<tr[^>]*>\s*<td[^>]*><a href=\"../courses/basic/etiquette/\">.*?</tr>", catalog, re.S).group(0)
    assert "data-stale" not in etiquette_row


def test_catalog_lists_every_course_with_filter_data(built_fixture_site):
    catalog = built_fixture_site.html("catalog")
    rows = re.findall(r"<tr data-tier=\"(\w+)\" data-competencies=\"([^\"]*)\" data-audience=\"([^\"]*)\" data-tags=\"([^\"]*)\"", catalog)
    assert sorted(rows) == sorted([
        ("foundation", "empathy", "new-hire", "沟通|SOP"),
        ("foundation", "", "", "产品"),
        ("advanced", "empathy", "", "投诉"),
        ("foundation", "empathy", "", ""),  # the role-play scenario late-delivery
    ])
    assert "data-training-filter hidden" in catalog  # controls appear only with JavaScript
    assert "catalog.js" in catalog
    assert "catalog.js" not in built_fixture_site.html("paths/new-hire")  # the filter script is the catalog's alone


def test_path_page_steps_totals_and_local_mermaid(built_fixture_site):
    html = built_fixture_site.html("paths/new-hire")
    steps = re.findall(r'<li class="training-step[^"]*"', html)
    assert len(steps) == 5
    order = [html.index(t) for t in ('>电话礼仪</a>', '>产品知识入门</a>', "第 1 周测验", '>投诉安抚</a>', "第 2 周 模拟考核")]
    assert order == sorted(order)
    assert "必修 2 小时 15 分钟" in html and "选修 1 小时" in html and "14 天" in html
    assert '<pre class="mermaid"><code>flowchart LR' in html
    assert "c0 --&gt; c2" in html and "c1 --&gt; c2" in html  # both prerequisites of 投诉安抚
    assert 'src="../../assets/vendor/mermaid/mermaid.min.js"' in html
    assert (built_fixture_site.site / "assets/vendor/mermaid/mermaid.min.js").is_file()
    # Only path pages carry the diagram library.
    assert "mermaid.min.js" not in built_fixture_site.html("courses/basic/etiquette")


def test_matrix_glossary_and_home(built_fixture_site):
    matrix = built_fixture_site.html("competencies")
    empathy_row = re.search(r'id="competency-empathy".*?</tr>', matrix, re.S).group(0)
    assert "电话礼仪" in empathy_row and "投诉安抚" in empathy_row
    glossary = built_fixture_site.html("glossary")
    assert "一次解决率" in glossary and "FCR、首次解决率" in glossary
    home = (built_fixture_site.site / "index.html").read_text(encoding="utf-8")
    for text in ("培训层级", "新人基础层", "学习路径", "新人上岗路径", "最近复核的课程"):
        assert text in home


def test_course_card_links_related_glossary_terms(built_fixture_site):
    html = built_fixture_site.html("courses/basic/etiquette")
    assert 'href="../../../glossary/#term-yi-ci-jie-jue-lv">一次解决率</a>' in html
    assert 'id="term-yi-ci-jie-jue-lv"' in built_fixture_site.html("glossary")


def test_data_files_are_not_published(built_fixture_site):
    published = {p.name for p in built_fixture_site.site.rglob("*")}
    assert "model.yml" not in published and "glossary.yml" not in published


def test_search_index_segments_chinese_with_domain_words(built_fixture_site):
    index = search_index(built_fixture_site.site)
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b一次解决率\u200b" in text  # kept whole by the generated jieba dictionary
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]


def test_yaml_text_is_escaped(content_repo):
    content_repo.without_paper()
    content_repo.replace("curriculum/courses/basic/etiquette.md", "summary: 接听电话的基本礼仪",
                         "summary: '<script>alert(1)</script> <img src=x onerror=alert(2)>'")
    content_repo.replace("curriculum/courses/basic/etiquette.md", "title: 电话礼仪", "title: '礼仪 <b>粗体</b>'")
    result = content_repo.build()
    assert result.returncode == 0, result.stderr
    shown = {"courses/basic/etiquette": ("title", "summary"), "catalog": ("title", "summary"), "paths/new-hire": ("title",)}
    for page, fields in shown.items():
        html = content_repo.html(page)
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html and "<b>粗体</b>" not in html
        assert ("&lt;b&gt;粗体&lt;/b&gt;" in html) == ("title" in fields), page
        if "summary" in fields:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page


def test_failed_build_keeps_the_existing_site(content_repo):
    content_repo.without_paper()
    assert content_repo.build().returncode == 0
    marker = content_repo.site / "marker.txt"
    marker.write_text("previous site")
    before = content_repo.html("courses/basic/etiquette")
    content_repo.replace("curriculum/courses/basic/etiquette.md", "tier: foundation", "tier: advnced")
    result = content_repo.build()
    assert result.returncode == 1
    assert "curriculum/courses/basic/etiquette.md:4: tier: “advnced”不是已定义的层级" in result.stderr
    assert marker.read_text() == "previous site"
    assert content_repo.html("courses/basic/etiquette") == before
    assert not [p for p in content_repo.root.iterdir() if ".staging" in p.name]


def test_strict_warning_fails_and_publishes_nothing(content_repo):
    content_repo.without_paper()
    content_repo.write("curriculum/extra.md", "---\ntitle: 其他\n---\n[坏链接](missing.md)\n")
    result = content_repo.build()
    assert result.returncode == 1
    assert "missing.md" in result.stderr
    assert not content_repo.site.exists()


def test_reserved_page_name_is_an_error(content_repo):
    content_repo.write("curriculum/catalog.md", "---\ntitle: 我的目录\n---\n")
    result = content_repo.build()
    assert result.returncode == 1
    assert "curriculum/catalog.md: 这个网址留给生成的页面“课程目录”" in result.stderr and "[F116]" in result.stderr


def test_other_content_set_builds_without_sample_code(tmp_path):
    """A second, differently shaped content set: other tiers, no glossary, no handbooks."""
    repo = make_repo(tmp_path / "other").without_paper()
    repo.write("curriculum/model.yml", (
        "tiers:\n  - id: l1\n    name: 一级\n  - id: l2\n    name: 二级\n"
        "dimensions:\n  - id: k\n    name: 知识\n"
        "competencies:\n  - id: c1\n    name: 能力一\n    dimension: k\n"
    ))
    for relative in ("curriculum/glossary.yml", "handbooks.yml", "curriculum/paths/new-hire.md",
                     "assessments/rubrics/complaint-handling.yml", "assessments/quizzes/deescalation-check.yml",
                     "assessments/scenarios/late-delivery.yml", "curriculum/cohorts/new-hire-2027-03.yml",
                     "assessments/evaluations/new-hire-2027-03.csv", "assessments/evaluations/new-hire-2027-03.reaction.csv",
                     "assessments/evaluations/new-hire-2027-03.learning.csv"):
        repo.path(relative).unlink()
    for course in repo.path("curriculum/courses/basic").iterdir():
        course.unlink()
    repo.write("curriculum/courses/x/one.md", (
        "---\nid: one\ntitle: 第一课\ntier: l2\nsummary: 简介\nduration: 30\nobjectives:\n  - k: 目标\n"
        "competencies: [c1]\nquiz: etiquette-check\nowner: 组\nreviewed: 2026-01-01\n---\n正文。\n"
    ))
    repo.replace("assessments/quizzes/etiquette-check.yml", "    competency: empathy\n", "")
    result = repo.build()
    assert result.returncode == 0, result.stderr
    assert "第一课" in repo.html("catalog") and "二级" in repo.html("courses/x/one")
    assert not (repo.site / "glossary").exists()


def test_the_changed_search_worker_is_named_from_its_content_and_every_page_names_it(built_fixture_site, tmp_path):
    from conftest import MATERIAL_WORKER as shipped
    from generator.mkdocs_plugin.material.worker_patch import _FIXED_LOOP, WORKERS, patch_worker

    site = built_fixture_site.site
    [worker] = sorted((site / WORKERS).glob("search.*.min.js"))
    code = worker.read_text(encoding="utf-8")
    assert _FIXED_LOOP.search(code) and "terms:Object.assign({},..." in code and "trainingPrebuilt.answer(" in code
    assert worker.name == f"search.{hashlib.sha256(code.encode()).hexdigest()[:8]}.min.js"
    assert shipped is not None and shipped.name != worker.name and not (site / WORKERS / shipped.name).exists()
    for page in ("index.html", "courses/basic/complaints/index.html", "404.html"):
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                      (site / page).read_text(encoding="utf-8"), re.S)[1])
        assert config["search"].endswith("assets/javascripts/workers/" + worker.name), page
    # What the worker is made from changes its name: a release that changes it reaches returning readers.
    languages = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"]
    same, other = patch_worker(shipped, languages=languages), patch_worker(shipped, languages=[*languages, "en"])
    assert same.name == worker.name and same.code == code and other.name != worker.name
    unchanged = tmp_path / shipped.name
    unchanged.write_text("/* a worker none of the changes apply to */", encoding="utf-8")
    untouched = patch_worker(unchanged)
    assert untouched.name == shipped.name and not (untouched.whole_words or untouched.prebuilt or untouched.highlight)


def test_a_sites_own_main_template_still_gets_the_changed_search_worker(content_repo):
    """A main.html in the site's custom_dir hides the portal's: the pages still name the worker the build writes."""
    from conftest import REPO
    from generator.mkdocs_plugin.material.worker_patch import WORKERS

    content_repo.without_paper()
    shutil.copytree(REPO / "site_overrides", content_repo.root / "overrides")
    content_repo.write("overrides/main.html", '{% extends "base.html" %}{% block announce %}通知{% endblock %}')
    content_repo.replace("mkdocs.yml", f"custom_dir: {REPO / 'site_overrides'}", "custom_dir: overrides")
    result = content_repo.build()
    assert result.returncode == 0, result.stderr
    site = content_repo.site
    [worker] = [path.name for path in (site / WORKERS).glob("search.*.min.js")]
    for page in ("index.html", "courses/basic/complaints/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "通知" in html or page == "404.html"
        assert re.search(r'"search": "[./]*assets/javascripts/workers/([^"]+)"', html)[1] == worker, page


def test_a_dirty_build_keeps_materials_worker_for_the_pages_it_did_not_write(tmp_path):
    from conftest import MATERIAL_WORKER as shipped
    from generator.mkdocs_plugin.material.worker_patch import WORKERS, name_changed_worker, patch_worker, write_worker

    worker = patch_worker(shipped)
    page = f'<script id="__config" type="application/json">{{"search": "../assets/javascripts/workers/{shipped.name}"}}'
    assert name_changed_worker(page, worker) == page.replace(shipped.name, worker.name) != page
    assert not worker.code.rstrip().splitlines()[-1].startswith("//# sourceMappingURL")  # Material's map is not of this
    for dirty in (True, False):
        folder = tmp_path / str(dirty) / WORKERS
        folder.mkdir(parents=True)
        shutil.copy(shipped, folder / shipped.name)
        write_worker(folder.parents[2], worker, keep_material=dirty)
        assert sorted(path.name for path in folder.glob("*.js")) == sorted({worker.name} | ({shipped.name} if dirty else set()))


def test_course_page_loads_only_what_it_uses(built_fixture_site):
    """First visit of a course page: Material's stylesheet and bundle, our stylesheet and scripts, and the role-play
    player's sheet (this course offers a scenario); no palette.css (Material's defaults are the indigo palette), no catalog filter, no inline script."""
    html = built_fixture_site.html("courses/basic/complaints")
    pattern = r'<link rel="(?:stylesheet|modulepreload)" href="([^"]+)"|<script (?:type="module" )?src="([^"]+)"'
    assets = [re.sub(r"^(\.\./)+", "", a) for a in re.findall(pattern, html) for a in a if a]
    names = sorted(re.sub(r"\.[0-9a-f]{8}\.min", "", a) for a in assets)
    learn = [f"assets/training/{name}.js" for name in ("dom", "store", "progress", "question-types", "draw", "scoring",
                                                       "quiz", "scenarioscore", "scenario", "learn")]
    assert names == sorted([
        "assets/stylesheets/main.css", "assets/training/training.css", "assets/training/md-globals.js",
        "assets/training/md-content.js", "assets/javascripts/bundle.js", "assets/training/pages/scenario.css", *learn,
    ])
    assert "<script>" not in html and "data-md-color-accent" not in html
