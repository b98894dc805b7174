// The comparison's chart: the vacancy rate per quarter of two to six areas, one line each, from
// data embedded with json_script. Colours and dash patterns differ, so lines differ without colour.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var COLOURS = ["#1f4e79", "#b3541e", "#1d6b2b", "#6f2c91", "#a4001c", "#4d4d4d"];
  var DASHES = [[], [8, 4], [2, 3], [12, 4, 2, 4], [4, 4], [1, 6]];

  function dutchNumber(value) {
    return value === null || value === undefined ? "–" : value.toLocaleString("nl-NL", { maximumFractionDigits: 1 }) + "%";
  }

  var canvas = document.getElementById("compare-chart");
  var source = canvas && document.getElementById(canvas.dataset.source);
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (series, i) {
        var colour = COLOURS[i % COLOURS.length];
        return { label: series.label, data: series.data, borderColor: colour, backgroundColor: colour, pointRadius: 0, borderWidth: 2.5, borderDash: DASHES[i % DASHES.length], spanGaps: false };
      })
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, title: { display: true, text: data.labelAxis }, ticks: { callback: function (v) { return dutchNumber(v); } } } },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + dutchNumber(c.parsed.y); } } } }
    }
  });
})();
