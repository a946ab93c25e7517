/* Scoring a role-play: the points of the choices taken, per rubric criterion. A criterion's score stays
   between 0 and its points (a poor start cannot go below zero); the total against the rubric's pass mark. */

export function scenarioScore(scenario, steps) {
  var earned = {};
  steps.forEach(function (step) {
    var scores = scenario.nodes[step.node].choices[step.choice].scores || {};
    Object.keys(scores).forEach(function (id) { earned[id] = (earned[id] || 0) + scores[id]; });
  });
  var total = 0, points = 0;
  var criteria = scenario.criteria.map(function (criterion) {
    var score = Math.max(0, Math.min(criterion.points, earned[criterion.id] || 0));
    total += score;
    points += criterion.points;
    return { id: criterion.id, name: criterion.name, points: criterion.points, earned: score };
  });
  var last = steps.length ? scenario.nodes[steps[steps.length - 1].node].choices[steps[steps.length - 1].choice].next : scenario.start;
  return { criteria: criteria, total: total, points: points, passed: total >= scenario.passPoints,
           ending: scenario.nodes[last].ending || "" };
}

// As "情绪管理 +5、流程规范 −2", in the rubric's order.
export function choicePoints(scenario, choice) {
  var scores = choice.scores || {};
  return scenario.criteria.filter(function (criterion) { return scores[criterion.id]; }).map(function (criterion) {
    var value = scores[criterion.id];
    return criterion.name + " " + (value > 0 ? "+" + value : "−" + (-value));
  }).join("、");
}
