/* handbook: the needs assessment's quiz. handbook.js loads this file only on a page that needs it. */
(function () {
  "use strict";

  // Needs assessment: the same rule as recommend() in tests/quiz_rule.py. Sum the
  // weights of the chosen answers; the highest total wins, ties go to the package listed
  // first; "because" names the chosen answers that added most to the winner.
  function recommend(form) {
    var templates = form.querySelectorAll("template[data-package]");
    var order = [];
    var scores = {};
    templates.forEach(function (t) {
      order.push(t.dataset.package);
      scores[t.dataset.package] = 0;
    });
    var picked = [];
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      var weights = JSON.parse(input.dataset.weights || "{}");
      // A reason names its question too: "Do you have employees? Yes", not a bare "Yes".
      var question = input.closest("fieldset").querySelector("legend").textContent.trim();
      var text = form.dataset.answered
        .replace("{question}", function () { return question; })
        .replace("{answer}", function () { return input.parentElement.textContent.trim(); });
      picked.push({ text: text, weights: weights });
      Object.keys(weights).forEach(function (slug) {
        if (slug in scores) scores[slug] += weights[slug];
      });
    });
    if (!picked.length) return null;
    var best = order[0];
    order.forEach(function (slug) {
      if (scores[slug] > scores[best]) best = slug;
    });
    var because = picked
      .filter(function (p) { return (p.weights[best] || 0) > 0; })
      .sort(function (a, b) { return (b.weights[best] || 0) - (a.weights[best] || 0); })
      .slice(0, 2)
      .map(function (p) { return p.text; });
    return { package: best, because: because };
  }

  function showResult(form) {
    var result = form.querySelector(".hb-quiz__result");
    var pick = recommend(form);
    var template = pick
      ? form.querySelector('template[data-package="' + pick.package + '"]')
      : form.querySelector("template[data-none]");
    result.replaceChildren(template.content.cloneNode(true));
    if (pick) {
      result.dataset.package = pick.package;
      var list = document.createElement("ul");
      pick.because.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      result.appendChild(list);
    } else {
      delete result.dataset.package;
    }
  }

  function enhanceQuizzes() {
    document.querySelectorAll("[data-hb-quiz]").forEach(function (quiz) {
      var form = quiz.querySelector("form");
      var fallback = quiz.querySelector(".hb-quiz__fallback");
      if (!form || form.dataset.ready) return;
      form.dataset.ready = "1";
      form.hidden = false;
      if (fallback) fallback.hidden = true;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        showResult(form);
      });
    });
  }

  (window.handbookModules = window.handbookModules || {}).quiz = enhanceQuizzes;
  enhanceQuizzes();
})();
