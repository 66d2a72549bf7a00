// The ballot form: warn (and block) when more candidates are ticked than there are seats.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("ballot");
  if (!form) return;
  var seats = parseInt(form.dataset.seats, 10);
  var warning = document.getElementById("ballot-warning");
  function count() { return form.querySelectorAll("input[name=choice]:checked").length; }
  form.addEventListener("change", function () { warning.hidden = count() <= seats; });
  form.addEventListener("submit", function (e) { if (count() > seats) { e.preventDefault(); warning.hidden = false; } });
});
