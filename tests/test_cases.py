"""Call cases (curriculum/cases/): the reader (both transcript forms), the rules with file and line, personal data
found inside text, the audio file beside a case; then the sample portal's case pages, library, course lists,
search index and the trainer pack's calibration sheets."""

from __future__ import annotations

import json
import os

import pytest

import pdf_tools
from conftest import make_repo
from generator.errors import ContentError
from generator.model import load_curriculum
from generator.model.personal_data import personal_data_in

CASE = """---
id: late-parcel
title: 包裹延误的来电
kind: improvement
channel: 热线
tier: foundation
competencies: [empathy]
courses: [complaint-deescalation]
rubric: complaint-handling
owner: 客服培训组
reviewed: 2026-11-01
transcript: |
  00:01 坐席：您好，请问有什么可以帮您？
  [00:04] 客户: 我的包裹怎么还没到？

  0:00:09 客服：很抱歉让您久等，我马上帮您查。
expert:
  emotion: {points: 30, lines: [3], note: 先道歉再行动。}
  solution:
    points: 48
    lines: [1, 3]
    note: 给出了查询动作。
---
背景。
"""

LISTED = CASE.replace("""transcript: |
  00:01 坐席：您好，请问有什么可以帮您？
  [00:04] 客户: 我的包裹怎么还没到？

  0:00:09 客服：很抱歉让您久等，我马上帮您查。
""", """transcript:
  - {at: "00:01", who: agent, say: 您好，请问有什么可以帮您？}
  - {at: "00:04", who: customer, say: 我的包裹怎么还没到？}
  - at: 1:05
    who: agent
    say: 很抱歉让您久等，我马上帮您查。
""")


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "content")


def problems(repo) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_curriculum(repo.root)
    return [str(p) for p in raised.value.problems]


def test_both_transcript_forms_read_the_same_lines(repo):
    repo.write("curriculum/cases/pasted.md", CASE)
    repo.write("curriculum/cases/listed.md", LISTED.replace("id: late-parcel", "id: listed"))
    curriculum = load_curriculum(repo.root)
    pasted, listed = curriculum.case_by_id["late-parcel"], curriculum.case_by_id["listed"]
    shape = [(line.number, line.who, line.say) for line in pasted.transcript]
    assert shape == [(1, "agent", "您好，请问有什么可以帮您？"), (2, "customer", "我的包裹怎么还没到？"),
                     (3, "agent", "很抱歉让您久等，我马上帮您查。")]
    assert shape == [(line.number, line.who, line.say) for line in listed.transcript]
    assert [line.at for line in pasted.transcript] == ["00:01", "00:04", "0:00:09"]
    assert [line.at for line in listed.transcript] == ["00:01", "00:04", "01:05"]  # unquoted 1:05 is YAML 1.1 base 60: 65
    assert [line.line for line in pasted.transcript] == [13, 14, 16]  # the blank line keeps its place
    assert pasted.expert["solution"].points == 48 and pasted.expert["solution"].lines == [1, 3]
    assert pasted.src_path == "cases/pasted.md" and curriculum.cases_of_course("complaint-deescalation")


def test_every_rule_is_a_located_problem_in_one_run(repo):
    repo.write("curriculum/cases/bad.md", CASE
               .replace("kind: improvement", "kind: good").replace("tier: foundation", "tier: expert")
               .replace("competencies: [empathy]", "competencies: [empathy, patience]")
               .replace("courses: [complaint-deescalation]", "courses: [complaints]\ntolerance: 150")
               .replace("[00:04] 客户: 我的包裹怎么还没到？", "[00:04] 顾客: 我的包裹怎么还没到？")
               .replace("0:00:09 客服", "00:00 客服")
               .replace("emotion: {points: 30, lines: [3]", "emotoin: {points: 30, lines: [3]")
               .replace("    points: 48\n    lines: [1, 3]", "    points: 61\n    lines: [1, 9]"))
    found = problems(repo)
    file = "curriculum/cases/bad.md"
    for expected in (
        f"{file}:4: kind: “good”不是案例类型",
        f"{file}:15: transcript: 这一行应写成“时间 说话人：内容”",
        f"{file}:17: transcript[1].at: 时间 00:00 早于上一行的 00:01",
        f"{file}:6: tier: “expert”不是已定义的层级",
        f"{file}:7: competencies[1]: “patience”不是已定义的胜任力",
        f"{file}:8: courses[0]: “complaints”不是已定义的课程",
        f"{file}:9: tolerance: 应为 0 到 100 之间的百分数",
        f"{file}:19: expert.emotoin: “emotoin”不是评分表“complaint-handling”的评分项；是不是“emotion”？",
        f"{file}:18: expert: 专家评分缺少评分表“complaint-handling”的评分项：emotion",
        f"{file}:21: expert.solution.points: 应为 0 到 60 之间的分数（“解决方案”满分 60 分），实际是数字 61",
        f"{file}:22: expert.solution.lines[1]: 通话记录没有第 9 行（共 2 行）",
    ):
        assert any(p.startswith(expected) for p in found), (expected, found)


def test_times_speakers_and_the_rubric_are_checked(repo):
    repo.write("curriculum/cases/bad.md", LISTED
               .replace('{at: "00:04", who: customer', '{at: "00:00", who: caller')
               .replace('{at: "00:01"', '{at: "1:75"')
               .replace("rubric: complaint-handling", "rubric: complaints"))
    found = problems(repo)
    file = "curriculum/cases/bad.md"
    assert any(p.startswith(f"{file}:13: transcript[0].at: 应为通话中的时间，写成 mm:ss 或 h:mm:ss") for p in found), found
    assert any(p.startswith(f"{file}:14: transcript[1].who: “caller”不是说话人") for p in found), found
    assert any(p.startswith(f"{file}:9: rubric: “complaints”不是已定义的评分表") for p in found), found
    repo.write("curriculum/cases/bad.md", LISTED.replace('{at: "00:04"', '{at: "00:00"'))
    assert any(p.startswith("curriculum/cases/bad.md:14: transcript[1].at: 时间 00:00 早于上一行的 00:01") for p in problems(repo))


@pytest.mark.parametrize("said, kind", [
    ("我的手机是 138 0013 8000，你记一下", "电话号码（138******00）"),
    ("打 +86-139-1234-5678 找我", "电话号码"),
    ("座机 010-62345678", "电话号码"),
    ("号码是１３８００１３８０００", "电话号码"),  # full-width digits
    ("身份证 11010519491231002X", "身份证号码（110*************2X）"),
    ("卡号 6222 0202 0000 1234 562", "银行卡号"),
    ("发到 zhang.san@example.com", "电子邮箱（z********@example.com）"),
])
def test_personal_data_inside_a_transcript_line_is_refused(repo, said, kind):
    repo.write("curriculum/cases/leak.md", CASE.replace("我的包裹怎么还没到？", f"{said}。包裹呢？"))
    assert any(p.startswith(f"curriculum/cases/leak.md:14: transcript[1].say: 含有{kind}") for p in problems(repo))


def test_numbers_that_are_not_personal_data_pass():
    for said in ("订单 202611110001234567 已出库", "退款 199.00 元，3 到 5 个工作日", "拨打 400-820-8820", "2026-11-10 10:30",
                 "工号 2107 为您服务", "尾号 8000", "6222020200001234560"):  # the last: 19 digits failing the Luhn check
        assert personal_data_in(said) == [], said


def test_the_audio_file_lies_beside_the_case_and_is_audio(repo):
    ogg = b"OggS\x00\x02" + bytes(200)
    repo.write("curriculum/cases/late-parcel.md", CASE.replace("owner:", "audio: call.ogg\nowner:"))
    repo.path("curriculum/cases/call.ogg").write_bytes(ogg)
    assert load_curriculum(repo.root).case_by_id["late-parcel"].audio == "call.ogg"
    file = "curriculum/cases/late-parcel.md"
    for audio, setup, expected in (
        ("../call.ogg", None, "应为与案例放在同一文件夹中的音频文件名"),
        ("call.html", None, "“.html”不是浏览器能播放的音频格式"),
        ("gone.ogg", None, "案例旁边没有音频文件 gone.ogg"),
        ("fake.ogg", lambda: repo.write("curriculum/cases/fake.ogg", "<script>alert(1)</script>"),
         "音频 fake.ogg 的内容不是“.ogg”格式"),
        ("linked.ogg", lambda: os.symlink(repo.path("curriculum/cases/call.ogg"), repo.path("curriculum/cases/linked.ogg")),
         "音频 linked.ogg 不是普通文件"),
    ):
        if setup:
            setup()
        repo.write(file, CASE.replace("owner:", f"audio: {audio}\nowner:"))
        assert any(p.startswith(f"{file}:10: audio: {expected}") for p in problems(repo)), (audio, problems(repo))


def test_rubric_criteria_name_known_competencies(repo):
    repo.replace("assessments/rubrics/complaint-handling.yml", "    standard: 及时安抚\n",
                 "    standard: 及时安抚\n    competencies: [empathy, calmness]\n")
    assert any(p.startswith("assessments/rubrics/complaint-handling.yml:9: criteria[0].competencies[1]: “calmness”不是已定义的胜任力")
               for p in problems(repo))


# --- the sample portal ---------------------------------------------------------------------------------

CASE_PAGE = "cases/foundation/refund-third-call"


def test_the_samples_cover_the_tiers_both_kinds_and_an_audio_clip(sample_site):
    cases = load_curriculum(sample_site.root).cases
    assert len(cases) >= 6 and {c.tier.id for c in cases} == {"foundation", "advanced", "expert"}
    assert sum(c.kind == "benchmark" for c in cases) >= 2 and any(c.audio for c in cases)
    clip = sample_site.site / "cases" / "foundation" / "refund-third-call.ogg"
    assert clip.read_bytes().startswith(b"OggS") and clip.stat().st_size < 200_000  # published beside the page


def test_a_case_page_has_the_transcript_form_expert_scores_and_audio(sample_site):
    html = sample_site.html(CASE_PAGE)
    assert "案例库 · 标杆案例 · 新人基础层 · 热线" in html
    assert '<source src="../refund-third-call.ogg" type="audio/ogg">' in html
    assert html.count('class="training-case__line ') == 14 and 'id="case-line-14"' in html
    assert html.count("data-case-input") == 5 and 'max="30"' in html and "data-case-form novalidate hidden" in html
    assert "专家评分与点评" in html and "19 / 20" in html and '<a href="#case-line-3">第 3 行</a>' in html
    assert 'src="../../../assets/training/case.js"' in html and html.count("assets/training/learn.js") == 1
    data = json.loads(html.split('class="training-case-data">')[1].split("</script>")[0])
    assert data["criteria"][2] == {"id": "solution", "name": "解决方案", "points": 30, "tolerance": 3.0, "expert": 27.0,
                                   "lines": [7, 9, 11], "note": "说清卡在哪一步，再给出两个可选方案和明确时限，由客户来选。"}
    assert "case.js" not in sample_site.html("courses/foundation/complaint-basics")  # only case pages load it


def test_library_navigation_and_course_pages_list_the_cases(sample_site):
    library = sample_site.html("cases")
    assert "共 6 个案例：标杆案例 3 个，整改案例 3 个。" in library
    assert library.index("新人基础层") < library.index("骨干提升层") < library.index("专家管理层")
    assert 'href="foundation/refund-third-call/"' in library
    home = sample_site.html("")
    assert "案例库" in home and 'href="cases/"' in home
    course = sample_site.html("courses/foundation/complaint-basics")
    assert "本课案例" in course and 'href="../../../cases/foundation/refund-third-call/"' in course


def test_search_finds_a_case_by_its_text_but_never_its_markup_transcript_or_scores(sample_site):
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith(CASE_PAGE + "/")]
    assert docs and all(d.get("boost") == 0.25 for d in docs)
    text = " ".join(d["title"] + d["text"] for d in docs).replace("\u200b", "")
    assert "前两次都只得到" in text  # the background
    for absent in ("training-case", "{&quot;", '"criteria"', "您好，这里是售后服务热线", "先为“第三次来电”", "你来打分"):
        assert absent not in text, absent
    assert not any(d["location"].startswith("cases/") and d["location"].split("#")[0] == "cases/" for d in index["docs"])


def test_the_pack_has_each_cases_transcript_and_blank_sheets_without_the_expert(sample_site, tmp_path):
    result = sample_site.run("trainer-pack", "--out", str(tmp_path), "--only", "cases", "--graders", "2")
    assert result.returncode == 0 and "培训师资料包：6 个 PDF" in result.stdout, result.stderr
    pdf = tmp_path / "cases" / "refund-third-call-calibration.pdf"
    pages = [page.replace("\n", "") for page in pdf_tools.pages(pdf)]
    assert len(pages) == 3  # the transcript, then a sheet for each of 2 graders
    assert "通话记录" in pages[0] and "感谢您的耐心，给您添麻烦了" in pages[0]
    assert "第 1 份，共 2 份" in pages[1] and "第 2 份，共 2 份" in pages[2]
    for page in pages[1:]:
        assert "评分人" in page and "依据（行号）" in page and "grader,emotion,needs,solution,process,follow-up" in page
    everything = "".join(pages)
    assert "先为“第三次来电”" not in everything and "19 / 20" not in everything  # blind: no expert score or note
    bad = sample_site.run("trainer-pack", "--out", str(tmp_path / "x"), "--only", "cases", "--graders", "0")
    assert bad.returncode == 2 and "应为 1 到 50 之间的人数，实际是 0" in bad.stderr


def test_trainers_markup_in_a_case_is_escaped_and_the_audio_address_encoded(repo):
    from generator.render.environment import create_environment
    from generator.site.options import SiteOptions
    from generator.site.site import Site

    hostile = (CASE.replace("我的包裹怎么还没到？", "<script>alert(1)</script>[点我](javascript:alert(2))<img src=x onerror=alert(3)>")
               .replace("note: 先道歉再行动。", "note: \"</script><b onclick=alert(4)>先道歉</b>\"")
               .replace("owner:", "audio: \"call #1 \\\"x.ogg\"\nowner:"))
    repo.write("curriculum/cases/late-parcel.md", hostile)
    repo.path('curriculum/cases/call #1 "x.ogg').write_bytes(b"OggS" + bytes(100))
    curriculum = load_curriculum(repo.root)
    site = Site(curriculum, SiteOptions(), create_environment())
    page = site.page("cases/late-parcel.md")
    parts = page.parts(site, site.links(page.src_uri))
    html = parts.before + parts.deferred
    assert "<script>alert" not in html and "<img" not in html and "<b onclick" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data = html.split('class="training-case-data">')[1].split("</script>")[0]
    assert "<" not in data and json.loads(data)["criteria"][0]["note"].startswith("&lt;/script&gt;")
    assert 'src="../call%20%231%20%22x.ogg"' in html  # the file name is an address, not markup


def test_long_adversarial_lines_are_read_in_linear_time():
    """Each of these took 10 to 35 s (quadratic backtracking) before the e-mail search started from the @ and the
    pasted line's text was taken greedily; a file may hold a megabyte of them."""
    from generator.model import cases

    for line in ("a." * 50_000, "1-" * 50_000, "a@" + "b." * 50_000, "x" * 100_000):
        assert personal_data_in(line) == []
    match = cases._PASTED.fullmatch("00:03 坐席：a" + " " * 200_000 + "b")
    assert match is not None and match.group("say").strip().endswith("b")
