/* Progress shown on course cards, path pages and the home page's 我的学习. */

import { all, emit, h, jsonIn } from "./dom.js";
import { courseRecord, courseState, load, pathState, today, update } from "./store.js";

export const COURSE_PARTS = ".training-card[data-training-course], .training-complete[data-training-course]";

// Every progress widget on the page drawn again (after a quiz, a scenario, an import or a recall).
export function refresh() {
  all(COURSE_PARTS).forEach(showCourse);
  all("[data-training-path-progress]").forEach(showPath);
  all("[data-training-mine]").forEach(showMine);
}

const STATES = { "new": "未开始", started: "学习中", done: "已完成", passed: "已通过", updated: "内容已更新", none: "" };

export function link(step) {
  return step.url ? h("a", { href: step.url, text: step.title }) : h("span", { text: step.title });
}

// The card on top (内容已更新) and the completion box after the lesson.
function showCourse(element) {
  var id = element.getAttribute("data-training-course");
  var version = Number(element.getAttribute("data-training-version"));
  var data = load(), state = courseState(data, id, version), record = data.courses[id] || {};
  var notice = element.querySelector("[data-training-updated]");
  if (notice) {
    notice.hidden = state !== "updated";
    if (state === "updated") notice.querySelector("[data-training-done-version]").textContent = record.version;
  }
  var box = element.querySelector("[data-training-progress]");
  if (!box) return;
  box.hidden = false;
  box.querySelector("[data-training-status]").textContent = {
    "new": "尚未开始本课程。",
    started: "学习中：读完后请标记完成。",
    done: "已于 " + record.completed + " 标记完成。",
    passed: "已于 " + record.passed + " 通过本课程自测。",
    updated: "内容已更新，请复习后再次标记完成。"
  }[state];
  var button = box.querySelector("[data-training-complete]");
  button.textContent = state === "done" ? "撤销完成标记" : "标记为已完成";
  button.hidden = state === "passed";
}

export function setUpCourse(element) {
  var id = element.getAttribute("data-training-course");
  var version = Number(element.getAttribute("data-training-version"));
  update(function (data) { if (!data.courses[id]) courseRecord(data, id, version); });
  var button = element.querySelector("[data-training-complete]");
  if (button) button.addEventListener("click", function () {
    var done = courseState(load(), id, version) !== "done";
    update(function (data) {
      if (!done) delete data.courses[id].completed;
      else courseRecord(data, id, version).completed = today();
    });
    refresh();
    if (done) emit("course-completed", element);
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
    "已完成 " + state.percent + "%（" + state.finished + " / " + state.counted + " 个必修步骤）";
  box.querySelector("progress").value = state.percent;
  var next = box.querySelector("[data-training-next]");
  next.textContent = "";
  next.appendChild(state.next ? h("span", {}, ["下一步：", link(state.next)]) : h("span", {}, ["全部必修步骤已完成。"]));
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
      h("span", { "class": "training-mine__next" }, state.next ? [" 下一步：", link(state.next)] : [" 全部必修步骤已完成"])
    ]));
  });
  section.querySelector("[data-training-mine-empty]").hidden = shown > 0;
  section.hidden = false;
}
