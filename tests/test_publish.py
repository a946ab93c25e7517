"""Publishing to an intranet web root, served by a real nginx with the shipped configuration."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import http.client
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import make_repo
from generator.publish.releases import PublishError, current_release, publish, releases, rollback
from nginx_server import Nginx

PAGES = ["", "courses/basic/complaints/", "paths/new-hire/", "search/search_index.json", "assets/training/learn.js"]
MATERIAL = Path(__import__("material").__file__).resolve().parent / "templates" / "partials" / "javascripts"
MATERIAL_THEME = Path(__file__).resolve().parents[1] / "generator" / "mkdocs_plugin" / "material" / "theme"


def get(url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path or "/", headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    response = connection.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, headers, body


def page_file(site: Path, page: str) -> Path:
    return site / page / "index.html" if page == "" or page.endswith("/") else site / page


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory, built_fixture_site) -> tuple[Path, Path]:
    """Release 1 and release 2 of the fixture content: a course retitled and its summary changed, and no
    paper printed (read only)."""
    tmp_path = tmp_path_factory.mktemp("releases")
    first = tmp_path / "site-1"
    shutil.copytree(built_fixture_site.site, first)
    repo = make_repo(tmp_path / "release-content").without_paper()
    repo.replace("curriculum/courses/basic/complaints.md", "title: 投诉安抚", "title: 投诉安抚(第二版)")
    repo.replace("curriculum/courses/basic/complaints.md", "summary: 安抚情绪激动的客户", "summary: 新版:安抚与升级")
    assert repo.build().returncode == 0
    second = tmp_path / "site-2"
    shutil.move(repo.site, second)
    return first, second


@pytest.fixture
def nginx(tmp_path):
    server = Nginx(tmp_path / "webroot", tmp_path / "nginx").start()
    yield server
    server.stop()


def test_published_site_is_served_compressed_cached_and_with_security_headers(two_sites, nginx):
    first, _ = two_sites
    publish(first, nginx.webroot)
    status, headers, body = get(nginx.url)
    assert status == 200 and body == page_file(first, "").read_bytes()
    assert headers["content-encoding"] == "gzip" and headers["cache-control"] == "no-cache"
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "SAMEORIGIN"
    for path in ("assets/training/training.css", "assets/training/learn.js", "search/search_index.json"):
        status, headers, _ = get(nginx.url + path)
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert headers["cache-control"] == "no-cache" and "content-security-policy" in headers, path
    bundle = next((first / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(first).as_posix()
    status, headers, _ = get(nginx.url + bundle)
    assert status == 200 and "immutable" in headers["cache-control"] and headers["content-encoding"] == "gzip"
    assert "content-security-policy" in headers
    # The search worker, changed by the build, is named from its own content, so caching it for good is safe.
    worker = next((first / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    code = worker.read_bytes()
    assert b"trainingPrebuilt" in code and worker.name == f"search.{hashlib.sha256(code).hexdigest()[:8]}.min.js"
    status, headers, _ = get(nginx.url + worker.relative_to(first).as_posix())
    assert status == 200 and "immutable" in headers["cache-control"] and headers["content-encoding"] == "gzip"
    assert "content-security-policy" in headers and headers["content-type"].startswith("application/javascript")
    status, headers, _ = get(nginx.url + "handbooks/operator-handbook.pdf")
    assert status == 200 and headers["cache-control"] == "public, max-age=86400"
    status, headers, body = get(nginx.url + "cohorts/new-hire-2027-03.ics")
    assert status == 200 and headers["content-type"] == "text/calendar; charset=utf-8" and body.startswith(b"BEGIN:VCALENDAR")
    assert headers["cache-control"] == "no-cache" and "content-security-policy" in headers
    assert get(nginx.url + "training-build.json")[0] == 404
    # A call case's recording (published beside its page) is served as audio, whatever its suffix.
    for name, kind in (("call.ogg", "audio/ogg"), ("call.opus", "audio/ogg"), ("call.m4a", "audio/mp4"), ("call.wav", "audio/wav")):
        (nginx.webroot / "current" / name).write_bytes(b"OggS" + bytes(64))
        status, headers, _ = get(nginx.url + name)
        assert status == 200 and headers["content-type"] == kind and headers["cache-control"] == "public, max-age=86400", name
        assert headers["x-content-type-options"] == "nosniff"
    status, _, body = get(nginx.url + "no/such/page/")
    assert status == 404 and b"404" in body


def test_switching_releases_under_load_never_serves_a_failed_or_mixed_response(two_sites, nginx):
    first, second = two_sites
    publish(first, nginx.webroot)
    expected = {page: {page_file(first, page).read_bytes(), page_file(second, page).read_bytes()} for page in PAGES}
    assert all(len(versions) == 2 for page, versions in expected.items() if page.endswith("/") or page == "")
    failures: list[str] = []
    seen: dict[str, set[int]] = {page: set() for page in PAGES}
    published = threading.Event()

    def read_while_switching() -> None:
        after = 0
        for count in range(4000):  # bounded: stops 200 requests after the switch, or at 4000
            page = PAGES[count % len(PAGES)]
            status, _, body = get(nginx.url + page)
            if status != 200 or body not in expected[page]:
                failures.append(f"{page}: {status}, {len(body)} bytes matching no release")
            else:
                seen[page].add(0 if body == page_file(first, page).read_bytes() else 1)
            if published.is_set():
                after += 1
                if after >= 200:
                    return

    reader = threading.Thread(target=read_while_switching)
    reader.start()
    name = publish(second, nginx.webroot)
    published.set()
    reader.join(timeout=120)
    assert not reader.is_alive()
    assert failures == []
    assert seen[""] == {0, 1}, "the readers saw both releases"
    assert current_release(nginx.webroot) == name
    assert get(nginx.url + "courses/basic/complaints/")[2] == page_file(second, "courses/basic/complaints/").read_bytes()
    assert "投诉安抚(第二版)" in get(nginx.url)[2].decode()

    previous = rollback(nginx.webroot)
    assert previous != name
    assert get(nginx.url + "courses/basic/complaints/")[2] == page_file(first, "courses/basic/complaints/").read_bytes()
    with pytest.raises(PublishError, match="无法再回滚"):
        rollback(nginx.webroot)


def test_keeps_the_last_five_releases(two_sites, tmp_path):
    first, second = two_sites
    webroot = tmp_path / "webroot"
    start = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    names = [publish(first if i % 2 else second, webroot, now=start + dt.timedelta(minutes=i)) for i in range(7)]
    assert releases(webroot) == names[-5:]
    assert current_release(webroot) == names[-1]
    assert (webroot / "current").is_symlink() and not Path(str(webroot / "current")).resolve().name.startswith(".")
    assert names[0].startswith("20261101T080000Z-")


def test_two_releases_in_one_second_keep_their_order(two_sites, tmp_path):
    first, _ = two_sites
    now = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    names = [publish(first, tmp_path / "webroot", now=now) for _ in range(3)]
    assert releases(tmp_path / "webroot") == names and current_release(tmp_path / "webroot") == names[-1]


def test_refuses_sites_that_must_not_go_out(two_sites, tmp_path, content_repo):
    first, _ = two_sites
    webroot = tmp_path / "webroot"

    broken = tmp_path / "outside"
    shutil.copytree(first, broken)
    page = broken / "courses" / "basic" / "etiquette" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<img src="https://cdn.example.com/banner.png"><script>alert(1)</script></body>'), encoding="utf-8")
    (broken / "assets" / "training" / "training.css").write_text("@import 'https://fonts.example.com/x.css';", encoding="utf-8")
    with pytest.raises(PublishError) as refused:
        publish(broken, webroot)
    message = str(refused.value)
    assert re.search(r"courses/basic/etiquette/index.html:\d+: 从其他网站加载资源：<img src=\"https://cdn.example.com/banner.png\">",
                     message)
    assert "assets/training/training.css: 从其他网站加载资源：url(https://fonts.example.com/x.css)" in message
    assert re.search(r"courses/basic/etiquette/index.html:\d+: 执行了脚本：<script>…</script>", message)

    lenient = tmp_path / "lenient"
    shutil.copytree(first, lenient)
    manifest = json.loads((lenient / "training-build.json").read_text())
    (lenient / "training-build.json").write_text(json.dumps({**manifest, "strict": False}))
    with pytest.raises(PublishError, match="不是零警告的严格构建"):
        publish(lenient, webroot)

    foreign = tmp_path / "foreign"
    shutil.copytree(first, foreign)
    (foreign / "training-build.json").unlink()
    with pytest.raises(PublishError, match="只有零警告的完整严格构建才能发布"):
        publish(foreign, webroot)
    assert not webroot.exists() or releases(webroot) == []

    # From the command line: exit 1, the reason on stderr.
    result = content_repo.run("publish", "--site", str(foreign), "--webroot", str(webroot))
    assert result.returncode == 1 and "只有零警告的完整严格构建才能发布" in result.stderr


def test_publish_and_rollback_from_the_command_line(two_sites, tmp_path, content_repo):
    first, second = two_sites
    webroot = tmp_path / "webroot"
    for site in (first, second):
        result = content_repo.run("publish", "--site", str(site), "--webroot", str(webroot))
        assert result.returncode == 0 and result.stdout.startswith("已发布 ")
    result = content_repo.run("rollback", "--webroot", str(webroot))
    assert result.returncode == 0 and "已回滚" in result.stdout
    assert current_release(webroot) == releases(webroot)[0]


def test_material_inline_scripts_are_served_as_the_same_code(built_fixture_site):
    """Material's start-up scripts moved to files for the CSP: fail when Material's originals change."""
    base = re.search(r"<script>(.*?)</script>", (MATERIAL / "base.html").read_text(), re.S).group(1)
    ours = (MATERIAL_THEME / "assets" / "training" / "md-globals.js").read_text()
    assert base.split(",", 1)[1] in ours and base.startswith('__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)')
    content = re.findall(r"<script>(.*?)</script>", (MATERIAL / "content.html").read_text(), re.S)
    script = (MATERIAL_THEME / "assets" / "training" / "md-content.js").read_text()
    assert len(content) == 2 and all(code in script for code in content)
    html = built_fixture_site.html("")
    assert re.search(r'<script src="assets/training/md-globals.js" data-scope="\."></script>', html)
    assert not re.search(r"<script>\s*\S", html)
