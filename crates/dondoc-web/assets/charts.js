// Dashboard charts (Chart.js, vendored). Each canvas carries its data in
// data-series; clicking a bar or slice opens the task list behind it.
(function () {
  "use strict";
  if (!window.Chart) return;
  var ioc = document.body.classList.contains("ioc");
  var ink = ioc ? "#e8eef5" : "#1d2733";
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = ioc ? 16 : 12;
  Chart.defaults.color = ink;
  // Long agency names on a bar's axis: wrapped on words into lines, so that
  // no label is cut (the wall screen's large type made them overflow).
  var width = ioc ? 22 : 30;
  function wrap(label) {
    var words = String(label).split(" "), lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; }
      else line = line ? line + " " + w : w;
    });
    if (line) lines.push(line);
    return lines;
  }
  var yTicks = { autoSkip: false, callback: function (v) { return wrap(this.getLabelForValue(v)); } };
  function open(links) {
    return function (evt, elements) {
      if (elements.length && links[elements[0].index]) window.location = links[elements[0].index];
    };
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var s = JSON.parse(canvas.dataset.series);
    var kind = canvas.dataset.chart;
    var config;
    if (kind === "doughnut") {
      config = {
        type: "doughnut",
        data: { labels: s.labels, datasets: [{ data: s.values, backgroundColor: s.colours, borderWidth: 1 }] },
        options: { maintainAspectRatio: false, cutout: "55%", onClick: open(s.links),
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } }
      };
    } else if (kind === "bar-stack") {
      config = {
        type: "bar",
        data: { labels: s.labels, datasets: s.datasets.map(function (d) {
          return { label: d.label, data: d.values, backgroundColor: d.colour, borderRadius: 2 };
        }) },
        options: { indexAxis: "y", maintainAspectRatio: false, onClick: open(s.links),
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
                    y: { stacked: true, ticks: yTicks } } }
      };
    } else if (kind === "bar-group" || kind === "bar-group-h") {
      // Plan beside actual (money in millions of đồng): by month, agency or source.
      var horizontal = kind === "bar-group-h";
      var amount = { beginAtZero: true, title: { display: !!s.unit, text: s.unit || "" },
        ticks: { callback: function (v) { return Number(v).toLocaleString("vi-VN"); } } };
      config = {
        type: "bar",
        data: { labels: s.labels, datasets: s.datasets.map(function (d) {
          return { label: d.label, data: d.values, backgroundColor: d.colour, borderRadius: 2 };
        }) },
        options: { indexAxis: horizontal ? "y" : "x", maintainAspectRatio: false, onClick: open(s.links),
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
          scales: horizontal ? { x: amount, y: { ticks: { autoSkip: false } } } : { y: amount } }
      };
    } else {
      var colours = s.values.map(function () { return "#c62828"; });
      config = {
        type: "bar",
        data: { labels: s.labels, datasets: [{ data: s.values, backgroundColor: colours, borderRadius: 3 }] },
        options: { indexAxis: "y", maintainAspectRatio: false, onClick: open(s.links),
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } },
                    y: { ticks: yTicks } } }
      };
    }
    if (!(s.values ? s.values.length : (s.labels || []).length)) {
      canvas.parentNode.innerHTML = '<p class="muted">Chưa có số liệu.</p>';
      return;
    }
    if (kind !== "doughnut") {
      // Room for every wrapped label: the chart grows with its bars.
      var lines = s.labels.reduce(function (n, l) { return n + wrap(l).length; }, 0);
      var line = Chart.defaults.font.size * 1.35;
      var need = lines * line + s.labels.length * 6 + 70;
      var wrapEl = canvas.parentNode;
      if (need > wrapEl.clientHeight) wrapEl.style.height = Math.ceil(need) + "px";
    }
    new Chart(canvas, config);
  });
})();
