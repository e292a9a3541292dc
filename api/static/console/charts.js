// Pictures drawn with Apache ECharts (vendored, /static/vendor/echarts-6.1.0): the trace graph, a pollutant's
// values against its limits, dashboard bars and lines, and the compliance map. Each returns the element it drew in;
// the chart object stays reachable from it (echarts.getInstanceByDom) for the browser tests.
import { h } from "./app.js";
import { t } from "./i18n.js";

const COLOURS = { EIAApproval: "#8e44ad", CompletionAcceptance: "#6c5ce7", ProductionFacility: "#2c7be5", TreatmentFacility: "#00a389", Outlet: "#e67e22", Permit: "#c0392b", PermitLimit: "#7f8c8d", Enterprise: "#34495e", MonitoringMonth: "#16a085", Exceedance: "#e74c3c", Pollutant: "#95a5a6" };
// Columns of the chain, left to right: what allowed it, what produces, what treats, where it leaves, what governs.
const COLUMN = { Enterprise: 0, EIAApproval: 0, CompletionAcceptance: 0, ProductionFacility: 1, TreatmentFacility: 2, Outlet: 3, MonitoringMonth: 3, Exceedance: 4, Permit: 4, PermitLimit: 4, Pollutant: 5 };

function box(cls, height) {
  return h("div", { class: `chart ${cls}`, style: `height:${height}px` });
}

const live = []; // [chart, its ResizeObserver] of the page on screen

function draw(el, option) {
  const chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption(option);
  const watch = new ResizeObserver(() => el.isConnected && chart.resize());
  watch.observe(el);
  live.push([chart, watch]);
  return chart;
}

// A page leaving the screen takes its charts with it (a chart left behind would redraw into nothing).
export function disposeAll() {
  for (const [chart, watch] of live.splice(0)) {
    watch.disconnect();
    chart.dispose();
  }
}

// Charts are drawn once their element is in the page (it needs a size): render() calls drawPending() after it
// has put the page's nodes in place.
const pending = [];

export function later(el, option) {
  pending.push(() => draw(el, option));
  return el;
}

export function drawPending() {
  for (const job of pending.splice(0)) job();
}

// nodes: [{id, label, name, key}], edges: [{source, target, type}] — laid out in columns by label.
export function traceGraph(nodes, edges) {
  const rows = {};
  const narrow = window.innerWidth < 640; // a phone: the chain runs top to bottom
  const data = nodes.map((n) => {
    const col = COLUMN[n.label] ?? 5;
    const row = (rows[col] = (rows[col] ?? -1) + 1);
    const [x, y] = narrow ? [row * 150, col * 110] : [col * 220, row * 90];
    return { id: n.id, name: n.name, value: n.key, category: n.label, x, y, symbolSize: narrow ? 30 : 46, itemStyle: { color: COLOURS[n.label] || "#555" } };
  });
  const tallest = Math.max(1, ...Object.values(rows).map((r) => r + 1));
  const columns = new Set(nodes.map((n) => COLUMN[n.label] ?? 5)).size;
  const el = box("trace-graph", narrow ? columns * 110 + 100 : Math.max(180, tallest * 90 + 80));
  el.dataset.nodes = String(nodes.length);
  el.dataset.edges = String(edges.length);
  return later(el, {
    tooltip: { formatter: (p) => (p.dataType === "edge" ? p.data.type : `${p.data.category}<br>${escapeHtml(p.data.name)}<br>${escapeHtml(p.data.value)}`) },
    legend: { data: [...new Set(nodes.map((n) => n.label))], top: 0 },
    animation: false,
    series: [{
      type: "graph", layout: "none", roam: true, top: 40, label: { show: true, position: "bottom", formatter: (p) => p.data.name, width: 160, overflow: "truncate" },
      edgeSymbol: ["none", "arrow"], edgeSymbolSize: 9, lineStyle: { color: "#999", width: 1.5, curveness: 0.08 },
      categories: [...new Set(nodes.map((n) => n.label))].map((name) => ({ name, itemStyle: { color: COLOURS[name] } })),
      data, links: edges.map((e) => ({ source: e.source, target: e.target, type: e.type })),
    }],
  });
}

function niceUp(x) {
  return x <= 0 ? 0 : Number((x * 1.1).toPrecision(2));
}

function niceDown(x) {
  return x >= 0 ? Math.max(0, Number((x * 0.9).toPrecision(2))) : Number((x * 1.1).toPrecision(2));
}

function escapeHtml(text) {
  // tooltips are the one place ECharts takes HTML: escape what comes from the graph
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// One pollutant: daily values, a line per limit in force (upper, and lower for pH), exceedances marked.
export function monitoringChart(pollutant, unit, points, limits, exceedances, since, until) {
  const el = box("monitoring", 300);
  el.dataset.pollutant = pollutant;
  el.dataset.points = String(points.length);
  el.dataset.limits = limits.map((l) => l.value).join(",");
  el.dataset.exceedances = String(exceedances.length);
  return later(el, {
    title: { text: `${pollutant} (${unit || "—"})`, left: 0, textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 90, top: 40, bottom: 60 },
    xAxis: { type: "time", min: since, max: until },
    // the axis reaches every limit line, also one far above the values
    yAxis: { type: "value", scale: true, max: (v) => niceUp(Math.max(v.max, ...limits.map((l) => l.value))), min: (v) => niceDown(Math.min(v.min, ...limits.map((l) => l.value))) },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
    animation: false,
    series: [{
      name: t("value"), type: "line", showSymbol: points.length < 120, data: points.map((p) => [p.date, p.value]),
      markLine: { symbol: "none", lineStyle: { color: "#c0392b", type: "dashed" }, label: { formatter: (p) => `${p.name} ${p.value}` }, data: limits.map((l) => ({ yAxis: l.value, name: l.name })) },
      markPoint: { symbol: "circle", symbolSize: 12, itemStyle: { color: "#e74c3c" }, label: { show: false }, data: exceedances.map((x) => ({ coord: [x.date, x.value], value: x.value })) },
    }],
  });
}

export function bars(cls, buckets, horizontal) {
  const el = box(cls, horizontal ? Math.max(220, buckets.length * 26 + 60) : 280);
  el.dataset.points = String(buckets.length);
  const names = buckets.map((b) => b.name || b.key);
  const values = buckets.map((b) => b.count);
  return later(el, {
    tooltip: { trigger: "axis" }, animation: false, grid: { left: horizontal ? 150 : 50, right: 20, top: 20, bottom: 40 },
    xAxis: horizontal ? { type: "value" } : { type: "category", data: names },
    yAxis: horizontal ? { type: "category", data: names, inverse: true } : { type: "value" },
    series: [{ type: "bar", data: values, name: t("count"), itemStyle: { color: "#2c7be5" } }],
  });
}

export function pie(cls, buckets) {
  const el = box(cls, 280);
  el.dataset.points = String(buckets.length);
  return later(el, {
    tooltip: {}, animation: false, legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: buckets.map((b) => ({ name: b.name || b.key, value: b.count })) }],
  });
}

// Points on longitude/latitude axes (no base map is bundled): red with open findings, green without.
export function compliance(features) {
  const el = box("map", 420);
  const red = features.filter((f) => f.properties.openFindings > 0);
  const green = features.filter((f) => f.properties.openFindings === 0);
  el.dataset.points = String(features.length);
  el.dataset.red = String(red.length);
  const series = (name, list, color) => ({
    name, type: "scatter", symbolSize: 7, itemStyle: { color }, large: list.length > 2000,
    data: list.map((f) => ({ value: f.geometry.coordinates, name: f.properties.name, uscc: f.properties.uscc, open: f.properties.openFindings })),
  });
  return later(el, {
    tooltip: { formatter: (p) => `${escapeHtml(p.data.name)}<br>${p.data.uscc}<br>${t("findings")}: ${p.data.open}` },
    legend: { top: 0 }, animation: false, grid: { left: 60, right: 20, top: 30, bottom: 40 },
    xAxis: { type: "value", scale: true, name: t("lon") }, yAxis: { type: "value", scale: true, name: t("lat") },
    dataZoom: [{ type: "inside", xAxisIndex: 0 }, { type: "inside", yAxisIndex: 0 }],
    series: [series(t("withFindings"), red, "#e74c3c"), series(t("withoutFindings"), green, "#27ae60")],
  });
}

// Groups × periods (aggregateTable) as a heat map: every period a column, empty ones present.
export function heatmap(cls, rows) {
  const periods = rows[0]?.cells.map((c) => c.key) ?? [];
  const names = rows.map((r) => r.name || r.key);
  const el = box(cls, Math.max(200, rows.length * 24 + 90));
  el.dataset.rows = String(rows.length);
  el.dataset.columns = String(periods.length);
  const data = rows.flatMap((r, y) => r.cells.map((c, x) => [x, y, c.count]));
  return later(el, {
    tooltip: { formatter: (p) => `${escapeHtml(names[p.value[1]])} ${periods[p.value[0]]}: ${p.value[2]}` },
    animation: false, grid: { left: 150, right: 20, top: 10, bottom: 70 },
    xAxis: { type: "category", data: periods }, yAxis: { type: "category", data: names, inverse: true },
    visualMap: { min: 0, max: Math.max(1, ...data.map((d) => d[2])), orient: "horizontal", left: "center", bottom: 0, calculable: true },
    series: [{ type: "heatmap", data, label: { show: periods.length <= 24 } }],
  });
}
