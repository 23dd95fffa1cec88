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
                    y: { stacked: true, ticks: { autoSkip: false } } } }
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
                    y: { ticks: { autoSkip: false } } } }
      };
    }
    if (!s.values.length) {
      canvas.parentNode.innerHTML = '<p class="muted">Chưa có số liệu.</p>';
      return;
    }
    new Chart(canvas, config);
  });
})();
