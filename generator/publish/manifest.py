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


def write_manifest(site_dir: Path, root: Path, strict: bool, build_date: dt.date) -> None:
    data = {
        "generator": GENERATOR,
        "content": "valid",  # the build stops before writing anything when the content is invalid
        "strict": strict,
        "build_date": build_date.isoformat(),
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "git": git_short_sha(root),
    }
    (site_dir / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_manifest(site_dir: Path) -> dict | None:
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("generator") == GENERATOR else None
