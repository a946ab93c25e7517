/* Start-up: progress is kept per site; every widget on the page is set up and drawn. */

import { all, emit } from "./dom.js";
import { COURSE_PARTS, refresh, setUpCourse } from "./progress.js";
import { setUpQuiz } from "./quiz.js";

export function setUp() {
  document.documentElement.style.setProperty("--training-address", JSON.stringify(location.origin + location.pathname));
  all(COURSE_PARTS).forEach(setUpCourse);
  all(".training-card[data-training-course]").forEach(function (card) { emit("course-opened", card); });
  all(".training-quiz").forEach(setUpQuiz);
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
