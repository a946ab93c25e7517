/* Prepended to Material's search worker by generator/search/worker_patch.py.
 *
 * Material's worker builds its lunr index from search_index.json before answering; the build
 * wrote the postings of that index to search/prebuilt_index.json instead (prebuilt.py). This
 * turns them into the same lunr index: lunr.idf and the scoring of lunr.Builder#createFieldVectors
 * (with Material's b = 0), the fields and search pipeline of Material's own (empty) builder.
 * Highlighting needs each section's token table, which the builder records while indexing; it is
 * computed here with Material's tokenizer for the sections a query returns, on first use.
 * When the file is missing or belongs to another build, the worker builds in the browser as before.
 */
var trainingPrebuilt = (function () {
  var state = { data: null };
  var download;
  try {
    // The worker lives in assets/javascripts/workers/; the site root is three folders up.
    download = fetch(new URL("../../../search/prebuilt_index.json", self.location.href))
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  } catch (error) {  // no usable address, e.g. Material's iframe stand-in for workers on file: pages
    download = Promise.resolve(null);
  }

  function ready(config) {
    return download.then(function (data) {
      var expected = config.training_prebuilt;
      state.data = data && expected && data.format === 2 && data.source === expected ? absolute(data) : null;
    });
  }

  // The file holds each run's document numbers and positions as differences from the previous ones
  // (prebuilt.py serialise): add them up again, in place.
  function absolute(data) {
    for (var t = 0; t < data.postings.length; t++) {
      var runs = data.postings[t];
      for (var f = 0; f < runs.length; f++) {
        var run = runs[f], document = 0;
        for (var at = 0; at < run.length; at += 2 + run[at + 1]) {
          document = run[at] += document;
          for (var p = at + 3, end = at + 2 + run[at + 1]; p < end; p++) run[p] += run[p - 1];
        }
      }
    }
    return data;
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
    var byLocation = null;
    var get = table.get.bind(table);
    table.get = function (key) {
      if (!table.has(key)) {
        if (byLocation === null) {
          byLocation = new Map();
          for (var i = 0; i < docs.length; i++) byLocation.set(docs[i].location, docs[i]);
        }
        var cut = key.lastIndexOf(":");
        var doc = byLocation.get(key.slice(0, cut));
        var value = doc ? doc[key.slice(cut + 1)] : undefined;
        if (value === undefined) return undefined;
        table.set(key, tokenTable(value, tokenize));
      }
      return get(key);
    };
    return table;
  }

  // lunr's posting for one term: {_index, <field>: {<ref>: {position: [...]}}}, made on first read.
  function posting(invertedIndex, term, termIndex, runs, fields, docs) {
    return function () {
      var value = Object.create(null);
      value._index = termIndex;
      for (var f = 0; f < fields.length; f++) {
        var byRef = Object.create(null);
        for (var run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1])
          byRef[docs[run[at]].location] = { position: run.slice(at + 2, at + 2 + run[at + 1]) };
        value[fields[f]] = byRef;
      }
      Object.defineProperty(invertedIndex, term, { value: value, enumerable: true, configurable: true, writable: true });
      return value;
    };
  }

  function index(config, docs, search, tokenize, empty) {
    var data = state.data;
    state.data = null;
    if (data === null) return empty;
    var lunr = self.lunr;
    var fields = empty.fields;
    // lunr.Builder's k1; Material sets b = 0, which leaves k1 * (1 - b + b * length / average) = k1.
    var k1 = 1.2;
    var fieldCount = fields.length;
    var boosts = fields.map(function (field) { return config.fields[field].boost || 1; });
    var invertedIndex = Object.create(null);
    // One element list per document and field, filled in term order, which lunr.Vector requires.
    var elements = new Array(docs.length * fieldCount);
    for (var slot = 0; slot < elements.length; slot++) elements[slot] = [];
    for (var t = 0; t < data.terms.length; t++) {
      var runs = data.postings[t];
      var f, at, run;
      var withTerm = 0;
      for (f = 0; f < fieldCount; f++)
        for (run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1]) withTerm++;
      // lunr.idf, on counts instead of the posting objects, which are made only when a query reads them.
      var idf = Math.log(1 + Math.abs((docs.length - withTerm + 0.5) / (withTerm + 0.5)));
      for (f = 0; f < fieldCount; f++) {
        for (run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1]) {
          var tf = run[at + 1];
          var score = idf * ((k1 + 1) * tf) / (k1 + tf);
          score *= boosts[f];
          score *= docs[run[at]].boost || 1;
          elements[run[at] * fieldCount + f].push(t, Math.round(score * 1000) / 1000);
        }
      }
      Object.defineProperty(invertedIndex, data.terms[t], {
        get: posting(invertedIndex, data.terms[t], t, runs, fields, docs), enumerable: true, configurable: true
      });
    }
    var fieldVectors = Object.create(null);
    for (var d = 0; d < docs.length; d++)
      for (f = 0; f < fieldCount; f++)
        fieldVectors[fields[f] + "/" + docs[d].location] = new lunr.Vector(elements[d * fieldCount + f]);
    search.table = LazyTable(docs, tokenize);
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(data.terms.slice().sort()),
      fields: fields,
      pipeline: empty.pipeline
    });
  }

  return { ready: ready, active: active, index: index };
})();
