"""The build manifest: written into the site by a successful build, read back before publishing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

MANIFEST = "training-build.json"
GENERATOR = "training-portal-generator"


def git_short_sha(root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def write_manifest(site_dir: Path, root: Path, build_date: dt.date, mount: str = "/") -> None:
    """Only a complete strict build without warnings writes this file; `publish` refuses a site without it."""
    data = {
        "generator": GENERATOR,
        "content": "valid",  # the build stops before writing anything when the content is invalid
        "strict": True,
        "warnings": 0,
        "build_date": build_date.isoformat(),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git": git_short_sha(root),
        "mount": mount,  # the path the site is served under: publish audits the 404 page's addresses with it
    }
    (site_dir / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def remove_manifest(site_dir: Path) -> None:
    """A build that may not be published leaves no manifest behind, not even one of an earlier build."""
    (site_dir / MANIFEST).unlink(missing_ok=True)


def read_manifest(site_dir: Path) -> dict | None:
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("generator") == GENERATOR else None
