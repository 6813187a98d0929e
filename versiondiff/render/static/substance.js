/* The "Substance" section: show all targets or only those that changed. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-sub-filter]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      document.body.setAttribute("data-sub-filter", button.getAttribute("data-sub-filter"));
      Array.prototype.forEach.call(buttons, function (other) {
        other.setAttribute("aria-pressed", String(other === button));
      });
    });
  });
})();
