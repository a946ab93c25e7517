/* Course catalog filters: the table works without JavaScript; this adds filtering on top. */
(function () {
  "use strict";

  /** @param {HTMLFormElement} form */
  function setUp(form) {
    var table = /** @type {HTMLTableElement | null} */ (document.querySelector("table.training-catalog"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.querySelector("[data-training-count]");
    var empty = /** @type {HTMLElement | null} */ (document.querySelector("[data-training-empty]"));
    var wrap = /** @type {HTMLElement | null} */ (document.querySelector(".training-catalog__wrap"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var allText = count.textContent;
    var scenarios = rows.filter(function (row) { return row.getAttribute("data-kind") === "scenario"; }).length;

    function readQuery() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.name);
        if (wanted !== null) select.value = wanted;
      });
    }

    function writeQuery() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) params.set(select.name, select.value);
        else params.delete(select.name);
      });
      var query = params.toString();
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function matches(row) {
      return selects.every(function (select) {
        if (!select.value) return true;
        var values = (row.getAttribute("data-" + select.name) || "").split("|");
        return values.indexOf(select.value) !== -1;
      });
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown === rows.length ? allText
        : "显示 " + shown + " / " + rows.length + (scenarios ? " 项（课程与情景模拟）。" : " 门课程。");
      if (empty) empty.hidden = shown !== 0;
      if (wrap) wrap.hidden = shown === 0;
    }

    form.addEventListener("change", function () { apply(); writeQuery(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply(); writeQuery(); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    readQuery();
    form.hidden = false;
    apply();
  }

  function init() {
    var form = /** @type {HTMLFormElement | null} */ (document.querySelector("[data-training-filter]"));
    if (form && !form.dataset.ready) {
      form.dataset.ready = "1";
      setUp(form);
    }
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
