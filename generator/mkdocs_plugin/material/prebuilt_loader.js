/* Prepended to Material's search worker by generator/search/worker_patch.py.
 *
 * Material's worker builds its lunr index from search_index.json before answering; the build
 * wrote the postings of that index to search/prebuilt_index.json instead (prebuilt.py). This
 * turns them into the same lunr index: lunr.idf and the scoring of lunr.Builder#createFieldVectors
 * (with Material's b = 0), the fields and search pipeline of Material's own (empty) builder.
 * Nothing is worked out before it is asked for, since the reader is waiting for the first result:
 * a term's posting when a query reads it, a field vector when lunr scores that document's field,
 * and the token table that highlighting needs for the sections a query returns.
 * When the file is missing or belongs to another build, the worker builds in the browser as before.
 *
 * Material highlights every section a query matches before it answers (1,180 sections for 投诉 in
 * 1,000 courses), while its page shows the first ten pages' results at once and the rest as the reader
 * scrolls. The worker now highlights those ten first and sends them (with the rest as they are, so the
 * count is right), then highlights the rest and sends the whole answer, which is Material's own. A query the
 * reader has already typed past is not answered.
 */
var trainingPrebuilt = (function () {
  var state = { data: null, breaks: null };
  var download;
  try {
    // The worker lives in assets/javascripts/workers/; the site root is three folders up.
    download = fetch(new URL("../../../search/prebuilt_index.json", self.location.href))
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  } catch (error) {  // no usable address, e.g. Material's iframe stand-in for workers on file: pages
    download = Promise.resolve(null);
  }

  // The languages of the site's search, written here by worker_patch.py: Material's worker loads their lunr
  // scripts when the page posts the index; started as the worker starts, they load while the page still
  // downloads it.
  var BUILD_LANGUAGES = null;
  var early = null;

  function loadLanguagesEarly(setupLanguages) {
    if (BUILD_LANGUAGES === null) return;
    early = { lang: BUILD_LANGUAGES.join(","), done: setupLanguages({ lang: BUILD_LANGUAGES.slice() }) };
    early.done.catch(function () {});
  }

  function languages(config, setupLanguages) {
    var loaded = early;
    early = null;
    if (loaded === null || loaded.lang !== config.lang.join(",")) return setupLanguages(config);
    return loaded.done.catch(function () { return setupLanguages(config); });
  }

  function ready(config, docs) {
    return download.then(function (data) {
      var expected = config.training_prebuilt, breaks = config.training_breaks;
      breaks = Array.isArray(breaks) && Array.isArray(docs) && breaks.length === docs.length * BREAK_FIELDS.length
        ? breaks : null;
      state.data = data && expected && data.format === 3 && data.source === expected ? data : null;
      state.breaks = breaks;
      if (state.data === null && breaks !== null) {  // Material's builder indexes every section: all of them whole
        var sections = { docs: docs, breaks: breaks };
        for (var number = 0; number < docs.length; number++) putBreaksBack(sections, number);
      }
    });
  }

  // jieba's word breaks (zero-width spaces), which the build took out of the sections' titles and texts in
  // search_index.json (prebuilt.py without_word_breaks): the page then downloads, parses and posts a quarter less
  // before the first result. The index's config says where they go, per section and field, as the lengths of the
  // pieces between them. With the prebuilt postings they are put back in a section when a query first returns it,
  // before its highlight table is made; without, in every section before Material's builder reads them. Either
  // way the answers are Material's own.
  var BREAK_FIELDS = ["title", "text"];
  var current = null;  // the docs and word breaks of the index being searched

  function putBreaksBack(sections, number) {
    var doc = sections.docs[number];
    if (!sections.breaks || !doc || typeof doc !== "object") return;
    var first = number * BREAK_FIELDS.length;
    for (var f = 0; f < BREAK_FIELDS.length; f++) {
      var where = sections.breaks[first + f], value = doc[BREAK_FIELDS[f]];
      sections.breaks[first + f] = null;
      if (!where || typeof where !== "string" || typeof value !== "string") continue;
      var lengths = numbers(where), pieces = [], at = 0;
      for (var n = 0; n < lengths.length; n++) {
        pieces.push(value.slice(at, at + lengths[n]));
        at += lengths[n];
      }
      pieces.push(value.slice(at));
      doc[BREAK_FIELDS[f]] = pieces.join("\u200b");
    }
  }

  // The sections of these answer groups (Material's copies, not yet highlighted) with their word breaks.
  function withBreaks(groups) {
    if (current === null || !current.breaks) return;
    for (var g = 0; g < groups.length; g++)
      for (var i = 0; i < groups[g].length; i++) {
        var section = groups[g][i], number = numberOf(current.docs, section.location);
        if (number === undefined) continue;
        putBreaksBack(current, number);
        for (var f = 0; f < BREAK_FIELDS.length; f++)
          if (typeof section[BREAK_FIELDS[f]] === "string") section[BREAK_FIELDS[f]] = current.docs[number][BREAK_FIELDS[f]];
      }
  }

  // Each section's number (its place in the docs Material was given) by its location: built once per setup, as soon
  // as the index is ready, for the field vectors and the token tables.
  var sectionNumbers = null, numbered = null;

  function numberOf(docs, location) {
    if (numbered !== docs) {
      sectionNumbers = new Map();
      numbered = docs;
      for (var d = 0; d < docs.length; d++) sectionNumbers.set(docs[d].location, d);
    }
    return sectionNumbers.get(location);
  }

  // The file holds each term's runs per field as text (prebuilt.py serialise, format 3): every number zigzag
  // encoded, in groups of five bits, one character of DIGITS per group with 32 added while more groups follow.
  // The numbers are differences from the previous ones (the document number from the run's previous document,
  // a position from the one before it): decoded and added up again when a query first reads the term, so the
  // worker parses a few strings per term instead of millions of numbers before the first query.
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT_VALUES = new Int8Array(128).fill(-1);
  for (var d = 0; d < DIGITS.length; d++) DIGIT_VALUES[DIGITS.charCodeAt(d)] = d;

  function numbers(text) {
    var out = [], value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT_VALUES[text.charCodeAt(i) & 127];
      value += (digit & 31) * scale;
      if (digit & 32) {
        scale *= 32;
        continue;
      }
      out.push(value % 2 ? -(value + 1) / 2 : value / 2);
      value = 0;
      scale = 1;
    }
    return out;
  }

  function absolute(encoded) {
    var runs = [];
    for (var f = 0; f < encoded.length; f++) {
      var run = numbers(encoded[f]), document = 0;
      for (var at = 0; at < run.length; at += 2 + run[at + 1]) {
        if (!(run[at + 1] > 0)) {  // not a file this build wrote: what follows cannot be read
          run.length = at;
          break;
        }
        document = run[at] += document;
        for (var p = at + 3, end = at + 2 + run[at + 1]; p < end; p++) run[p] += run[p - 1];
      }
      runs.push(run);
    }
    return runs;
  }

  function active() {
    return state.data !== null;
  }

  // The token table Material's tokenizer records for one field value: per top-level HTML block,
  // start << 12 | length << 2 | kind for its tags (kind 0, 2) and words (kind 1), which its
  // highlighter reads. The same walk as the tokenizer, without making lunr tokens.
  function tokenTable(value, tokenize) {
    var lunr = self.lunr;
    if (lunr.segmenter !== undefined) {
      lunr.tokenizer.table = [];
      tokenize(value);
      return lunr.tokenizer.table;
    }
    var table = [];
    var separator = new RegExp(lunr.tokenizer.separator, "g");
    var items = Array.isArray(value) ? value : [value];
    for (var n = 0; n < items.length; n++) {
      var offset = table.length;
      blocks(items[n], function (block, kind, start, end) {
        var entries = table[block + offset] || (table[block + offset] = []);
        if (kind !== 1) {
          entries.push(start << 12 | end - start << 2 | kind);
          return;
        }
        var text = items[n].slice(start, end);
        var from = 0, match;
        separator.lastIndex = 0;
        do {
          match = separator.exec(text);
          var to = match ? match.index : text.length;
          if (from < to) entries.push(start + from << 12 | to - from << 2 | 1);
          if (match) {
            from = match.index + match[0].length;
            if (match[0].length === 0) separator.lastIndex = match.index + 1;
          }
        } while (match);
      });
    }
    return table;
  }

  // Material's split of a field value into top-level blocks: (block, kind, start, end) with kind
  // 0 = opening tag, 1 = text, 2 = closing tag of a top-level element.
  function blocks(text, each) {
    var block = 0, start = 0, depth = 0;
    for (var i = 0; i < text.length; i++) {
      var char = text.charAt(i);
      if (char === "<" && i > start) {
        each(block, 1, start, i);
        start = i;
      } else if (char === ">") {
        if (text.charAt(start + 1) === "/") {
          if (--depth === 0) each(block++, 2, start, i + 1);
        } else if (text.charAt(i - 1) !== "/" && depth++ === 0) {
          each(block, 0, start, i + 1);
        }
        start = i + 1;
      }
    }
    if (i > start) each(block, 1, start, i);
  }

  function LazyTable(docs, tokenize) {
    var table = new Map();
    var get = table.get.bind(table);
    table.get = function (key) {
      if (!table.has(key)) {
        var cut = key.lastIndexOf(":"), number = numberOf(docs, key.slice(0, cut));
        if (number !== undefined && current !== null) putBreaksBack(current, number);
        var doc = docs[number];
        var value = doc ? doc[key.slice(cut + 1)] : undefined;
        if (value === undefined) return undefined;
        table.set(key, tokenTable(value, tokenize));
      }
      return get(key);
    };
    return table;
  }

  // lunr's posting for one term: {_index, <field>: {<ref>: {position: [...]}}}, made on first read.
  // Reading it also adds the term's score to each field vector it belongs to (scored).
  function posting(invertedIndex, term, termIndex, encoded, build) {
    return function () {
      var runs = absolute(encoded);
      var fields = build.fields, docs = build.docs, fieldCount = fields.length;
      var withTerm = 0, f, at, run;
      for (f = 0; f < fieldCount; f++)
        for (run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1]) withTerm++;
      // lunr.idf, on counts instead of the posting objects.
      var idf = Math.log(1 + Math.abs((docs.length - withTerm + 0.5) / (withTerm + 0.5)));
      var value = Object.create(null);
      value._index = termIndex;
      for (f = 0; f < fieldCount; f++) {
        var byRef = Object.create(null);
        for (run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1]) {
          var doc = docs[run[at]], tf = run[at + 1];
          byRef[doc.location] = { position: run.slice(at + 2, at + 2 + tf) };
          // lunr.Builder's k1; Material sets b = 0, which leaves k1 * (1 - b + b * length / average) = k1.
          var score = idf * ((build.k1 + 1) * tf) / (build.k1 + tf);
          score *= build.boosts[f];
          score *= doc.boost || 1;
          var slot = run[at] * fieldCount + f;
          (build.scored[slot] || (build.scored[slot] = [])).push(termIndex, Math.round(score * 1000) / 1000);
        }
        value[fields[f]] = byRef;
      }
      Object.defineProperty(invertedIndex, term, { value: value, enumerable: true, configurable: true, writable: true });
      return value;
    };
  }

  // lunr.Index#fieldVectors, keyed "<field>/<ref>" in document order, each vector made when it is read
  // from the terms read so far. lunr reads a query's postings before it scores, and a field's score is
  // the query vector's dot product with it (lunr.Vector#similarity divides by the query's magnitude
  // only), so the terms no query has read yet would only add zeros.
  function FieldVectors(build) {
    var slots = null;
    function slotMap() {
      if (slots === null) {
        slots = new Map();
        for (var d = 0; d < build.docs.length; d++)
          for (var f = 0; f < build.fields.length; f++)
            slots.set(build.fields[f] + "/" + build.docs[d].location, d * build.fields.length + f);
      }
      return slots;
    }
    var fieldNumbers = new Map(build.fields.map(function (field, number) { return [field, number]; }));
    function slotOf(key) {
      if (typeof key !== "string") return undefined;
      var cut = key.indexOf("/"), field = fieldNumbers.get(key.slice(0, cut));
      var doc = cut < 0 || field === undefined ? undefined : numberOf(build.docs, key.slice(cut + 1));
      return doc === undefined ? undefined : doc * build.fields.length + field;
    }
    function vector(slot) {
      var pairs = build.scored[slot] || [];
      var order = [];
      for (var i = 0; i < pairs.length; i += 2) order.push(i);
      order.sort(function (a, b) { return pairs[a] - pairs[b]; });  // lunr.Vector wants its terms in order
      var elements = [];
      for (var n = 0; n < order.length; n++) elements.push(pairs[order[n]], pairs[order[n] + 1]);
      return new self.lunr.Vector(elements);
    }
    return new Proxy(Object.create(null), {
      get: function (target, key) {
        var slot = slotOf(key);
        return slot === undefined ? undefined : vector(slot);
      },
      has: function (target, key) { return slotOf(key) !== undefined; },
      ownKeys: function () { return Array.from(slotMap().keys()); },
      getOwnPropertyDescriptor: function (target, key) {
        var slot = slotOf(key);
        return slot === undefined ? undefined
          : { value: vector(slot), enumerable: true, configurable: true, writable: true };
      }
    });
  }

  function index(config, docs, search, tokenize, empty) {
    var data = state.data, breaks = state.breaks;
    state.data = state.breaks = null;
    current = null;  // a second setup leaves nothing of the first (numberOf rebuilds its map for the new docs)
    if (data === null) return empty;
    var lunr = self.lunr;
    var build = {
      docs: docs,
      fields: empty.fields,
      boosts: empty.fields.map(function (field) { return config.fields[field].boost || 1; }),
      k1: 1.2,
      scored: []  // per document and field: term, score, term, score … of the postings read so far
    };
    var invertedIndex = Object.create(null);
    for (var t = 0; t < data.terms.length; t++)
      Object.defineProperty(invertedIndex, data.terms[t], {
        get: posting(invertedIndex, data.terms[t], t, data.postings[t], build), enumerable: true, configurable: true
      });
    search.table = LazyTable(docs, tokenize);
    current = { docs: docs, breaks: breaks };
    setTimeout(function () { numberOf(docs, ""); }, 0);  // after the worker has said it is ready
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: FieldVectors(build),
      tokenSet: lunr.TokenSet.fromArray(data.terms.slice().sort()),
      fields: build.fields,
      pipeline: empty.pipeline
    });
  }

  // Results of the first ten pages: what Material's page renders before the reader scrolls.
  var FIRST_SHOWN = 10;
  // Copied with the section by Material's object spread, and never posted (structured cloning skips symbols).
  var PENDING = Symbol("training highlight");

  function later(section, field, highlight) {
    (section[PENDING] || (section[PENDING] = [])).push([field, highlight]);
  }

  function highlightPending(group) {
    for (var i = 0; i < group.length; i++) {
      var works = group[i][PENDING];
      if (!works) continue;
      delete group[i][PENDING];
      for (var w = 0; w < works.length; w++) works[w][1](group[i], works[w][0]);
    }
  }

  // The worker's messages are handled one after the other, a query one turn of the event loop after it came, so
  // that the queries typed since have come in too: a query followed by another before its turn is not answered.
  // The page shows the newer answer anyway, and working out and rendering an answer nobody reads (about 100 ms
  // in the worker and 60 in the page at 1,000 courses) delays the one the reader waits for.
  var queue = Promise.resolve();
  var received = 0;
  var UNSENT = {};

  function inTurn(message, handle) {
    var mine = ++received, query = !!message && message.type === 2;
    queue = queue
      .then(function () { return query ? new Promise(function (resolve) { setTimeout(resolve, 0); }) : null; })
      .then(function () { return query && received > mine ? UNSENT : handle(); })
      .then(function (reply) { if (reply !== UNSENT) self.postMessage(reply); })
      .catch(function (error) { Promise.reject(error); });  // reported as Material's own failures are, the queue goes on
  }

  function answer(result) {
    var groups = result.items, shown = Math.min(groups.length, FIRST_SHOWN), g;
    withBreaks(groups.slice(0, shown));
    for (g = 0; g < shown; g++) highlightPending(groups[g]);
    var rest = false;
    for (g = shown; g < groups.length && !rest; g++)
      for (var i = 0; i < groups[g].length && !rest; i++) rest = !!groups[g][i][PENDING];
    if (rest) {
      var first = Object.assign({}, result, { training_partial: true });
      self.postMessage({ type: 3, data: first });  // cloned now, before the rest is highlighted
    }
    withBreaks(groups.slice(shown));
    for (g = shown; g < groups.length; g++) highlightPending(groups[g]);
    return result;
  }

  return { loadLanguagesEarly: loadLanguagesEarly, languages: languages, ready: ready, active: active, index: index,
           later: later, answer: answer, inTurn: inTurn, numbers: numbers };
})();
