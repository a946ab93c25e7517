/* Learning records as xAPI 1.0.3 statements: pure, no DOM and no storage. Activity ids are the site's root
   address, "activities/", the kind and the content ids, so a report finds the course, bank, question,
   path or scenario a statement is about; extensions sit under the site's "records/". */

import { QUESTION_TYPES } from "./question-types.js";

export const XAPI_VERSION = "1.0.3";
const ADL_VERBS = "http://adlnet.gov/expapi/verbs/";
const ADL_TYPES = "http://adlnet.gov/expapi/activities/";
const VERB_NAMES = { experienced: "浏览", completed: "完成", answered: "作答", passed: "通过", failed: "未通过",
                   scored: "评分" };
const ACTIVITY_TYPES = { course: "lesson", quiz: "assessment", question: "cmi.interaction", path: "course", step: "module",
                       scenario: "simulation", "case": "assessment", fact: "cmi.interaction" };

export function uuid(randomBytes) {
  var bytes = randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

function activityId(site, kind, ids) {
  return site + "activities/" + kind + "/" + ids.map(encodeURIComponent).join("/");
}

export function activity(site, kind, ids, name, extra) {
  var definition = { type: ADL_TYPES + ACTIVITY_TYPES[kind] };
  if (name) definition.name = { "zh-CN": String(name) };
  Object.keys(extra || {}).forEach(function (key) { definition[key] = extra[key]; });
  return { objectType: "Activity", id: activityId(site, kind, ids), definition: definition };
}

export function extensions(site, values) {
  var result = {};
  Object.keys(values).forEach(function (key) {
    if (values[key] !== null && values[key] !== undefined) result[site + "records/" + key] = values[key];
  });
  return result;
}

// One statement without its actor (records.js adds who, once known) and without its id and time.
export function statement(site, verb, object, details) {
  details = details || {};
  // The platform is the product (as "Moodle" would be), the same in classroom scores (records/scores.py).
  var context = { platform: "客服培训门户", language: "zh-CN", extensions: extensions(site, details.context || {}) };
  if (details.parents) context.contextActivities = { parent: details.parents };
  if (details.registration) context.registration = details.registration;
  var made = { verb: { id: ADL_VERBS + verb, display: { "zh-CN": VERB_NAMES[verb] } }, object: object, context: context };
  if (details.result) made.result = details.result;
  return made;
}

function xapiScore(raw, max) {
  return { raw: raw, min: 0, max: max, scaled: max ? Math.round(raw / max * 10000) / 10000 : 0 };
}

// A response in xAPI's interaction format: choice indices joined by "[,]", pairs as "left[.]right".
export function xapiResponse(type, response) {
  var answer = QUESTION_TYPES[type].answer;
  if (response === null || response === undefined) return "";
  if (answer === "one" || answer === "any" || answer === "order") return response.join("[,]");
  if (answer === "pairs") {
    return response.map(function (right, left) { return right === null ? null : left + "[.]" + right; })
      .filter(function (pair) { return pair !== null; }).join("[,]");
  }
  return String(response);
}

export function courseStatement(site, verb, event) {
  var result = verb === "completed" ? { completion: true } : null;
  return statement(site, verb, activity(site, "course", [event.course], event.title),
                   { context: { version: event.version }, result: result });
}

// A submitted self-check: one `answered` per question, then `passed` or `failed` for the bank, all under
// one registration (the attempt), which is what question statistics group by.
export function quizStatements(site, event, registration) {
  var bank = activity(site, "quiz", [event.quiz], event.title);
  var course = event.course ? activity(site, "course", [event.course]) : null;
  var context = { "bank-version": event.version, version: event.course ? event.courseVersion : null };
  var made = event.answers.map(function (answer) {
    return statement(site, "answered", activity(site, "question", [event.quiz, answer.id], null, {
      interactionType: QUESTION_TYPES[answer.type].interaction
    }), {
      registration: registration, parents: [bank], context: context,
      result: { response: xapiResponse(answer.type, answer.response), success: answer.ratio === 1,
                score: { scaled: Math.round(answer.ratio * 10000) / 10000 },
                extensions: extensions(site, { answered: answer.answered }) }
    });
  });
  made.push(statement(site, event.passed ? "passed" : "failed", bank, {
    registration: registration, parents: course ? [course] : null, context: context,
    result: { score: xapiScore(Math.round(event.earned * 100) / 100, event.points), success: event.passed, completion: true }
  }));
  return made;
}

export function scenarioStatement(site, event) {
  var criteria = {};
  event.score.criteria.forEach(function (criterion) { criteria[criterion.id] = criterion.earned; });
  return statement(site, event.score.passed ? "passed" : "failed", activity(site, "scenario", [event.scenario], event.title), {
    context: { version: event.version },
    result: { score: xapiScore(event.score.total, event.score.points), success: event.score.passed, completion: true,
              extensions: extensions(site, { criteria: criteria, ending: event.score.ending }) }
  });
}

// A call case the learner scored: the score is how many criteria agree with the expert (within the case's
// tolerance); the learner's points and deviations per criterion go in the result's extensions.
export function caseStatement(site, event) {
  var scores = {}, deviations = {};
  event.result.criteria.forEach(function (row) {
    scores[row.id] = row.score;
    deviations[row.id] = row.deviation;
  });
  return statement(site, "scored", activity(site, "case", [event.id], event.title), {
    context: { version: event.version, tolerance: event.tolerance },
    result: { score: xapiScore(event.result.within, event.result.count), success: event.result.within === event.result.count,
              completion: true, extensions: extensions(site, { criteria: scores, deviation: deviations }) }
  });
}

// A key fact rated in the daily review: the learner's own rating (1 重来 … 4 简单) and the next due day (FSRS).
const REVIEW_RATINGS = ["", "重来", "困难", "良好", "简单"];
export function reviewStatement(site, event) {
  return statement(site, "answered", activity(site, "fact", [event.course, event.key], event.question), {
    context: { version: event.version },
    result: { response: REVIEW_RATINGS[event.rating], extensions: extensions(site, { rating: event.rating, due: event.due }) }
  });
}

// A path step finished (`number` counts from 1) and, with the last required one, the path.
export function stepStatement(site, path, number, step) {
  var target = step.course ? "course:" + step.course : step.scenario ? "scenario:" + step.scenario : "quiz:" + step.quiz;
  return statement(site, "completed", activity(site, "step", [path.id, String(number)], step.title), {
    parents: [activity(site, "path", [path.id], path.title)],
    context: { step: target, version: step.version || null }, result: { completion: true }
  });
}

export function pathStatement(site, path) {
  return statement(site, "completed", activity(site, "path", [path.id], path.title), { result: { completion: true } });
}
