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
    if (scored === 0 || weights <= 0) {
      output.textContent = "not yet scored (0 of " + groups.length + " criteria)";
    } else if (scored < groups.length) {
      output.textContent = (weighted / weights).toFixed(2) + " so far (" + scored + " of " + groups.length + " criteria scored)";
    } else {
      output.textContent = (weighted / weights).toFixed(2) + " of 5";
    }
  }

  line.hidden = false;
  form.addEventListener("change", update);
  update();
})();
