/* The daily review (每日复习): the key facts of the courses a learner has finished, brought back on the
   days FSRS (ts-fsrs, assets/vendor/ts-fsrs) schedules them. Cards live in the progress object, under
   `review`, keyed course:question; a card whose fact changed (its fingerprint) starts again and says why. */

import { all, emit, h, jsonIn } from "./dom.js";
import { reviewCards } from "./reviewcards.js";
import { load, update } from "./store.js";

function storedCard(record) {
  var card = Object.assign({}, record.card);
  ["due", "last_review"].forEach(function (name) { if (card[name]) card[name] = new Date(card[name]); });
  return card;
}

function setUpReview(root) {
  var courses = jsonIn(root, ".training-review-data");
  var scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false }));
  var status = root.querySelector("[data-review-status]"), stage = root.querySelector("[data-review-card]");
  var cards = reviewCards(load(), courses), queue = cards.due.slice(), done = 0;

  if (cards.reset.length) {
    root.insertBefore(h("div", { "class": "admonition note training-review__reset", "data-review-reset": "" }, [
      h("p", { "class": "admonition-title" }, ["要点有更新"]),
      h("ul", {}, cards.reset.map(function (card) {
        return h("li", {}, ["“" + card.fact.q + "”已在课程《" + card.course.title + "》第 " + card.course.version +
                            " 版中更新，这张卡片已重新开始复习。"]);
      }))
    ]), status);
  }

  function show() {
    stage.textContent = "";
    if (!queue.length) {
      var next = reviewCards(load(), courses).waiting.map(function (card) { return new Date(card.record.card.due); })
        .sort(function (a, b) { return a.getTime() - b.getTime(); })[0];
      status.textContent = done ? "今天的复习完成了，共 " + done + " 张。" : (cards.due.length + cards.waiting.length ?
        "今天没有要复习的卡片。" : "学完带有要点的课程后，这里会出现复习卡片。");
      if (next) status.textContent += "下一张在 " + next.toISOString().slice(0, 10) + " 到期。";
      return;
    }
    var card = queue[0];
    status.textContent = "今日复习：还剩 " + queue.length + " 张";
    var answer = h("div", { "class": "training-review__answer", hidden: true }, [
      h("p", { "class": "training-review__a", "data-review-answer": "" }, [card.fact.a]),
      h("p", { "class": "training-review__ask" }, ["你记得怎么样？"]),
      h("div", { "class": "training-review__ratings" }, [["重来", 1], ["困难", 2], ["良好", 3], ["简单", 4]].map(function (pair) {
        return h("button", { type: "button", "class": "md-button training-review__rate", "data-rating": pair[1],
                             onclick: function () { rate(card, pair[1]); } }, [pair[0]]);
      }))
    ]);
    var reveal = h("button", { type: "button", "class": "md-button md-button--primary training-review__reveal", "data-review-reveal": "",
                               onclick: function () { reveal.hidden = true; answer.hidden = false; answer.querySelector("button").focus(); } },
                   ["显示答案"]);
    stage.appendChild(h("article", { "class": "training-review__card", "data-review-key": card.fact.key }, [
      h("p", { "class": "training-review__course" }, [card.course.title]),
      h("p", { "class": "training-review__q", "data-review-question": "" }, [card.fact.q]),
      reveal, answer
    ]));
    reveal.focus();
  }

  function rate(card, rating) {
    var now = new Date();
    var current = card.record ? storedCard(card.record) : FSRS.createEmptyCard(now);
    var next = scheduler.next(current, now, rating).card;
    update(function (data) {
      data.review = data.review || {};
      data.review[card.fact.key] = { fp: card.fact.fp, course: card.course.id, version: card.course.version,
                                     card: next, last: now.toISOString() };
    });
    emit("fact-reviewed", { course: card.course, fact: card.fact, rating: rating, due: next.due });
    queue.shift();
    done++;
    if (next.due <= new Date(now.getTime() + 20 * 60 * 1000)) {  // learning steps come back in the same session
      card.record = { card: next };
      queue.push(card);
    }
    show();
  }

  show();
}

all("[data-training-review]").forEach(setUpReview);
