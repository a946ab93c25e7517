"""PNG screenshots of every page type at desktop and phone width, and of the first pages of every PDF.

    python scripts/screenshots.py [--site site] [--pack trainer-pack] [--out screenshots]

For trainers and reviewers (`make screenshots`): the built site is served on a free local port and
opened in Debian's Chromium; nothing is fetched from outside.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
# One page of each kind; a page that does not exist in this site is skipped.
PAGES = {
    "home": "",
    "catalog": "catalog/",
    "course": "courses/advanced/complaint-deescalation/",
    "course-stale": "courses/foundation/crm-knowledge-base/",
    "path": "paths/new-hire-30-days/",
    "milestone-quiz": "quizzes/new-hire-week2-check/",
    "scenario": "scenarios/promo-delay-third-call/",
    "case": "cases/foundation/refund-third-call/",
    "case-library": "cases/",
    "competencies": "competencies/",
    "glossary": "glossary/",
    "updates": "updates/",
    "guide": "guide/",
}
PDF_PAGES = 3


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pages(site: Path, out: Path, extra: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    server, base = _serve(site)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                page = context.new_page()
                for name, path in {**PAGES, **extra}.items():
                    if not (site / path.split("?")[0] / "index.html").is_file():
                        continue
                    # Not "networkidle": Playwright can lose it for good when Mermaid's script runs long
                    # (microsoft/playwright#42598); the page's own scripts and Mermaid are done well within a second.
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(1000)
                    target = out / f"{name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=False)
                    full = out / f"{name}-{width_name}-full.png"
                    page.screenshot(path=str(full), full_page=True)
                    written += [target, full]
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def pdfs(folders: list[Path], out: Path) -> list[Path]:
    written = []
    for folder in folders:
        for pdf in sorted(folder.rglob("*.pdf")) if folder.is_dir() else []:
            stem = out / f"pdf-{pdf.stem}"
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(PDF_PAGES), str(pdf), str(stem)],
                           check=True)
            written += sorted(out.glob(f"pdf-{pdf.stem}*.png"))
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site")
    parser.add_argument("--pack", default="trainer-pack", help="trainer pack folder, if written (make trainer-pack)")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH", help="another page to take")
    args = parser.parse_args(argv)
    site, out = Path(args.site), Path(args.out)
    if not (site / "index.html").is_file():
        print(f"{site} 中没有构建好的站点；请先运行 make portal", file=sys.stderr)
        return 1
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    extra = dict(item.split("=", 1) for item in args.page)
    written = pages(site, out, extra) + pdfs([site / "handbooks", Path(args.pack)], out)
    print(f"{len(written)} 张截图已写入 {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
