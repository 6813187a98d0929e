/* versiondiff history report: report.js does filters, j/k and help; here j/k step
   through the clauses that changed since they first appeared, so say so (in the
   page's words: data-word, data-word-one for one). */
(function () {
  "use strict";
  var position = document.querySelector(".position");
  if (position && document.body.classList.contains("history")) {
    var n = document.querySelectorAll(".lineage [data-nav]").length;
    var word = position.getAttribute(n === 1 ? "data-word-one" : "data-word") || "";
    position.textContent = n + " " + word;
  }
}());
