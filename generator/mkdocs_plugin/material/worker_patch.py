"""Material's search worker, changed, and served under a name made from its content.

Material names its worker by a hash of its content, and servers may cache such a file for good (the shipped nginx
does, a year, immutable). The changed worker gets a name from its own content, worked out before the pages are
rendered (their configuration names the worker), so a release that changes it also changes the name.

Four changes, each found by a pattern in the minified worker; if a new Material release changes the
code, the patch reports what it could not apply and the build warns instead of silently shipping a
weaker search:

- Whole-word Chinese queries. Material segments a Han query against the index vocabulary, but its
  loop stops one character short (`o < t.length`), so a query such as 平均处理时长 is never looked
  up whole, even when the index holds that word: it falls apart into 平均 / 处理 / 时 and ranks
  pages that merely say 处理.
- The highlight of a whole-page result. When only a page's sections match, Material adds the page itself
  with no matched terms, and its link carries an empty `?h=`: the word is not highlighted on the page it
  opens. The page now carries the terms its sections matched.
- The first results highlighted first (with the prebuilt index, whose loader does it). Material highlights
  every matching section before it answers; the worker now answers twice, first with the sections the
  page shows before the reader scrolls highlighted, then with all of them. The page's messages are handled in
  turn, a query one turn of the event loop after it came: a query the reader has typed past by then is not
  answered.
- A prebuilt index (prebuilt.py, prebuilt_loader.js). The worker fetches search/prebuilt_index.json
  as soon as it starts; when the file belongs to the search_index.json it is given, Material's
  builder runs with no documents (so Material still sets up its tokenizer, separator and search
  pipeline) and the index is assembled from the prebuilt postings instead of from every section. The word breaks
  the build took out of the sections' texts (prebuilt.py without_word_breaks) are put back in the sections an
  answer returns, or in all of them before Material's builder reads them when there are no usable postings.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

_SHORT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")
# `o.push(B(_({},a),{score:0,terms:{}}))`: the page added above its matching sections.
_EMPTY_TERMS = re.compile(r"(\w+)\.push\((\w+)\((\w+)\(\{\},(\w+)\),\{score:0,terms:\{\}\}\)\)")
_SECTION_TERMS = re.compile(r"\{score:0,terms:Object\.assign\(\{\},\.\.\.\w+\.map\(\w+=>\w+\.terms\)\)\}")
_FIXED_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")

LOADER = Path(__file__).with_name("prebuilt_loader.js")
_LOADER_MARK = "var trainingPrebuilt = "
_LANGUAGES_SLOT = "var BUILD_LANGUAGES = null;"
# The worker's message listener, after Material has defined its functions: where the languages start loading.
_LISTENER = 'addEventListener("message",'

# `case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1}`: wait for the download first.
_SETUP = re.compile(r"return yield (\w+)\((\w+)\.data\.config\),(\w+)=new (\w+)\(\2\.data\)")
# `constructor({config:e,docs:r,options:n}){...this.index=lunr(function(){...this.tokenizer=ae,...
#  for(let o of r)this.add(o,{boost:o.boost})})}`
_BUILDER = re.compile(
    r"constructor\(\{config:(?P<config>\w+),docs:(?P<docs>\w+),options:(?P<options>\w+)\}\)\{(?P<head>[^{}]*?)"
    r"this\.index=lunr\(function\(\)\{(?P<body>.*?this\.tokenizer=(?P<tokenizer>\w+),.*?)"
    r"for\(let (?P<doc>\w+) of (?P=docs)\)this\.add\((?P=doc),\{boost:(?P=doc)\.boost\}\)\}\)\}",
    re.S,
)


# In Material's search(): `let x=this.table.get([c.location,l].join(":")),v=Array.isArray(c[l])?q:oe;
#  c[l]=v(c[l],x,m,l!=="text")`, the highlighting of one field of one matching section.
_HIGHLIGHT = re.compile(
    r'let (?P<table>\w+)=this\.table\.get\(\[(?P<doc>\w+)\.location,(?P<field>\w+)\]\.join\(":"\)\),'
    r"(?P<fn>\w+)=Array\.isArray\((?P=doc)\[(?P=field)\]\)\?(?P<many>\w+):(?P<one>\w+);"
    r'(?P=doc)\[(?P=field)\]=(?P=fn)\((?P=doc)\[(?P=field)\],(?P=table),(?P<positions>\w+),(?P=field)!=="text"\)'
)
# `return _({items:[...n.values()]},typeof i!="undefined"&&{suggest:i})`: search()'s answer.
_ANSWER = re.compile(r'return (\w+\(\{items:\[\.\.\.\w+\.values\(\)\]\},typeof \w+!="undefined"&&\{suggest:\w+\}\))')
# `addEventListener("message",t=>W(null,null,function*(){postMessage(yield Fe(t.data))}))`: each message handled
# and answered as it comes; the loader handles them in turn instead, and skips queries already typed past.
_HANDLER = re.compile(r'addEventListener\("message",(\w+)=>\w+\(null,null,function\*\(\)\{'
                      r"postMessage\(yield (\w+)\(\1\.data\)\)\}\)\)")
_DEFERRED_MARK = "trainingPrebuilt.later("
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=[^\n]*\s*$")


WORKERS = Path("assets") / "javascripts" / "workers"


@dataclass(frozen=True)
class PatchedWorker:
    """Material's worker with the changes that took: `code`, served as `name` instead of `material_name`."""

    material_name: str
    name: str
    code: str
    whole_words: bool
    prebuilt: bool
    highlight: bool
    first_results_first: bool


def material_worker(theme_dirs: list[str]) -> Path | None:
    """The search worker MkDocs copies into the site: the first theme folder's that has one (a custom_dir may
    carry its own)."""
    for folder in theme_dirs:
        found = sorted((Path(folder) / WORKERS).glob("search.*.min.js"))
        if found:
            return found[0]
    return None


def patch_worker(source: Path, *, whole_words: bool = True, prebuilt: bool = True,
                 languages: list[str] | None = None) -> PatchedWorker:
    """The worker at `source` with the changes asked for; the result says which took. `prebuilt`: the loader of
    the prebuilt index, which falls back to Material's own building when the site has no prebuilt index of its
    search_index.json. `languages`: the search's, loaded as the worker starts."""
    code = source.read_text(encoding="utf-8")
    fixed, words = _fix_whole_words(code) if whole_words else (code, False)
    fixed, highlight = _carry_section_terms(fixed)
    loader = first = False
    if prebuilt:
        fixed, loader = _add_prebuilt_loader(fixed, languages)
        fixed, first = _highlight_first_results_first(fixed) if loader else (fixed, False)
    if fixed == code:
        return PatchedWorker(source.name, source.name, code, words, loader, highlight, first)
    fixed = _SOURCE_MAP.sub("", fixed)  # Material's map describes its own code, not this
    name = f"search.{hashlib.sha256(fixed.encode()).hexdigest()[:8]}.min.js"
    return PatchedWorker(source.name, name, fixed, words, loader, highlight, first)


def name_changed_worker(html: str, worker: PatchedWorker | None) -> str:
    """A rendered page naming Material's worker (in its `__config`) names the changed one instead. Done on the
    page's output, so a site's own main.html, which hides the portal's, cannot leave the page on a file the build
    removes. None: the site has no changed worker."""
    if worker is None or worker.name == worker.material_name:
        return html
    return html.replace(f'workers/{worker.material_name}"', f'workers/{worker.name}"')


def write_worker(site_dir: Path, worker: PatchedWorker, *, keep_material: bool = False) -> None:
    """The changed worker into the built site, in place of the copy of Material's that MkDocs wrote.
    `keep_material`: a build that rewrote only some pages (--dirty) keeps it for the pages an earlier build wrote."""
    folder = site_dir / WORKERS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / worker.name).write_text(worker.code, encoding="utf-8")
    if worker.name != worker.material_name and not keep_material:
        (folder / worker.material_name).unlink(missing_ok=True)


def _carry_section_terms(code: str) -> tuple[str, bool]:
    fixed, count = _EMPTY_TERMS.subn(
        lambda m: f"{m[1]}.push({m[2]}({m[3]}({{}},{m[4]}),{{score:0,terms:Object.assign({{}},...{m[1]}.map(x=>x.terms))}}))",
        code)
    return fixed, bool(count or _SECTION_TERMS.search(code))


def _highlight_first_results_first(code: str) -> tuple[str, bool]:
    if _DEFERRED_MARK in code:
        return code, True
    highlight, answer = _HIGHLIGHT.search(code), _ANSWER.search(code)
    if not highlight or not answer or len(_HIGHLIGHT.findall(code)) != 1 or len(_ANSWER.findall(code)) != 1 \
            or len(_HANDLER.findall(code)) != 1:
        return code, False
    doc, field = highlight["doc"], highlight["field"]
    # The same statement, run later on the section Material keeps (its copy of `doc`).
    deferred = (f"{_DEFERRED_MARK}{doc},{field},(__section,{field})=>{{"
                f"let {highlight['table']}=this.table.get([__section.location,{field}].join(\":\")),"
                f"{highlight['fn']}=Array.isArray(__section[{field}])?{highlight['many']}:{highlight['one']};"
                f"__section[{field}]={highlight['fn']}(__section[{field}],{highlight['table']},{highlight['positions']},{field}!==\"text\")}})")
    patched = code[:highlight.start()] + deferred + code[highlight.end():]
    patched = _HANDLER.sub(lambda m: f'addEventListener("message",{m[1]}=>trainingPrebuilt.inTurn({m[1]}.data,()=>{m[2]}({m[1]}.data)))',
                           patched, count=1)
    return _ANSWER.sub(lambda m: f"return trainingPrebuilt.answer({m[1]})", patched, count=1), True


def _fix_whole_words(code: str) -> tuple[str, bool]:
    fixed, count = _SHORT_LOOP.subn(
        lambda m: f"for(let {m[1]}={m[2]}+1;{m[1]}<={m[3]}.length;{m[1]}++){m[3]}.slice({m[2]},{m[1]})in ", code
    )
    return fixed, bool(count or _FIXED_LOOP.search(code))


def _add_prebuilt_loader(code: str, languages: list[str] | None = None) -> tuple[str, bool]:
    if _LOADER_MARK in code:
        return code, True
    setup, builder = _SETUP.search(code), _BUILDER.search(code)
    if not setup or not builder or len(_SETUP.findall(code)) != 1 or code.count(_LISTENER) != 1:
        return code, False
    new_setup = (f"return yield trainingPrebuilt.languages({setup[2]}.data.config,{setup[1]}),"
                 f"yield trainingPrebuilt.ready({setup[2]}.data.config,{setup[2]}.data.docs),{setup[3]}=new {setup[4]}({setup[2]}.data)")
    config, docs, doc = builder["config"], builder["docs"], builder["doc"]
    new_builder = (
        f"constructor({{config:{config},docs:{docs},options:{builder['options']}}}){{"
        f"{builder['head']}this.index=trainingPrebuilt.index({config},{docs},this,{builder['tokenizer']},"
        f"lunr(function(){{{builder['body']}"
        f"for(let {doc} of trainingPrebuilt.active()?[]:{docs})this.add({doc},{{boost:{doc}.boost}})}}))}}"
    )
    patched = code[:builder.start()] + new_builder + code[builder.end():]
    patched = _SETUP.sub(lambda _: new_setup, patched, count=1)
    patched = patched.replace(_LISTENER, f"trainingPrebuilt.loadLanguagesEarly({setup[1]});{_LISTENER}", 1)
    loader = LOADER.read_text(encoding="utf-8")
    if languages and all(isinstance(language, str) for language in languages):
        loader = loader.replace(_LANGUAGES_SLOT, f"var BUILD_LANGUAGES = {json.dumps(languages)};", 1)
    return loader + patched, True
