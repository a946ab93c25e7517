"""The faster segmentation gives jieba's words, word for word: on the sample curriculum with the portal's own
words, on generated text, and after the dictionary changes under it."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mkdocs_plugin.material import segmenter

REPO = Path(__file__).resolve().parents[1]
jieba.setLogLevel(60)


def _pair() -> tuple[jieba.Tokenizer, jieba.Tokenizer]:
    plain, fast = jieba.Tokenizer(), jieba.Tokenizer()
    plain.initialize()
    fast.initialize()
    assert segmenter.install(jieba, fast)
    return plain, fast


@pytest.fixture(scope="module")
def pair():
    plain, fast = _pair()
    for tokenizer in (plain, fast):
        for word, frequency in (("接住情绪", 100000), ("首问负责制", 2000), ("一次解决率", 5)):
            tokenizer.add_word(word, frequency)
    return plain, fast


def _same(pair, text: str) -> list[str]:
    plain, fast = pair
    expected = list(plain.cut(text))
    assert list(fast.cut(text)) == expected, text
    return expected


def test_the_sample_curriculum_is_cut_alike(pair):
    texts = [path.read_text(encoding="utf-8") for folder in ("curriculum", "assessments")
             for path in sorted((REPO / folder).rglob("*")) if path.suffix in (".md", ".yml")]
    assert len(texts) > 50
    words = [word for text in texts for word in _same(pair, text)]
    assert "接住情绪" in _same(pair, "先接住情绪，再谈方案。") and len(words) > 10000


# Characters that make long dictionary words, rare ones jieba knows only by its HMM, Latin letters and digits
# (part of jieba's Chinese runs), and separators that end a run.
ALPHABET = "客户投诉处理首问负责制一次解决率退款退货物流快递会员积分升级安抚情绪接住再谈方案的了是在不和也" \
           "龘靐齉爩麤鱻" "abcXYZ019+#&._%-" " ，。！？\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_generated_text_is_cut_alike(pair, text):
    _same(pair, text)


def test_a_changed_dictionary_is_followed(tmp_path):
    """Weights kept from an earlier cut are dropped when a word is added, tuned or deleted, or a dictionary
    loaded."""
    plain, fast = _pair()
    text = "客户说快递员把包裹放在驿站，接住情绪以后再谈补偿方案。"
    before = _same((plain, fast), text)
    user = tmp_path / "words.txt"
    user.write_text("接住情绪 100000 n\n驿站 1 n\n", encoding="utf-8")
    for change in (lambda t: t.load_userdict(str(user)), lambda t: t.del_word("接住情绪"),
                   lambda t: t.suggest_freq(("再", "谈"), tune=True), lambda t: t.add_word("补偿方案", 500000)):
        for tokenizer in (plain, fast):
            change(tokenizer)
        _same((plain, fast), text)
    assert list(fast.cut(text)) != before


def test_another_jieba_release_keeps_its_own(monkeypatch):
    tokenizer = jieba.Tokenizer()
    monkeypatch.setattr(jieba, "__version__", "0.43")
    assert not segmenter.install(jieba, tokenizer)
    assert "_Tokenizer__cut_DAG" not in vars(tokenizer) and "add_word" not in vars(tokenizer)
    monkeypatch.undo()
    assert segmenter.install(jieba, tokenizer) and segmenter.install(jieba, tokenizer)
    cut = vars(tokenizer)["_Tokenizer__cut_DAG"]
    assert segmenter.install(jieba, tokenizer) and vars(tokenizer)["_Tokenizer__cut_DAG"] is cut  # once only
