/* A cohort's schedule: today's sessions and the next one marked (the date from ?today=YYYY-MM-DD when
   given, for previews and tests; else this computer's clock). */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function now() {
    var forced = new URLSearchParams(location.search).get("today");
    var clock = new Date();
    if (forced && /^\d{4}-\d{2}-\d{2}$/.test(forced)) return { date: forced, time: "00:00" };
    return { date: clock.getFullYear() + "-" + pad(clock.getMonth() + 1) + "-" + pad(clock.getDate()),
             time: pad(clock.getHours()) + ":" + pad(clock.getMinutes()) };
  }

  function setUp(rows) {
    /** @type {HTMLElement | null} */
    var next = null;
    var at = now(), today = 0;
    rows.forEach(function (row) {
      var date = row.getAttribute("data-date"), end = row.getAttribute("data-end");
      var mark = row.querySelector("[data-training-mark]");
      if (date === at.date) {
        row.classList.add("training-session--today");
        mark.textContent = "今天";
        today++;
      }
      if (!next && (date > at.date || (date === at.date && end > at.time))) next = row;
    });
    if (next) {
      next.classList.add("training-session--next");
      var mark = next.querySelector("[data-training-mark]");
      mark.textContent = mark.textContent ? "今天 · 下一场" : "下一场";
    }
    var note = /** @type {HTMLElement | null} */ (document.querySelector("[data-training-now]"));
    if (note) {
      note.textContent = today ? "今天有 " + today + " 场安排，已标出。" : next ? "下一场安排已标出。" : "日程中的安排都已结束。";
      note.hidden = false;
    }
    return at;
  }

  // Weeks that are over fold to their heading (a 42-session schedule is otherwise metres of cards on a
  // phone); when the whole schedule is over, every week stays open to read back.
  function foldPastWeeks(at) {
    var weeks = Array.prototype.slice.call(document.querySelectorAll("[data-training-week][data-week-end]"));
    var past = weeks.filter(function (week) { return week.getAttribute("data-week-end") < at.date; });
    if (past.length === weeks.length) return;
    past.forEach(function (week) { week.open = false; week.classList.add("training-cohort__week--past"); });
  }

  function init() {
    var rows = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-training-schedule]"), function (table) {
      rows = rows.concat(Array.prototype.slice.call(table.tBodies[0].rows));
    });
    if (rows.length) foldPastWeeks(setUp(rows));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
