/* Draws the tracker's charts with the vendored Apache ECharts. Each chart reads its data from a
   <script type="application/json"> next to it; the same data is in a table for screen readers and
   for readers without JavaScript, so the charts only add a picture. */
(function () {
  "use strict";
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var SOURCE_COLOURS = { core: "#0b4f8a", earmarked: "#1a7f37", window: "#8250df", other: "#9a6700" };
  /* Grouped in threes with commas on every page, as the server writes amounts (not the browser's locale). */
  function money(value) { return value === null || value === undefined ? "—" : "$" + Math.round(value).toLocaleString("en-US"); }
  var RTL = document.documentElement.dir === "rtl";
  /* A value axis's amounts, short in the page's language ("20M", "2000万", "20 مليون") with the Latin
     digits every page writes: written out (20,000,000) they ran into one another, or were cut at the
     plot's edge, on a half-width chart. On an Arabic page the label is a right-to-left run (RLI …
     PDI), so that the number stands before its word as Arabic reads, inside the chart's LTR box. */
  var COMPACT = (function () {
    var options = { notation: "compact", maximumFractionDigits: 1 };
    try { return new Intl.NumberFormat((document.documentElement.lang || "en") + "-u-nu-latn", options); }
    catch (error) { return new Intl.NumberFormat("en-US", options); }
  })();
  /* Text drawn on an Arabic page's chart is a right-to-left run inside the chart's LTR box (RLI …
     PDI): else "فجوة أقل من 25 %: 4" or "3.5 مليون" would have their parts reordered. */
  function run(text) { return RTL ? "\u2067" + text + "\u2069" : String(text); }
  /* A category (an instrument, a period) takes the direction of its first letter (FSI … PDI):
     "القرار 2/8" right to left, a period "2024-H2" left to right (RLI made it "H2-2024"). */
  function label(text) { return RTL ? "\u2068" + text + "\u2069" : String(text); }
  function compact(value) { return run(COMPACT.format(value)); }
  function list(value) { return value === undefined ? [] : (Array.isArray(value) ? value : [value]); }
  /* What every chart shares: a legend that scrolls rather than running into the plot, category
     labels that hide rather than overlap, long names cut with an ellipsis; on right-to-left pages
     (Arabic) the picture is mirrored: value axes on the right, categories and time running from the
     right, legend keys after their words. */
  function adapt(option) {
    /* Tooltips drawn in the chart's SVG, not as HTML: ECharts writes its HTML tooltips with style=""
       attributes, which the Content-Security-Policy does not apply. */
    list(option.tooltip).forEach(function (tooltip) { tooltip.renderMode = "richText"; });
    list(option.legend).forEach(function (legend) {
      legend.type = "scroll";
      if (RTL) { legend.align = "right"; legend.left = legend.left || "center"; legend.formatter = run; }
    });
    if (RTL) {
      list(option.series).forEach(function (series) {
        if (series.type !== "pie" || !series.label) { return; }
        var format = series.label.formatter;
        series.label.formatter = function (p) {
          return run(typeof format === "function" ? format(p) : (format || "{b}").replace("{b}", p.name).replace("{c}", p.value));
        };
      });
    }
    if (option.legend && option.grid && option.grid.top === undefined) { option.grid.top = 48; }
    var horizontal = list(option.yAxis).some(function (axis) { return axis.type === "category"; });
    list(option.xAxis).concat(list(option.yAxis)).forEach(function (axis) {
      axis.axisLabel = axis.axisLabel || {};
      if (axis.type === "category") {
        axis.axisLabel.hideOverlap = true;
        if (RTL && !axis.axisLabel.formatter) { axis.axisLabel.formatter = label; }
        if (horizontal) { axis.axisLabel.width = 180; axis.axisLabel.overflow = "truncate"; }
      }
      if (axis.type === "value") {
        axis.axisLabel.hideOverlap = true;
        if (!axis.axisLabel.formatter) { axis.axisLabel.formatter = compact; }
      }
    });
    if (RTL) {
      /* Legend entries read from the right: the first series' key is the rightmost. */
      list(option.legend).forEach(function (legend) { if (legend.data) { legend.data = legend.data.slice().reverse(); } });
      list(option.xAxis).forEach(function (axis) { axis.inverse = !axis.inverse; });
      list(option.yAxis).forEach(function (axis) { axis.position = "right"; });
      /* The value axis now ends on the left: room for its last, widest label. */
      if (option.grid) { var left = option.grid.left; option.grid.left = Math.max(option.grid.right || 0, 32); option.grid.right = left; }
    }
    return option;
  }
  var builders = {
    gap: function (rows, labels) {
      return {
        tooltip: { trigger: "axis" },
        legend: { data: [labels.mobilized, labels.gap] },
        /* The value axis's last label is centred on the plot's edge: room for its half. */
        grid: { containLabel: true, left: 8, right: 32 },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }), inverse: true },
        series: [
          { name: labels.mobilized, type: "bar", stack: "total", data: rows.map(function (r) { return r.mobilized; }), itemStyle: { color: "#1a7f37" } },
          { name: labels.gap, type: "bar", stack: "total", data: rows.map(function (r) { return r.gap; }), itemStyle: { color: "#b35900" } }
        ]
      };
    },
    status: function (rows) {
      return {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: rows, label: { formatter: "{b}: {c}" } }]
      };
    },
    periods: function (rows, labels) {
      return {
        tooltip: { trigger: "axis" },
        legend: { data: [labels.updates, labels.commitments] },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: labels.updates, type: "bar", data: rows.map(function (r) { return r.updates; }), itemStyle: { color: "#0b4f8a" } },
          { name: labels.commitments, type: "bar", data: rows.map(function (r) { return r.commitments; }), itemStyle: { color: "#8250df" } }
        ]
      };
    },
    balance: function (rows, labels) {
      /* The window's balance: a step line, as the balance holds until the next movement. */
      return {
        tooltip: { trigger: "axis" },
        grid: { containLabel: true, left: 8, right: 24 },
        xAxis: { type: "time" },
        yAxis: { type: "value", min: 0 },
        series: [{ name: labels.balance, type: "line", step: "end", symbolSize: 6, areaStyle: { opacity: 0.15 },
                   data: rows.map(function (r) { return [r.day, r.balance]; }), itemStyle: { color: "#0b4f8a" } }]
      };
    },
    /* Funding (publish/funding_views.py): one colour per source everywhere. */
    shares: function (rows) {
      return {
        tooltip: { trigger: "item", valueFormatter: money },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], label: { formatter: function (p) { return p.data.shareLabel; } },
                   /* The label is the share the table beside it shows (computed once, on the server):
                      ECharts' own percentages round so that they add up to 100 and may differ. */
                   data: rows.map(function (r) { return { name: r.name, value: r.value, shareLabel: r.label, itemStyle: { color: SOURCE_COLOURS[r.source] } }; }) }]
      };
    },
    funding_trend: function (rows, labels) {
      /* Totals per period: requirements and mobilized as bars, the (net) gap as a line. */
      return {
        tooltip: { trigger: "axis", valueFormatter: money },
        legend: { data: [labels.requirements, labels.mobilized, labels.gap] },
        grid: { containLabel: true, left: 8, right: 16 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        yAxis: { type: "value" },
        series: [
          { name: labels.requirements, type: "bar", barMaxWidth: 64, data: rows.map(function (r) { return r.requirements; }), itemStyle: { color: "#57606a" } },
          { name: labels.mobilized, type: "bar", barMaxWidth: 64, data: rows.map(function (r) { return r.mobilized; }), itemStyle: { color: "#1a7f37" } },
          { name: labels.gap, type: "line", data: rows.map(function (r) { return r.gap; }), itemStyle: { color: "#b35900" } }
        ]
      };
    },
    instrument_funding: function (rows, labels) {
      /* One instrument per period: mobilized stacked by source, requirements as a line. */
      var series = ["core", "earmarked", "window", "other"].map(function (source) {
        /* barMaxWidth: with one or two periods the bars would otherwise fill the whole width. */
        return { name: labels[source], type: "bar", stack: "mobilized", barMaxWidth: 64, itemStyle: { color: SOURCE_COLOURS[source] },
                 data: rows.map(function (r) { return r[source]; }) };
      });
      series.push({ name: labels.requirements, type: "line", data: rows.map(function (r) { return r.requirements; }),
                    itemStyle: { color: "#24292f" } });
      return {
        tooltip: { trigger: "axis", valueFormatter: money },
        legend: { data: series.map(function (s) { return s.name; }) },
        grid: { containLabel: true, left: 8, right: 16, top: 64 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        yAxis: { type: "value" },
        series: series
      };
    }
  };
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    if (typeof echarts === "undefined") { return; }
    var rows = data(element.dataset.source);
    if (!rows.length) { return; }
    var labels = element.dataset.labels ? JSON.parse(element.dataset.labels) : {};
    /* A chart as tall as its rows need (data-height, pixels): set here, through the element's style
       object, as the Content-Security-Policy applies no style="" attribute written in the page. */
    if (element.dataset.height) { element.style.height = element.dataset.height + "px"; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(adapt(builders[element.dataset.chart](rows, labels)));
    element.setAttribute("data-drawn", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
