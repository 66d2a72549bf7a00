/* The ranking of handling units as a horizontal bar chart (ECharts). No inline script (CSP):
   the data come from the page's JSON block, the labels from data- attributes. */
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("ranking-chart");
    var source = document.getElementById("ranking-data");
    if (!el || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: data.names },
      series: [
        { type: "bar", name: el.dataset.labelOnTime, data: data.on_time, itemStyle: { color: "#198754" } },
        { type: "bar", name: el.dataset.labelClosed, data: data.closed, itemStyle: { color: "#0d6efd" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
