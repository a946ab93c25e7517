/* Progress recalled from the learner's own statements (read back through the web server's gate, GET
   <endpoint>progress, each reduced to verb, kind, ids, day and the few results progress needs): pure, no DOM
   and no storage. The result has the progress store's shape, so merge() (store.js) joins it with this
   browser's, and the path steps and paths already reported, so they are not reported twice. */

import { isMap } from "./store.js";

function recallText(value, length) {
  return typeof value === "string" && value.length > 0 && value.length <= length ? value : null;
}

function recallNumber(value) {
  return typeof value === "number" && isFinite(value) ? value : null;
}

function laterDay(a, b) {
  return (a || "") > (b || "") ? a : b;
}

// A course finished (`how`: completed or passed) at `version`: only the newest version counts, as in store.js.
function recallCourse(courses, id, version, how, day) {
  var record = courses[id];
  if (record && record.version > version) return;
  if (!record || record.version < version) record = courses[id] = { version: version, visited: day };
  record[how] = laterDay(record[how], day);
  record.visited = record.visited && record.visited < day ? record.visited : day;
}

export function recall(rows) {
  var progress = { format: 1, courses: {}, quizzes: {}, scenarios: {} }, reported = {};
  (Array.isArray(rows) ? rows : []).forEach(function (row) {
    if (!isMap(row) || !Array.isArray(row.i)) return;
    var id = recallText(row.i[0], 200), day = recallText(row.d, 10) || "", version = recallNumber(row.ver);
    var passed = row.v === "passed";
    if (!id) return;
    if (row.k === "course" && row.v === "completed" && version !== null) {
      recallCourse(progress.courses, id, version, "completed", day);
    } else if (row.k === "quiz" && (passed || row.v === "failed")) {
      var scaled = recallNumber(row.s), quiz = progress.quizzes[id] || { best: 0, passed: false, attempts: 0, last: "" };
      progress.quizzes[id] = {
        best: Math.max(quiz.best, scaled === null ? 0 : Math.round(Math.min(Math.max(scaled, 0), 1) * 1000) / 10),
        passed: quiz.passed || passed, attempts: quiz.attempts + 1, last: laterDay(quiz.last, day)
      };
      var course = recallText(row.c, 200);
      if (passed && course && version !== null) recallCourse(progress.courses, course, version, "passed", day);
    } else if (row.k === "scenario" && (passed || row.v === "failed")) {
      var raw = recallNumber(row.r), own = progress.scenarios[id] || { best: -1, passed: false, attempts: 0, last: "" };
      var better = raw !== null && raw > own.best;
      progress.scenarios[id] = {
        best: better ? raw : own.best, points: better ? recallNumber(row.m) : own.points,
        ending: better ? recallText(row.e, 200) || "" : own.ending, passed: own.passed || passed,
        attempts: own.attempts + 1, last: laterDay(own.last, day)
      };
      if (progress.scenarios[id].best < 0) delete progress.scenarios[id];
    } else if (row.k === "step" && row.v === "completed") {
      var number = recallText(row.i[1], 10);
      if (number) reported["step:" + id + ":" + number + ":" + (version === null ? "" : version)] = true;
      var target = recallText(row.st, 300);
      if (target && target.indexOf("course:") === 0 && version !== null) {
        recallCourse(progress.courses, target.slice(7), version, "completed", day);
      }
    } else if (row.k === "path" && row.v === "completed") {
      reported["path:" + id] = true;
    }
  });
  return { progress: progress, reported: reported };
}
