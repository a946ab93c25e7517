/* The role-play player: the customer speaks, the agent picks an answer, the customer reacts. Points and
   feedback stay hidden until the conversation ends; then the score per criterion, the path taken with
   feedback, and a replay from the start or from any step. Answers come in a new order on every play
   (repeatable with ?seed=N), so the written order gives nothing away. */

import { all, emit, h, jsonIn } from "./dom.js";
import { random, range, seedFor, shuffled } from "./draw.js";
import { refresh } from "./progress.js";
import { choicePoints, scenarioScore } from "./scenarioscore.js";
import { load, recordScenario, scenariosOf, update } from "./store.js";

function scenarioLine(who, html, kind) {
  return h("li", { "class": "training-scenario__line training-scenario__line--" + kind }, [
    h("span", { "class": "training-scenario__who", text: who }),
    h("div", { "class": "training-scenario__said", html: html })
  ]);
}

function scenarioResultTable(result) {
  return h("table", { "class": "training-scenario__scores" }, [
    h("caption", {}, ["各评分项得分"]),
    h("thead", {}, [h("tr", {}, [h("th", { scope: "col" }, ["评分项"]), h("th", { scope: "col" }, ["得分"])])]),
    h("tbody", {}, result.criteria.map(function (row) {
      return h("tr", { "data-criterion": row.id }, [h("th", { scope: "row" }, [row.name]), h("td", {}, [row.earned + " / " + row.points])]);
    })),
    h("tfoot", {}, [h("tr", {}, [h("th", { scope: "row" }, ["合计"]), h("td", {}, [result.total + " / " + result.points])])])
  ]);
}

function setUpScenario(root) {
  var scenario = jsonIn(root, ".training-scenario-data");
  var log = root.querySelector("[data-scenario-log]");
  var choices = root.querySelector("[data-scenario-choices]");
  var options = root.querySelector("[data-scenario-options]");
  var result = root.querySelector("[data-scenario-result]");
  var startButton = root.querySelector("[data-scenario-start]");
  var steps = [], play = 0, rand = random(0);

  function node(id) { return scenario.nodes[id]; }

  function current() {
    if (!steps.length) return scenario.start;
    var last = steps[steps.length - 1];
    return node(last.node).choices[last.choice].next;
  }

  function showBest() {
    var record = scenariosOf(load())[scenario.id], box = root.querySelector("[data-scenario-best]");
    box.hidden = !record;
    if (record) box.textContent = "你的最好成绩：" + record.best + " / " + record.points + " 分，" +
      (record.passed ? "已通过" : "尚未通过") + "；已练习 " + record.attempts + " 次。";
  }

  // The whole conversation so far (a new play, or a rewind to an earlier step), then the node reached.
  function render() {
    log.setAttribute("aria-busy", "true");
    log.textContent = "";
    steps.forEach(function (step) {
      var said = node(step.node);
      log.appendChild(scenarioLine("客户", said.customer, "customer"));
      log.appendChild(scenarioLine("你", said.choices[step.choice].say, "agent"));
    });
    log.hidden = false;
    log.removeAttribute("aria-busy");
    result.hidden = true;
    arrive();
  }

  // The customer speaks; the agent's answers follow, or the result when the conversation has ended.
  function arrive() {
    var here = node(current());
    log.appendChild(scenarioLine("客户", here.customer, "customer"));
    if (here.ending !== undefined) return finish();
    options.textContent = "";
    shuffled(range(here.choices.length), rand).forEach(function (index) {
      options.appendChild(h("button", {
        type: "button", "class": "training-scenario__option", html: here.choices[index].say, "data-choice": index,
        onclick: function () { choose(index); }
      }));
    });
    choices.hidden = false;
    options.querySelector("button").focus();
  }

  function choose(index) {
    var at = current();
    steps.push({ node: at, choice: index });
    log.appendChild(scenarioLine("你", node(at).choices[index].say, "agent"));
    arrive();
  }

  function finish() {
    choices.hidden = true;
    var score = scenarioScore(scenario, steps), end = node(current());
    update(function (data) { recordScenario(data, scenario.id, score); });
    emit("scenario-finished", { scenario: scenario, score: score });
    result.textContent = "";
    result.appendChild(h("p", { "class": "training-kicker" }, ["通话结束 · " + end.label]));
    result.appendChild(h("p", { "class": "training-scenario__verdict training-scenario__verdict--" + (score.passed ? "pass" : "fail") }, [
      (score.passed ? "通过" : "未通过") + "：" + score.total + " / " + score.points + " 分（" + scenario.passPoints + " 分通过）"
    ]));
    if (end.outcome) result.appendChild(h("div", { "class": "training-scenario__outcome", html: end.outcome }));
    result.appendChild(scenarioResultTable(score));
    if (end.model) result.appendChild(h("div", { "class": "training-scenario__model" }, [
      h("p", {}, [h("strong", {}, ["参考做法"])]), h("div", { html: end.model })
    ]));
    result.appendChild(h("h4", {}, ["你走过的路径"]));
    result.appendChild(h("ol", { "class": "training-scenario__review" }, steps.map(function (step, index) {
      var choice = node(step.node).choices[step.choice], points = choicePoints(scenario, choice);
      return h("li", {}, [
        h("p", { "class": "training-scenario__review-say" }, [h("strong", {}, ["你说："]), h("span", { html: choice.say })]),
        h("p", { "class": "training-scenario__points" }, [points || "不加分也不扣分"]),
        choice.feedback ? h("p", { "class": "training-scenario__feedback", html: choice.feedback }) : null,
        h("button", { type: "button", "class": "md-button training-scenario__retry", "data-scenario-step": index,
                      onclick: function () { begin(steps.slice(0, index)); } }, ["从第 " + (index + 1) + " 步换一种回答"])
      ]);
    })));
    result.appendChild(h("button", { type: "button", "class": "md-button md-button--primary", "data-scenario-restart": "",
                                      onclick: function () { begin([]); } }, ["再练一次"]));
    result.hidden = false;
    // Scrolled explicitly, to its start below the sticky header (scroll-margin-top): focus() alone scrolls as
    // little as it can, and an ending taller than the screen could stop under the header.
    result.focus({ preventScroll: true });
    result.scrollIntoView({ block: "start" });
    showBest();
    refresh();
  }

  startButton.hidden = false;
  function begin(kept) {
    play++;
    rand = random(seedFor(play, location.search));
    steps = kept;
    render();
  }

  startButton.addEventListener("click", function () {
    startButton.hidden = true;
    begin([]);
  });
  showBest();
}

// Loaded on the pages that hold a scenario (a scenario page, a course that embeds one) only.
all(".training-scenario").forEach(setUpScenario);
