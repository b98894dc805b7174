// The buildings map: markers coloured by vacancy share or by label-C duty, clustered; tiles are
// optional.
(function () {
  "use strict";
  var element = document.getElementById("buildings-map");
  if (!element || typeof L === "undefined") { return; }

  // The covenant rule's share threshold (the settings'), from the page.
  var threshold = Number(element.dataset.threshold);

  function colour(vacancy) {
    if (vacancy === null || vacancy === undefined) { return "#8a8a8a"; }
    if (vacancy <= 0) { return "#1d6b2b"; }
    if (vacancy <= 25) { return "#e0b000"; }
    if (vacancy <= threshold) { return "#d46a00"; }
    return "#a4001c";
  }

  // The label-C duty layer: the Okabe-Ito colours (told apart with every common colour-vision
  // deficiency), a neutral grey for unknown and white for no duty (before 2023).
  var DUTY_COLOURS = {
    compliant: "#009e73", non_compliant: "#d55e00", exempt: "#56b4e9", unknown: "#8a8a8a", none: "#ffffff"
  };
  function dutyColour(duty) { return DUTY_COLOURS[duty || "none"] || DUTY_COLOURS.none; }

  var dutyLabels = {};
  var dutyLabelsElement = document.getElementById("map-duty-labels");
  if (dutyLabelsElement) { dutyLabels = JSON.parse(dutyLabelsElement.textContent); }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  // The zoom range is the map's own, not the tile layer's: without tiles (offline, or no tile
  // URL configured) the marker clusters still need a maximum zoom.
  var map = L.map(element, {
    preferCanvas: false, minZoom: 6, maxZoom: 19, zoomControl: false, attributionControl: false
  }).setView([52.1, 5.3], 7);
  // Leaflet's own texts are English: the page passes them in its language.
  var labels = element.dataset;
  L.control.zoom({ zoomInTitle: labels.zoomIn || "Zoom in", zoomOutTitle: labels.zoomOut || "Zoom out" }).addTo(map);
  L.control.attribution({
    prefix: '<a href="https://leafletjs.com" title="' + escapeHtml(labels.leafletTitle) + '">Leaflet</a>'
  }).addTo(map);
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close && labels.closePopup) { close.setAttribute("aria-label", labels.closePopup); close.title = labels.closePopup; }
  });
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  var cluster = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ chunkedLoading: true }) : L.layerGroup();
  map.addLayer(cluster);

  // The layer: "vacancy" or "labelCDuty", chosen with the radio buttons above the map; the
  // markers keep their place and change colour, and the matching legend shows.
  var layer = "vacancy";
  var markers = [];
  function fillFor(b) { return layer === "labelCDuty" ? dutyColour(b.labelCDuty) : colour(b.vacancy); }
  function showLayer(name) {
    layer = name;
    markers.forEach(function (m) { if (!m.building.withdrawn) { m.setStyle({ fillColor: fillFor(m.building) }); } });
    document.querySelectorAll(".kt-legend[data-layer]").forEach(function (legend) {
      legend.hidden = legend.dataset.layer !== name;
    });
    element.dataset.layer = name;
  }
  document.querySelectorAll('input[name="map-layer"]').forEach(function (input) {
    input.addEventListener("change", function () { if (input.checked) { showLayer(input.value); } });
    if (input.checked && input.value !== layer) { showLayer(input.value); }
  });

  fetch(element.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { buildings: [] }; })
    .then(function (data) {
      data.buildings.forEach(function (b) {
        // A building withdrawn from the stock (listed only when a filter asks) is greyed: its
        // vacancy is no longer office vacancy.
        var marker = L.circleMarker([b.lat, b.lon], b.withdrawn ? {
          radius: 6, color: "#4a4a4a", weight: 1, dashArray: "2 2", fillColor: "#f2f4f7", fillOpacity: 0.9
        } : {
          radius: 7, color: "#1b1b1b", weight: 1, fillColor: fillFor(b), fillOpacity: 0.9
        });
        marker.building = b;
        var share = b.vacancy === null ? "–" : b.vacancy.toLocaleString("nl-NL") + "%";
        if (b.withdrawn) { share = escapeHtml(labels.withdrawn || "withdrawn"); }
        var duty = dutyLabels[b.labelCDuty || "none"];
        marker.bindPopup('<a href="' + encodeURI(b.url) + '">' + escapeHtml(b.name || b.bagId) + "</a><br>" + share +
          (duty ? "<br>" + escapeHtml(labels.dutyTitle || "") + " " + escapeHtml(duty) : ""));
        markers.push(marker);
      });
      if (cluster.addLayers) { cluster.addLayers(markers); } else { markers.forEach(function (m) { cluster.addLayer(m); }); }
      if (markers.length) {
        map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 14, padding: [20, 20] });
      }
      element.dataset.loaded = String(markers.length);
    });
})();
