/* Self-check quizzes and learning progress. Progress lives in this browser's localStorage only.
   Markup from quiz data (html fields) was rendered and escaped at build time; everything else is
   inserted as text. */
(function () {
  "use strict";

  var script = document.currentScript;
  var KEY = "training-progress:" + new URL((script && script.getAttribute("data-base")) || ".", location.href).pathname;
  var TYPES = { single: "单选题", multiple: "多选题", "true-false": "判断题", fill: "填空题", order: "排序题", match: "配对题" };
  var STATES = { "new": "未开始", started: "学习中", done: "已完成", passed: "已通过", updated: "内容已更新", none: "" };

  // --- storage -------------------------------------------------------------------------------

  function isMap(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  function isProgress(data) {
    return isMap(data) && isMap(data.courses) && isMap(data.quizzes);
  }

  function load() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY));
      if (isProgress(data)) return data;
    } catch (e) { /* unreadable progress counts as none */ }
    return { format: 1, courses: {}, quizzes: {} };
  }

  function update(change) {
    var data = load();
    change(data);
    try {
      localStorage.setItem(KEY, JSON.stringify(data));
    } catch (e) { /* storage full or disabled: the page still works, progress is not kept */ }
    return data;
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  // A course record belongs to one version: finishing a newer version starts the record afresh.
  function courseRecord(data, id, version) {
    var record = data.courses[id];
    if (!record || ((record.completed || record.passed) && record.version !== version)) {
      record = data.courses[id] = { version: version, visited: (record && record.visited) || today() };
    }
    return record;
  }

  function courseState(data, id, version) {
    var record = data.courses[id];
    if (!record) return "new";
    if ((record.completed || record.passed) && record.version < version) return "updated";
    return record.passed ? "passed" : record.completed ? "done" : "started";
  }

  function quizState(data, id) {
    var record = data.quizzes[id];
    return !record ? "new" : record.passed ? "passed" : "started";
  }

  function stepState(data, step) {
    if (step.course) return courseState(data, step.course, step.version);
    return step.quiz ? quizState(data, step.quiz) : "none";
  }

  function pathState(data, path) {
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

  // --- DOM helpers ---------------------------------------------------------------------------

  function h(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "html") node.innerHTML = value;
      else if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function jsonIn(root, selector) {
    var node = root.querySelector(selector);
    return node ? JSON.parse(node.textContent) : null;
  }

  function plain(html) {
    return h("div", { html: html }).textContent;
  }

  function round(value) {
    return String(Math.round(value * 100) / 100);
  }

  // --- drawing and shuffling -----------------------------------------------------------------

  function random(seed) { // mulberry32: small, fast, and repeatable for a forced seed
    return function () {
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function range(count) {
    var list = [];
    for (var i = 0; i < count; i++) list.push(i);
    return list;
  }

  function shuffled(list, rand) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1)), swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    return copy;
  }

  function seedFor(attempt) {
    var forced = new URLSearchParams(location.search).get("seed");
    if (forced !== null && /^\d+$/.test(forced)) return Number(forced) * 1000 + attempt;
    return Math.floor(Math.random() * 4294967296);
  }

  function drawQuestions(quiz, rand) {
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
      // Order and match would give their answer away unshuffled.
      if (question.type === "order" || question.type === "match" || quiz.shuffle) display = shuffled(display, rand);
      if (question.type === "order" && count > 1 && display.every(function (v, i) { return v === i; })) {
        display.push(display.shift());
      }
      return { question: question, display: display };
    });
  }

  // --- answering -----------------------------------------------------------------------------

  function options(item, name, type, list) {
    return h("div", { "class": "training-q__options" }, list.map(function (option, position) {
      var id = name + "-" + position;
      return h("div", { "class": "training-q__option" }, [
        h("input", { type: type, name: name, id: id, value: option.value }),
        h("label", { "for": id, html: option.html })
      ]);
    }));
  }

  function orderList(item, name, announce) {
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
          draw(target, step < 0 ? "up" : "down");
          announce("“" + label + "”已移到第 " + (target + 1) + " 位");
        }
        list.appendChild(h("li", { "class": "training-q__item" }, [
          h("span", { "class": "training-q__text", html: item.question.items[itemIndex] }),
          h("button", { type: "button", "class": "training-q__move", "data-move": "up", "aria-label": "上移:" + label, onclick: function () { move(-1); } }, ["上移"]),
          h("button", { type: "button", "class": "training-q__move", "data-move": "down", "aria-label": "下移:" + label, onclick: function () { move(1); } }, ["下移"])
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
    var question = item.question, body;
    if (question.type === "single" || question.type === "multiple") {
      body = options(item, name, question.type === "single" ? "radio" : "checkbox", item.display.map(function (i) {
        return { value: String(i), html: question.choices[i].html };
      }));
    } else if (question.type === "true-false") {
      body = options(item, name, "radio", [{ value: "true", html: "正确" }, { value: "false", html: "错误" }]);
    } else if (question.type === "fill") {
      body = h("p", { "class": "training-q__fill" }, [
        h("label", { "for": name + "-text" }, ["你的答案"]),
        h("input", { type: "text", id: name + "-text", autocomplete: "off" })
      ]);
    } else if (question.type === "order") {
      body = h("div", {}, [h("p", { "class": "training-hint" }, ["用“上移”“下移”按钮把各项排成正确的顺序。"]), orderList(item, name, announce)]);
    } else {
      body = matchList(item, name);
    }
    return h("fieldset", { "class": "training-q", "data-question": question.id, "aria-labelledby": name + "-meta " + name + "-prompt" }, [
      h("p", { "class": "training-q__meta", id: name + "-meta" }, ["第 " + number + " 题 · " + TYPES[question.type] + " · " + question.points + " 分"]),
      h("div", { "class": "training-q__prompt", id: name + "-prompt", html: question.prompt }),
      body
    ]);
  }

  function fold(text) { // trims, folds full-width to half-width (NFKC) and case
    return String(text).normalize("NFKC").trim().toLowerCase();
  }

  function judge(item, field, partial) {
    var question = item.question, ratio = 0, answered = true, feedback = [];
    if (question.type === "single" || question.type === "multiple") {
      var picked = all("input:checked", field).map(function (input) { return Number(input.value); });
      var right = 0, wrong = 0, needed = 0;
      question.choices.forEach(function (choice, index) {
        var chosen = picked.indexOf(index) >= 0;
        if (choice.correct) needed++;
        if (chosen && choice.correct) right++;
        if (chosen && !choice.correct) wrong++;
        if (chosen && choice.feedback) feedback.push(choice.feedback);
      });
      answered = picked.length > 0;
      // Partial credit (multiple only): correct picks minus wrong picks, over the correct choices.
      ratio = right === needed && !wrong ? 1 : partial && question.type === "multiple" ? Math.max(0, right - wrong) / needed : 0;
    } else if (question.type === "true-false") {
      var checked = field.querySelector("input:checked");
      answered = !!checked;
      ratio = checked && checked.value === String(question.answer) ? 1 : 0;
    } else if (question.type === "fill") {
      var given = fold(field.querySelector("input").value);
      answered = given !== "";
      ratio = answered && question.answers.some(function (answer) { return fold(answer) === given; }) ? 1 : 0;
    } else {
      var places = question.type === "order"
        ? item.arrangement.map(function (itemIndex, position) { return itemIndex === position; })
        : all("select", field).map(function (select, index) { return select.value === String(index); });
      if (question.type === "match") answered = all("select", field).some(function (select) { return select.value; });
      var hits = places.filter(Boolean).length;
      // Partial credit (order, match): the share of items in the right place or matched rightly.
      ratio = hits === places.length ? 1 : partial ? hits / places.length : 0;
    }
    return { ratio: ratio, earned: question.points * ratio, answered: answered, feedback: feedback };
  }

  function rightAnswer(question) {
    if (question.type === "single" || question.type === "multiple") {
      return h("p", { html: "正确答案:" + question.choices.filter(function (c) { return c.correct; }).map(function (c) { return c.html; }).join(";") });
    }
    if (question.type === "true-false") return h("p", {}, ["正确答案:" + (question.answer ? "正确" : "错误")]);
    if (question.type === "fill") return h("p", {}, ["可接受的答案:" + question.answers.join("、")]);
    var lines = question.type === "order" ? question.items : question.left.map(function (left, i) { return left + " → " + question.right[i]; });
    return h("div", {}, [
      h("p", {}, [question.type === "order" ? "正确顺序:" : "正确配对:"]),
      h(question.type === "order" ? "ol" : "ul", {}, lines.map(function (line) { return h("li", { html: line }); }))
    ]);
  }

  function verdict(result, points) {
    if (!result.answered) return ["wrong", "未作答(0 / " + points + " 分)"];
    if (result.ratio === 1) return ["right", "回答正确(" + points + " / " + points + " 分)"];
    if (result.ratio > 0) return ["partial", "部分正确(" + round(result.earned) + " / " + points + " 分)"];
    return ["wrong", "回答错误(0 / " + points + " 分)"];
  }

  function showQuestionResult(item, field, result) {
    var question = item.question, mark = verdict(result, question.points);
    field.classList.add("training-q--" + mark[0]);
    all("input, select, .training-q__move", field).forEach(function (control) { control.disabled = true; });
    field.appendChild(h("div", { "class": "training-q__result" }, [
      h("p", { "class": "training-q__verdict" }, [mark[1]]),
      result.ratio < 1 ? rightAnswer(question) : null,
      result.feedback.length ? h("div", { "class": "training-q__feedback", html: "<p>你的选择:" + result.feedback.join("<br>") + "</p>" }) : null,
      question.explanation ? h("div", { "class": "training-q__explanation", html: "<p><strong>解析</strong></p>" + question.explanation }) : null
    ]));
  }

  function breakdown(quiz, rows) {
    var groups = {}, order = [];
    rows.forEach(function (row) {
      var key = row.item.question.competency || "";
      if (!groups[key]) { groups[key] = { earned: 0, points: 0 }; order.push(key); }
      groups[key].earned += row.result.earned;
      groups[key].points += row.item.question.points;
    });
    return h("table", { "class": "training-quiz__breakdown" }, [
      h("caption", {}, ["按胜任力统计"]),
      h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["胜任力"]), h("th", { scope: "col" }, ["得分"]), h("th", { scope: "col" }, ["得分率"])])]),
      h("tbody", {}, order.map(function (key) {
        var group = groups[key];
        return h("tr", {}, [
          h("th", { scope: "row" }, [key ? quiz.competencies[key] || key : "未标注胜任力"]),
          h("td", {}, [round(group.earned) + " / " + group.points]),
          h("td", {}, [Math.round(group.earned * 100 / group.points) + "%"])
        ]);
      }))
    ]);
  }

  function record(section, quiz, percent, passed) {
    var course = section.getAttribute("data-training-course");
    var version = Number(section.getAttribute("data-training-version"));
    return update(function (data) {
      var best = data.quizzes[quiz.id] || { best: 0, passed: false, attempts: 0 };
      data.quizzes[quiz.id] = {
        best: Math.max(best.best, percent), passed: best.passed || passed, attempts: best.attempts + 1, last: today()
      };
      if (course) {
        var entry = passed ? courseRecord(data, course, version) : data.courses[course] || courseRecord(data, course, version);
        if (passed) entry.passed = today();
      }
    }).quizzes[quiz.id];
  }

  function setUpQuiz(section) {
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
      var items = drawQuestions(quiz, random(seedFor(attempt)));
      var fields = items.map(function (item, index) { return questionField(item, index + 1, name + "-" + index, announce); });
      var submit = h("button", { type: "submit", "class": "md-button md-button--primary" }, ["提交答案"]);
      var form = h("form", { "class": "training-quiz__form", "data-attempt": attempt, novalidate: true }, [
        h("p", { "class": "training-hint" }, ["本次共 " + items.length + " 题,第 " + attempt + " 次作答。"])
      ].concat(fields, [submit]));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        submit.remove();
        var rows = items.map(function (item, index) {
          var result = judge(item, fields[index], quiz.partial);
          showQuestionResult(item, fields[index], result);
          return { item: item, result: result };
        });
        finish(form, rows);
      });
      app.textContent = "";
      app.appendChild(form);
      app.appendChild(live);
      if (focus) fields[0].querySelector("input, select, button").focus();
    }

    function finish(form, rows) {
      var earned = 0, points = 0;
      rows.forEach(function (row) { earned += row.result.earned; points += row.item.question.points; });
      var percent = points ? Math.round(earned * 1000 / points) / 10 : 0;
      var passed = earned * 100 >= quiz.passScore * points - 1e-9;
      var best = record(form.closest(".training-quiz"), quiz, percent, passed);
      var summary = "得分 " + round(earned) + " / " + points + " 分(" + percent + "%)," +
        (passed ? "通过" : "未通过") + "。及格线 " + quiz.passScore + "%。";
      var heading = h("h3", { tabindex: "-1" }, ["自测结果:" + (passed ? "通过" : "未通过")]);
      form.appendChild(h("div", { "class": "training-quiz__result training-quiz__result--" + (passed ? "pass" : "fail") }, [
        heading,
        h("p", { "class": "training-quiz__score" }, [summary]),
        h("p", { "class": "training-hint" }, ["本自测的最好成绩:" + best.best + "%" + (best.passed ? ",已通过" : "") + "。"]),
        breakdown(quiz, rows),
        h("button", { type: "button", "class": "md-button", onclick: function () { start(true); } }, ["再做一次"])
      ]));
      announce("自测已提交。" + summary);
      heading.focus();
      refresh();
    }

    start(false);
  }

  // --- progress views ------------------------------------------------------------------------

  function link(step) {
    return step.url ? h("a", { href: step.url, text: step.title }) : h("span", { text: step.title });
  }

  function showCourse(card) {
    var id = card.getAttribute("data-training-course");
    var version = Number(card.getAttribute("data-training-version"));
    var box = card.querySelector("[data-training-progress]");
    if (!box) return;
    var data = load(), state = courseState(data, id, version), record = data.courses[id] || {};
    var notice = card.querySelector("[data-training-updated]");
    notice.hidden = state !== "updated";
    if (state === "updated") notice.querySelector("[data-training-done-version]").textContent = record.version;
    box.hidden = false;
    box.querySelector("[data-training-status]").textContent = {
      "new": "尚未开始本课程。",
      started: "学习中:读完后请标记完成。",
      done: "已于 " + record.completed + " 标记完成。",
      passed: "已于 " + record.passed + " 通过本课程自测。",
      updated: "内容已更新,请复习后再次标记完成。"
    }[state];
    var button = box.querySelector("[data-training-complete]");
    button.textContent = state === "done" ? "撤销完成标记" : "标记为已完成";
    button.hidden = state === "passed";
  }

  function setUpCourse(card) {
    var id = card.getAttribute("data-training-course");
    var version = Number(card.getAttribute("data-training-version"));
    update(function (data) { if (!data.courses[id]) courseRecord(data, id, version); });
    card.querySelector("[data-training-complete]").addEventListener("click", function () {
      update(function (data) {
        if (courseState(data, id, version) === "done") delete data.courses[id].completed;
        else courseRecord(data, id, version).completed = today();
      });
      refresh();
    });
  }

  function showPath(box) {
    var path = jsonIn(box.closest(".training-path"), ".training-paths-data")[0];
    var state = pathState(load(), path);
    all(".training-step", box.closest(".training-path")).forEach(function (row, index) {
      var label = row.querySelector("[data-training-step-status]"), value = state.states[index];
      label.textContent = STATES[value];
      label.className = "training-status training-status--" + value;
    });
    box.hidden = false;
    box.querySelector("[data-training-percent]").textContent =
      "已完成 " + state.percent + "%(" + state.finished + " / " + state.counted + " 个必修步骤)";
    box.querySelector("progress").value = state.percent;
    var next = box.querySelector("[data-training-next]");
    next.textContent = "";
    next.appendChild(state.next ? h("span", {}, ["下一步:", link(state.next)]) : h("span", {}, ["全部必修步骤已完成。"]));
  }

  function showMine(section) {
    var data = load(), list = section.querySelector("[data-training-mine-paths]"), shown = 0;
    list.textContent = "";
    jsonIn(section, ".training-paths-data").forEach(function (path) {
      var state = pathState(data, path);
      if (!state.started) return;
      shown++;
      list.appendChild(h("li", { "data-training-path": path.id }, [
        h("a", { href: path.url, text: path.title }),
        h("span", { "class": "training-mine__percent" }, [" " + state.percent + "% "]),
        h("progress", { max: "100", value: String(state.percent), "aria-label": path.title + " 完成度" }),
        h("span", { "class": "training-mine__next" }, state.next ? [" 下一步:", link(state.next)] : [" 全部必修步骤已完成"])
      ]));
    });
    section.querySelector("[data-training-mine-empty]").hidden = shown > 0;
    section.hidden = false;
  }

  function merge(into, from) {
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
  }

  function setUpMine(section) {
    var message = section.querySelector("[data-training-message]");
    section.querySelector("[data-training-export]").addEventListener("click", function () {
      var data = load();
      data.site = KEY;
      data.exported = new Date().toISOString();
      var url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      var anchor = h("a", { href: url, download: "training-progress-" + today() + ".json" });
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      message.textContent = "已导出学习进度文件。";
    });
    var input = section.querySelector("[data-training-import]");
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var imported = JSON.parse(text);
        if (!isProgress(imported)) throw new Error("not progress");
        update(function (data) { merge(data, imported); });
        message.textContent = "已导入 " + Object.keys(imported.courses).length + " 门课程、" +
          Object.keys(imported.quizzes).length + " 个自测的进度。";
        refresh();
      }).catch(function () {
        message.textContent = "无法导入:" + file.name + " 不是本门户导出的学习进度文件。";
      }).then(function () { input.value = ""; });
    });
    section.querySelector("[data-training-clear]").addEventListener("click", function () {
      if (!window.confirm("确定要清除这台电脑上的全部学习进度吗?清除后无法恢复,建议先导出。")) return;
      localStorage.removeItem(KEY);
      message.textContent = "已清除本机的学习进度。";
      refresh();
    });
  }

  function refresh() {
    all(".training-card[data-training-course]").forEach(showCourse);
    all("[data-training-path-progress]").forEach(showPath);
    all("[data-training-mine]").forEach(showMine);
  }

  function setUp() {
    document.documentElement.style.setProperty("--training-address", JSON.stringify(location.origin + location.pathname));
    all(".training-card[data-training-course]").forEach(setUpCourse);
    all("[data-training-mine]").forEach(setUpMine);
    all(".training-quiz").forEach(setUpQuiz);
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
