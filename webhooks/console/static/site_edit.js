// One site on the map (Leaflet): a circle with its centre as a draggable marker and its radius
// from the form, or a polygon with a draggable marker at each corner. The form's fields follow
// the map and the map follows the fields; the metres are shown as they change. Without a form
// (a head of unit) the shape is only drawn.
(function () {
  var element = document.getElementById("site-map");
  if (!element || !window.L) return;
  var data = JSON.parse(document.getElementById("site-data").textContent);
  var form = document.getElementById("site-form");
  var metres = document.getElementById("metres");
  var map = L.map(element, { attributionControl: Boolean(data.tiles) });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  } else {
    element.classList.add("offline");
  }
  L.control.scale({ imperial: false }).addTo(map);
  var style = { color: "#0b6e4f", weight: 2, fillOpacity: 0.12 };
  var editable = Boolean(form);

  function round(value) { return Math.round(value * 1e6) / 1e6; }

  if (data.corners.length) {
    map.fitBounds(L.latLngBounds(data.corners).pad(0.4));
    var polygon = L.polygon(data.corners, style).addTo(map);
    var handles = data.corners.map(function (corner) {
      var handle = L.marker(corner, { draggable: editable, keyboard: false }).addTo(map);
      handle.on("drag", redraw);
      return handle;
    });
    function redraw() {
      var points = handles.map(function (h) { return h.getLatLng(); });
      polygon.setLatLngs(points);
      var sides = points.map(function (p, i) {
        return Math.round(p.distanceTo(points[(i + 1) % points.length]));
      });
      metres.textContent = data.words.sides + ": " + sides.join(" m, ") + " m";
      if (form) {
        form.elements.corners.value = JSON.stringify(
          points.map(function (p) { return [round(p.lat), round(p.lng)]; }));
      }
    }
    redraw();
    return;
  }
  var centre = L.latLng(data.lat, data.lon);
  map.fitBounds(centre.toBounds(data.radius_m * 4));
  var circle = L.circle(centre, L.extend({ radius: data.radius_m }, style)).addTo(map);
  var handle = L.marker(centre, { draggable: editable, keyboard: false }).addTo(map);
  function show() {
    metres.textContent = data.words.radius + " " + Math.round(circle.getRadius()) + " m";
  }
  show();
  if (!form) return;
  var lat = form.elements.lat, lon = form.elements.lon, radius = form.elements.radius_m;
  handle.on("drag", function () {
    var p = handle.getLatLng();
    circle.setLatLng(p);
    lat.value = round(p.lat);
    lon.value = round(p.lng);
  });
  function moved() {
    var a = Number(lat.value.replace(",", ".")), b = Number(lon.value.replace(",", "."));
    if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
      circle.setLatLng([a, b]);
      handle.setLatLng([a, b]);
    }
  }
  lat.addEventListener("input", moved);
  lon.addEventListener("input", moved);
  radius.addEventListener("input", function () {
    var r = Number(radius.value);
    if (r > 0) { circle.setRadius(r); show(); }
  });
})();
