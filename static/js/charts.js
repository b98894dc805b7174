// Charts from data embedded with json_script: the trend of an area, its way to the target and the
// timeline of a building. Every chart has a table with the same figures below it (data-table).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }

  var MARKER_FONT = 12;
  var MARKER_MIN_FONT = 9;

  // A vertical line at one x value (the covenant's signing), drawn without the annotation plugin.
  // Its label sits in the padding above the plot, right of the line when it fits there, else left
  // of it, and in a smaller font (down to 9px) when the plot is narrower than the label: never
  // cut off by the canvas or the plot's edge.
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
      var label = options.label || "";
      var size = MARKER_FONT;
      ctx.font = size + "px system-ui, sans-serif";
      var width = ctx.measureText(label).width;
      var room = chart.width - 8;
      while (width > room && size > MARKER_MIN_FONT) {
        size -= 1;
        ctx.font = size + "px system-ui, sans-serif";
        width = ctx.measureText(label).width;
      }
      var left = x + 4;
      if (left + width > chart.width - 4) { left = x - 4 - width; }
      left = Math.max(4, Math.min(left, chart.width - 4 - width));
      ctx.fillStyle = "#1b1b1b";
      ctx.textBaseline = "bottom";
      ctx.fillText(label, left, area.top - 4);
      ctx.restore();
      chart.$ktMarker = { left: left, right: left + width, top: area.top - 4 - size, bottom: area.top - 4 };
    }
  };

  function dutchNumber(value, decimals) {
    if (value === null || value === undefined) { return "–"; }
    return value.toLocaleString("nl-NL", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function dutchPercentage(value) {
    return value === null || value === undefined ? "–" : dutchNumber(value, 1) + "%";
  }

  function dutchM2(value) {
    return value === null || value === undefined ? "–" : dutchNumber(value, 0) + " m2";
  }

  function maximum(values, floor) {
    return values.reduce(function (high, v) { return v === null || v === undefined ? high : Math.max(high, v); }, floor);
  }

  // Axis titles need room a phone does not have: there the legend names the lines.
  var TITLE_MIN_WIDTH = 560;

  function axisTitles(chart, size) {
    var wide = size.width >= TITLE_MIN_WIDTH;
    var changed = false;
    Object.keys(chart.options.scales).forEach(function (key) {
      var title = chart.options.scales[key].title;
      if (title && title.text && title.display !== wide) { title.display = wide; changed = true; }
    });
    if (changed) { chart.update("none"); }
  }

  function trendChart(canvas, data) {
    var markerIndex = -1;
    for (var i = 0; i < data.dates.length; i++) {
      if (data.dates[i] >= data.covenant) { markerIndex = i; break; }
    }
    // The rate has its own axis, scaled to the rate and the frictional level (not to the
    // coverage, which runs to 100% and would flatten it); the coverage reads on the right axis.
    var high = maximum(data.vacancy, data.frictional);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.labelVacancy, data: data.vacancy, yAxisID: "y", borderColor: "#1f4e79", backgroundColor: "#1f4e79", pointRadius: 0, borderWidth: 3, spanGaps: true },
          { label: data.labelCoverage, data: data.coverage, yAxisID: "coverage", borderColor: "#6b6b6b", backgroundColor: "#6b6b6b", pointRadius: 0, borderWidth: 1.5, borderDash: [2, 3] },
          { label: data.labelFrictional, data: data.labels.map(function () { return data.frictional; }), yAxisID: "y", borderColor: "#1d6b2b", backgroundColor: "#1d6b2b", pointRadius: 0, borderWidth: 2, borderDash: [8, 6] }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        // The legend goes below the plot, so the padding above it is free for the marker's label.
        layout: { padding: { top: 22 } },
        onResize: axisTitles,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { position: "left", beginAtZero: true, suggestedMax: Math.ceil(high * 1.15), title: { display: canvas.clientWidth >= TITLE_MIN_WIDTH, text: data.labelVacancy }, ticks: { callback: function (v) { return dutchPercentage(v); } } },
          coverage: { position: "right", min: 0, max: 100, title: { display: canvas.clientWidth >= TITLE_MIN_WIDTH, text: data.labelCoverage }, grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return dutchPercentage(v); } } }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + dutchPercentage(c.parsed.y); } } },
          ktMarker: { index: markerIndex, label: data.labelCovenant }
        }
      },
      plugins: [markerPlugin]
    });
  }

  function wayChart(canvas, data) {
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.labelPath, data: data.path, borderColor: "#1d6b2b", backgroundColor: "#1d6b2b", borderWidth: 3, pointRadius: 3 },
          // Filled down to the path: the shaded band is the gap between the trend and the path.
          { label: data.labelTrend, data: data.trend, borderColor: "#b3541e", backgroundColor: "rgba(179, 84, 30, 0.15)", borderWidth: 2, borderDash: [8, 6], pointRadius: 3, fill: "-1" }
        ]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        onResize: axisTitles,
        scales: { y: { beginAtZero: true, title: { display: canvas.clientWidth >= TITLE_MIN_WIDTH, text: data.labelAxis }, ticks: { callback: function (v) { return dutchNumber(v, 0); } } } },
        plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + dutchM2(c.parsed.y); } } } }
      }
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
        onResize: axisTitles,
        scales: { y: { min: 0, max: 100, title: { display: canvas.clientWidth >= TITLE_MIN_WIDTH, text: data.labelVacancy }, ticks: { callback: function (v) { return dutchPercentage(v); } } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + dutchPercentage(c.parsed.y); } } } }
      }
    });
  }

  var CHARTS = { trend: trendChart, way: wayChart, timeline: timelineChart };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    var draw = CHARTS[canvas.dataset.chart];
    if (!source || !draw) { return; }
    draw(canvas, JSON.parse(source.textContent));
  });
})();
