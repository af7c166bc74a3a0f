// The console's maps (Leaflet, vendored in ./leaflet): the sites' fences and where today's
// clock-ins were made. The page puts what to draw in <script id="map-data">; every label is
// set as text, never as HTML (names come from people). Without a tile server (MAP_TILES) the
// map has no base layer: the shapes on a plain background, with a scale, nothing fetched.
(function () {
  var element = document.getElementById("map");
  if (!element || !window.L) return;
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var map = L.map(element, { attributionControl: Boolean(data.tiles) });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  } else {
    element.classList.add("offline");
  }
  L.control.scale({ imperial: false }).addTo(map);
  // The view first (Leaflet draws a layer only on a map that has one): fitted to the sites and
  // the clock-ins, else Indonesia.
  var bounds = L.latLngBounds([]);
  data.sites.forEach(function (s) {
    bounds.extend(s.corners.length ? L.latLngBounds(s.corners)
                                   : L.latLng(s.lat, s.lon).toBounds(2 * s.radius_m));
  });
  data.points.forEach(function (p) { bounds.extend([p.lat, p.lon]); });
  if (bounds.isValid()) {
    map.fitBounds(bounds.pad(0.15), { maxZoom: 18 });
  } else {
    map.setView([-2.5, 118], 4);
  }
  var site = { color: "#0b6e4f", weight: 2, fillOpacity: 0.08 };
  var event = { color: "#1f5fa8", weight: 2, dashArray: "6 4", fillOpacity: 0.08 };

  function text(words) {
    var span = document.createElement("span");
    span.textContent = words;
    return span;
  }

  data.sites.forEach(function (s) {
    var style = s.event ? event : site;
    var shape = s.corners.length
      ? L.polygon(s.corners, style)
      : L.circle([s.lat, s.lon], L.extend({ radius: s.radius_m }, style));
    shape.bindTooltip(text(s.label)).addTo(map);
  });
  data.points.forEach(function (p) {
    var colour = p.accepted ? "#0b6e4f" : "#b42318";
    var dot = L.circleMarker([p.lat, p.lon], {
      radius: 6, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1,
    });
    dot.bindTooltip(text(p.label)).addTo(map);
  });
  element.setAttribute("data-drawn", String(data.sites.length + data.points.length));
})();
