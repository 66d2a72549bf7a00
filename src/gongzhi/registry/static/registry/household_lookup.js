/* Household pickers: suggestions as you type (registry.lookup).
 * An <input data-lookup-url list="..._options"> gets its <datalist> filled from the JSON
 * endpoint once at least data-lookup-min characters are typed. The server resolves the
 * typed text itself, so the form works without this file. No inline scripts (CSP). */
(function () {
  "use strict";

  var timers = new WeakMap();
  var seen = new WeakMap();

  function fill(input, results) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    list.textContent = "";
    results.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.label;
      option.textContent = [r.head, r.community].filter(Boolean).join(" · ");
      list.appendChild(option);
    });
  }

  function suggest(input) {
    var q = input.value.trim();
    var min = parseInt(input.getAttribute("data-lookup-min") || "2", 10);
    if (q.length < min || seen.get(input) === q) return;
    seen.set(input, q);
    var url = new URL(input.getAttribute("data-lookup-url"), window.location.href);
    url.searchParams.set("q", q);
    var community = input.getAttribute("data-lookup-community");
    if (community) url.searchParams.set("community", community);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() === q) fill(input, data.results || []);
      })
      .catch(function () { /* suggestions are a help only */ });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-lookup-url]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { suggest(input); }, 200));
  });
})();
