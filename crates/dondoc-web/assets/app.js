// dondoc: small enhancements; every page works without them.
(function () {
  "use strict";
  // Review screen: clicking a task highlights its sentence in the source.
  function select(card) {
    document.querySelectorAll(".task-card.selected").forEach(function (c) { c.classList.remove("selected"); });
    document.querySelectorAll(".source-lines li.hl").forEach(function (l) { l.classList.remove("hl"); });
    card.classList.add("selected");
    var first = parseInt(card.dataset.first, 10), last = parseInt(card.dataset.last, 10);
    for (var n = first; n <= last; n++) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("hl");
    }
    var target = document.getElementById("L" + first);
    if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  document.querySelectorAll(".task-card[data-first]").forEach(function (card) {
    card.addEventListener("click", function (e) {
      if (e.target.closest("input, textarea, select, button, a")) return;
      select(card);
    });
    card.addEventListener("keydown", function (e) { if (e.key === "Enter" && e.target === card) select(card); });
  });
  // Buttons that ask before acting.
  document.querySelectorAll("[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) { if (!window.confirm(b.dataset.confirm)) e.preventDefault(); });
  });
})();
