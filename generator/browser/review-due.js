/* The home page's 今日复习 N 张: shown once the learner has finished a course with key facts. */

import { all, jsonIn } from "./dom.js";
import { reviewCards } from "./reviewcards.js";
import { load } from "./store.js";

all("[data-training-review-due]").forEach(function (box) {
  var cards = reviewCards(load(), jsonIn(box, ".training-review-data"));
  if (!cards.due.length && !cards.waiting.length) return;
  box.querySelector("[data-review-count]").textContent = String(cards.due.length);
  box.hidden = false;
});
