"""The prebuilt search index: the patched worker must answer exactly as Material's own in-browser build.

The reference is Material's worker itself, run in Chromium on the same search_index.json with the
prebuilt file withheld: both indexes are serialised with lunr's toJSON and compared whole, and the
answers (ranking, scores, highlighted text) to a set of queries are compared too.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import MATERIAL_WORKER, search_index, serve
from generator.mkdocs_plugin.material.finish import finish_search
from generator.mkdocs_plugin.material.prebuilt import (
    PREBUILT_FILE,
    Postings,
    UnsupportedSearchConfig,
    build_index,
    encode_run,
    prebuilt_postings,
    separator_pattern,
    tokenize,
    with_word_breaks,
    write_prebuilt_files,
)
from generator.mkdocs_plugin.material.worker_patch import (
    _DEFERRED_MARK,
    LOADER,
    WORKERS,
    _carry_section_terms,
    _fix_whole_words,
    patch_worker,
)

QUERIES = ["投诉", "客户 投诉", "平均处理时长", "退款", "工单系统", "首问负责", "sop", "话术", "升级 流程", "不存在的词语",
           "客户 -退款", "-投诉"]
# Reports the index the worker built, serialised by lunr, as soon as it is set up.
_DUMP = "postMessage({dump:JSON.stringify({index:{name}.index.toJSON()})}),"


def _worker_site(source_site, destination):
    """The site's assets and search files, plus a copy of the patched worker that reports its index
    (parity.js), and Material's own worker with only the two changes to what it answers (reference.js)."""
    shutil.copytree(source_site / "assets" / "javascripts", destination / "assets" / "javascripts")
    shutil.copytree(source_site / "search", destination / "search")
    (destination / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    worker = next((destination / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    code = worker.read_text(encoding="utf-8")
    setup = re.search(r"(\w+)=new (\w+)\((\w+)\.data\),\{type:1\}", code)
    assert setup, "the SETUP step of Material's worker was not found"
    instrumented = code.replace(setup[0], f"{setup[1]}=new {setup[2]}({setup[3]}.data),"
                                + _DUMP.replace("{name}", setup[1]) + "{type:1}", 1)
    (worker.parent / "parity.js").write_text(instrumented, encoding="utf-8")
    material = MATERIAL_WORKER
    assert material is not None and material.name != worker.name  # the changed worker has a name of its own
    reference = _carry_section_terms(_fix_whole_words(material.read_text(encoding="utf-8"))[0])[0]
    assert _DEFERRED_MARK not in reference and _DEFERRED_MARK in code
    (worker.parent / "reference.js").write_text(
        reference.replace(setup[0], f"{setup[1]}=new {setup[2]}({setup[3]}.data),"
                          + _DUMP.replace("{name}", setup[1]) + "{type:1}", 1), encoding="utf-8")
    return destination


def _run_worker(page, base_url: str, data: dict, queries: list[str], *, worker: str = "parity.js") -> dict:
    """The worker's answers to the queries, and the first answer it sent ahead of each (null when it sent
    one). parity.js also reports its whole index, serialised as soon as it is set up, which reads every
    posting and field vector before the first query; the site's own worker answers with only what the
    queries read."""
    page.goto(base_url)
    return page.evaluate(
        """async ([data, queries, name]) => {
          const dump = !name.startsWith("search.");
          const worker = new Worker("assets/javascripts/workers/" + name);
          const inbox = [];
          let wake = () => {};
          worker.onmessage = (event) => { inbox.push(event.data); wake(); };
          const next = async () => {
            const deadline = Date.now() + 30000;  // a worker that failed sends nothing: fail, not hang
            while (!inbox.length) {
              if (Date.now() > deadline) throw new Error("the worker did not answer");
              await new Promise((resolve) => { wake = resolve; setTimeout(resolve, 500); });
            }
            return inbox.shift();
          };
          worker.postMessage({type: 0, data: {...data, options: {suggest: false}}});
          const index = dump ? (await next()).dump : null;
          await next();  // ready
          const answers = [], firsts = [];
          for (const query of queries) {
            worker.postMessage({type: 2, data: query});
            let answer = (await next()).data, first = null;
            if (answer.training_partial) [first, answer] = [answer, (await next()).data];
            answers.push(answer);
            firsts.push(first);
          }
          worker.terminate();
          return {index: index && JSON.parse(index).index, answers, firsts};
        }""",
        [data, queries, worker],
    )


def _shipped_worker(site) -> str:
    return next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name


def _index_data(site) -> dict:
    """search_index.json as the page posts it: jieba's word breaks are out of the texts, their places in the config."""
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _without_prebuilt(data: dict) -> dict:
    config = {key: value for key, value in data["config"].items() if key != "training_prebuilt"}
    return {**data, "config": config}


@pytest.mark.browser
def test_prebuilt_index_is_the_index_the_browser_builds(sample_site, page, tmp_path):
    site = _worker_site(sample_site.site, tmp_path / "site")
    data, whole = _index_data(site), search_index(site)
    assert data["config"]["training_prebuilt"] and data["config"]["training_breaks"]
    assert "\u200b" not in json.dumps(data["docs"], ensure_ascii=False)
    assert data != whole and "\u200b" in json.dumps(whole["docs"], ensure_ascii=False)
    server, url = serve(site)
    shipped = _shipped_worker(site)
    try:
        prebuilt = _run_worker(page, url, data, QUERIES)
        built = _run_worker(page, url, _without_prebuilt(whole), QUERIES, worker="reference.js")
        # Postings and field vectors made only as the queries read them, in the order they ask.
        on_demand = _run_worker(page, url, data, QUERIES, worker=shipped)
        one_by_one = [_run_worker(page, url, data, [query], worker=shipped)["answers"][0] for query in QUERIES[:4]]
        # A site whose index could not be prebuilt serves the same worker: it builds the index as Material does.
        fallback = _run_worker(page, url, _without_prebuilt(whole), QUERIES, worker=shipped)
        # Nor does one whose prebuilt file is not this index's: the worker puts every word break back first.
        unbroken = _run_worker(page, url, _without_prebuilt(data), QUERIES, worker=shipped)
    finally:
        server.shutdown()
    assert len(built["index"]["invertedIndex"]) > 1000 and len(built["index"]["fieldVectors"]) > 300
    assert prebuilt["index"] == built["index"]
    assert prebuilt["answers"] == built["answers"]
    assert on_demand["answers"] == built["answers"]
    assert one_by_one == built["answers"][:4]
    assert fallback["answers"] == built["answers"]
    assert unbroken["answers"] == built["answers"]
    _assert_first_answers_show_the_same_first_results(on_demand)

    found = [answer for answer in built["answers"] if answer["items"]]
    assert len(found) >= 7 and any("<mark>" in json.dumps(answer, ensure_ascii=False) for answer in found)
    assert not page.errors


def _assert_first_answers_show_the_same_first_results(run):
    """What the page renders before the reader scrolls (the first ten pages' results) is in the first
    answer, highlighted as in the whole one; the rest are the same sections, not yet highlighted."""
    sent_ahead = [(first, whole) for first, whole in zip(run["firsts"], run["answers"]) if first]
    assert sent_ahead, "no query had results beyond the first ten pages"
    for first, whole in sent_ahead:
        assert len(whole["items"]) > 10 and first["items"][:10] == whole["items"][:10]
        assert [[section["location"] for section in group] for group in first["items"]] == \
            [[section["location"] for section in group] for group in whole["items"]]
        assert "<mark>" not in json.dumps(first["items"][10:], ensure_ascii=False)
        assert "<mark>" in json.dumps(whole["items"][10:], ensure_ascii=False)
    assert all(first is None for first, whole in zip(run["firsts"], run["answers"]) if len(whole["items"]) <= 10)


@pytest.mark.browser
def test_the_worker_uses_the_prebuilt_postings_only_for_their_own_index(sample_site, page, tmp_path):
    site = _worker_site(sample_site.site, tmp_path / "site")
    data = _index_data(site)
    postings = json.loads((site / PREBUILT_FILE).read_text(encoding="utf-8"))
    empty = {**postings, "terms": [], "postings": []}
    (site / PREBUILT_FILE).write_text(json.dumps(empty), encoding="utf-8")
    server, url = serve(site)
    try:
        # Same fingerprint: the (emptied) postings are what the worker searches.
        used = _run_worker(page, url, data, ["投诉"])
        # Another index's fingerprint: the worker ignores the file and builds the index itself, from the texts with
        # their word breaks put back (compared with Material's own worker in the first test).
        stale = {**data, "config": {**data["config"], "training_prebuilt": "0" * 16}}
        ignored = _run_worker(page, url, stale, ["投诉"], worker=_shipped_worker(site))
        # Places that are not this build's (another shape, characters outside the alphabet, huge numbers): the
        # worker still answers.
        garbled = ["~~~", 7, None, "_" * 40, "", "AbC"] * len(data["docs"])
        mangled = _run_worker(page, url, {**stale, "config": {**stale["config"], "training_breaks": garbled[:2 * len(data["docs"])]}},
                              ["投诉"], worker=_shipped_worker(site))
        (site / PREBUILT_FILE).unlink()
        missing = _run_worker(page, url, data, ["投诉"], worker=_shipped_worker(site))
    finally:
        server.shutdown()
    assert used["answers"][0]["items"] == [] and used["index"]["invertedIndex"] == []
    assert ignored["answers"][0]["items"] and missing["answers"] == ignored["answers"]
    assert mangled["answers"][0]["items"] and not page.errors
    assert "\u200b" in json.dumps(ignored["answers"], ensure_ascii=False)


def test_a_dirty_build_leaves_the_word_breaks_in_the_texts(built_fixture_site, tmp_path):
    """A --dirty build keeps Material's own worker for the pages an earlier build wrote, which cannot put the breaks
    back: they stay where jieba put them."""
    config = {key: value for key, value in _index_data(built_fixture_site.site)["config"].items()
              if not key.startswith("training_")}
    worker = patch_worker(MATERIAL_WORKER)
    written = {}
    for partial in (True, False):
        site = tmp_path / str(partial)
        (site / "search").mkdir(parents=True)
        (site / "search" / "search_index.json").write_text(
            json.dumps({"config": config, "docs": TRICKY_DOCS}, separators=(",", ":")), encoding="utf-8")
        assert finish_search(site, worker, whole_words=True, prebuilt=True, partial=partial) == []
        written[partial] = _index_data(site)
        assert search_index(site)["docs"] == TRICKY_DOCS
    assert written[True]["docs"] == TRICKY_DOCS and "training_breaks" not in written[True]["config"]
    assert written[False]["docs"] != TRICKY_DOCS and written[False]["config"]["training_breaks"]


@pytest.mark.browser
def test_the_worker_loads_the_search_languages_before_the_page_posts_the_index(sample_site, page, tmp_path):
    site = _worker_site(sample_site.site, tmp_path / "site")
    data = _index_data(site)
    assert data["config"]["lang"] == ["zh"]
    server, url = serve(site)
    try:
        page.goto(url)
        with page.expect_request("**/lunr/min/lunr.zh.min.js", timeout=10_000):
            page.evaluate(f"window.idle = new Worker('assets/javascripts/workers/{_shipped_worker(site)}')")
        # A page that posts other languages than the build's (a worker cached from another release) gets
        # Material's own loading of them: Japanese needs its segmenter and lunr.ja, which the build's lacks.
        japanese = _without_prebuilt({**data, "config": {**data["config"], "lang": ["ja"]}})
        answers = _run_worker(page, url, japanese, ["sop", "投诉"], worker=_shipped_worker(site))["answers"]
        reference = _run_worker(page, url, with_word_breaks(japanese), ["sop", "投诉"], worker="reference.js")["answers"]
    finally:
        server.shutdown()
    assert answers == reference and answers[0]["items"]
    assert not page.errors


# Posts the setup, then the queries; gathers what the worker sends until `settle` ms pass without a message.
_MESSAGES = """async ([name, data, queries, settle]) => {
  const worker = new Worker("assets/javascripts/workers/" + name);
  const messages = [];
  let last = Date.now();
  worker.onmessage = (event) => {
    messages.push(event.data);
    last = Date.now();
  };
  worker.postMessage({type: 0, data: {...data, options: {suggest: false}}});
  for (const query of queries) worker.postMessage({type: 2, data: query});
  const deadline = Date.now() + 30000;
  while ((!messages.length || Date.now() - last < settle) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  worker.terminate();
  return messages;
}"""


def _answered_terms(message) -> set[str]:
    return {term for group in message["data"]["items"] for section in group for term in section["terms"]}


@pytest.mark.browser
def test_queries_typed_before_the_worker_is_ready_get_one_answer(sample_site, page, tmp_path):
    """The reader typed 退款, then 话术, then 投诉 while the worker was still setting up: only 投诉 is answered, and
    in two parts (its results run past the first ten pages)."""
    site = _worker_site(sample_site.site, tmp_path / "site")
    server, url = serve(site)
    try:
        page.goto(url)
        messages = page.evaluate(_MESSAGES, [_shipped_worker(site), _index_data(site), ["退款", "话术", "投诉"], 1000])
    finally:
        server.shutdown()
    assert messages[0] == {"type": 1}
    answers = messages[1:]
    assert [answer["data"].get("training_partial", False) for answer in answers] == [True, False]
    assert all(_answered_terms(answer) and all("投诉" in term for term in _answered_terms(answer)) for answer in answers)
    assert not page.errors


@pytest.mark.browser
def test_the_worker_reads_the_numbers_as_the_build_writes_them(page):
    """Format 3's runs: every number zigzag encoded, five bits a character (prebuilt.encode_run), decoded by the
    worker's loader, negatives (positions past 2 ** 31 wrap as JavaScript's `|` does) and large ones included."""
    runs = [[], [0], [1, 2, 3], [-1, -2, 31, 32, 33, -32, -33], [4095, 4096, -4096, 1 << 20, (1 << 20) + 7],
            [2 ** 31 - 1, -(2 ** 31), 2 ** 32, -(2 ** 32)], list(range(-300, 5000, 7))]
    page.goto("about:blank")
    page.add_script_tag(content=LOADER.read_text(encoding="utf-8"))
    decoded = page.evaluate("(runs) => runs.map((run) => trainingPrebuilt.numbers(run))",
                            [encode_run(run) for run in runs])
    assert decoded == runs
    assert all(re.fullmatch(r"[A-Za-z0-9_-]*", encode_run(run)) for run in runs)


TRICKY_DOCS = [
    {"location": "a/", "title": "标题 <code>Code</code> 标题", "text": "<p>开头 <b>粗体</b> 结尾</p>文本<br/>换行<hr>后面",
     "tags": ["新人", "", "投诉 处理", "<i>标签</i>"]},
    {"location": "a/#x", "title": "Ünïcode İstanbul ΣΊΣΥΦΟΣ", "text": "<div><p>嵌套 <span>更深</span></p>外层</div>尾巴 a<b c>d",
     "boost": 5},
    {"location": "b/", "title": "空白\u00a0不换行\ufeff零宽\x1c分隔", "text": "</p>多余的闭合</div> 还有 <p>未闭合"},
    {"location": "c/", "title": "长", "text": "".join(f"<p>段落{n} 投诉</p>" for n in range(2100))},
    # Word breaks (jieba's zero-width spaces), beside characters that JavaScript counts twice.
    {"location": "d/", "title": "😀\u200b表情\u200b𠀀字", "text": "<p>\u200b开头\u200b😀\u200b投诉\u200b</p>\u200b\u200b尾\u200b"},
    {"location": "d/#y", "title": "\u200b", "text": "𠀀\u200b新人\u200b"},
]


@pytest.mark.browser
def test_tricky_sections_index_alike(sample_site, page, tmp_path):
    site = _worker_site(sample_site.site, tmp_path / "site")
    data = {"config": _index_data(site)["config"], "docs": TRICKY_DOCS}
    data["config"].pop("training_prebuilt")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (site / "search" / "search_index.json").write_text(text, encoding="utf-8")
    prebuilt = prebuilt_postings(site)
    write_prebuilt_files(site, prebuilt, word_breaks_apart=True)
    marked = _index_data(site)
    assert "\u200b" not in json.dumps(marked["docs"], ensure_ascii=False)
    assert search_index(site)["docs"] == TRICKY_DOCS
    server, url = serve(site)
    try:
        with_postings = _run_worker(page, url, marked, ["投诉", "新人", "粗体", "istanbul", "σίσυφος", "零宽", "段落2099"])
        in_browser = _run_worker(page, url, data, ["投诉", "新人", "粗体", "istanbul", "σίσυφος", "零宽", "段落2099"],
                                worker="reference.js")
    finally:
        server.shutdown()
    assert with_postings["index"] == in_browser["index"]
    assert with_postings["answers"] == in_browser["answers"]
    assert all(answer["items"] for answer in in_browser["answers"][:3])


def test_separator_keeps_javascript_whitespace():
    pattern = separator_pattern(r"[\s\u200b]+")
    assert pattern.split("a\ufeffb\u00a0c\u200bd") == ["a", "b", "c", "d"]
    assert pattern.split("a\x1cb") == ["a\x1cb"]  # Python's \s would split here, JavaScript's does not
    assert separator_pattern(r"\s+").split("x y") == ["x", "y"]
    with pytest.raises(UnsupportedSearchConfig):
        separator_pattern(r"[\p{P}\s]+")


def test_positions_count_tags_and_wrap_like_javascript():
    separator = separator_pattern(r"[\s]+")
    assert tokenize("<p>a b</p>c", separator) == [("a", 1), ("b", 2), ("c", (1 << 20) | 0)]
    assert tokenize(["x", "", "Y z"], separator) == [("x", 0), ("y", 1 << 20), ("z", (1 << 20) | 1)]
    # each word lower-cased on its own, as the browser does: a final sigma stays final before a separator
    assert tokenize("ΣΊΣΥΦΟΣ\u200bABC 投诉", separator_pattern(r"[\s\u200b]+")) == [("σίσυφος", 0), ("abc", 1), ("投诉", 2)]
    blocks = "".join("<p>w</p>" for _ in range(2049))
    assert tokenize(blocks, separator)[-1] == ("w", -(1 << 31) | 1)  # 2048 << 20 overflows int32 in JS


def test_only_the_shipped_language_setup_is_prebuilt():
    docs = [{"location": "a/", "title": "t", "text": "x"}]
    english = {"lang": ["en"], "separator": r"[\s]+", "pipeline": ["stemmer"], "fields": {"title": {}, "text": {}}}
    with pytest.raises(UnsupportedSearchConfig):
        build_index({"config": english, "docs": docs}, "s")
    trimmed = {**english, "lang": ["zh"], "pipeline": ["trimmer", "stemmer"]}
    with pytest.raises(UnsupportedSearchConfig):
        build_index({"config": trimmed, "docs": docs}, "s")
    twice = {**english, "lang": ["zh"]}
    with pytest.raises(UnsupportedSearchConfig, match="share one location"):
        build_index({"config": twice, "docs": docs + docs}, "s")


def test_postings_made_as_the_entries_come_back_are_used_only_for_their_own_index(tmp_path, monkeypatch):
    """The build adds each search entry to the postings while it waits for the worker's later ones; they replace
    reading the written index again only when they were made from exactly its documents and configuration."""
    import generator.mkdocs_plugin.material.prebuilt as prebuilt

    config = {"lang": ["zh"], "separator": r"[\s\u200b]+", "pipeline": [], "fields": {"title": {"boost": 1000}, "text": {}}}
    docs = [{"location": f"c{n}/", "title": f"第{n}课\u200b投诉", "text": f"<p>先\u200b安抚\u200b情绪 {n}</p><p>SLA\u200b达标</p>"}
            for n in range(30)]
    (tmp_path / "search").mkdir()
    (tmp_path / prebuilt.INDEX_FILE).write_text(json.dumps({"config": config, "docs": docs}, separators=(",", ":")),
                                                 encoding="utf-8")
    expected = prebuilt_postings(tmp_path)

    ahead = Postings(config)
    for doc in docs:
        ahead.add(json.loads(json.dumps(doc)))  # equal documents, not the same objects
    with monkeypatch.context() as patched:
        patched.setattr(prebuilt, "build_index", lambda *args: pytest.fail("the index was read again"))
        assert prebuilt_postings(tmp_path, ahead).postings == expected.postings

    other_text = Postings(config)
    for doc in [*docs[:-1], {**docs[-1], "text": "<p>改过的正文</p>"}]:
        other_text.add(doc)
    other_separator = Postings({**config, "separator": r"[\s]+"})
    for doc in docs:
        other_separator.add(doc)
    for stale in (other_text, other_separator, Postings(config)):
        assert prebuilt_postings(tmp_path, stale).postings == expected.postings


def test_setups_not_reproduced_here_are_refused_not_crashed_on():
    with pytest.raises(UnsupportedSearchConfig):
        separator_pattern(r"[\s\u200b-.]+")  # Python's re refuses the range the expanded \s leaves behind
    config = {"lang": ["zh"], "separator": r"[\s]+", "pipeline": [], "fields": {"title": {}, "text": {}}}
    postings = Postings(config)
    postings.add({"location": "a/", "title": "标题", "text": "正文"})
    postings.add({"location": "b/", "title": 2026, "text": "正文"})  # a number: not read as the browser reads it
    with pytest.raises(UnsupportedSearchConfig, match="not text"):
        postings.result("s")
    with pytest.raises(UnsupportedSearchConfig, match="not text"):
        build_index({"config": config, "docs": postings.documents}, "s")


def test_a_switched_off_search_plugin_builds_without_an_index(content_repo):
    content_repo.without_paper()
    content_repo.replace("mkdocs.yml", "      lang: zh\n", "      enabled: false\n      lang: zh\n")
    result = content_repo.build()
    assert result.returncode == 0, result.stderr
    assert not (content_repo.site / "search" / "search_index.json").exists()


def test_unsupported_setup_leaves_the_index_to_the_browser(built_fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_fixture_site.site / "assets", site / "assets")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(json.dumps({
        "config": {"lang": ["en"], "separator": r"[\s]+", "pipeline": ["stemmer"], "fields": {"title": {}}},
        "docs": [{"location": "", "title": "t", "text": "x"}],
    }, separators=(",", ":")), encoding="utf-8")
    shipped = MATERIAL_WORKER
    for built in (site / WORKERS).glob("search.*.min.js"):  # as MkDocs copies the theme: Material's worker only
        built.unlink()
    shutil.copy(shipped, site / WORKERS / shipped.name)
    worker = patch_worker(shipped)
    warnings = finish_search(site, worker, whole_words=True, prebuilt=True)
    assert len(warnings) == 1 and "not prebuilt" in warnings[0]
    assert not (site / PREBUILT_FILE).exists()
    assert "training_prebuilt" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    # The worker the pages name, which builds the index itself when it has no prebuilt one (the browser test).
    assert sorted(path.name for path in (site / WORKERS).glob("search.*.min.js")) == [worker.name]


def test_built_site_ties_index_and_postings(built_fixture_site):
    site = built_fixture_site.site
    config = _index_data(site)["config"]
    postings = json.loads((site / PREBUILT_FILE).read_text(encoding="utf-8"))
    assert postings["source"] == config["training_prebuilt"] and postings["terms"]
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    assert worker.startswith("/* Prepended to Material's search worker") and "trainingPrebuilt.ready(" in worker
