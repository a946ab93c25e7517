"""Making the search entries in a worker process must give Material's index byte for byte."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex

from conftest import search_index
from generator.mkdocs_plugin.material import parallel
from generator.mkdocs_plugin.material.parallel import start_parallel_indexing, worker_count

INDEX_CONFIG = {"lang": ["zh"], "separator": r"[\s\u200b\-]+", "pipeline": [], "fields": {}}


def _pages() -> list[SimpleNamespace]:
    pages = []
    for number in range(12):
        content = (
            f'<h1 id="title-{number}">第{number}课 客户投诉处理</h1>'
            f"<p>接到投诉后先安抚客户情绪，再核实订单信息。平均处理时长 {number} 分钟，首问负责。</p>"
            f'<h2 id="steps">处理步骤</h2><ul><li>倾听并复述诉求</li><li>查询工单系统，必要时升级给骨干坐席</li></ul>'
            f'<h2 id="english">Mixed text</h2><p>SLA 达标率 95% and refund 退款流程</p>'
        )
        pages.append(SimpleNamespace(content=content, toc=[], url=f"courses/c{number}/", meta={}, title=f"第{number}课"))
    pages.append(SimpleNamespace(content="<p>no heading, 只有正文</p>", toc=[], url="bare/", meta={"title": "无标题"},
                                 title="无标题"))
    pages.append(SimpleNamespace(content="<h1>排除</h1>", toc=[], url="excluded/", meta={"search": {"exclude": True}},
                                 title="排除"))
    return pages


def test_worker_indexing_writes_materials_index_byte_for_byte():
    serial = SearchIndex(**INDEX_CONFIG)
    for page in _pages():
        serial.add_entry_from_context(page)

    index = SearchIndex(**INDEX_CONFIG)
    indexing = start_parallel_indexing(SimpleNamespace(search_index=index), 2)
    assert indexing is not None
    for page in _pages():
        index.add_entry_from_context(page)
    assert index.entries == [] and indexing.pages == 14, "the pages were not handed to the worker"

    written = index.generate_search_index(None)
    indexing.close()
    assert written == serial.generate_search_index(None)
    assert json.dumps("\u200b投诉\u200b")[1:-1] in written  # jieba did segment
    assert "generate_search_index" not in index.__dict__ and "add_entry_from_context" not in index.__dict__


def test_a_page_with_a_table_of_contents_keeps_its_section_addresses():
    """The worker gets the page's own table of contents (MkDocs' objects, pickled): sections found in it are
    addressed as Material addresses them."""
    from mkdocs.structure.toc import get_toc

    page = _pages()[0]
    page.toc = get_toc([{"level": 1, "id": "title-0", "name": "第0课", "children": [
        {"level": 2, "id": "steps", "name": "处理步骤", "children": []}]}])
    serial = SearchIndex(**INDEX_CONFIG)
    serial.add_entry_from_context(page)
    index = SearchIndex(**INDEX_CONFIG)
    indexing = start_parallel_indexing(SimpleNamespace(search_index=index), 1)
    index.add_entry_from_context(page)
    written = index.generate_search_index(None)
    indexing.close()
    assert written == serial.generate_search_index(None)
    assert [entry["location"] for entry in serial.entries] == ["courses/c0/", "courses/c0/#steps",
                                                                "courses/c0/#english"]


@pytest.mark.parametrize(("cpus", "busy", "expected"), [(1, 0, 0), (None, 0, 0), (2, 0, 1), (2, 1, 0), (4, 1, 2), (16, 0, 3)])
def test_worker_count_leaves_one_processor_to_render_and_one_per_printing_handbook(monkeypatch, cpus, busy, expected):
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    assert worker_count(busy=busy) == expected


def test_workers_forked_before_the_content_is_read_are_taken_over_or_stopped():
    early = parallel.start_early_workers(SimpleNamespace(config={}), 1)
    assert early is not None
    serial, index = SearchIndex(**INDEX_CONFIG), SearchIndex(**INDEX_CONFIG)
    indexing = start_parallel_indexing(SimpleNamespace(search_index=index), 1, early=early)
    assert indexing is not None and indexing.early and early.pool is None
    for page in _pages():
        serial.add_entry_from_context(page)
        index.add_entry_from_context(page)
    written = index.generate_search_index(None)
    indexing.close()
    assert written == serial.generate_search_index(None)

    more = parallel.start_early_workers(SimpleNamespace(config={}), 2)
    assert more is not None and more.pool is not None
    forked = list(more.pool._processes.values())
    assert len(forked) == 2
    other = start_parallel_indexing(SimpleNamespace(search_index=SearchIndex(**INDEX_CONFIG)), 1, early=more)
    assert other is not None and not other.early and more.pool is None
    other.close()
    unused = parallel.start_early_workers(SimpleNamespace(config={}), 1)
    assert unused is not None and unused.pool is not None
    forked += unused.pool._processes.values()
    assert start_parallel_indexing(SimpleNamespace(search_index=object()), 1, early=unused) is None
    assert unused.pool is None
    # The pool's own thread reaps its processes too: wait for an exit code rather than join one.
    deadline = time.monotonic() + 30
    while any(process.exitcode is None for process in forked) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert None not in [process.exitcode for process in forked], "an early worker that was not taken over still runs"


def test_an_early_worker_stopped_at_once_ends_quietly():
    """A build that fails while reading its content stops the worker still loading jieba's dictionary, rather than
    wait for it or leave it beside the next build."""
    early = parallel.start_early_workers(SimpleNamespace(config={}), 1)
    assert early is not None and early.pool is not None
    forked = list(early.pool._processes.values())
    early.close()
    deadline = time.monotonic() + 30
    while any(process.exitcode is None for process in forked) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [process.exitcode for process in forked] == [-signal.SIGTERM]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a worker process is only started with a processor to spare")
def test_a_build_that_fails_on_its_content_stops_the_early_worker_without_a_trace(content_repo):
    content_repo.without_paper()
    content_repo.replace("curriculum/courses/basic/complaints.md", "tier: advanced", "tier: [advanced")
    result = content_repo.build()
    assert result.returncode != 0
    assert "complaints.md" in result.stderr
    assert "Traceback" not in result.stderr and "initializer" not in result.stderr, result.stderr
    assert "dictionary" not in result.stderr, "the worker's jieba notes reached the trainer"


def test_a_dictionary_jieba_refuses_is_reported_by_the_build_not_printed_by_the_worker(tmp_path, capfd):
    """The early worker loads Material's `jieba_dict_user` itself; a file jieba refuses (not UTF-8) fails the build
    with jieba's own message, as the serial path does, and the pool prints no traceback of its own."""
    words = tmp_path / "words.txt"
    words.write_bytes("接住情绪 100000 n\n".encode("gbk"))
    early = parallel.start_early_workers(SimpleNamespace(config={"jieba_dict_user": str(words)}), 1)
    index = SearchIndex(**INDEX_CONFIG)
    indexing = start_parallel_indexing(SimpleNamespace(search_index=index), 1, early=early)
    assert indexing is not None and indexing.early
    for page in _pages():
        index.add_entry_from_context(page)
    with pytest.raises(ValueError, match="must be utf-8"):
        index.generate_search_index(None)
    indexing.close(cancel=True)
    printed = capfd.readouterr().err
    assert "Traceback" not in printed and "initializer" not in printed, printed


def test_an_index_another_plugin_changed_and_a_failed_start_keep_the_serial_path(monkeypatch):
    """The worker makes its own index from the configuration, so an index object another plugin changed stays with
    the serial path; and workers forked early are stopped however starting fails."""
    changed = SearchIndex(**INDEX_CONFIG)
    changed.create_entry_for_section = lambda *args: None
    early = parallel.start_early_workers(SimpleNamespace(config={}), 1)
    assert start_parallel_indexing(SimpleNamespace(search_index=changed), 1, early=early) is None
    assert early.pool is None

    def broken(config):
        raise RuntimeError("postings")

    monkeypatch.setattr(parallel, "postings_for", broken)
    early = parallel.start_early_workers(SimpleNamespace(config={}), 1)
    with pytest.raises(RuntimeError):
        start_parallel_indexing(SimpleNamespace(search_index=SearchIndex(**INDEX_CONFIG)), 1, early=early, prebuild=True)
    assert early.pool is None


def test_other_search_plugins_and_no_workers_keep_the_serial_path():
    assert start_parallel_indexing(SimpleNamespace(search_index=SearchIndex(**INDEX_CONFIG)), 0) is None
    assert start_parallel_indexing(SimpleNamespace(search_index=object()), 1) is None
    assert start_parallel_indexing(SimpleNamespace(), 1) is None


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a worker process is only started with a processor to spare")
def test_built_site_index_is_the_same_with_and_without_the_worker(content_repo, tmp_path):
    """The worker is forked before Material's on_config has given jieba a user dictionary: it loads that itself,
    and segments as the build process would."""
    words = tmp_path / "words.txt"
    words.write_text("接住情绪 100000 n\n", encoding="utf-8")
    content_repo.replace("mkdocs.yml", "      lang: zh\n", f"      lang: zh\n      jieba_dict_user: {words}\n")
    content_repo.without_paper()
    parallel_build = content_repo.build()
    assert parallel_build.returncode == 0, parallel_build.stderr
    assert f"made by {worker_count()} worker process(es), started with the build," in parallel_build.stderr
    made = re.search(r"Search entries of (\d+) pages .*, (\d+) of them from the page's HTML", parallel_build.stderr)
    assert made and made.group(1) == made.group(2) and int(made.group(1)) > 10, "pages were not indexed as rendered"
    written = {name: (content_repo.site / "search" / name).read_bytes() for name in ("search_index.json", "prebuilt_index.json")}
    words_broken = json.dumps(search_index(content_repo.site)["docs"], ensure_ascii=False)
    assert "\u200b接住情绪\u200b" in words_broken, "the user dictionary was not used"

    content_repo.replace("mkdocs.yml", "  - training:\n", "  - training:\n      search_parallel: false\n")
    serial_build = content_repo.build()
    assert serial_build.returncode == 0, serial_build.stderr
    assert "worker process(es)" not in serial_build.stderr
    for name, data in written.items():
        assert (content_repo.site / "search" / name).read_bytes() == data, name


def test_pages_handed_over_when_rendered_keep_materials_order_and_what_changed_after():
    """Pages go to the worker as soon as their HTML is final (in any order); Material's own order of indexing
    decides the index's. A page whose HTML changed after it was handed over is indexed as it is then."""
    pages = _pages()
    changed = pages[3]
    serial = SearchIndex(**INDEX_CONFIG)
    index = SearchIndex(**INDEX_CONFIG)
    indexing = start_parallel_indexing(SimpleNamespace(search_index=index), 1)
    for page in reversed(pages):
        indexing.page_rendered(page, page.content)
    indexing.hand_over()
    changed.content = changed.content.replace("处理步骤", "升级步骤")
    for page in pages:
        serial.add_entry_from_context(page)
        index.add_entry_from_context(page)
    written = index.generate_search_index(None)
    indexing.close()
    assert written == serial.generate_search_index(None)
    assert json.dumps("升级")[1:-1] in written
    assert (indexing.pages, indexing.handed_over) == (len(pages), len(pages) + 1)  # only the changed page went twice
