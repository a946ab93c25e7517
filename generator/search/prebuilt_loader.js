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
  var url = new URL("../../../search/prebuilt_index.json", self.location.href);
  var download = fetch(url)
    .then(function (response) { return response.ok ? response.json() : null; })
    .catch(function () { return null; });

  function ready(config) {
    return download.then(function (data) {
      var expected = config.training_prebuilt;
      state.data = data && expected && data.format === 1 && data.source === expected ? data : null;
    });
  }

  function active() {
    return state.data !== null;
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
        self.lunr.tokenizer.table = [];
        tokenize(value);
        table.set(key, self.lunr.tokenizer.table);
      }
      return get(key);
    };
    return table;
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
      var posting = Object.create(null);
      posting._index = t;
      var runs = data.postings[t];
      var f, at, run;
      for (f = 0; f < fieldCount; f++) {
        var byRef = Object.create(null);
        for (run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1])
          byRef[docs[run[at]].location] = { position: run.slice(at + 2, at + 2 + run[at + 1]) };
        posting[fields[f]] = byRef;
      }
      invertedIndex[data.terms[t]] = posting;
      var idf = lunr.idf(posting, docs.length);
      for (f = 0; f < fieldCount; f++) {
        for (run = runs[f], at = 0; at < run.length; at += 2 + run[at + 1]) {
          var tf = run[at + 1];
          var score = idf * ((k1 + 1) * tf) / (k1 + tf);
          score *= boosts[f];
          score *= docs[run[at]].boost || 1;
          elements[run[at] * fieldCount + f].push(t, Math.round(score * 1000) / 1000);
        }
      }
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
