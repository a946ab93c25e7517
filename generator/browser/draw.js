/* Drawing and shuffling questions: repeatable for a forced seed (?seed=N in the page address). */

import { QUESTION_TYPES } from "./question-types.js";

export function random(seed) { // mulberry32: small, fast, and repeatable for a forced seed
  return function () {
    seed = (seed + 0x6d2b79f5) | 0;
    var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function range(count) {
  var list = [];
  for (var i = 0; i < count; i++) list.push(i);
  return list;
}

export function shuffled(list, rand) {
  var copy = list.slice();
  for (var i = copy.length - 1; i > 0; i--) {
    var j = Math.floor(rand() * (i + 1)), swap = copy[i];
    copy[i] = copy[j];
    copy[j] = swap;
  }
  return copy;
}

// The rule generator.render.quiz.mixed_order applies on paper: a shuffle that came out in written order
// is turned by one, so the order never gives the answer away.
function mixed(list, rand) {
  var order = shuffled(list, rand);
  if (order.length > 1 && order.every(function (value, index) { return value === list[index]; })) order.push(order.shift());
  return order;
}

export function seedFor(attempt, search) {
  var forced = new URLSearchParams(search).get("seed");
  if (forced !== null && /^\d+$/.test(forced)) return Number(forced) * 1000 + attempt;
  return Math.floor(Math.random() * 4294967296);
}

export function drawQuestions(quiz, rand) {
  var order = range(quiz.questions.length);
  if (quiz.draw && quiz.draw < order.length) {
    order = shuffled(order, rand).slice(0, quiz.draw);
    if (!quiz.shuffle) order.sort(function (a, b) { return a - b; });
  } else if (quiz.shuffle) {
    order = shuffled(order, rand);
  }
  return order.map(function (index) {
    var question = quiz.questions[index];
    var count = (question.choices || question.items || question.right || []).length;
    var display = range(count);
    if (QUESTION_TYPES[question.type].never_written_order) display = mixed(display, rand);
    else if (quiz.shuffle) display = shuffled(display, rand);
    return { question: question, display: display };
  });
}
