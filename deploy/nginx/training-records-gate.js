/* The learning-records gate: nginx's JavaScript module (njs 0.7.9, Debian libnginx-mod-http-js) between the
   browsers and the learning record store (Ralph). Ralph stores whatever actor a statement names; the gate
   makes the signed-in account the actor.

   post      POST /xapi/statements: every statement of the body is checked against the account the web
             server's login checked ($training_account, training-portal-records.conf). All or nothing: one
             refused statement refuses the post, and the answer lists which (index, reason), so the browser
             queue drops those and sends the rest again. What reaches Ralph is the gate's own serialisation of
             what it checked (no second reading of duplicate keys or odd numbers by another parser).
   progress  GET /xapi/progress?home=<site>: the signed-in learner's own finishing statements (completed,
             passed, failed), each reduced to what the portal's progress needs, so a new browser shows it.

   Refusal reasons (stable; the browser reads `refused`, people read `reason`):
     403 actor-not-signed-in  the actor names another account than the login
     403 trainer-only         classroom scores (rubric activities, classroom extensions) from a non-trainer
     403 statement-id         an id that is not a random (version 4) UUID, or one used twice in the post
     400 not-a-statement, field, number, verb, object, context, actor  the statement is not one the portal makes
     400 not-json, batch      the body is not JSON, or not one statement or a list of 1 to 50 statements
*/

import fs from "fs";

var ADL_VERBS = "http://adlnet.gov/expapi/verbs/";
var VERBS = { experienced: true, completed: true, answered: true, passed: true, failed: true };
var PROGRESS_VERBS = { completed: true, passed: true, failed: true };
var PROGRESS_KINDS = { course: true, quiz: true, step: true, path: true, scenario: true };
var TOP_FIELDS = { id: true, actor: true, verb: true, object: true, result: true, context: true, timestamp: true, version: true };
var MAX_STATEMENTS = 50;
// Any number a statement carries stays well inside what reports add up (generator/records/statements.py bounds
// scores more tightly and counts what it leaves out).
var MAX_NUMBER = 1e9;
var MAX_PAGES = 200;
var RANDOM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
var ANY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// As the browser accepts them (generator/browser/records.js): a login's account, a self-declared 工号.
var ACCOUNT = /^[^\s\u0000-\u001f\u007f]{1,64}$/;
var DECLARED = /^[A-Za-z0-9._-]{1,32}$/;
var HOME = /^https?:\/\/[^\s\u0000-\u001f\u007f]{1,300}$/;
var ACTIVITIES = "/activities/";
var RECORDS = "/records/";
var TRUST = { "actor-not-signed-in": true, "trainer-only": true, "statement-id": true };

function isMap(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function has(map, key) {
  return Object.prototype.hasOwnProperty.call(map, key);
}

function answer(r, status, body) {
  // Without parameters: nginx compares this with gzip_types only when it is the bare type (the server's
  // `charset` adds "; charset=utf-8" itself).
  r.headersOut["Content-Type"] = "application/json";
  r.return(status, JSON.stringify(body));
}

// What a statement is about, read as generator/records/statements.py reads it: the part after the last
// "/activities/" of the object's id.
function activityOf(id) {
  var at = id.lastIndexOf(ACTIVITIES);
  if (at < 0) return null;
  var parts = id.slice(at + ACTIVITIES.length).split("/");
  return { site: id.slice(0, at + 1), kind: parts[0], ids: parts.slice(1) };
}

// The extension's name after the last "/records/", as reports read it.
function extensionName(key) {
  var at = key.lastIndexOf(RECORDS);
  return at < 0 ? null : key.slice(at + RECORDS.length);
}

function numbersBounded(value) {
  if (typeof value === "number") return isFinite(value) && Math.abs(value) <= MAX_NUMBER;
  if (value === null || typeof value !== "object") return true;
  var keys = Object.keys(value);
  for (var i = 0; i < keys.length; i++) {
    if (!numbersBounded(value[keys[i]])) return false;
  }
  return true;
}

function trainerOnly(statement) {
  var activity = activityOf(statement.object.id);
  if (activity.kind === "rubric") return true;
  var extensions = isMap(statement.result) && isMap(statement.result.extensions) ? statement.result.extensions : {};
  return Object.keys(extensions).some(function (key) {
    var name = extensionName(key);
    return name === "classroom" || name === "assessor";
  });
}

// Trainer accounts: one a line in the file named by $training_trainers (deploy/nginx/training-trainers.txt);
// read on each post, so a changed list needs no reload.
function trainerAccounts(r) {
  var found = {};
  var file = r.variables.training_trainers;
  if (!file) return found;
  var content;
  try {
    content = fs.readFileSync(file, "utf8");
  } catch (e) {
    r.error("training records gate: cannot read the trainers file " + file + ": " + e);
    return found;
  }
  content.split("\n").forEach(function (line) {
    var name = line.replace(/#.*/, "").trim();
    if (name) found[name] = true;
  });
  return found;
}

function refusal(reason, detail) {
  return { reason: reason, detail: detail };
}

function checkShape(statement) {
  if (!isMap(statement)) return refusal("not-a-statement", "each statement is a JSON object");
  var keys = Object.keys(statement);
  for (var i = 0; i < keys.length; i++) {
    if (!has(TOP_FIELDS, keys[i])) return refusal("field", /^[A-Za-z_]{1,40}$/.test(keys[i]) ? keys[i] : "an unknown field");
  }
  if (!numbersBounded(statement)) return refusal("number", "numbers are finite and at most " + MAX_NUMBER);
  var verb = statement.verb;
  if (!isMap(verb) || typeof verb.id !== "string" || verb.id.indexOf(ADL_VERBS) !== 0 ||
      !has(VERBS, verb.id.slice(ADL_VERBS.length))) {
    return refusal("verb", "one of the portal's verbs");
  }
  var object = statement.object;
  if (!isMap(object) || (has(object, "objectType") && object.objectType !== "Activity") ||
      typeof object.id !== "string" || object.id.length > 2000 || !activityOf(object.id)) {
    return refusal("object", "an activity of the portal");
  }
  var context = statement.context;
  if (has(statement, "context") && (!isMap(context) || has(context, "instructor") || has(context, "team") ||
                                    has(context, "statement") || (has(context, "extensions") && !isMap(context.extensions)))) {
    return refusal("context", "no other agents or statements in the context");
  }
  var result = statement.result;
  if (has(statement, "result") && (!isMap(result) || (has(result, "extensions") && !isMap(result.extensions)))) {
    return refusal("context", "result is a JSON object");
  }
  if (has(statement, "timestamp") && typeof statement.timestamp !== "string") return refusal("field", "timestamp");
  return null;
}

function checkActor(statement, who, scoring) {
  if (!has(statement, "actor")) {
    if (!who.account) return refusal("actor", "without a login the statement names the learner");
    statement.actor = { objectType: "Agent",
                        account: { homePage: activityOf(statement.object.id).site, name: who.account } };
    return null;
  }
  var actor = statement.actor;
  var shaped = isMap(actor) && Object.keys(actor).every(function (key) {
    return key === "objectType" || key === "account" || key === "name";
  }) && (!has(actor, "objectType") || actor.objectType === "Agent") && (!has(actor, "name") || typeof actor.name === "string") &&
    isMap(actor.account) && Object.keys(actor.account).length === 2 && typeof actor.account.homePage === "string" &&
    HOME.test(actor.account.homePage) && typeof actor.account.name === "string" && ACCOUNT.test(actor.account.name);
  if (!shaped) return refusal("actor", "an agent with an account (homePage, name) and nothing else");
  var name = actor.account.name;
  if (scoring) return null;  // a trainer's score names the learner who was assessed
  if (who.account) return name === who.account ? null : refusal("actor-not-signed-in", "the actor is the signed-in account");
  return DECLARED.test(name) ? null : refusal("actor", "a 工号 of letters, digits, dot, underscore or hyphen");
}

// Self-declared means posted without a login, and nothing else: the gate sets or removes the mark.
function markDeclared(statement, who) {
  if (!isMap(statement.context)) statement.context = {};
  var context = statement.context;
  if (!isMap(context.extensions)) context.extensions = {};
  Object.keys(context.extensions).forEach(function (key) {
    if (extensionName(key) === "self-declared") delete context.extensions[key];
  });
  if (!who.account) context.extensions[activityOf(statement.object.id).site + "records/self-declared"] = true;
}

function check(statement, who, seen) {
  var problem = checkShape(statement);
  if (problem) return problem;
  var scoring = trainerOnly(statement);
  if (scoring && !who.trainer) return refusal("trainer-only", "classroom scores come from trainer accounts");
  if (has(statement, "id")) {
    var id = statement.id;
    if (typeof id !== "string" || !(scoring ? ANY_ID : RANDOM_ID).test(id)) {
      return refusal("statement-id", "a random (version 4) UUID, or none");
    }
    if (has(seen, id.toLowerCase())) return refusal("statement-id", "used twice in this post");
    seen[id.toLowerCase()] = true;
  }
  problem = checkActor(statement, who, scoring);
  if (problem) return problem;
  markDeclared(statement, who);
  return null;
}

async function post(r) {
  var bytes = r.requestBuffer;
  if (!bytes) return answer(r, 413, { error: "too-large" });
  var body;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    return answer(r, 400, { error: "not-json", detail: "UTF-8 JSON: " + String(e) });
  }
  var statements = Array.isArray(body) ? body : [body];
  if (!statements.length || statements.length > MAX_STATEMENTS) {
    return answer(r, 400, { error: "batch", detail: "1 to " + MAX_STATEMENTS + " statements" });
  }
  var account = r.variables.training_account || "";
  var who = { account: account, trainer: !!account && has(trainerAccounts(r), account) };
  if (account && !ACCOUNT.test(account)) return answer(r, 403, { error: "account", detail: "the login's account is not usable" });
  var refused = [], seen = {}, trust = false;
  statements.forEach(function (statement, index) {
    var problem = check(statement, who, seen);
    if (problem) {
      refused.push({ index: index, id: isMap(statement) && typeof statement.id === "string" ? statement.id : null,
                     reason: problem.reason, detail: problem.detail });
      trust = trust || has(TRUST, problem.reason);
    }
  });
  if (refused.length) return answer(r, trust ? 403 : 400, { error: "refused", refused: refused });
  var reply = await r.subrequest("/_training_lrs/statements", { method: "POST", body: JSON.stringify(statements) });
  var type = reply.headersOut["Content-Type"];
  if (type) r.headersOut["Content-Type"] = type;
  r.return(reply.status, reply.responseText || "");
}

function extensionsOf(map) {
  var found = {};
  if (!isMap(map)) return found;
  Object.keys(map).forEach(function (key) {
    var name = extensionName(key);
    if (name) found[name] = map[key];
  });
  return found;
}

function shortText(value, length) {
  return typeof value === "string" && value.length <= length ? value : undefined;
}

function finite(value) {
  return typeof value === "number" && isFinite(value) ? value : undefined;
}

// One statement as the portal's progress needs it: verb, kind, content ids, day, and the few results.
function progressRow(statement) {
  if (!isMap(statement) || !isMap(statement.verb) || typeof statement.verb.id !== "string" ||
      !isMap(statement.object) || typeof statement.object.id !== "string") return null;
  var verb = statement.verb.id.slice(ADL_VERBS.length), activity = activityOf(statement.object.id);
  if (statement.verb.id.indexOf(ADL_VERBS) !== 0 || !has(PROGRESS_VERBS, verb) || !activity ||
      !has(PROGRESS_KINDS, activity.kind)) return null;
  var ids = [];
  for (var i = 0; i < activity.ids.length && i < 2; i++) {
    try {
      ids.push(decodeURIComponent(activity.ids[i]));
    } catch (e) {
      return null;
    }
  }
  var context = isMap(statement.context) ? statement.context : {};
  var result = isMap(statement.result) ? statement.result : {};
  var score = isMap(result.score) ? result.score : {};
  var settings = extensionsOf(context.extensions), outcome = extensionsOf(result.extensions);
  var parents = isMap(context.contextActivities) ? context.contextActivities.parent : null;
  var course;
  (Array.isArray(parents) ? parents : []).forEach(function (parent) {
    var found = isMap(parent) && typeof parent.id === "string" ? activityOf(parent.id) : null;
    if (found && found.kind === "course" && found.ids.length) {
      try { course = decodeURIComponent(found.ids[0]); } catch (e) { /* not one of ours */ }
    }
  });
  var day = typeof statement.timestamp === "string" ? statement.timestamp.slice(0, 10) : "";
  return {
    v: verb, k: activity.kind, i: ids, d: /^\d{4}-\d\d-\d\d$/.test(day) ? day : undefined,
    ver: finite(settings.version), st: shortText(settings.step, 300), s: finite(score.scaled), r: finite(score.raw),
    m: finite(score.max), ok: typeof result.success === "boolean" ? result.success : undefined,
    e: shortText(outcome.ending, 200), c: course
  };
}

async function progress(r) {
  var account = r.variables.training_account || "";
  if (!account || !ACCOUNT.test(account)) return answer(r, 403, { error: "login", detail: "progress is read by a signed-in learner" });
  var home = r.args.home;
  if (typeof home !== "string" || !HOME.test(home)) return answer(r, 400, { error: "home", detail: "home is the portal's address" });
  var agent = JSON.stringify({ objectType: "Agent", account: { homePage: home, name: account } });
  // Every statement of the learner, page by page; the gate keeps the finishing ones. (Ralph 5.0's file-system
  // backend never matches a `verb` filter: it compares the stored id with its IRI object.)
  var rows = [], complete = true, args = "agent=" + encodeURIComponent(agent) + "&limit=500";
  for (var pages = 0; args; pages++) {
    if (pages === MAX_PAGES) {
      complete = false;
      break;
    }
    var reply = await r.subrequest("/_training_lrs/statements", { method: "GET", args: args });
    var page;
    try {
      page = reply.status === 200 ? JSON.parse(reply.responseText) : null;
    } catch (e) {
      page = null;
    }
    if (!isMap(page) || !Array.isArray(page.statements)) return answer(r, 502, { error: "lrs", detail: "status " + reply.status });
    page.statements.forEach(function (statement) {
      // Ralph was asked for this account's statements; checked again, as nothing else may leave.
      var actor = isMap(statement) && isMap(statement.actor) ? statement.actor : null;
      if (!actor || !isMap(actor.account) || actor.account.name !== account) return;
      var row = progressRow(statement);
      if (row) rows.push(row);
    });
    var more = page.more, query = typeof more === "string" ? more.indexOf("?") : -1;
    args = page.statements.length && query > 0 && /\/statements$/.test(more.slice(0, query)) ? more.slice(query + 1) : null;
  }
  answer(r, 200, { learner: account, complete: complete, statements: rows });
}

export default { post, progress };
