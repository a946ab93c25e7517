/* Learning progress in this browser's localStorage: per course the version it was finished at, per bank
   and per role-play scenario the best score. */

// The site's root address: the portal's modules are served from <root>/assets/training/.
export const SITE_ROOT = new URL("../../", import.meta.url);
// Progress is kept per site, under a key derived from the site's root.
export const PROGRESS_KEY = "training-progress:" + SITE_ROOT.pathname;

export function isMap(value) {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

export function isProgress(data) {
  return isMap(data) && isMap(data.courses) && isMap(data.quizzes);
}

export function load() {
  try {
    var data = JSON.parse(localStorage.getItem(PROGRESS_KEY));
    if (isProgress(data)) return data;
  } catch (e) { /* unreadable progress counts as none */ }
  return { format: 1, courses: {}, quizzes: {}, scenarios: {} };
}

// Progress saved before scenarios existed has no scenarios map.
export function scenariosOf(data) {
  if (!isMap(data.scenarios)) data.scenarios = {};
  return data.scenarios;
}

export function update(change) {
  var data = load();
  change(data);
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(data));
  } catch (e) { /* storage full or disabled: the page still works, progress is not kept */ }
  return data;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

// A course record belongs to one version: finishing a newer version starts the record afresh.
export function courseRecord(data, id, version) {
  var record = data.courses[id];
  if (!record || ((record.completed || record.passed) && record.version !== version)) {
    record = data.courses[id] = { version: version, visited: (record && record.visited) || today() };
  }
  return record;
}

export function courseState(data, id, version) {
  var record = data.courses[id];
  if (!record) return "new";
  if ((record.completed || record.passed) && record.version < version) return "updated";
  return record.passed ? "passed" : record.completed ? "done" : "started";
}

function quizState(data, id) {
  var record = data.quizzes[id];
  return !record ? "new" : record.passed ? "passed" : "started";
}

export function scenarioState(data, id) {
  var record = scenariosOf(data)[id];
  return !record ? "new" : record.passed ? "passed" : "started";
}

export function stepState(data, step) {
  if (step.course) return courseState(data, step.course, step.version);
  if (step.scenario) return scenarioState(data, step.scenario);
  return step.quiz ? quizState(data, step.quiz) : "none";
}

export function pathState(data, path) {
  var counted = 0, finished = 0, next = null, started = false;
  var states = path.steps.map(function (step) {
    var state = stepState(data, step);
    if (state !== "new" && state !== "none") started = true;
    if (!step.optional && state !== "none") {
      counted++;
      if (state === "done" || state === "passed") finished++;
      else if (!next) next = step;
    }
    return state;
  });
  return { states: states, next: next, started: started, finished: finished, counted: counted,
           percent: counted ? Math.round(finished * 100 / counted) : 0 };
}

export function recordQuiz(data, quizId, percent, passed) {
  var best = data.quizzes[quizId] || { best: 0, passed: false, attempts: 0 };
  data.quizzes[quizId] = {
    best: Math.max(best.best, percent), passed: best.passed || passed, attempts: best.attempts + 1, last: today()
  };
  return data.quizzes[quizId];
}

export function recordScenario(data, id, result) {
  var scenarios = scenariosOf(data), best = scenarios[id] || { best: -1, passed: false, attempts: 0 };
  var better = result.total > best.best;
  scenarios[id] = {
    best: better ? result.total : best.best, points: result.points, passed: best.passed || result.passed,
    ending: better ? result.ending : best.ending, attempts: best.attempts + 1, last: today()
  };
  return scenarios[id];
}

// Progress from another browser joins this one's: the newer course version wins, a finished record wins
// over an unfinished one of the same version, the best score and every pass are kept, the review card
// rated last.
export function merge(into, from) {
  var cards = isMap(from.review) ? from.review : {};
  into.review = into.review || {};
  Object.keys(cards).forEach(function (key) {
    var mine = into.review[key], theirs = cards[key];
    if (isMap(theirs) && (!mine || theirs.last > mine.last)) into.review[key] = theirs;
  });
  Object.keys(from.courses).forEach(function (id) {
    var mine = into.courses[id], theirs = from.courses[id];
    if (!isMap(theirs)) return;
    if (!mine || (theirs.version || 0) > (mine.version || 0) ||
        ((theirs.version || 0) === (mine.version || 0) && (theirs.completed || theirs.passed) && !(mine.completed || mine.passed))) {
      into.courses[id] = theirs;
    }
  });
  Object.keys(from.quizzes).forEach(function (id) {
    var mine = into.quizzes[id] || { best: 0, passed: false, attempts: 0 }, theirs = from.quizzes[id];
    if (!isMap(theirs)) return;
    into.quizzes[id] = {
      best: Math.max(mine.best || 0, Number(theirs.best) || 0), passed: !!(mine.passed || theirs.passed),
      attempts: Math.max(mine.attempts || 0, Number(theirs.attempts) || 0), last: mine.last > theirs.last ? mine.last : theirs.last
    };
  });
  var theirScenarios = isMap(from.scenarios) ? from.scenarios : {}, mine = scenariosOf(into);
  Object.keys(theirScenarios).forEach(function (id) {
    var own = mine[id] || { best: -1, passed: false, attempts: 0 }, theirs = theirScenarios[id];
    if (!isMap(theirs) || typeof theirs.best !== "number" || !isFinite(theirs.best)) return;  // not a record
    var theirBest = theirs.best, better = theirBest > (own.best === undefined ? -1 : own.best);
    mine[id] = {
      best: better ? theirBest : own.best, points: better ? Number(theirs.points) || own.points : own.points,
      ending: better ? String(theirs.ending || "") : own.ending, passed: !!(own.passed || theirs.passed),
      attempts: Math.max(own.attempts || 0, Number(theirs.attempts) || 0),
      last: (own.last || "") > (theirs.last || "") ? own.last : theirs.last
    };
  });
  // Call cases (case.js keeps them): the record practised more often wins.
  var theirCases = isMap(from.cases) ? from.cases : {};
  into.cases = isMap(into.cases) ? into.cases : {};
  Object.keys(theirCases).forEach(function (id) {
    var theirs = theirCases[id];
    if (isMap(theirs) && theirs.attempts > ((into.cases[id] || {}).attempts || 0)) into.cases[id] = theirs;
  });
}
