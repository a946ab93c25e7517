"""`make serve` at scale: seconds from saving a course to the preview serving the change."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rebuild_seconds(folder: Path, course: Path, page_url: str, rounds: int = 3) -> tuple[list[float], list[float]]:
    """(save → page shows the change, MkDocs' own 'built in' seconds) for each round."""
    port = _free_port()
    log = folder / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            # Any -W option keeps MkDocs from filtering repeated build messages: a second "Documentation
            # built in 1.32 seconds" would otherwise be dropped and that round lost from the figures.
            [sys.executable, "-W", "ignore::DeprecationWarning", "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
             "--livereload", "--dirty", "--no-strict", "-f", str(folder / "mkdocs.yml")],
            cwd=folder, stdout=output, stderr=subprocess.STDOUT)
    original = course.read_text(encoding="utf-8")
    try:
        deadline = time.time() + 900
        while "Serving on" not in log.read_text(encoding="utf-8"):
            if time.time() > deadline or process.poll() is not None:
                raise RuntimeError(f"mkdocs serve did not start:\n{log.read_text(encoding='utf-8')[-2000:]}")
            time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/{page_url}"
        waits = []
        for round_number in range(rounds):
            time.sleep(1.5)
            marker = f"改动标记{round_number}{int(time.time())}"
            started = time.perf_counter()
            course.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            while marker not in urllib.request.urlopen(url, timeout=30).read().decode("utf-8"):
                if time.perf_counter() - started > 120:
                    raise RuntimeError("the change never appeared")
                time.sleep(0.05)
            waits.append(time.perf_counter() - started)
        built = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text(encoding="utf-8"))[1:]]
        return waits, built
    finally:
        course.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
