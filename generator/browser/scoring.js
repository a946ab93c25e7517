/* Scoring one answer: pure, no DOM. A response is what the learner chose:
   one/any: the indices of the chosen choices; true-false: true, false or null; text: the text typed;
   order: the item indices in the order arranged, or null when never rearranged; pairs: per left item the
   index of the right item chosen, or null. */

import { QUESTION_TYPES } from "./question-types.js";

export function round(value) {
  return String(Math.round(value * 100) / 100);
}

export function fold(text) { // trims, folds full-width to half-width (NFKC) and case
  return String(text).normalize("NFKC").trim().toLowerCase();
}

export function score(question, response, partial) {
  var kind = QUESTION_TYPES[question.type], ratio = 0, answered = true, feedback = [];
  partial = partial && kind.partial_credit;
  if (kind.answer === "one" || kind.answer === "any") {
    var right = 0, wrong = 0, needed = 0;
    question.choices.forEach(function (choice, index) {
      var chosen = response.indexOf(index) >= 0;
      if (choice.correct) needed++;
      if (chosen && choice.correct) right++;
      if (chosen && !choice.correct) wrong++;
      if (chosen && choice.feedback) feedback.push(choice.feedback);
    });
    answered = response.length > 0;
    // Partial credit: correct picks minus wrong picks, over the correct choices.
    ratio = right === needed && !wrong ? 1 : partial ? Math.max(0, right - wrong) / needed : 0;
  } else if (kind.answer === "true-false") {
    answered = response !== null;
    ratio = response === question.answer ? 1 : 0;
  } else if (kind.answer === "text") {
    var given = fold(response);
    answered = given !== "";
    ratio = answered && question.answers.some(function (answer) { return fold(answer) === given; }) ? 1 : 0;
  } else if (response === null) {
    answered = false;  // an order question never touched is unanswered, not wrong
  } else {
    var places = response.map(function (value, position) { return value === position; });
    if (kind.answer === "pairs") answered = response.some(function (value) { return value !== null; });
    var hits = places.filter(Boolean).length;
    // Partial credit: the share of items in the right place or matched rightly.
    ratio = hits === places.length ? 1 : partial ? hits / places.length : 0;
  }
  return { ratio: ratio, earned: question.points * ratio, answered: answered, feedback: feedback };
}

export function verdict(result, points) {
  if (!result.answered) return ["wrong", "未作答（0 / " + points + " 分）"];
  if (result.ratio === 1) return ["right", "回答正确（" + points + " / " + points + " 分）"];
  if (result.ratio > 0) return ["partial", "部分正确（" + round(result.earned) + " / " + points + " 分）"];
  return ["wrong", "回答错误（0 / " + points + " 分）"];
}

// The attempt's total: percent to one decimal, and whether it reaches the bank's pass score.
export function total(rows, passScore) {
  var earned = 0, points = 0;
  rows.forEach(function (row) { earned += row.result.earned; points += row.question.points; });
  return { earned: earned, points: points, percent: points ? Math.round(earned * 1000 / points) / 10 : 0,
           passed: earned * 100 >= passScore * points - 1e-9 };
}

export function byCompetency(rows) {
  var groups = {}, order = [];
  rows.forEach(function (row) {
    var key = row.question.competency || "";
    if (!groups[key]) { groups[key] = { key: key, earned: 0, points: 0 }; order.push(key); }
    groups[key].earned += row.result.earned;
    groups[key].points += row.question.points;
  });
  return order.map(function (key) { return groups[key]; });
}
