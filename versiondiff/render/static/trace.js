/* versiondiff provenance report: report.js gives j/k and help; here say how many passages j/k visit
   (in the page's words: data-word, data-word-one for one). */
(function () {
  "use strict";
  var position = document.querySelector(".position");
  if (position && document.body.classList.contains("trace")) {
    var n = document.querySelectorAll("mark[data-nav]").length;
    var word = position.getAttribute(n === 1 ? "data-word-one" : "data-word") || "";
    position.textContent = n + " " + word;
  }
}());
