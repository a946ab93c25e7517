/* Learning records (only on sites built with `records: true`): what learn.js reports (training:* events)
   becomes xAPI statements (xapi.js), queued in this browser's localStorage and posted in the background to
   RECORDS.endpoint on the portal's own origin, where the web server's gate checks them against the login and
   passes them to the LRS. A failed post keeps the queue and tries again later; statements the gate refuses
   are dropped; nothing here waits on the network before the page works. A signed-in learner's progress
   from other browsers is recalled once per tab (recall.js) and joins this browser's. */

import { h } from "./dom.js";
import { recall } from "./recall.js";
import { RECORDS } from "./records-settings.js";
import { SITE_ROOT, isMap, load, merge, pathState, update } from "./store.js";
import { XAPI_VERSION, caseStatement, courseStatement, pathStatement, quizStatements, reviewStatement, scenarioStatement, stepStatement, uuid } from "./xapi.js";

const SITE = SITE_ROOT.origin + SITE_ROOT.pathname;
const RECORDS_KEY = "training-records:" + SITE_ROOT.pathname;
const LEARNER_KEY = "training-learner:" + SITE_ROOT.pathname;
const RECALLED_KEY = "training-recalled:" + SITE_ROOT.pathname;
// The queue is capped in characters, not statements: localStorage holds about 5 MB per site and the progress
// itself must always fit. Past the cap the oldest statements go first.
const BATCH = 50, MAX_QUEUE_CHARS = 1000000, FIRST_RETRY = 5000, LAST_RETRY = 300000;
let learner = null, sending = false, failures = 0, timer = null;

export function randomBytes(count) {
  return crypto.getRandomValues(new Uint8Array(count));
}

function readRecords() {
  try {
    var data = JSON.parse(localStorage.getItem(RECORDS_KEY));
    if (isMap(data) && Array.isArray(data.queue) && isMap(data.reported)) return data;
  } catch (e) { /* unreadable: start afresh */ }
  return { queue: [], reported: {} };
}

function writeRecords(data) {
  var text = JSON.stringify(data);
  while (text.length > MAX_QUEUE_CHARS && data.queue.length) {
    data.queue.splice(0, Math.ceil(data.queue.length / 10));
    text = JSON.stringify(data);
  }
  try {
    localStorage.setItem(RECORDS_KEY, text);
  } catch (e) { /* storage full or disabled: the statements of this page are lost, the page still works */ }
}

function actorOf(who) {
  return { objectType: "Agent", account: { homePage: SITE, name: who.name } };
}

// Statements wait for their actor: the login answers after the page has started.
function withActor(made) {
  if (!learner) return made;
  made.actor = actorOf(learner);
  if (learner.declared) made.context.extensions[SITE + "records/self-declared"] = true;
  return made;
}

// Path steps and paths finished since they were last reported (the progress store decides what is finished).
function pathStatements(data) {
  var progress = load(), made = [];
  RECORDS.paths.forEach(function (path) {
    var state = pathState(progress, path);
    path.steps.forEach(function (step, index) {
      var key = "step:" + path.id + ":" + (index + 1) + ":" + (step.version || "");
      if ((state.states[index] === "done" || state.states[index] === "passed") && !data.reported[key]) {
        data.reported[key] = true;
        made.push(stepStatement(SITE, path, index + 1, step));
      }
    });
    if (state.counted && state.finished === state.counted && !data.reported["path:" + path.id]) {
      data.reported["path:" + path.id] = true;
      made.push(pathStatement(SITE, path));
    }
  });
  return made;
}

// What learn.js reported, and the path steps it finished, into the queue in one read and one write.
function happened(statements) {
  var data = readRecords(), now = new Date().toISOString();
  statements.concat(pathStatements(data)).forEach(function (made) {
    made.id = uuid(randomBytes);
    made.timestamp = now;
    data.queue.push(withActor(made));
  });
  writeRecords(data);
  later(0);
}

export function later(delay) {
  clearTimeout(timer);
  timer = setTimeout(send, delay);
}

export function mine(made) {
  return isMap(made) && isMap(made.actor) && isMap(made.actor.account) && made.actor.account.name === learner.name;
}

// Which statements of a post are settled: all of them when the LRS took the post (or already had these ids:
// 409), those the gate refused (they would never be accepted), or a single one refused as malformed (400,
// 413, 415, 422). Anything else (the LRS down, 429 from the rate limit, a login to renew) is tried again later.
function settled(batch, response) {
  if (response.ok || response.status === 409) return Promise.resolve(batch);
  var single = batch.length === 1 && [400, 413, 415, 422].indexOf(response.status) >= 0;
  if (response.status !== 400 && response.status !== 403) return Promise.resolve(single ? batch : []);
  return response.json().then(function (answer) {
    var refused = isMap(answer) && Array.isArray(answer.refused) ? answer.refused : [];
    return single ? batch : refused.map(function (item) { return isMap(item) ? batch[item.index] : null; })
      .filter(function (made) { return made; });
  }, function () { return single ? batch : []; });
}

export function send(keepalive) {
  if (sending || !learner) return;
  // Statements another login made in this browser wait for that login: the gate would refuse them here.
  var data = readRecords(), batch = data.queue.filter(mine).slice(0, failures > 2 ? 1 : BATCH);
  if (!batch.length) return;
  var body = JSON.stringify(batch);
  sending = true;
  fetch(RECORDS.endpoint + "statements", {
    method: "POST", credentials: "same-origin", keepalive: keepalive === true && body.length < 60000,
    headers: { "Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION }, body: body
  }).then(function (response) {
    return settled(batch, response).then(function (done) {
      var sent = {};
      done.forEach(function (made) { sent[made.id] = true; });
      var now = readRecords();
      now.queue = now.queue.filter(function (made) { return !sent[made.id]; });
      writeRecords(now);
      sending = false;
      if (!done.length) throw new Error("LRS " + response.status);
      failures = 0;
      if (now.queue.some(mine)) later(0);
    });
  }).catch(function () {
    sending = false;
    failures++;
    later(Math.min(LAST_RETRY, FIRST_RETRY * Math.pow(2, failures - 1)));
  });
}

// A signed-in learner's progress from their own statements, once per tab: what another browser recorded joins
// this one's (nothing is lost on either side) and stays here, so later pages need no network for it.
function recallProgress(who) {
  try {
    if (sessionStorage.getItem(RECALLED_KEY) === who.name) return;
  } catch (e) { /* no storage: recalled on each page */ }
  fetch(RECORDS.endpoint + "progress?home=" + encodeURIComponent(SITE), { credentials: "same-origin", cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (answer) {
      if (!isMap(answer) || answer.learner !== who.name || !learner || learner.name !== who.name) return;
      var recalled = recall(answer.statements);
      update(function (data) { merge(data, recalled.progress); });
      var records = readRecords();
      Object.keys(recalled.reported).forEach(function (key) { records.reported[key] = true; });
      writeRecords(records);
      try { sessionStorage.setItem(RECALLED_KEY, who.name); } catch (e) { /* recalled again on the next page */ }
      document.dispatchEvent(new CustomEvent("training:progress-recalled"));
    }).catch(function () { /* offline or no gate: this browser's progress stands */ });
}

// A browser shared by several agents: what was reported about the paths was reported for the one before. (The
// first learner of a browser keeps what was reported while the login was still being asked: it was theirs.)
export function identify(who) {
  learner = who;
  var data = readRecords();
  if (data.learner && data.learner !== who.name) data.reported = {};
  data.learner = who.name;
  data.queue.forEach(function (made) { if (!made.actor) withActor(made); });
  writeRecords(data);
  later(0);
  if (who.declared) offerSwitch(who.name);
  else recallProgress(who);
}

// On the home page, next to 我的学习: whose records these are, and a way to change it on a shared computer.
function offerSwitch(name) {
  var mine = document.querySelector("[data-training-mine]");
  if (!mine || mine.querySelector(".training-records__who")) return;
  var change = h("button", { type: "button", "class": "md-button training-records__change" }, ["不是我，更换工号"]);
  change.addEventListener("click", function () {
    try { localStorage.removeItem(LEARNER_KEY); } catch (e) { /* nothing stored */ }
    learner = null;
    line.remove();
    askForId();
  });
  var line = h("p", { "class": "training-records__who" }, ["学习记录按工号 " + name + "（本人填写）保存。 ", change]);
  mine.appendChild(line);
}

const LEARNER_ID = /^[A-Za-z0-9._-]{1,32}$/;

// Without a login: the agent's 工号, asked once per browser and marked as self-declared in the statements.
function askForId() {
  var saved = null;
  try { saved = localStorage.getItem(LEARNER_KEY); } catch (e) { /* no storage: ask on this page */ }
  if (saved && LEARNER_ID.test(saved)) return identify({ name: saved, declared: true });
  if (document.querySelector(".training-records")) return;
  var place = document.querySelector(".md-content__inner") || document.body;
  var input = h("input", { type: "text", id: "training-learner-id", autocomplete: "username", inputmode: "latin",
                           maxlength: "32", required: true, pattern: "[A-Za-z0-9._\\-]{1,32}" });
  var problem = h("p", { "class": "training-records__problem", role: "alert" });
  var form = h("form", { "class": "training-records", "aria-label": "学习记录", novalidate: true }, [
    h("label", { "for": "training-learner-id" }, ["学习记录：请输入你的工号（只需填写一次，记录会标注为本人填写）"]),
    h("span", { "class": "training-records__row" }, [input, h("button", { type: "submit", "class": "md-button" }, ["保存"])]),
    problem
  ]);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = input.value.trim();
    if (!LEARNER_ID.test(value)) {
      problem.textContent = "工号只能包含字母、数字、点、下划线和连字符，最多 32 个字符。";
      return;
    }
    try { localStorage.setItem(LEARNER_KEY, value); } catch (e) { /* kept for this page only */ }
    form.remove();
    identify({ name: value, declared: true });
  });
  place.insertBefore(form, place.firstChild);
}

// A login's account name may be any visible text (an SSO name in Chinese, an e-mail address).
const ACCOUNT = /^[^\s\u0000-\u001f\u007f]{1,64}$/;

// Asked once per tab: the answer is kept for the tab's later pages (sessionStorage ends with the tab).
function whoAmI() {
  if (RECORDS.whoami === "none") return askForId();
  var known = null;
  try { known = sessionStorage.getItem(LEARNER_KEY); } catch (e) { /* no storage: ask the server */ }
  if (known && ACCOUNT.test(known)) return identify({ name: known, declared: false });
  fetch(RECORDS.whoami, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    return response.ok ? response.text() : "";
  }).then(function (name) {
    name = name.trim();
    if (!ACCOUNT.test(name)) return askForId();
    try { sessionStorage.setItem(LEARNER_KEY, name); } catch (e) { /* asked again on the next page */ }
    identify({ name: name, declared: false });
  }).catch(askForId);
}

// learn.js reports with its own objects (a course's card or box, the quiz and its rows): read here, so the
// progress script stays small.
function courseEvent(element) {
  return { course: element.getAttribute("data-training-course"), version: Number(element.getAttribute("data-training-version")),
           title: element.getAttribute("data-training-title") };
}

function quizEvent(detail) {
  var quiz = detail.quiz, section = detail.section, result = detail.result;
  return {
    quiz: quiz.id, title: quiz.title, version: quiz.version, course: section.getAttribute("data-training-course"),
    courseVersion: Number(section.getAttribute("data-training-version")) || null,
    earned: result.earned, points: result.points, passed: result.passed,
    answers: detail.rows.map(function (row) {
      return { id: row.question.id, type: row.question.type, response: row.response, ratio: row.result.ratio,
               answered: row.result.answered };
    })
  };
}

// What learn.js, case.js and review.js report (dom.js emit).
function on(type, handle) {
  document.addEventListener("training:" + type, function (event) { handle(/** @type {CustomEvent} */ (event).detail); });
}

on("course-opened", function (detail) {
  happened([courseStatement(SITE, "experienced", courseEvent(detail))]);
});
on("course-completed", function (detail) {
  happened([courseStatement(SITE, "completed", courseEvent(detail))]);
});
on("quiz-submitted", function (detail) {
  happened(quizStatements(SITE, quizEvent(detail), uuid(randomBytes)));
});
on("scenario-finished", function (detail) {
  var scenario = detail.scenario;
  happened([scenarioStatement(SITE, { scenario: scenario.id, title: scenario.title, version: scenario.version,
                                      score: detail.score })]);
});
on("case-scored", function (detail) {
  var data = detail.data;
  happened([caseStatement(SITE, { id: data.id, title: data.title, version: data.version, tolerance: data.tolerance,
                                  result: detail.result })]);
});
on("fact-reviewed", function (detail) {
  var d = detail;
  happened([reviewStatement(SITE, { course: d.course.id, key: d.fact.key.split(":")[1], question: d.fact.q,
                                    version: d.course.version, rating: d.rating, due: d.due.toISOString() })]);
});
window.addEventListener("online", function () { failures = 0; later(0); });
document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") send(true); });

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whoAmI);
else whoAmI();
