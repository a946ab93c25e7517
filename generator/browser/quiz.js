/* A self-check on the page: draws the questions, shows the answering widgets, reads the answers, scores
   them (scoring.js) and keeps the best result (store.js). */

import { all, emit, h, jsonIn, plain } from "./dom.js";
import { drawQuestions, random, seedFor } from "./draw.js";
import { refresh } from "./progress.js";
import { QUESTION_TYPES } from "./question-types.js";
import { byCompetency, round, score, total, verdict } from "./scoring.js";
import { courseRecord, recordQuiz, today, update } from "./store.js";

export function options(name, type, list) {
  return h("div", { "class": "training-q__options" }, list.map(function (option, position) {
    var id = name + "-" + position;
    return h("div", { "class": "training-q__option" }, [
      h("input", { type: type, name: name, id: id, value: option.value }),
      h("label", { "for": id, html: option.html })
    ]);
  }));
}

function orderList(item, announce) {
  var list = h("ol", { "class": "training-q__order" });
  function draw(focusIndex, focusDirection) {
    list.textContent = "";
    item.arrangement.forEach(function (itemIndex, position) {
      var label = plain(item.question.items[itemIndex]);
      function move(step) {
        var target = position + step;
        if (target < 0 || target >= item.arrangement.length) return;
        item.arrangement.splice(position, 1);
        item.arrangement.splice(target, 0, itemIndex);
        item.touched = true;
        draw(target, step < 0 ? "up" : "down");
        announce("“" + label + "”已移到第 " + (target + 1) + " 位");
      }
      list.appendChild(h("li", { "class": "training-q__item" }, [
        h("span", { "class": "training-q__text", html: item.question.items[itemIndex] }),
        h("button", { type: "button", "class": "training-q__move", "data-move": "up", "aria-label": "上移：" + label, onclick: function () { move(-1); } }, ["上移"]),
        h("button", { type: "button", "class": "training-q__move", "data-move": "down", "aria-label": "下移：" + label, onclick: function () { move(1); } }, ["下移"])
      ]));
    });
    if (focusDirection) list.children[focusIndex].querySelector('[data-move="' + focusDirection + '"]').focus();
  }
  item.arrangement = item.display.slice();
  draw();
  return list;
}

function matchList(item, name) {
  var question = item.question;
  return h("div", { "class": "training-q__match" }, question.left.map(function (left, index) {
    var id = name + "-" + index;
    var choices = [h("option", { value: "" }, ["请选择"])].concat(item.display.map(function (right) {
      return h("option", { value: String(right), text: plain(question.right[right]) });
    }));
    return h("div", { "class": "training-q__pair" }, [
      h("label", { "for": id, html: left }),
      h("select", { id: id, name: id }, choices)
    ]);
  }));
}

function questionField(item, number, name, announce) {
  var question = item.question, answer = QUESTION_TYPES[question.type].answer, body;
  if (answer === "one" || answer === "any") {
    body = options(name, answer === "one" ? "radio" : "checkbox", item.display.map(function (i) {
      return { value: String(i), html: question.choices[i].html };
    }));
  } else if (answer === "true-false") {
    body = options(name, "radio", [{ value: "true", html: "正确" }, { value: "false", html: "错误" }]);
  } else if (answer === "text") {
    body = h("p", { "class": "training-q__fill" }, [
      h("label", { "for": name + "-text" }, ["你的答案"]),
      h("input", { type: "text", id: name + "-text", autocomplete: "off" })
    ]);
  } else if (answer === "order") {
    body = h("div", {}, [h("p", { "class": "training-hint" }, ["用“上移”“下移”按钮把各项排成正确的顺序。"]), orderList(item, announce)]);
  } else {
    body = matchList(item, name);
  }
  return h("fieldset", { "class": "training-q", "data-question": question.id, "aria-labelledby": name + "-meta " + name + "-prompt" }, [
    h("p", { "class": "training-q__meta", id: name + "-meta" }, ["第 " + number + " 题 · " + QUESTION_TYPES[question.type].label + " · " + question.points + " 分"]),
    h("div", { "class": "training-q__prompt", id: name + "-prompt", html: question.prompt }),
    body
  ]);
}

// What the learner chose, in the form scoring.js reads.
export function response(item, field) {
  var answer = QUESTION_TYPES[item.question.type].answer;
  if (answer === "one" || answer === "any") return all("input:checked", field).map(function (input) { return Number(input.value); });
  if (answer === "true-false") {
    var checked = field.querySelector("input:checked");
    return checked ? checked.value === "true" : null;
  }
  if (answer === "text") return field.querySelector("input").value;
  if (answer === "order") return item.touched ? item.arrangement.slice() : null;
  return all("select", field).map(function (select) { return select.value === "" ? null : Number(select.value); });
}

function rightAnswer(question) {
  var answer = QUESTION_TYPES[question.type].answer;
  if (answer === "one" || answer === "any") {
    return h("p", { html: "正确答案：" + question.choices.filter(function (c) { return c.correct; }).map(function (c) { return c.html; }).join("；") });
  }
  if (answer === "true-false") return h("p", {}, ["正确答案：" + (question.answer ? "正确" : "错误")]);
  if (answer === "text") return h("p", {}, ["可接受的答案：" + question.answers.join("、")]);
  var lines = answer === "order" ? question.items : question.left.map(function (left, i) { return left + " → " + question.right[i]; });
  return h("div", {}, [
    h("p", {}, [answer === "order" ? "正确顺序：" : "正确配对："]),
    h(answer === "order" ? "ol" : "ul", {}, lines.map(function (line) { return h("li", { html: line }); }))
  ]);
}

// A choice marked correct, or the true-false answer.
function optionIsRight(question, value) {
  return QUESTION_TYPES[question.type].answer === "true-false" ? value === String(question.answer)
    : !!question.choices[Number(value)].correct;
}

// Chosen options get ✓ or ✗; a right option left out is shown too.
function markOptions(question, field, wrong) {
  all(".training-q__option", field).forEach(function (row) {
    var input = row.querySelector("input"), right = optionIsRight(question, input.value);
    var state = input.checked ? (right ? "right" : "wrong") : (right && wrong ? "missed" : "");
    if (!state) return;
    row.classList.add("training-q__option--" + state);
    row.appendChild(h("span", { "class": "training-q__mark" }, [
      { right: "✓ 你的选择，正确", wrong: "✗ 你的选择，不正确", missed: "← 正确选项" }[state]
    ]));
  });
}

// Feedback for each chosen option, quoting the option it belongs to.
function choiceFeedback(question, chosen) {
  var items = (chosen || []).filter(function (index) { return question.choices[index].feedback; });
  if (!items.length) return null;
  return h("ul", { "class": "training-q__feedback" }, items.map(function (index) {
    var choice = question.choices[index];
    return h("li", { html: "你选了“" + choice.html + "”：" + choice.feedback });
  }));
}

function showQuestionResult(question, field, result, chosen) {
  var mark = verdict(result, question.points), answer = QUESTION_TYPES[question.type].answer;
  field.classList.add("training-q--" + mark[0]);
  all("input, select, .training-q__move", field).forEach(function (control) { control.disabled = true; });
  if (answer === "one" || answer === "any" || answer === "true-false") markOptions(question, field, result.ratio < 1);
  field.appendChild(h("div", { "class": "training-q__result" }, [
    h("p", { "class": "training-q__verdict" }, [mark[1]]),
    result.ratio < 1 ? rightAnswer(question) : null,
    answer === "one" || answer === "any" ? choiceFeedback(question, chosen) : null,
    question.explanation ? h("div", { "class": "training-q__explanation", html: "<p><strong>解析</strong></p>" + question.explanation }) : null
  ]));
}

export function breakdown(quiz, rows) {
  return h("table", { "class": "training-quiz__breakdown" }, [
    h("caption", {}, ["按胜任力统计"]),
    h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["胜任力"]), h("th", { scope: "col" }, ["得分"]), h("th", { scope: "col" }, ["得分率"])])]),
    h("tbody", {}, byCompetency(rows).map(function (group) {
      return h("tr", {}, [
        h("th", { scope: "row" }, [group.key ? quiz.competencies[group.key] || group.key : "未标注胜任力"]),
        h("td", {}, [round(group.earned) + " / " + group.points]),
        h("td", {}, [Math.round(group.earned * 100 / group.points) + "%"])
      ]);
    }))
  ]);
}

export function record(section, quiz, percent, passed) {
  var course = section.getAttribute("data-training-course");
  var version = Number(section.getAttribute("data-training-version"));
  return update(function (data) {
    recordQuiz(data, quiz.id, percent, passed);
    if (course) {
      var entry = passed ? courseRecord(data, course, version) : data.courses[course] || courseRecord(data, course, version);
      if (passed) entry.passed = today();
    }
  }).quizzes[quiz.id];
}

export function setUpQuiz(section) {
  var quiz = jsonIn(section, ".training-quiz__data");
  var app = section.querySelector(".training-quiz__app");
  section.querySelector(".training-quiz__static").hidden = true;
  app.hidden = false;
  var live = h("p", { "class": "training-quiz__live", role: "status" });
  var attempt = 0;

  function announce(text) {
    live.textContent = text;
  }

  function start(focus) {
    attempt++;
    var name = "quiz-" + quiz.id + "-" + attempt;
    var items = drawQuestions(quiz, random(seedFor(attempt, location.search)));
    var fields = items.map(function (item, index) { return questionField(item, index + 1, name + "-" + index, announce); });
    var submit = h("button", { type: "submit", "class": "md-button md-button--primary" }, ["提交答案"]);
    var form = h("form", { "class": "training-quiz__form", "data-attempt": attempt, novalidate: true }, [
      h("p", { "class": "training-hint" }, ["本次共 " + items.length + " 题，第 " + attempt + " 次作答。"])
    ].concat(fields, [submit]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit.remove();
      var rows = items.map(function (item, index) {
        var given = response(item, fields[index]);
        var result = score(item.question, given, quiz.partial);
        showQuestionResult(item.question, fields[index], result, given);
        return { question: item.question, result: result, response: given };
      });
      finish(form, rows);
    });
    app.textContent = "";
    app.appendChild(form);
    app.appendChild(live);
    if (focus) fields[0].querySelector("input, select, button").focus();
  }

  function finish(form, rows) {
    var result = total(rows, quiz.passScore);
    var best = record(form.closest(".training-quiz"), quiz, result.percent, result.passed);
    var summary = "得分 " + round(result.earned) + " / " + result.points + " 分（" + result.percent + "%），" +
      (result.passed ? "通过" : "未通过") + "。及格线 " + quiz.passScore + "%。";
    var heading = h("h3", { tabindex: "-1" }, ["自测结果：" + (result.passed ? "通过" : "未通过")]);
    form.appendChild(h("div", { "class": "training-quiz__result training-quiz__result--" + (result.passed ? "pass" : "fail") }, [
      heading,
      h("p", { "class": "training-quiz__score" }, [summary]),
      h("p", { "class": "training-hint" }, ["本自测的最好成绩：" + best.best + "%" + (best.passed ? "，已通过" : "") + "。"]),
      breakdown(quiz, rows),
      h("button", { type: "button", "class": "md-button", onclick: function () { start(true); } }, ["再做一次"])
    ]));
    announce("自测已提交。" + summary);
    emit("quiz-submitted", { quiz: quiz, section: form.closest(".training-quiz"), result: result, rows: rows });
    heading.focus();
    refresh();
  }

  start(false);
}
