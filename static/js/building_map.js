// A building's location on its page: a point within its municipality's outline, from the
// portal's own boundaries (ADR 0024), so it reads without background tiles (optional).
(function () {
  "use strict";
  var element = document.getElementById("building-location");
  if (!element || typeof L === "undefined" || typeof topojson === "undefined") { return; }
  var data = element.dataset;
  var point = [parseFloat(data.lat), parseFloat(data.lon)];
  var map = L.map(element, { zoomControl: false, attributionControl: false, minZoom: 6, maxZoom: 19 })
    .setView(point, 13);
  L.control.zoom({ zoomInTitle: data.zoomIn || "Zoom in", zoomOutTitle: data.zoomOut || "Zoom out" }).addTo(map);
  var attribution = L.control.attribution({ prefix: false }).addTo(map);
  attribution.addAttribution(data.attribution || "");
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.tileAttribution || "" }).addTo(map);
  }
  function addPoint() {
    L.circleMarker(point, { radius: 8, color: "#1b1b1b", weight: 2, fillColor: "#d55e00", fillOpacity: 1, interactive: false }).addTo(map);
    element.dataset.loaded = "true";
  }
  fetch(data.boundaries, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (topo) {
      if (topo) {
        var own = topo.objects.municipalities.geometries.filter(function (g) { return g.id === data.municipality; });
        L.geoJSON(topojson.feature(topo, topo.objects.municipalities), {
          interactive: false, style: { color: "#8a8a8a", weight: 0.8, fillColor: "#f2f4f7", fillOpacity: data.tiles ? 0 : 1 }
        }).addTo(map);
        if (own.length) {
          var outline = L.geoJSON(topojson.feature(topo, own[0]), {
            interactive: false, style: { color: "#1b1b1b", weight: 2.5, fillColor: "#b3cde3", fillOpacity: data.tiles ? 0.15 : 1 }
          }).addTo(map);
          // The municipality framed, the building within it.
          map.fitBounds(outline.getBounds().extend(point), { padding: [10, 10], maxZoom: 14 });
        }
      }
      addPoint();
    }, addPoint);
})();
