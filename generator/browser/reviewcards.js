/* Which key-fact cards a learner has: those of the courses they finished, due or waiting, and those whose
   fact changed since they last rated it. Shared by the review page and the home page's 今日复习 count. */

export function reviewCards(data, courses) {
  var cards = { due: [], waiting: [], reset: [] }, review = data.review || {}, now = new Date();
  courses.forEach(function (course) {
    var record = data.courses[course.id];
    if (!record || !(record.completed || record.passed)) return;
    course.facts.forEach(function (fact) {
      var kept = review[fact.key];
      var card = { course: course, fact: fact, record: kept && kept.fp === fact.fp ? kept : null };
      if (kept && kept.fp !== fact.fp) cards.reset.push(card);
      if (!card.record || new Date(card.record.card.due) <= now) cards.due.push(card);
      else cards.waiting.push(card);
    });
  });
  return cards;
}
