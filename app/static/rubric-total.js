// The scoring form's live weighted total. The form works without it: the server computes the
// total on submission (app/services/scoring.py: the mean of the scores weighted by criterion).
(function () {
  "use strict";
  var form = document.getElementById("scoring-form");
  var line = document.getElementById("rubric-total-line");
  var output = document.getElementById("rubric-total");
  if (!form || !line || !output) {
    return;
  }
  var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-criterion]"));
  // The sentences come translated from the page; figures are written the page language's way.
  var figure = new Intl.NumberFormat(document.documentElement.lang || "en",
                                     {minimumFractionDigits: 2, maximumFractionDigits: 2});
  var count = new Intl.NumberFormat(document.documentElement.lang || "en");

  function say(name, values) {
    return (output.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  function update() {
    var weighted = 0;
    var weights = 0;
    var scored = 0;
    groups.forEach(function (group) {
      var weight = parseFloat(group.getAttribute("data-weight")) || 0;
      var checked = group.querySelector("input[type=radio]:checked");
      if (checked) {
        weighted += weight * parseInt(checked.value, 10);
        weights += weight;
        scored += 1;
      }
    });
    var values = {total: count.format(groups.length), scored: count.format(scored),
                  score: weights > 0 ? figure.format(weighted / weights) : ""};
    if (scored === 0 || weights <= 0) {
      output.textContent = say("none", values);
    } else if (scored < groups.length) {
      output.textContent = say("partial", values);
    } else {
      output.textContent = say("complete", values);
    }
  }

  line.hidden = false;
  form.addEventListener("change", update);
  update();
})();
