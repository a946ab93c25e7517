/* Comparing a learner's scores of a call case with the expert's: per criterion the deviation and whether it
   lies within the case's tolerance (a share of the criterion's points); the lines the expert pointed at.
   Pure, apart from the record kept with the learner's progress. */

import { isMap, today } from "./store.js";

// A score as typed: a number from 0 to the criterion's points (a comma counts as the decimal point).
export function caseScore(text, points) {
  var value = String(text).trim().replace("，", ".").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(value)) return null;
  var number = Number(value);
  return number <= points ? number : null;
}

export function caseCompare(data, scores) {
  var within = 0, exact = 0, mine = 0, expert = 0, lines = {};
  var criteria = data.criteria.map(function (criterion) {
    var score = scores[criterion.id], deviation = Math.round((score - criterion.expert) * 100) / 100;
    var agrees = Math.abs(deviation) <= criterion.tolerance + 1e-9;
    if (agrees) within++;
    if (deviation === 0) exact++;
    mine += score;
    expert += criterion.expert;
    criterion.lines.forEach(function (line) { (lines[line] = lines[line] || []).push(criterion.name); });
    return { id: criterion.id, name: criterion.name, points: criterion.points, tolerance: criterion.tolerance,
             score: score, expert: criterion.expert, deviation: deviation, within: agrees, lines: criterion.lines,
             note: criterion.note };
  });
  return { criteria: criteria, within: within, exact: exact, count: criteria.length, total: mine, expertTotal: expert,
           lines: lines };
}

// +2, −1.5, 0: a deviation as the learner reads it (a true minus sign).
export function signed(value) {
  return value > 0 ? "+" + value : value < 0 ? "−" + (-value) : "0";
}

export function casesOf(data) {
  if (!isMap(data.cases)) data.cases = {};
  return data.cases;
}

// Per case: attempts, the best share of criteria within tolerance, and the last scores given.
export function recordCase(data, id, version, result) {
  var cases = casesOf(data), before = cases[id] || { best: -1, attempts: 0 };
  var scores = {};
  result.criteria.forEach(function (row) { scores[row.id] = row.score; });
  cases[id] = { version: version, best: Math.max(before.best, result.within), count: result.count,
                attempts: before.attempts + 1, scores: scores, last: today() };
  return cases[id];
}
