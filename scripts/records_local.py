"""`make records`: the learning-records loop on this machine. Builds the portal with records on into
.records/site, starts Ralph (file-system backend, statements in .records/lrs, credentials generated into
.records/lrs-credentials) and nginx with the shipped configuration and records proxy, and waits."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from generator.records.local import LocalLrs, LocalPortal, LocalRecordsError  # noqa: E402

WORKDIR = REPOSITORY / ".records"
CONFIG = "mkdocs.records.yml"


def records_config(text: str) -> str:
    """mkdocs.yml with records on, no login (each agent enters a 工号) and the site built into .records/."""
    marker = "  - training:\n"
    if marker not in text:
        raise SystemExit("mkdocs.yml has no `- training:` plugin entry")
    text = text.replace(marker, marker + "      records: true\n      records_whoami: none\n", 1)
    return text.replace("site_dir: site\n", "site_dir: .records/site\n", 1)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # a terminated `make records` stops Ralph and nginx as Ctrl-C does


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)), help="the portal's port")
    parser.add_argument("--lrs-port", type=int, default=int(os.environ.get("LRS_PORT", 8100)), help="Ralph's port")
    args = parser.parse_args()
    (REPOSITORY / CONFIG).write_text(records_config((REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")),
                                     encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "generator", "--config-file", CONFIG, "build", "--strict"],
                           cwd=REPOSITORY)
    if build.returncode != 0:
        return build.returncode
    lrs = LocalLrs(WORKDIR, args.lrs_port)
    portal = LocalPortal(WORKDIR / "site", WORKDIR / "nginx", args.port, lrs)
    try:
        lrs.start()
        portal.start()
        print(f"门户（学习记录已开启）：{portal.url}\n"
              f"学习记录库 Ralph：{lrs.url}（账号密码在 {lrs.credentials_file.relative_to(REPOSITORY)}）\n"
              f"报告：.venv/bin/python -m generator records report --lrs {lrs.url} "
              f"--credentials-file {lrs.credentials_file.relative_to(REPOSITORY)}\n"
              "按 Ctrl-C 停止。", flush=True)
        while lrs.process and lrs.process.poll() is None and portal.process and portal.process.poll() is None:
            time.sleep(1)
        print("Ralph 或 nginx 已退出。", file=sys.stderr)
        return 1
    except LocalRecordsError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        portal.stop()
        lrs.stop()


if __name__ == "__main__":
    sys.exit(main())
