// The pin on the report and desk pages: the reporter's grids as outlines, a marker at the
// phone's position (cases/report.js sends the "position" event) that the reporter drags or
// places with a tap to correct it. Every move writes the hidden lat/lng fields and sends
// "position" again, so the duplicate check (htmx) follows the pin.
// No inline script (CSP): the grids come as JSON in a <script type="application/json">.
(function () {
  "use strict";
  var el = document.getElementById("case-pin");
  var form = el && el.closest("form");
  if (!el || !form || typeof L === "undefined") return;
  var lat = form.querySelector("input[name=lat]");
  var lng = form.querySelector("input[name=lng]");
  var status = document.getElementById("position-status");
  var grids = [];
  var source = document.getElementById(el.dataset.grids || "");
  if (source) {
    try { grids = JSON.parse(source.textContent) || []; } catch (e) { grids = []; }
  }
  var map = L.map(el, { zoomSnap: 0.25, maxZoom: 19 });
  if (el.dataset.tileUrl) L.tileLayer(el.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  var bounds = L.latLngBounds([]);
  grids.forEach(function (g) {
    var geo = g.boundary;
    if (!geo || geo.type !== "Polygon" || !geo.coordinates || !geo.coordinates[0]) return;
    var ring = geo.coordinates[0].map(function (p) { return [p[1], p[0]]; });
    var layer = L.polygon(ring, { color: "#0d6efd", weight: 2, fillOpacity: 0.05 })
      .bindTooltip(g.name).addTo(map);
    bounds.extend(layer.getBounds());
  });
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
  else map.setView([Number(el.dataset.lat) || 32.04, Number(el.dataset.lng) || 118.78], 15);

  var marker = null;
  function write(latlng, moved) {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    if (moved && status) {
      status.textContent = status.dataset.moved + lat.value + ", " + lng.value;
      status.classList.remove("text-warning-emphasis");
    }
    if (moved) document.body.dispatchEvent(new Event("position"));
  }
  function place(latlng, moved) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: true, title: el.dataset.pinTitle })
        .addTo(map);
      marker.on("dragstart", function () { byHand = true; });
      marker.on("dragend", function () { write(marker.getLatLng(), true); });
    } else {
      marker.setLatLng(latlng);
    }
    write(latlng, moved);
  }
  // A position already in the form (typed before, restored by keep.js, or an error page).
  if (lat.value && lng.value) place(L.latLng(Number(lat.value), Number(lng.value)), false);
  // The phone's position, once found (report.js), moves the pin there unless moved by hand.
  var byHand = false;
  document.body.addEventListener("position", function () {
    if (byHand || !lat.value || !lng.value) return;
    var here = L.latLng(Number(lat.value), Number(lng.value));
    if (!marker) { place(here, false); map.setView(here, Math.max(map.getZoom(), 17)); }
  });
  map.on("click", function (e) { byHand = true; place(e.latlng, true); });
})();
