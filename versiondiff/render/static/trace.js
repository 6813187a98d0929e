/* versiondiff provenance report: report.js gives j/k and help; here say how many passages j/k visit. */
(function () {
  "use strict";
  var position = document.querySelector(".position");
  if (position && document.body.classList.contains("trace")) {
    var n = document.querySelectorAll("mark[data-nav]").length;
    position.textContent = n + " reused passage" + (n === 1 ? "" : "s");
  }
}());
