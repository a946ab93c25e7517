/* A call case's “你来打分”: the learner scores each criterion, then sees per criterion their score next to
   the expert's, the deviation, whether it is within tolerance and the expert's note; the lines the expert
   pointed at are marked in the transcript. Loaded on case pages only (its own bundle, with dom and store). */

import { caseCompare, caseScore, casesOf, recordCase, signed } from "./casescore.js";
import { all, emit, h, jsonIn } from "./dom.js";
import { load, update } from "./store.js";

function caseResultTable(result) {
  return h("table", { "class": "training-rubric__table training-case__compare" }, [
    h("caption", {}, ["你的评分与专家评分"]),
    h("thead", {}, [h("tr", {}, ["评分项", "你的评分", "专家评分", "偏差", "是否一致", "专家依据"].map(function (name) {
      return h("th", { scope: "col" }, [name]);
    }))]),
    h("tbody", {}, result.criteria.map(function (row) {
      return h("tr", { "data-criterion": row.id, "class": row.within ? "training-case__row--within" : "training-case__row--off" }, [
        h("th", { scope: "row" }, [row.name]),
        h("td", { "data-label": "你的评分", "class": "training-rubric__points" }, [row.score + " / " + row.points]),
        h("td", { "data-label": "专家评分", "class": "training-rubric__points" }, [row.expert + " / " + row.points]),
        h("td", { "data-label": "偏差", "class": "training-rubric__points", "data-case-deviation": "" }, [signed(row.deviation)]),
        h("td", { "data-label": "是否一致", "data-case-verdict": "" }, [
          (row.within ? "✓ 在容差内" : "✗ 超出容差") + "（±" + row.tolerance + " 分）"]),
        h("td", { "data-label": "专家依据" }, [
          h("p", {}, row.lines.length ? row.lines.map(function (line, index) {
            return h("span", {}, [index ? "、" : "", h("a", { href: "#case-line-" + line }, ["第 " + line + " 行"])]);
          }) : ["—"]),
          h("div", { "class": "training-case__note", html: row.note })
        ])
      ]);
    }))
  ]);
}

function setUpCase(root) {
  var data = jsonIn(root, ".training-case-data");
  var form = root.querySelector("[data-case-form]");
  var result = root.querySelector("[data-case-result]");
  var best = root.querySelector("[data-case-best]");

  function showBest() {
    var record = casesOf(load())[data.id];
    best.hidden = !record;
    if (record) best.textContent = "你已练习 " + record.attempts + " 次，最好的一次有 " + record.best + " / " + record.count + " 项与专家一致。";
  }

  function mark(result) {
    all(".training-case__line", root).forEach(function (line) {
      var names = result ? result.lines[line.getAttribute("data-line")] : null;
      line.classList.toggle("training-case__line--expert", !!names);
      var marks = line.querySelector("[data-case-marks]");
      marks.textContent = names ? "专家依据：" + names.join("、") : "";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    /** @type {HTMLInputElement | null} */
    var wrong = null;
    var scores = {};
    data.criteria.forEach(function (criterion) {
      var input = form.querySelector("[name='" + criterion.id + "']"), problem = form.querySelector("[data-case-problem='" + criterion.id + "']");
      var score = caseScore(input.value, criterion.points);
      problem.textContent = score === null ? "请填写 0 到 " + criterion.points + " 之间的分数。" : "";
      input.setAttribute("aria-invalid", score === null ? "true" : "false");
      if (score === null && !wrong) wrong = input;
      scores[criterion.id] = score;
    });
    if (wrong) return wrong.focus();
    var compared = caseCompare(data, scores);
    update(function (progress) { recordCase(progress, data.id, data.version, compared); });
    emit("case-scored", { data: data, result: compared });
    result.textContent = "";
    result.appendChild(h("p", { "class": "training-case__verdict" }, [
      compared.count + " 项中有 " + compared.within + " 项与专家一致（容差：各项满分的 ±" + data.tolerance + "%），" +
      compared.exact + " 项分数完全相同；你的总分 " + compared.total + "，专家 " + compared.expertTotal + "。"]));
    result.appendChild(caseResultTable(compared));
    result.appendChild(h("p", { "class": "training-hint" }, ["通话记录中专家依据的行已标出。"]));
    result.appendChild(h("button", { type: "button", "class": "md-button", "data-case-again": "", onclick: function () {
      form.reset();
      result.hidden = true;
      mark(null);
      form.querySelector("input").focus();
    } }, ["重新打分"]));
    result.hidden = false;
    mark(compared);
    result.focus();
    showBest();
  });
  form.hidden = false;
  showBest();
}

function setUpCases() { all(".training-case").forEach(setUpCase); }

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpCases);
else setUpCases();
