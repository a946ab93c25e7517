"""The CI configurations, checked offline against the official schemas vendored in check-jsonschema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def check(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True)


def test_github_workflows_match_the_schema():
    assert [w.name for w in WORKFLOWS] == ["checks.yml", "publish.yml"]
    result = check("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_matches_the_schema():
    result = check("vendor.gitlab-ci", REPO / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_configuration_is_caught(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps: []\n    runs_on: ubuntu-latest\n", encoding="utf-8")
    assert check("vendor.github-workflows", broken).returncode == 1
    gitlab = tmp_path / ".gitlab-ci.yml"
    gitlab.write_text("build:\n  stage: build\n  script: 42\n  artifact: {}\n", encoding="utf-8")
    assert check("vendor.gitlab-ci", gitlab).returncode == 1


@pytest.mark.parametrize("name", ["github", "gitlab"])
def test_ci_runs_the_checks_the_trainers_rely_on(name):
    text = "\n".join(w.read_text(encoding="utf-8") for w in WORKFLOWS) if name == "github" else \
        (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    for command in ("generator validate --format " + name, "generator check-versions --base", "generator report --format markdown",
                    "make portal", "make test", "generator publish --site site --webroot"):
        assert command in text, (name, command)


def test_pull_request_input_never_lands_in_a_shell_line():
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (workflow.name, step.get("name"))


def test_ci_entry_point_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make test" in ci and "make test" in readme


@pytest.mark.skipif(__import__("os").geteuid() != 0, reason="the script calls apt through sudo when not root")
def test_debian_installs_wait_for_the_package_managers_lock(tmp_path):
    """Another process holding apt's lock (a fresh machine updating itself, a shared CI machine): the set-up waits,
    says so in Chinese and English, and installs once the lock is free; past its limit it stops with a clear line.
    The locks and apt-get are stand-ins here (the real ones need the machine to itself)."""
    import os
    import time

    lock, calls = tmp_path / "lock-frontend", tmp_path / "apt-calls"
    lock.write_text("")
    fake_apt = tmp_path / "apt-get"
    fake_apt.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')
    fake_apt.chmod(0o755)
    env = {**os.environ, "APT_LOCK_FILES": str(lock), "APT_GET": str(fake_apt), "APT_LOCK_WAIT": "20"}
    script = [str(REPO / "scripts" / "install-debs.sh"), "training-portal-no-such-package"]

    holder = subprocess.Popen(["flock", str(lock), "sleep", "2"])
    time.sleep(0.5)
    result = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert "另一个进程正在使用软件包管理器（apt/dpkg），最多等待 20 秒" in result.stdout
    assert "Another process holds the package manager's lock" in result.stdout
    assert "软件包管理器已空闲" in result.stdout
    update, install = calls.read_text().splitlines()
    assert update.startswith("-o DPkg::Lock::Timeout=") and update.endswith(" update -qq")
    assert install.endswith(" install -y -qq --no-install-recommends training-portal-no-such-package")

    # apt and dpkg themselves lock with fcntl, which flock does not see.
    calls.unlink()
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'r+'); "
                               "fcntl.lockf(f, fcntl.LOCK_EX); time.sleep(2)", str(lock)])
    time.sleep(0.5)
    result = subprocess.run(script, env=env, capture_output=True, text=True, timeout=60)
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert "另一个进程正在使用软件包管理器（apt/dpkg）" in result.stdout and "软件包管理器已空闲" in result.stdout
    assert len(calls.read_text().splitlines()) == 2

    calls.unlink()
    holder = subprocess.Popen(["flock", str(lock), "sleep", "6"])
    time.sleep(0.5)
    result = subprocess.run(script, env={**env, "APT_LOCK_WAIT": "1"}, capture_output=True, text=True, timeout=60)
    holder.kill()
    assert result.returncode == 1 and not calls.exists()
    assert "错误：软件包管理器在 1 秒后仍被占用，没有安装：training-portal-no-such-package" in result.stderr
