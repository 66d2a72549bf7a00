/* Cases on the map: the grids' boundaries (as on the grid map, registry's gridmap.js) and the
   cases as clustered markers coloured by state (Leaflet.markercluster); and on a case's page,
   its location on a small map. No inline script (CSP): settings in data- attributes. */
(function () {
  "use strict";

  function text(s) {
    var d = document.createElement("div");
    d.textContent = s == null ? "" : String(s);
    return d.innerHTML;
  }

  function ringLatLngs(geo) {
    if (!geo || geo.type !== "Polygon" || !geo.coordinates || !geo.coordinates[0]) return null;
    var ring = geo.coordinates[0].map(function (p) { return [p[1], p[0]]; });
    if (ring.length > 1) ring.pop();
    return ring;
  }

  function baseMap(el, options) {
    // maxZoom: the cluster layer needs one even without tiles (blank base by default).
    var map = L.map(el, Object.assign({ zoomSnap: 0.25, maxZoom: 19 }, options || {}));
    if (el.dataset.tileUrl) L.tileLayer(el.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
    return map;
  }

  function casesMap(el) {
    var map = baseMap(el);
    var labels = el.dataset;
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var bounds = L.latLngBounds([]);
        (data.grids || []).forEach(function (g) {
          var ring = ringLatLngs(g.boundary);
          if (!ring) return;
          var poly = L.polygon(ring, { color: "#555", weight: 1.5, fillOpacity: 0.04 }).addTo(map);
          poly.bindTooltip(text(g.name), { direction: "center", className: "grid-label" });
          bounds.extend(poly.getBounds());
        });
        var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50 });
        (data.features || []).forEach(function (f) {
          var p = f.properties, c = f.geometry.coordinates;
          var m = L.circleMarker([c[1], c[0]], {
            radius: 7, color: "#fff", weight: 1, fillColor: p.colour, fillOpacity: 0.95
          });
          m.bindPopup("<strong>" + text(p.number) + "</strong><br>" + text(p.category) + "<br>" +
            text(p.status_label) + " · " + text(p.reported) + "<br><a href=\"" + encodeURI(p.url) + "\">" +
            text(labels.labelOpen) + "</a>");
          cluster.addLayer(m);
          bounds.extend([c[1], c[0]]);
        });
        map.addLayer(cluster);
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
        else map.setView([32.04, 118.78], 14);
        var count = document.getElementById("casemap-count");
        if (count) count.textContent = data.shown + " " + labels.labelShown + (data.total > data.shown ? " (" + labels.labelOf + " " + data.total + ")" : "");
      });
  }

  function locationMap(el) {
    var lat = Number(el.dataset.lat), lng = Number(el.dataset.lng);
    var map = baseMap(el, { zoomControl: true, attributionControl: false });
    map.setView([lat, lng], 17);
    L.circleMarker([lat, lng], { radius: 8, color: "#fff", weight: 2, fillColor: "#dc3545", fillOpacity: 1 }).addTo(map);
  }

  function start() {
    if (!window.L) return;
    var el = document.getElementById("casemap");
    if (el && L.markerClusterGroup) casesMap(el);
    var loc = document.getElementById("case-location");
    if (loc) locationMap(loc);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
