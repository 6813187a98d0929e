/* versiondiff history report: report.js does filters, j/k and help; here j/k step
   through the clauses that changed since they first appeared, so say so. */
(function () {
  "use strict";
  var position = document.querySelector(".position");
  if (position && document.body.classList.contains("history")) {
    var n = document.querySelectorAll(".lineage [data-nav]").length;
    position.textContent = n + " changed clause" + (n === 1 ? "" : "s");
  }
}());
