/* Several people in one field (a joint nomination's nominators): a picker input with
 * data-append-to="<textarea id>" adds each chosen suggestion as a line of the textarea and
 * empties itself for the next one. Without this file the clerk types the lines. No inline
 * scripts (CSP). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-append-to]")) return;
    var target = document.getElementById(input.getAttribute("data-append-to"));
    var value = input.value.trim();
    if (!target || !value) return;
    var lines = target.value.split("\n").filter(function (l) { return l.trim(); });
    if (lines.indexOf(value) === -1) lines.push(value);
    target.value = lines.join("\n");
    input.value = "";
  });
})();
