// The patrol page: the route on a small Leaflet map and, on the grid worker's own open
// patrol, the recorder: navigator.geolocation.watchPosition keeps a point every ~30 s or
// 25 m; points wait in localStorage and are POSTed in batches to cases:patrol_points, so a
// flaky connection loses nothing (a batch is removed only once the server accepted it).
(function () {
  "use strict";
  var MIN_SECONDS = 30, MIN_METRES = 25, SEND_EVERY_MS = 30000;
  var route = [];
  var data = document.getElementById("patrol-route");
  if (data) { try { route = JSON.parse(data.textContent) || []; } catch (e) { route = []; } }
  var mapEl = document.getElementById("patrol-map");
  var line = null, map = null;
  if (mapEl && window.L) {
    map = L.map(mapEl, { zoomControl: true, attributionControl: false });
    if (mapEl.dataset.tileUrl) L.tileLayer(mapEl.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
    line = L.polyline(route, { color: "#0d6efd", weight: 4 }).addTo(map);
    if (route.length) {
      map.fitBounds(line.getBounds(), { maxZoom: 17, padding: [16, 16] });
      L.circleMarker(route[0], { radius: 6, color: "#198754" }).addTo(map);
    } else {
      map.setView([0, 0], 2);
    }
  }
  var rec = document.getElementById("patrol-recorder");
  if (!rec) return;
  var key = "gongzhi-patrol:" + rec.dataset.key;
  var store = null;
  try { store = window.localStorage; store.getItem("x"); } catch (e) { store = null; }
  var memory = [];
  function pending() {
    if (!store) return memory;
    try { return JSON.parse(store.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function keep(list) { if (store) store.setItem(key, JSON.stringify(list)); else memory = list; }
  var sent = route.length, last = null, sending = false;
  function show() {
    rec.textContent = rec.dataset.recording + sent + " · " + rec.dataset.waiting + pending().length;
  }
  function metres(a, b) {
    var r = 6371000, p1 = a.lat * Math.PI / 180, p2 = b.lat * Math.PI / 180;
    var dp = p2 - p1, dl = (b.lng - a.lng) * Math.PI / 180;
    var h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function send() {
    var batch = pending().slice(0, 200);
    if (sending || !batch.length) return;
    sending = true;
    fetch(rec.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ points: batch })
    }).then(function (response) {
      if (response.ok) return response.json().then(function (body) {
        keep(pending().slice(batch.length));
        sent = body.points;
      });
      if (response.status === 400) keep(pending().slice(batch.length)); // refused: not sent again
    }).catch(function () { /* offline: the points wait for the next try */ })
      .then(function () { sending = false; show(); });
  }
  if (!navigator.geolocation) { rec.textContent = rec.dataset.failed; return; }
  navigator.geolocation.watchPosition(function (pos) {
    var point = {
      lat: +pos.coords.latitude.toFixed(6),
      lng: +pos.coords.longitude.toFixed(6),
      at: new Date(pos.timestamp || Date.now()).toISOString()
    };
    if (last && (Date.parse(point.at) - Date.parse(last.at)) / 1000 < MIN_SECONDS && metres(last, point) < MIN_METRES) return;
    last = point;
    var list = pending(); list.push(point); keep(list);
    if (line) { line.addLatLng([point.lat, point.lng]); if (map) map.panTo([point.lat, point.lng]); }
    show();
  }, function () { rec.textContent = rec.dataset.failed; }, { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 });
  show();
  send();
  setInterval(send, SEND_EVERY_MS);
  window.addEventListener("online", send);
  var end = document.querySelector("form[action$='/end/']");
  if (end) end.addEventListener("submit", send);
})();
