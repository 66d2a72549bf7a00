// Keep what was typed in a form (localStorage) until the server confirms it: a phone on a
// flaky connection that fails to send the form finds its text again when the page comes
// back. Forms opt in with data-keep="<key>"; the page the server answers with after a
// success carries ?sent=<key>, which clears the draft. Files and hidden fields are not kept
// (a photo is taken again; the position is found again). Plain JS, no library.
(function () {
  "use strict";
  var PREFIX = "gongzhi-keep:";
  var store;
  try { store = window.localStorage; store.getItem("x"); } catch (e) { return; }
  var params = new URLSearchParams(window.location.search);
  var sent = params.get("sent");
  if (sent) {
    store.removeItem(PREFIX + sent);
    params.delete("sent");
    var rest = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
  }
  function kept(el) {
    return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit" &&
      el.type !== "password" && el.name !== "csrfmiddlewaretoken";
  }
  function read(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else if (el.value !== "") {
        data[el.name] = el.value;
      }
    });
    return data;
  }
  function write(form, data) {
    var restored = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el) || !(el.name in data)) return;
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = [].concat(value).indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = [].concat(value).indexOf(o.value) !== -1; });
      } else if (el.value === "" || el.value === el.defaultValue) {
        if (el.value !== value) { el.value = value; restored = true; }
      }
    });
    return restored;
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), function (form) {
    var key = PREFIX + form.dataset.keep;
    var draft = null;
    try { draft = JSON.parse(store.getItem(key) || "null"); } catch (e) { draft = null; }
    if (draft && write(form, draft)) {
      var note = document.createElement("p");
      note.className = "small text-body-secondary keep-note";
      note.textContent = form.dataset.restored || "";
      if (note.textContent) form.insertBefore(note, form.firstChild);
      form.dispatchEvent(new Event("change", { bubbles: true }));
    }
    var timer = null;
    function save() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = read(form);
        if (Object.keys(data).length) store.setItem(key, JSON.stringify(data));
        else store.removeItem(key);
      }, 250);
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { clearTimeout(timer); store.setItem(key, JSON.stringify(read(form))); });
  });
})();
