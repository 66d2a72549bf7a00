/* gongzhi UI shell behaviour. No inline scripts anywhere (CSP script-src 'self'):
 * pages put behaviour in data attributes that this file reads.
 *
 * - <form data-confirm="Delete this?">  asks before submitting.
 * - htmx: eval is off (CSP forbids it); the CSRF header comes from hx-headers on <body>.
 */
(function () {
  "use strict";

  if (window.htmx) {
    window.htmx.config.allowEval = false;
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.historyCacheSize = 0; // pages may show personal data: do not keep copies
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Close the phone menu (offcanvas) when one of its links is followed.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#sidebar a.nav-link");
    if (!link || !window.bootstrap) return;
    var panel = window.bootstrap.Offcanvas.getInstance(document.getElementById("sidebar"));
    if (panel) panel.hide();
  });
})();
