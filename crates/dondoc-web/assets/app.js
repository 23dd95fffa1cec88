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
  // Agency pickers: a search box above each multiple select, matching with or
  // without diacritics ("so tai chinh" finds "Sở Tài chính").
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("select[multiple]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = "Tìm cơ quan…";
    box.className = "picker-search";
    box.setAttribute("aria-label", "Tìm cơ quan");
    box.addEventListener("input", function () {
      var q = fold(box.value.trim());
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = q !== "" && fold(o.text).indexOf(q) < 0 && !o.selected;
      });
    });
    select.parentNode.insertBefore(box, select);
  });
  // Review: selecting words in the source fills the "add a task" form with
  // the selection and its line numbers.
  var source = document.getElementById("source-lines");
  var addFrom = document.getElementById("add-from");
  if (source && addFrom) {
    var lineOf = function (node) {
      var el = node && (node.nodeType === 1 ? node : node.parentElement);
      var li = el && el.closest("#source-lines li");
      return li ? parseInt(li.value || li.id.slice(1), 10) : null;
    };
    source.addEventListener("mouseup", function () {
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed) return;
      var a = lineOf(sel.anchorNode), b = lineOf(sel.focusNode);
      if (a === null || b === null) return;
      addFrom.value = Math.min(a, b);
      document.getElementById("add-to").value = Math.max(a, b);
      document.getElementById("add-text").value = sel.toString().replace(/\s+/g, " ").trim();
      document.getElementById("add-task").scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  }
  // Copy buttons: data-copy names the element whose text is copied.
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      var el = document.getElementById(b.dataset.copy);
      if (!el || !navigator.clipboard) return;
      navigator.clipboard.writeText(el.textContent.trim()).then(function () {
        var was = b.textContent;
        b.textContent = "Đã sao chép";
        setTimeout(function () { b.textContent = was; }, 2000);
      });
    });
  });
  // Buttons that ask before acting.
  document.querySelectorAll("[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) { if (!window.confirm(b.dataset.confirm)) e.preventDefault(); });
  });
})();
