"""The trainer pack from the command line: A/B papers whose keys match their own order, score sheets."""

from __future__ import annotations

import functools
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pdf_tools
from generator.messages import os_error_reason
from generator.model import load_curriculum
from generator.paper.pack_folder import printed_into

QUESTION_HEAD = re.compile(r"^(\d+)\. \[(单选题|多选题|判断题|填空题|排序题|配对题) · (\d+) 分\]$")
CHOICE = re.compile(r"^([A-Z])\. (.+)$")


def test_the_whole_pack_has_every_part_with_embedded_fonts(built_fixture_site, tmp_path):
    out = tmp_path / "trainer-pack"
    result = built_fixture_site.run("trainer-pack", "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert written == [
        "cohorts/new-hire-2027-03/evaluation-report.pdf", "cohorts/new-hire-2027-03/observation.pdf",
        "cohorts/new-hire-2027-03/plan.pdf", "cohorts/new-hire-2027-03/questionnaires.pdf",
        "cohorts/new-hire-2027-03/sign-in.pdf",
        *(f"exams/final-exam-{v}-{kind}.pdf" for v in "AB" for kind in ("key", "marking-sheet", "paper")),
        "roleplay/late-delivery-kit.pdf", "rubrics/complaint-handling-score-sheet.pdf"]
    assert f"培训师资料包：{len(written)} 个 PDF" in result.stdout
    for pdf in out.rglob("*.pdf"):
        fonts = pdf_tools.fonts(pdf)
        assert fonts and all(font["embedded"] for font in fonts), pdf.name


def parse_paper(pdf: Path) -> dict[int, dict]:
    """Question number -> its type, points, first prompt line and lettered options as printed."""
    questions: dict[int, dict] = {}
    current = None
    for line in (line.strip() for line in pdf_tools.text(pdf).splitlines()):
        head = QUESTION_HEAD.match(line)
        if head:
            current = questions[int(head.group(1))] = {
                "type": head.group(2), "points": int(head.group(3)), "prompt": None, "options": {}}
        elif current is not None and line and current["prompt"] is None:
            current["prompt"] = line
        elif current is not None and CHOICE.match(line):
            letter, text = CHOICE.match(line).groups()
            current["options"][letter] = text
    return questions


def parse_key(pdf: Path) -> dict[int, str]:
    key = {}
    for line in pdf_tools.text(pdf, layout=True).splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 2 and cells[0].isdigit():
            key[int(cells[0])] = cells[1]
    return key


def expected_answer(question, printed: dict) -> str:
    def letter_of(text: str) -> str:
        return next(letter for letter, shown in printed["options"].items() if text.startswith(shown) or shown.startswith(text))

    if question.type in ("single", "multiple"):
        return "、".join(sorted(letter_of(c.text) for c in question.choices if c.correct))
    if question.type == "true-false":
        return "正确" if question.answer else "错误"
    if question.type == "order":
        return " → ".join(letter_of(item) for item in question.items)
    if question.type == "match":
        return "、".join(f"{i + 1}-{letter_of(right)}" for i, (_, right) in enumerate(question.pairs))
    return " / ".join(question.answers)


@pytest.mark.parametrize("variant", ["A", "B"])
def test_answer_key_matches_its_own_variant(sample_pack, sample_site, variant):
    bank = load_curriculum(sample_site.root).quiz_by_id["new-hire-exam"]
    paper = parse_paper(sample_pack / "exams" / f"new-hire-exam-{variant}-paper.pdf")
    key = parse_key(sample_pack / "exams" / f"new-hire-exam-{variant}-key.pdf")
    assert sorted(paper) == list(range(1, len(bank.questions) + 1)) == sorted(key)
    for number, printed in paper.items():
        question = next(q for q in bank.questions if q.prompt.startswith(printed["prompt"]))
        assert printed["points"] == question.points
        assert key[number].replace(" ", "") == expected_answer(question, printed).replace(" ", ""), (variant, number)


def test_variants_order_questions_and_choices_differently(sample_pack):
    a = parse_paper(sample_pack / "exams" / "new-hire-exam-A-paper.pdf")
    b = parse_paper(sample_pack / "exams" / "new-hire-exam-B-paper.pdf")
    assert [q["prompt"] for q in a.values()] != [q["prompt"] for q in b.values()]
    assert sorted(q["prompt"] for q in a.values()) == sorted(q["prompt"] for q in b.values())
    header = pdf_tools.text(sample_pack / "exams" / "new-hire-exam-A-paper.pdf", first=1, last=1)
    assert "A 卷 · 共 14 题 · 满分 18 分 · 15 分及格（80%）" in header
    for label in ("姓名", "工号", "日期", "得分"):
        assert label in header


def test_same_seed_gives_the_same_paper(sample_pack, sample_site, tmp_path):
    # Another process prints only the exams and the rubrics: the same papers, and nothing else.
    result = sample_site.run("trainer-pack", "--out", str(tmp_path), "--only", "exams", "--only", "rubrics")
    assert result.returncode == 0 and "培训师资料包：7 个 PDF" in result.stdout, result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")) == \
        sorted(p.relative_to(sample_pack).as_posix() for folder in ("exams", "rubrics") for p in (sample_pack / folder).glob("*.pdf"))
    for name in ("new-hire-exam-A-paper", "new-hire-exam-B-key"):
        assert pdf_tools.text(tmp_path / "exams" / f"{name}.pdf") == pdf_tools.text(sample_pack / "exams" / f"{name}.pdf")
    wrong = sample_site.run("trainer-pack", "--out", str(tmp_path / "x"), "--only", "exam")
    assert wrong.returncode == 2 and "invalid choice: 'exam'" in wrong.stderr and not (tmp_path / "x").exists()


def test_marking_sheet_lists_every_question_with_blank_scores(sample_pack):
    text = pdf_tools.text(sample_pack / "exams" / "new-hire-exam-A-marking-sheet.pdf", layout=True)
    numbers = [int(cells[0]) for cells in (re.split(r"\s{2,}", line.strip()) for line in text.splitlines())
               if cells and cells[0].isdigit() and len(cells) >= 3]
    assert numbers == list(range(1, 15))
    for label in ("合计", "18", "及格线：15 分", "阅卷人签名", "复核人签名", "考生姓名"):
        assert label in text


def test_rubric_score_sheet_is_one_page_with_everything_to_fill_in(sample_pack, sample_site, tmp_path):
    pdf = sample_pack / "rubrics" / "complaint-handling-score-sheet.pdf"
    rubric = load_curriculum(sample_site.root).rubric_by_id["complaint-handling"]
    pages = pdf_tools.pages(pdf)
    assert len(pages) == 1
    text = pages[0].replace("\n", "")
    for criterion in rubric.criteria:
        assert criterion.name in text and str(criterion.points) in text
        assert criterion.standard[:8] in text and criterion.evidence[:6] in text
    for label in ("考核项", "评分标准", "考核依据", "分值", "得分", "总分", "100", "80 分（总分的 80%）",
                  "考官签名", "学员签名", "日期", "学员姓名"):
        assert label in text, label
    assert pdf_tools.ink(pdf, 1, tmp_path) > 0.01


def test_trainer_pack_refuses_the_published_site(content_repo):
    result = content_repo.run("trainer-pack", "--out", str(content_repo.site / "pack"))
    assert result.returncode == 1 and "会被发布" in result.stderr
    result = content_repo.run("trainer-pack", "--out", str(content_repo.path("curriculum/pack")))
    assert result.returncode == 1 and "会被发布" in result.stderr
    assert not content_repo.path("curriculum/pack").exists()


def test_a_committed_link_cannot_steer_the_pack(content_repo):
    """`trainer-pack/exams` committed as a link into the theme folder: refused before anything is printed."""
    theme = content_repo.path("site_overrides/assets/papers")
    theme.mkdir(parents=True)
    content_repo.path("trainer-pack").mkdir()
    content_repo.path("trainer-pack/exams").symlink_to(theme, target_is_directory=True)
    result = content_repo.run("trainer-pack", "--out", "trainer-pack", "--only", "exams")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"路径上的 {content_repo.path('trainer-pack/exams')} 是符号链接" in result.stderr
    assert list(theme.iterdir()) == []


def _rules(root: Path, site: Path, docs: Path, theme: Path):
    from generator.paper.pack_folder import PackFolderRules

    return PackFolderRules(root, (site, docs, theme))


def test_pack_folder_rules(tmp_path):
    from generator.paper.pdf import PaperError

    repo, webroot, elsewhere = tmp_path / "repo", tmp_path / "srv" / "portal", tmp_path / "disk"
    site, docs, theme = repo / "site", repo / "curriculum", repo / "overrides"
    for folder in (site, docs, theme, webroot / "releases" / "r1", elsewhere, repo / "trainer-pack"):
        folder.mkdir(parents=True)
    (webroot / "current").symlink_to(webroot / "releases" / "r1", target_is_directory=True)
    rules = _rules(repo, site, docs, theme)

    def refused(out: Path) -> str:
        with pytest.raises(PaperError) as raised:
            rules.check_tree(out)
        return str(raised.value)

    rules.check_tree(repo / "trainer-pack")  # the git-ignored folder
    rules.check_tree(elsewhere)  # anywhere outside
    (repo / "trainer-pack" / "cohorts").mkdir()
    (repo / "trainer-pack" / "cohorts" / "x").symlink_to(elsewhere, target_is_directory=True)
    assert "路径上的" in refused(repo / "trainer-pack")  # a link under the folder, however deep
    (repo / "trainer-pack" / "cohorts" / "x").unlink()
    (repo / "pack-link").symlink_to(repo / "trainer-pack", target_is_directory=True)
    assert f"路径上的 {repo / 'pack-link'} 是符号链接" in refused(repo / "pack-link")  # the folder itself a link
    (elsewhere / "web").symlink_to(webroot / "current", target_is_directory=True)
    assert f"网站服务器提供的文件夹 {webroot}" in refused(elsewhere)  # a link to a web root, outside the repository
    assert "网站服务器提供的文件夹" in refused(webroot / "current" / "pack")
    (elsewhere / "web").unlink()
    (elsewhere / "docs").symlink_to(docs, target_is_directory=True)
    assert "会被发布的" in refused(elsewhere)
    (elsewhere / "docs").unlink()
    assert "会被发布的" in refused(theme / "pack") and "会被发布的" in refused(site)
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert "网站服务器提供的文件夹" in refused(built / "pack")
    assert "git 忽略的 trainer-pack/" in refused(repo / "papers")


def test_a_folder_linked_after_the_check_is_refused_when_the_pack_moves_in(tmp_path):
    from generator.paper.pdf import PaperError

    repo = tmp_path / "repo"
    out, theme = repo / "trainer-pack", repo / "overrides"
    out.mkdir(parents=True)
    theme.mkdir()
    rules = _rules(repo, repo / "site", repo / "curriculum", theme)
    with pytest.raises(PaperError), printed_into(out, rules.check_tree(out) or rules) as staging:
        _stage(staging, {"exams/a.pdf": "答案"})
        (out / "exams").symlink_to(theme, target_is_directory=True)  # another process links it meanwhile
    assert list(theme.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_named_in_chinese(content_repo, tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    for command in (["trainer-pack"], ["cohort-pack", "--cohort", "new-hire-2027-03"]):
        result = content_repo.run(*command, "--out", str(tmp_path / "file" / "pack"))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"错误：无法写入 {tmp_path / 'file' / 'pack'}：路径中有一段不是文件夹" in result.stderr
    result = content_repo.run("trainer-pack", "--out", str(tmp_path / "file"))
    assert result.returncode == 1 and f"错误：无法写入 {tmp_path / 'file'}：那里已有同名的文件" in result.stderr


def test_trainer_pack_reports_content_errors(content_repo, tmp_path):
    content_repo.replace("assessments/quizzes/final-exam.yml", "type: single", "type: singel")
    result = content_repo.run("trainer-pack", "--out", str(tmp_path / "pack"))
    assert result.returncode == 1
    assert "assessments/quizzes/final-exam.yml:" in result.stdout and "“singel”不是题型" in result.stdout
    assert not (tmp_path / "pack").exists()


def test_glyph_problems_of_every_document_come_in_one_run(content_repo, tmp_path):
    # The exam and the score sheet print in different processes; both problems are reported, with file and line.
    content_repo.replace("assessments/quizzes/final-exam.yml", "考试题目", "考试题目 𓀀")
    content_repo.replace("assessments/rubrics/complaint-handling.yml", "及时安抚", "及时安抚 𓃰")
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "备注.txt").write_text("上次的资料包", encoding="utf-8")
    result = content_repo.run("trainer-pack", "--out", str(tmp_path / "pack"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "assessments/quizzes/final-exam.yml:5: 字符 “𓀀”" in result.stderr
    rubric = "assessments/rubrics/complaint-handling.yml:5: 字符 “𓃰”"  # the criterion's line
    assert f"{rubric} (U+130F0 egyptian hieroglyph e026) 在 PDF 字体（Noto CJK 和系统字体）中没有字形，complaint-handling-score-sheet.pdf" \
        in result.stderr
    assert f"{rubric} (U+130F0 egyptian hieroglyph e026) 在 PDF 字体（Noto CJK 和系统字体）中没有字形，角色扮演套件 roleplay/" \
        in result.stderr  # the observer sheet prints the rubric too
    assert [p.name for p in (tmp_path / "pack").rglob("*")] == ["备注.txt"]  # nothing half-printed joins the folder


def test_forked_jobs_keep_their_order_and_raise_here():
    from generator.forked import WorkerLost, run_forked

    results = run_forked([functools.partial(_number_and_process, n) for n in range(6)], workers=2)
    assert [n for n, _ in results] == list(range(6))
    assert os.getpid() not in {pid for _, pid in results}
    assert run_forked([functools.partial(_number_and_process, 7)], workers=4) == [(7, os.getpid())]
    with pytest.raises(ZeroDivisionError):
        run_forked([functools.partial(_number_and_process, 1), lambda: 1 / 0], workers=2)
    with pytest.raises(WorkerLost):  # as when the system ends a printing process that ran out of memory
        run_forked([functools.partial(_number_and_process, 1), lambda: os.kill(os.getpid(), signal.SIGKILL)], workers=2)


def _number_and_process(number: int) -> tuple[int, int]:
    return number, os.getpid()


def test_course_page_lists_its_rubric_without_scores(built_fixture_site):
    html = built_fixture_site.html("courses/basic/complaints")
    section = html.split('<aside class="training-rubric"')[1].split("</aside>")[0]
    assert '<p class="training-kicker">实操考核</p>' in section and ">投诉处理评分表</h2>" in section
    for header in ("考核项", "评分标准", "考核依据"):
        assert f">{header}</th>" in section
    assert ">得分</th>" not in section
    assert "达到 80%（即" in section


# --- the output folder: whole or nothing ---------------------------------------------------------------


def _stage(staging: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(content, encoding="utf-8")


def test_a_pack_that_cannot_go_in_whole_changes_nothing(tmp_path):
    out = tmp_path / "pack"
    (out / "exams" / "b.pdf").mkdir(parents=True)  # a folder where a file must go
    (out / "exams" / "a.pdf").write_text("上一次的", encoding="utf-8")
    with pytest.raises(OSError) as raised, printed_into(out) as staging:
        _stage(staging, {"exams/a.pdf": "新的", "exams/b.pdf": "新的"})
    assert os_error_reason(raised.value) == f"那里已有同名的文件夹 ({out / 'exams' / 'b.pdf'})"
    assert (out / "exams" / "a.pdf").read_text(encoding="utf-8") == "上一次的"
    assert sorted(p.name for p in out.rglob("*")) == ["a.pdf", "b.pdf", "exams"]
    deep = tmp_path / "new" / "a" / "b"
    with pytest.raises(RuntimeError), printed_into(deep):
        raise RuntimeError("printing failed")
    assert not (tmp_path / "new").exists()  # every folder it created, removed again


def test_a_pack_goes_through_linked_folders_and_clears_what_killed_runs_left(tmp_path):
    out, elsewhere = tmp_path / "pack", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "rubrics").symlink_to(elsewhere, target_is_directory=True)
    (out / ".printing-999999999-abc").mkdir()  # left by a run that was killed
    (out / ".printing-1-abc").mkdir()  # process 1 is running: another run may still be printing there
    with printed_into(out) as staging:
        _stage(staging, {"rubrics/sheet.pdf": "评分表", "exams/a.pdf": "试卷"})
    assert (elsewhere / "sheet.pdf").read_text(encoding="utf-8") == "评分表"
    assert sorted(p.name for p in out.iterdir()) == [".printing-1-abc", "exams", "rubrics"]


def test_workers_end_with_their_parent(tmp_path):
    script = ("import functools, os, sys, time\nfrom generator.forked import run_forked\n"
              "def job(n):\n    open(os.path.join(sys.argv[1], str(os.getpid())), 'w').close()\n    time.sleep(120)\n"
              "run_forked([functools.partial(job, n) for n in range(2)], workers=2)\n")
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)])
    workers = _wait_for(lambda: [int(p.name) for p in tmp_path.iterdir()] if len(list(tmp_path.iterdir())) == 2 else None)
    parent.kill()
    parent.wait()
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers) or None)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_pack_leaves_nothing_behind(sample_site, tmp_path, stop):
    out = tmp_path / "pack"
    # As from a terminal: a test run started in the background (`make test &`, nohup) ignores Ctrl-C, and a
    # Python started with SIGINT ignored never turns it into KeyboardInterrupt; env execs, so the pid is the tool's.
    command = ["env", "--default-signal=INT", sys.executable, "-m", "generator", "--root", str(sample_site.root),
               "trainer-pack", "--out", str(out)]
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: list(out.glob(".printing-*")) or None)  # printing has begun (it takes seconds more)
    workers = _wait_for(lambda: _children(run.pid) or None)
    os.killpg(run.pid, stop)  # as a terminal's Ctrl-C or a CI timeout reaches the whole group
    _, err = run.communicate(timeout=60)
    assert run.returncode == (130 if stop == signal.SIGINT else 128 + signal.SIGTERM) and "Traceback" not in err
    assert not out.exists()
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers) or None)
    if stop == signal.SIGINT:
        assert err.strip().endswith("已中断。")


def _wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("condition not reached")


def _children(pid: int) -> list[int]:
    listed = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True).stdout
    return [int(child) for child in listed.split()]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"  # a zombie has ended
    except (FileNotFoundError, IndexError):
        return False
