"""Only a complete strict build is publishable, no exam text goes out, and publishing survives faults:
concurrent runs, read-only, full and missing disks, bad --keep values, overlapping folders."""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.publish import releases as release_module
from generator.publish.releases import PublishError, current_release, publish, releases

COURSE = "curriculum/courses/basic/etiquette.md"


def _cli(repo, *args: str) -> subprocess.CompletedProcess:
    result = repo.run(*args)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@contextlib.contextmanager
def _mounted(place: Path, options: str):
    place.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(place)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here to simulate the disk: {mounted.stderr.strip()}")
    try:
        yield place
    finally:
        subprocess.run(["umount", "-l", str(place)], check=False)


def _size_kb(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) // 1024


# --- only a complete build ------------------------------------------------------------------------


def test_a_strict_mkdocs_build_that_aborts_leaves_no_manifest(content_repo):
    content_repo.without_paper()
    content_repo.replace(COURSE, "## 开场白", "## 开场白\n\n[断开的链接](no-such-page.md)")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=content_repo.root,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert (content_repo.site / "index.html").is_file() and not (content_repo.site / "training-build.json").exists()
    refused = _cli(content_repo, "publish", "--site", str(content_repo.site), "--webroot", str(content_repo.root / "www"))
    assert refused.returncode == 1 and "没有 training-build.json：只有零警告的完整严格构建才能发布" in refused.stderr
    # Without --strict the build succeeds, and is still not publishable.
    lenient = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict"], cwd=content_repo.root, capture_output=True, text=True)
    assert lenient.returncode == 0 and not (content_repo.site / "training-build.json").exists()


def test_exam_text_in_a_course_fails_the_build(content_repo):
    content_repo.replace(COURSE, "## 开场白", "## 开场白\n\n复习:考试题目 EXAM-SECRET-PROMPT")
    result = content_repo.build()
    assert result.returncode == 1 and not content_repo.site.exists()
    for published in ("courses/basic/etiquette/index.html", "search/search_index.json", "handbooks/operator-handbook.pdf"):
        assert f"{published}: 含有考试题目的文字（assessments/quizzes/final-exam.yml:5" in result.stderr, published


def test_publish_refuses_a_site_carrying_exam_text(built_fixture_site, tmp_path, content_repo):
    site = tmp_path / "site"
    shutil.copytree(built_fixture_site.site, site)
    (site / "notes.txt").write_text("答案:EXAM-SECRET-ANSWER", encoding="utf-8")
    result = _cli(content_repo, "publish", "--site", str(site), "--webroot", str(tmp_path / "www"))
    assert result.returncode == 1 and "notes.txt: 含有考试题目的文字" in result.stderr
    assert releases(tmp_path / "www") == []


# --- faults ---------------------------------------------------------------------------------------


def test_concurrent_publishes_take_turns(built_fixture_site, tmp_path, content_repo):
    webroot = tmp_path / "www"
    commands = [[sys.executable, "-m", "generator", "--root", str(content_repo.root), "publish", "--site",
                 str(built_fixture_site.site), "--webroot", str(webroot)] for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda c: subprocess.run(c, capture_output=True, text=True), commands))
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    assert len(releases(webroot)) == 4 and current_release(webroot) == releases(webroot)[-1]
    assert not list((webroot / "releases").glob(".incoming-*"))


def test_a_held_lock_makes_publish_wait_then_give_up_cleanly(built_fixture_site, tmp_path, monkeypatch):
    webroot = tmp_path / "www"
    webroot.mkdir()
    monkeypatch.setattr(release_module, "LOCK_WAIT_SECONDS", 0.3)
    with open(webroot / ".publish.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="另一次发布或回滚在 0 秒后仍未结束"):
            publish(built_fixture_site.site, webroot)
    assert releases(webroot) == []


def test_full_disk_leaves_current_untouched_and_cleans_up(built_fixture_site, tmp_path, content_repo):
    size = _size_kb(built_fixture_site.site)
    with _mounted(tmp_path / "disk", f"size={size * 3 // 2}k") as webroot:
        first = _cli(content_repo, "publish", "--site", str(built_fixture_site.site), "--webroot", str(webroot))
        assert first.returncode == 0, first.stderr
        before = current_release(webroot)
        second = _cli(content_repo, "publish", "--site", str(built_fixture_site.site), "--webroot", str(webroot))
        assert second.returncode == 1
        assert second.stderr.strip().splitlines()[-1].startswith("错误：发布失败，")
        assert "磁盘已满" in second.stderr
        assert current_release(webroot) == before and releases(webroot) == [before]
        assert not list((webroot / "releases").glob(".incoming-*")) and not list(webroot.glob(".current-*"))


def test_read_only_disk_is_one_clear_line(built_fixture_site, tmp_path, content_repo):
    with _mounted(tmp_path / "ro", "ro,size=1m") as webroot:
        result = _cli(content_repo, "publish", "--site", str(built_fixture_site.site), "--webroot", str(webroot))
        assert result.returncode == 1 and "磁盘是只读的" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        back = _cli(content_repo, "rollback", "--webroot", str(webroot))
        assert back.returncode == 1 and "磁盘是只读的" in back.stderr


def test_missing_disk_keep_values_and_overlapping_folders(built_fixture_site, tmp_path, content_repo):
    site = str(built_fixture_site.site)
    missing = _cli(content_repo, "publish", "--site", site, "--webroot", str(tmp_path / "not-mounted" / "portal"))
    assert missing.returncode == 1 and "不存在（磁盘挂载了吗？）" in missing.stderr
    for keep, message in (("0", "至少为 1（正在发布的这一版），实际是 0"), ("-1", "至少为 1（正在发布的这一版），实际是 -1"), ("x", "应为整数，实际是“x”")):
        result = _cli(content_repo, "publish", "--site", site, "--webroot", str(tmp_path / "www"), "--keep", keep)
        assert result.returncode == 2 and f"argument --keep: {message}" in result.stderr
    with pytest.raises(PublishError, match="至少为 1"):
        publish(built_fixture_site.site, tmp_path / "www", keep=0)
    for webroot in (built_fixture_site.site, built_fixture_site.site / "www", built_fixture_site.site.parent):
        result = _cli(content_repo, "publish", "--site", site, "--webroot", str(webroot))
        assert result.returncode == 1 and "必须是互不包含的两个文件夹" in result.stderr, webroot
    assert not (built_fixture_site.site / "www").exists() and not (built_fixture_site.site / "releases").exists()


def test_leftovers_of_a_crashed_run_are_removed(built_fixture_site, tmp_path):
    webroot = tmp_path / "www"
    (webroot / "releases" / ".incoming-20260101T000000Z-abc").mkdir(parents=True)
    (webroot / ".current-999").symlink_to("releases/nowhere")
    name = publish(built_fixture_site.site, webroot)
    assert releases(webroot) == [name] and not (webroot / ".current-999").is_symlink()
    assert not list((webroot / "releases").glob(".incoming-*"))
