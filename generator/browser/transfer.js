/* Export, import and clear the progress kept in this browser (the home page's 我的学习; loaded there only). */

import { all, h } from "./dom.js";
import { refresh } from "./progress.js";
import { PROGRESS_KEY, isMap, isProgress, load, merge, today, update } from "./store.js";

function setUpMine(section) {
  var message = section.querySelector("[data-training-message]");
  section.querySelector("[data-training-export]").addEventListener("click", function () {
    var data = load();
    data.site = PROGRESS_KEY;
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
      var scenarios = isMap(imported.scenarios) ? Object.keys(imported.scenarios).length : 0;
      message.textContent = "已导入 " + Object.keys(imported.courses).length + " 门课程、" +
        Object.keys(imported.quizzes).length + " 个自测" + (scenarios ? "、" + scenarios + " 个情景模拟" : "") + "的进度。";
      refresh();
    }).catch(function () {
      message.textContent = "无法导入：" + file.name + " 不是本门户导出的学习进度文件。";
    }).then(function () { input.value = ""; });
  });
  section.querySelector("[data-training-clear]").addEventListener("click", function () {
    if (!window.confirm("确定要清除这台电脑上的全部学习进度吗？清除后无法恢复，建议先导出。")) return;
    localStorage.removeItem(PROGRESS_KEY);
    message.textContent = "已清除本机的学习进度。";
    refresh();
  });
}

all("[data-training-mine]").forEach(setUpMine);
