/* Start-up: progress is kept per site; every widget on the page is set up and drawn. */

(function () {
  var script = document.currentScript;
  PROGRESS_KEY = "training-progress:" + new URL((script && script.getAttribute("data-base")) || ".", location.href).pathname;
})();

var COURSE_PARTS = ".training-card[data-training-course], .training-complete[data-training-course]";

function refresh() {
  all(COURSE_PARTS).forEach(showCourse);
  all("[data-training-path-progress]").forEach(showPath);
  all("[data-training-mine]").forEach(showMine);
}

function setUp() {
  document.documentElement.style.setProperty("--training-address", JSON.stringify(location.origin + location.pathname));
  all(COURSE_PARTS).forEach(setUpCourse);
  all(".training-card[data-training-course]").forEach(function (card) { emit("course-opened", card); });
  all("[data-training-mine]").forEach(setUpMine);
  all(".training-quiz").forEach(setUpQuiz);
  all(".training-scenario").forEach(setUpScenario);
  refresh();
}

// records.js recalled a signed-in learner's progress from other browsers.
document.addEventListener("training:progress-recalled", refresh);

// A printed course shows its objectives and details, folded or not on screen.
window.addEventListener("beforeprint", function () {
  all(".training-card__more").forEach(function (details) { details.open = true; });
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
else setUp();
