// The phone report page: the phone's position into the hidden lat/lng fields. Without a
// position (refused, no GPS, timeout) the page says so and the reporter types where it is.
(function () {
  "use strict";
  var form = document.getElementById("case-report");
  var status = document.getElementById("position-status");
  if (!form || !status) return;
  var lat = form.querySelector("input[name=lat]");
  var lng = form.querySelector("input[name=lng]");
  function failed() {
    status.textContent = status.dataset.failed;
    status.classList.add("text-warning-emphasis");
  }
  if (!navigator.geolocation) { failed(); return; }
  navigator.geolocation.getCurrentPosition(function (pos) {
    lat.value = pos.coords.latitude.toFixed(6);
    lng.value = pos.coords.longitude.toFixed(6);
    status.textContent = status.dataset.found + lat.value + ", " + lng.value +
      " (±" + Math.round(pos.coords.accuracy) + " m)";
    // The duplicate check (htmx, cases:duplicates) listens for the position.
    document.body.dispatchEvent(new Event("position"));
  }, failed, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
})();
