// Charts from data embedded with json_script: the trend of an area and the timeline of a building.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }

  // A vertical line at one x value (the covenant's signing), drawn without the annotation plugin.
  var markerPlugin = {
    id: "ktMarker",
    afterDatasetsDraw: function (chart, args, options) {
      if (options.index === undefined || options.index < 0) { return; }
      var x = chart.scales.x.getPixelForValue(options.index);
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#b3541e";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, area.top);
      ctx.lineTo(x, area.bottom);
      ctx.stroke();
      ctx.fillStyle = "#1b1b1b";
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(options.label || "", Math.min(x + 4, area.right - 160), area.top + 12);
      ctx.restore();
    }
  };

  function dutchNumber(value) {
    return value === null || value === undefined ? "–" : value.toLocaleString("nl-NL", { maximumFractionDigits: 1 }) + "%";
  }

  function trendChart(canvas, data) {
    var markerIndex = -1;
    for (var i = 0; i < data.dates.length; i++) {
      if (data.dates[i] >= data.covenant) { markerIndex = i; break; }
    }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.labelVacancy, data: data.vacancy, borderColor: "#1f4e79", backgroundColor: "#1f4e79", pointRadius: 0, borderWidth: 3, spanGaps: true },
          { label: data.labelCoverage, data: data.coverage, borderColor: "#6b6b6b", backgroundColor: "#6b6b6b", pointRadius: 0, borderWidth: 1, borderDash: [2, 3], hidden: false },
          { label: data.labelFrictional, data: data.labels.map(function () { return data.frictional; }), borderColor: "#1d6b2b", backgroundColor: "#1d6b2b", pointRadius: 0, borderWidth: 2, borderDash: [8, 6] }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, suggestedMax: 25, ticks: { callback: function (v) { return dutchNumber(v); } } } },
        plugins: {
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + dutchNumber(c.parsed.y); } } },
          ktMarker: { index: markerIndex, label: data.labelCovenant }
        }
      },
      plugins: [markerPlugin]
    });
  }

  function timelineChart(canvas, data) {
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.labelVacancy, data: data.vacancy, stepped: "before", borderColor: "#1f4e79", backgroundColor: "#1f4e79", borderWidth: 3 },
          { label: data.labelThreshold, data: data.labels.map(function () { return data.threshold; }), borderColor: "#a4001c", backgroundColor: "#a4001c", pointRadius: 0, borderDash: [8, 6], borderWidth: 2 }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return dutchNumber(v); } } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + dutchNumber(c.parsed.y); } } } }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    if (canvas.dataset.chart === "trend") { trendChart(canvas, data); }
    if (canvas.dataset.chart === "timeline") { timelineChart(canvas, data); }
  });
})();
