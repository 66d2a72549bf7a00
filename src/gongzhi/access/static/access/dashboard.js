/* Burden dashboard charts (ECharts). Data from the JSON endpoint named in data-url. */
(function () {
  "use strict";
  var root = document.getElementById("burden-charts");
  if (!root || !window.echarts) { return; }
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = window.echarts.init(el);
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  function pie(title, data) {
    return { title: { text: title, left: "center", textStyle: { fontSize: 14 } }, tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data: data }] };
  }
  function bar(title, names, values) {
    return { title: { text: title, left: "center", textStyle: { fontSize: 14 } }, tooltip: {},
      grid: { left: 60, right: 20, top: 40, bottom: 40 }, xAxis: { type: "category", data: names, axisLabel: { interval: 0 } },
      yAxis: { type: "value" }, series: [{ type: "bar", data: values }] };
  }
  fetch(root.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (d) {
      var L = d.labels;
      chart("chart-applications", pie(L.applications, Object.keys(d.applications)
        .filter(function (k) { return d.applications[k] > 0; })
        .map(function (k) { return { name: k, value: d.applications[k] }; })));
      var dn = Object.keys(d.dispositions);
      chart("chart-dispositions", bar(L.dispositions, dn.map(function (k) { return L.disposition_names[k]; }),
        dn.map(function (k) { return d.dispositions[k]; })));
      chart("chart-funds", bar(L.funds, [L.due, L.transferred], [Number(d.funds.due), Number(d.funds.transferred)]));
      var ln = Object.keys(d.ledgers);
      chart("chart-ledgers", bar(L.ledgers, ln.map(function (k) { return L.ledger_names[k]; }),
        ln.map(function (k) { return d.ledgers[k]; })));
      chart("chart-trend", {
        title: { text: L.trend, left: "center", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
        legend: { bottom: 0, data: [L.submitted, L.refused] }, grid: { left: 40, right: 20, top: 40, bottom: 50 },
        xAxis: { type: "category", data: d.trend.months }, yAxis: { type: "value", minInterval: 1 },
        series: [{ name: L.submitted, type: "line", data: d.trend.submitted },
                 { name: L.refused, type: "line", data: d.trend.refused }]
      });
    });
}());
