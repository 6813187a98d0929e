/* versiondiff reports: filters, j/k between changes, ? for help.  No data lives here:
   the page works without script (every row shown); this only adds the controls. */
(function () {
  "use strict";
  var body = document.body;
  var detail = document.querySelector(".detail");
  var position = document.querySelector(".position");
  var help = document.getElementById("help");

  function visible(el) {
    /* a row in a closed "… N unchanged …" fold still has boxes: ask the browser whether it shows */
    if (el.checkVisibility) { return el.checkVisibility(); }
    return el.offsetParent !== null || el.getClientRects().length > 0;
  }

  function targets() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-nav]:not(button)"), visible);
  }

  function setCurrent(row, scroll) {
    var old = document.querySelector(".current");
    if (old) { old.classList.remove("current"); }
    if (!row) { return; }
    row.classList.add("current");
    if (scroll) { row.scrollIntoView({block: "center"}); }
    var list = targets();
    if (position) { position.textContent = (list.indexOf(row) + 1) + " / " + list.length; }
  }

  function step(delta) {
    var list = targets();
    if (!list.length) { return; }
    var current = document.querySelector(".current");
    var at = list.indexOf(current);
    if (at < 0) {
      /* start from what the reader is looking at, not from the top of the page:
         the first change below the sticky bars (j) or the last one above them (k) */
      var toolbar = document.querySelector(".toolbar");
      var edge = toolbar ? toolbar.getBoundingClientRect().bottom + 40 : 0;
      at = delta > 0 ? list.length - 1 : list.length;
      for (var k = 0; k < list.length; k++) {
        if (list[k].getBoundingClientRect().top >= edge) { at = k - 1 + (delta > 0 ? 0 : 1); break; }
      }
    }
    var next = Math.min(Math.max(at + delta, 0), list.length - 1);
    setCurrent(list[next], true);
  }

  function filter(name) {
    body.setAttribute("data-filter", name);
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (b) {
      if (b !== body) { b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === name)); }
    });
    var shown = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".part"), function (part) {
      part.classList.remove("is-empty");
      var rows = part.querySelectorAll(".row");
      var any = name === "all" || Array.prototype.some.call(rows, visible);
      part.classList.toggle("is-empty", !any);
      if (any) { shown += 1; }
    });
    if (detail) { detail.classList.toggle("nothing", shown === 0); }
    var current = document.querySelector(".current");
    if (current && !visible(current)) { setCurrent(null); }
    if (position) { position.textContent = targets().length + " " + (position.getAttribute("data-shown") || ""); }
  }

  /* pure renumbering is folded away by default; "show renumbering" opens the folds holding it */
  function toggleRenumbering() {
    var show = body.getAttribute("data-renumbering") !== "show";
    body.setAttribute("data-renumbering", show ? "show" : "hide");
    Array.prototype.forEach.call(document.querySelectorAll("[data-renumbering-toggle]"), function (b) {
      b.setAttribute("aria-pressed", String(show));
    });
    Array.prototype.forEach.call(document.querySelectorAll("details.fold[data-renumbered]"), function (d) {
      d.open = show;
    });
    filter(body.getAttribute("data-filter") || "all");
  }

  /* the contents list says where the reader is */
  function markContents() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !window.IntersectionObserver) { return; }
    var byId = {};
    Array.prototype.forEach.call(links, function (a) { byId[a.getAttribute("href").slice(1)] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting || !byId[e.target.id]) { return; }
        Array.prototype.forEach.call(links, function (a) { a.removeAttribute("aria-current"); });
        byId[e.target.id].setAttribute("aria-current", "true");
      });
    }, {rootMargin: "-20% 0px -70% 0px"});
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { observer.observe(el); }
    });
  }

  function toggleHelp() {
    if (!help) { return; }
    if (help.open) { help.close(); } else if (help.showModal) { help.showModal(); } else { help.setAttribute("open", ""); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (button && button.hasAttribute("data-filter")) { filter(button.getAttribute("data-filter")); return; }
    if (button && button.getAttribute("data-nav") === "next") { step(1); return; }
    if (button && button.getAttribute("data-nav") === "prev") { step(-1); return; }
    if (button && button.hasAttribute("data-help")) { toggleHelp(); return; }
    if (button && button.hasAttribute("data-renumbering-toggle")) { toggleRenumbering(); return; }
    var row = event.target.closest ? event.target.closest("[data-nav]") : null;
    if (row && !button && !event.target.closest("a")) { setCurrent(row, false); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (event.target && event.target.isContentEditable)) { return; }
    if (event.key === "Escape" && help && help.open) { help.close(); return; }
    if (help && help.open && event.key !== "?") { return; }
    var control = null;
    Array.prototype.forEach.call(document.querySelectorAll("[data-shortcut]"), function (b) {
      if (b.getAttribute("data-shortcut") === event.key) { control = b; }
    });
    if (control) { event.preventDefault(); control.click(); }
  });

  /* a link into the page (#c-12, or an item's anchor) makes its row the current one */
  function fromHash() {
    var el = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var fold = el && el.closest ? el.closest("details") : null;
    if (fold && !fold.open) { fold.open = true; }   /* a link into a folded run opens it */
    var row = el && el.closest ? el.closest("[data-nav]") : null;
    if (row) { setCurrent(row, false); }
  }

  if (position) { position.textContent = targets().length + " " + (position.getAttribute("data-word") || ""); }
  markContents();
  window.addEventListener("hashchange", fromHash);
  fromHash();
}());
