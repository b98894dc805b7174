// The area map (ADR 0024): the municipalities coloured by the chosen figure (a choropleth from
// the portal's own boundaries, so it reads without background tiles), the province outlines,
// the page's area outlined, and for who may see them the buildings as points from zoom level
// BUILDING_ZOOM, clustered in a neutral colour. Background tiles are optional.
(function () {
  "use strict";
  var element = document.querySelector(".kt-map[data-boundaries]");
  if (!element || typeof L === "undefined" || typeof topojson === "undefined") { return; }
  var BUILDING_ZOOM = 10;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var dutyLabelsElement = document.getElementById("map-duty-labels");
  var dutyLabels = dutyLabelsElement ? JSON.parse(dutyLabelsElement.textContent) : {};
  var labels = element.dataset;
  var locale = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";

  // The covenant rule's share threshold (the settings'), from the page.
  var threshold = Number(element.dataset.threshold);

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text === null || text === undefined ? "" : String(text);
    return div.innerHTML;
  }
  function number(value) { return value.toLocaleString(locale, { maximumFractionDigits: 1 }); }

  // A building's colour: its vacancy share, or on the label-C layer its duty status (the
  // Okabe-Ito colours, told apart with every common colour-vision deficiency).
  function vacancyColour(vacancy) {
    if (vacancy === null || vacancy === undefined) { return "#8a8a8a"; }
    if (vacancy <= 0) { return "#1d6b2b"; }
    if (vacancy <= 25) { return "#e0b000"; }
    if (vacancy <= threshold) { return "#d46a00"; }
    return "#a4001c";
  }
  var DUTY_COLOURS = {
    compliant: "#009e73", non_compliant: "#d55e00", exempt: "#56b4e9", unknown: "#8a8a8a", none: "#ffffff"
  };
  function dutyColour(duty) { return DUTY_COLOURS[duty || "none"] || DUTY_COLOURS.none; }

  // A choropleth class's colour is its legend swatch's (static/css/kantorentop.css): one home.
  var swatchColours = {};
  document.querySelectorAll(".kt-area-swatch[data-class]").forEach(function (swatch) {
    swatchColours[swatch.dataset.class] = window.getComputedStyle(swatch).backgroundColor;
  });
  function classOf(value, bounds) {
    if (value === null || value === undefined) { return "none"; }
    var index = 0;
    while (index < bounds.length && value >= bounds[index]) { index += 1; }
    return String(index);
  }

  // The zoom range is the map's own, not the tile layer's: without tiles the clusters still
  // need a maximum zoom.
  var map = L.map(element, {
    minZoom: 6, maxZoom: 19, zoomControl: false, attributionControl: false, zoomSnap: 0.25
  }).setView([52.2, 5.3], 7);
  L.control.zoom({ zoomInTitle: labels.zoomIn || "Zoom in", zoomOutTitle: labels.zoomOut || "Zoom out" }).addTo(map);
  var attribution = L.control.attribution({
    prefix: '<a href="https://leafletjs.com" title="' + escapeHtml(labels.leafletTitle) + '">Leaflet</a>'
  }).addTo(map);
  attribution.addAttribution(escapeHtml(config.attribution));
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close && labels.closePopup) { close.setAttribute("aria-label", labels.closePopup); close.title = labels.closePopup; }
  });
  if (labels.tiles) {
    L.tileLayer(labels.tiles, { maxZoom: 19, attribution: escapeHtml(labels.attribution || "") }).addTo(map);
  }
  map.createPane("outlines").style.zIndex = 420;
  map.createPane("buildings").style.zIndex = 450;

  var layer = "vacancy";
  var figures = {};
  var areas = null;
  var markers = [];

  function areaStyle(feature) {
    var settings = config.layers[layer];
    var row = figures[feature.id];
    var value = row ? row[settings.field] : null;
    return {
      fillColor: swatchColours[classOf(value, settings.bounds)] || "#e6e6e6",
      fillOpacity: labels.tiles ? 0.7 : 1, color: "#6b6b6b", weight: 0.6
    };
  }
  function buildingFill(b) { return layer === "labelCDuty" ? dutyColour(b.labelCDuty) : vacancyColour(b.vacancy); }

  function showLayer(name) {
    if (!config.layers[name]) { return; }
    layer = name;
    if (areas) { areas.setStyle(areaStyle); }
    markers.forEach(function (m) { if (!m.building.withdrawn) { m.setStyle({ fillColor: buildingFill(m.building) }); } });
    document.querySelectorAll(".kt-map-legend[data-choropleth]").forEach(function (legend) {
      legend.hidden = legend.dataset.choropleth !== name;
    });
    var pointsLegend = name === "labelCDuty" ? "labelCDuty" : "vacancy";
    document.querySelectorAll(".kt-legend[data-layer]").forEach(function (legend) {
      legend.hidden = legend.dataset.layer !== pointsLegend;
    });
    element.dataset.layer = name;
  }
  document.querySelectorAll('input[name="map-layer"]').forEach(function (input) {
    input.addEventListener("change", function () { if (input.checked) { showLayer(input.value); } });
    if (input.checked && input.value !== layer) { showLayer(input.value); }
  });

  function areaPopup(feature) {
    var row = figures[feature.id] || {};
    var settings = config.layers[layer];
    var value = row[settings.field];
    var url = config.municipalityUrl.replace("GM0000", feature.id);
    return '<strong>' + escapeHtml(feature.properties.name) + "</strong><br>" + escapeHtml(settings.label) + ": " +
      (value === null || value === undefined ? escapeHtml(config.noData) : number(value) + "%") +
      '<br><a href="' + encodeURI(url) + '">' + escapeHtml(config.areaPage) + "</a>";
  }

  // The page's area: outlined and framed (the nation: the whole country).
  function focusOn(topo) {
    var objects = { province: "provinces", officeRegion: "officeRegions", municipality: "municipalities" };
    var name = objects[labels.focusKind];
    var geometry = name && topo.objects[name].geometries.filter(function (g) { return g.id === labels.focusCode; })[0];
    if (!geometry) { map.fitBounds(areas.getBounds(), { padding: [8, 8] }); return; }
    var outline = L.geoJSON(topojson.feature(topo, geometry), {
      pane: "outlines", interactive: false, style: { fill: false, color: "#000000", weight: 3 }
    }).addTo(map);
    map.fitBounds(outline.getBounds(), { padding: [12, 12] });
  }

  function drawAreas(topo) {
    areas = L.geoJSON(topojson.feature(topo, topo.objects.municipalities), {
      style: areaStyle,
      onEachFeature: function (feature, shape) { shape.bindPopup(function () { return areaPopup(feature); }); }
    }).addTo(map);
    L.geoJSON(topojson.feature(topo, topo.objects.provinces), {
      pane: "outlines", interactive: false, style: { fill: false, color: "#1b1b1b", weight: 1.6 }
    }).addTo(map);
    focusOn(topo);
    element.dataset.areas = String(topo.objects.municipalities.geometries.length);
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; });
  }
  Promise.all([json(labels.boundaries), json(labels.figures)]).then(function (results) {
    if (!results[0]) { return; }
    figures = (results[1] && results[1].municipalities) || {};
    drawAreas(results[0]);
    if (labels.url) { loadBuildings(); }
  });

  // Buildings: points over the areas from BUILDING_ZOOM on, clustered in a neutral colour (not
  // the vacancy scale, which would read as a figure).
  var cluster = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({
    chunkedLoading: true,
    iconCreateFunction: function (group) {
      return L.divIcon({ html: "<span>" + group.getChildCount() + "</span>", className: "kt-cluster", iconSize: [36, 36] });
    }
  }) : L.layerGroup();
  function followZoom() {
    var show = map.getZoom() >= BUILDING_ZOOM;
    if (show && !map.hasLayer(cluster)) { map.addLayer(cluster); }
    if (!show && map.hasLayer(cluster)) { map.removeLayer(cluster); }
    element.dataset.buildingsShown = String(show);
  }
  map.on("zoomend", followZoom);

  function buildingPopup(b) {
    var share = b.vacancy === null ? "–" : number(b.vacancy) + "%";
    if (b.withdrawn) { share = labels.withdrawn || "withdrawn"; }
    var rows = [
      '<a href="' + encodeURI(b.url) + '">' + escapeHtml(b.name || b.bagId) + "</a>",
      b.address ? escapeHtml(config.address) + ": " + escapeHtml(b.address) : "",
      escapeHtml(config.area) + ": " + number(b.areaM2) + " m²",
      escapeHtml(config.vacancy) + ": " + escapeHtml(share),
      b.flagged ? "<strong>" + escapeHtml(config.flagged) + "</strong>" : "",
      dutyLabels[b.labelCDuty || "none"] ? escapeHtml(labels.dutyTitle || "") + " " + escapeHtml(dutyLabels[b.labelCDuty || "none"]) : ""
    ];
    return rows.filter(Boolean).join("<br>");
  }
  function loadBuildings() {
    json(labels.url).then(function (data) {
      (data ? data.buildings : []).forEach(function (b) {
        // A building withdrawn from the stock (listed only when a filter asks) is greyed.
        var marker = L.circleMarker([b.lat, b.lon], b.withdrawn ? {
          pane: "buildings", radius: 6, color: "#4a4a4a", weight: 1, dashArray: "2 2", fillColor: "#f2f4f7", fillOpacity: 0.9
        } : {
          pane: "buildings", radius: 7, color: "#1b1b1b", weight: 1.5, fillColor: buildingFill(b), fillOpacity: 1
        });
        marker.building = b;
        marker.bindPopup(function () { return buildingPopup(b); });
        markers.push(marker);
      });
      if (cluster.addLayers) { cluster.addLayers(markers); } else { markers.forEach(function (m) { cluster.addLayer(m); }); }
      followZoom();
      element.dataset.loaded = String(markers.length);
    });
  }
})();
