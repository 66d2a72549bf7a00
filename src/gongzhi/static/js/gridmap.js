/* Grid map (registry): grids as polygons coloured by load, buildings as points, drawing a
   grid's boundary (click to add points, drag to move, double-click to remove, save), picking
   buildings for the assignment form, and the partition proposal with its bar chart.
   No inline script (CSP): settings come from data- attributes, data from JSON endpoints. */
(function () {
  "use strict";

  var LOAD_COLOURS = { ok: "#198754", low: "#0d6efd", warning: "#dc3545" };
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
    "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"];

  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function text(s) {
    var d = document.createElement("div");
    d.textContent = s == null ? "" : String(s);
    return d.innerHTML;
  }

  function ringLatLngs(geo) {
    if (!geo || geo.type !== "Polygon" || !geo.coordinates || !geo.coordinates[0]) return null;
    var ring = geo.coordinates[0].map(function (p) { return [p[1], p[0]]; });
    if (ring.length > 1) ring.pop(); // Leaflet closes rings itself
    return ring;
  }

  function baseMap(el) {
    var map = L.map(el, { zoomSnap: 0.25, preferCanvas: false, doubleClickZoom: false });
    var tiles = el.dataset.tileUrl;
    if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
    return map;
  }

  function fit(map, layers, data) {
    var bounds = L.latLngBounds([]);
    layers.forEach(function (l) { if (l.getBounds) bounds.extend(l.getBounds()); else if (l.getLatLng) bounds.extend(l.getLatLng()); });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
    else if (data.community && data.community.center) map.setView(data.community.center, 16);
    else map.setView([32.04, 118.78], 15);
  }

  // --- the grid map --------------------------------------------------------------------------

  function gridMap(el, data) {
    var map = baseMap(el);
    var labels = el.dataset;
    var layers = [];
    var polygons = {};
    var gridColour = {};
    data.grids.forEach(function (g, i) { gridColour[g.id] = PALETTE[i % PALETTE.length]; });

    data.grids.forEach(function (g) {
      var ring = ringLatLngs(g.boundary);
      if (!ring) return;
      var colour = LOAD_COLOURS[g.status] || "#6c757d";
      var poly = L.polygon(ring, { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.15 }).addTo(map);
      poly.bindTooltip(text(g.name), { permanent: true, direction: "center", className: "grid-label" });
      poly.bindPopup("<strong>" + text(g.name) + "</strong><br>" + text(g.code) + "<br>" +
        text(g.households) + " / " + text(g.norm) + " " + text(labels.labelHouseholds) + " (" + text(g.percent) + "%)" +
        (g.workers.length ? "<br>" + text(g.workers.join("、")) : ""));
      polygons[g.id] = poly;
      layers.push(poly);
    });

    var selectEl = document.querySelector("[data-assign-buildings]");
    var markers = {};
    function markSelected(id, on) {
      var m = markers[id];
      if (!m) return;
      m.setStyle(on ? { color: "#000", weight: 3, radius: 8 } : { color: "#fff", weight: 1, radius: 5 + Math.min(5, m.options.households / 40) });
    }
    data.buildings.forEach(function (b) {
      var colour = b.grid ? gridColour[b.grid] || "#6c757d" : "#adb5bd";
      var m = L.circleMarker([b.lat, b.lng], {
        radius: 5 + Math.min(5, b.households / 40), color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.95,
        households: b.households
      }).addTo(map);
      m.bindPopup("<strong>" + text(b.address) + "</strong>" + (b.estate ? "<br>" + text(b.estate) : "") + "<br>" +
        text(b.households) + " " + text(labels.labelHouseholds) + "<br>" + text(labels.labelGrid) + ": " +
        text(b.grid_name || labels.labelNone));
      markers[b.id] = m;
      layers.push(m);
      if (labels.canSelect && selectEl) {
        m.on("click", function () {
          var opt = selectEl.querySelector('option[value="' + b.id + '"]');
          if (!opt) return;
          opt.selected = !opt.selected;
          markSelected(b.id, opt.selected);
        });
      }
    });
    if (selectEl) {
      selectEl.addEventListener("change", function () {
        Array.prototype.forEach.call(selectEl.options, function (o) { markSelected(o.value, o.selected); });
      });
    }
    var gridSelect = document.querySelector("[data-assign-grid]");
    var submit = document.querySelector("[data-assign-submit]");
    if (gridSelect && submit) {
      gridSelect.addEventListener("change", function () { submit.setAttribute("formaction", gridSelect.value); });
    }
    fit(map, layers, data);

    document.querySelectorAll("[data-focus-grid]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var poly = polygons[btn.dataset.focusGrid];
        if (poly) { map.fitBounds(poly.getBounds(), { padding: [30, 30] }); poly.openPopup(); }
      });
    });

    if (labels.canEdit) setUpEditing(map, el, data, polygons);
  }

  function setUpEditing(map, el, data, polygons) {
    var bar = document.getElementById("gridmap-editbar");
    var status = document.getElementById("gridmap-status");
    var editing = null; // {grid, points: [LatLng], markers: [], shape}
    var icon = L.divIcon({ className: "vertex-icon", iconSize: null });

    function redraw() {
      if (!editing) return;
      var pts = editing.markers.map(function (m) { return m.getLatLng(); });
      if (editing.shape) editing.shape.setLatLngs(pts);
      else editing.shape = L.polygon(pts, { color: "#0d6efd", weight: 2, dashArray: "6 4", fillOpacity: 0.1 }).addTo(map);
      bar.querySelector(".gridmap-edit-count").textContent = pts.length + " ●";
    }
    function addVertex(latlng) {
      var m = L.marker(latlng, { draggable: true, icon: icon, keyboard: false }).addTo(map);
      m.on("drag", redraw);
      m.on("dblclick", function (e) {
        L.DomEvent.stop(e);
        map.removeLayer(m);
        editing.markers.splice(editing.markers.indexOf(m), 1);
        redraw();
      });
      editing.markers.push(m);
      redraw();
    }
    function stop() {
      if (!editing) return;
      editing.markers.forEach(function (m) { map.removeLayer(m); });
      if (editing.shape) map.removeLayer(editing.shape);
      if (polygons[editing.grid]) polygons[editing.grid].setStyle({ opacity: 1, fillOpacity: 0.15 });
      editing = null;
      bar.classList.add("d-none");
    }
    map.on("click", function (e) { if (editing) addVertex(e.latlng); });

    document.querySelectorAll("[data-edit-grid]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        stop();
        var id = btn.dataset.editGrid;
        editing = { grid: id, markers: [], shape: null };
        bar.classList.remove("d-none");
        bar.querySelector(".gridmap-edit-help").textContent = el.dataset.labelEditing;
        var poly = polygons[id];
        if (poly) {
          poly.setStyle({ opacity: 0.3, fillOpacity: 0.05 });
          poly.getLatLngs()[0].forEach(addVertex);
          map.fitBounds(poly.getBounds(), { padding: [40, 40] });
        }
        redraw();
        el.scrollIntoView({ behavior: "smooth", block: "center" });
      });
    });
    bar.querySelector("[data-edit-cancel]").addEventListener("click", stop);
    bar.querySelector("[data-edit-clear]").addEventListener("click", function () {
      if (!editing) return;
      editing.markers.forEach(function (m) { map.removeLayer(m); });
      editing.markers = [];
      redraw();
    });
    bar.querySelector("[data-edit-save]").addEventListener("click", function () {
      if (!editing) return;
      var ring = editing.markers.map(function (m) { var p = m.getLatLng(); return [p.lng, p.lat]; });
      if (ring.length) ring.push(ring[0]);
      var url = el.dataset.boundaryUrl.replace("/0/", "/" + editing.grid + "/");
      var grid = editing.grid;
      fetch(url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ boundary: { type: "Polygon", coordinates: [ring] } })
      }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (res.ok) {
            var latlngs = ringLatLngs(res.body.boundary);
            if (polygons[grid]) polygons[grid].setLatLngs(latlngs);
            else polygons[grid] = L.polygon(latlngs, { color: "#198754", weight: 2, fillOpacity: 0.15 }).addTo(map);
            status.className = "small mt-1 text-success";
            status.textContent = res.body.message || el.dataset.labelSaved;
            stop();
          } else {
            status.className = "small mt-1 text-danger";
            status.textContent = (res.body.errors || [el.dataset.labelFailed]).join(" ");
          }
        })
        .catch(function () { status.className = "small mt-1 text-danger"; status.textContent = el.dataset.labelFailed; });
    });
  }

  // --- the partition proposal ----------------------------------------------------------------

  function proposalMap(el, data) {
    var map = baseMap(el);
    var labels = el.dataset;
    var layers = [];
    data.grids.forEach(function (g) {
      var ring = ringLatLngs(g.boundary);
      if (!ring) return;
      var poly = L.polygon(ring, { color: "#555", weight: 2, dashArray: "6 5", fill: false }).addTo(map);
      poly.bindPopup(text(labels.labelCurrent) + " " + text(g.name) + "<br>" + text(g.households) + " " + text(labels.labelHouseholds));
      layers.push(poly);
    });
    data.proposed.forEach(function (g) {
      var ring = ringLatLngs(g.boundary);
      if (!ring) return;
      var colour = PALETTE[(g.number - 1) % PALETTE.length];
      var poly = L.polygon(ring, { color: "#6f42c1", weight: 2, fillColor: colour, fillOpacity: g.within_tolerance ? 0.12 : 0.3 }).addTo(map);
      poly.bindTooltip(("0" + g.number).slice(-2), { permanent: true, direction: "center", className: "grid-label" });
      poly.bindPopup(text(labels.labelProposed) + " " + ("0" + g.number).slice(-2) + "<br>" + text(g.households) + " " +
        text(labels.labelHouseholds) + " (" + (g.deviation > 0 ? "+" : "") + text(g.deviation) + "%)");
      layers.push(poly);
    });
    data.buildings.forEach(function (b) {
      var colour = b.proposed ? PALETTE[(b.proposed - 1) % PALETTE.length] : "#adb5bd";
      var m = L.circleMarker([b.lat, b.lng], { radius: 5, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.95 }).addTo(map);
      m.bindPopup("<strong>" + text(b.address) + "</strong><br>" + text(b.households) + " " + text(labels.labelHouseholds) +
        "<br>" + text(labels.labelProposed) + ": " + (b.proposed ? ("0" + b.proposed).slice(-2) : "–") +
        "<br>" + text(labels.labelCurrent) + ": " + text(b.grid_name || labels.labelNone));
      layers.push(m);
    });
    fit(map, layers, data);
  }

  function proposalChart(el, data) {
    if (!window.echarts) return;
    var chart = echarts.init(el);
    var lower = Number(el.dataset.lower), upper = Number(el.dataset.upper), target = Number(el.dataset.target);
    var names = data.proposed.map(function (g) { return ("0" + g.number).slice(-2); });
    var values = data.proposed.map(function (g) {
      return { value: g.households, itemStyle: { color: g.households < lower ? "#0d6efd" : g.households > upper ? "#dc3545" : "#198754" } };
    });
    chart.setOption({
      grid: { left: 48, right: 40, top: 40, bottom: 32 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: names },
      yAxis: { type: "value", name: el.dataset.labelHouseholds },
      series: [{
        type: "bar", name: el.dataset.labelHouseholds, data: values,
        markArea: { silent: true, itemStyle: { color: "rgba(25,135,84,0.12)" }, data: [[{ yAxis: lower, name: el.dataset.labelBand }, { yAxis: upper }]] },
        markLine: { silent: true, symbol: "none", lineStyle: { color: "#198754", type: "dashed" }, data: [{ yAxis: target }] }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var el = document.getElementById("gridmap");
    var chartEl = document.getElementById("partition-chart");
    if (!el && !chartEl) return;
    var url = (el || chartEl).dataset.url;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (el && window.L) {
          if (el.dataset.mode === "proposal") proposalMap(el, data);
          else gridMap(el, data);
        }
        if (chartEl) proposalChart(chartEl, data);
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
