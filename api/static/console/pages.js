// One function per page: it asks the API for what the page shows (at most three requests) and returns its nodes.
import { exportLinks, fields, gql, h, link, section, table } from "./app.js";
import { bars, compliance, heatmap, monitoringChart, pie, traceGraph } from "./charts.js";
import { t } from "./i18n.js";

const locked = () => h("p", { class: "locked" }, t("locked"));
const nodes = (conn) => conn?.nodes ?? [];
const enc = encodeURIComponent;

function outletPath(uscc, code, site) {
  return `/outlet/${enc(uscc)}/${enc(code)}${site ? `?site=${enc(site)}` : ""}`;
}

// --- home and search ---------------------------------------------------------------------------------------------
async function home() {
  return [
    h("h1", {}, t("title")),
    h("p", { class: "muted" }, t("searchHint")),
    h("ul", { class: "tiles" }, h("li", {}, link("/dashboard", t("dashboard"))), h("li", {}, link("/disclosures", t("disclosures")))),
  ];
}

const SEARCH = `query Search($text: String!) { search(text: $text, first: 30) {
  __typename
  ... on Enterprise { uscc name address regionCode }
  ... on Site { key uscc siteId: site sourceCode name address }
  ... on Permit { number status validTo enterprise { uscc name } }
  ... on Outlet { code localCode name medium enterprise { uscc name } site { site } }
  ... on Device { mn maker outlet { code name enterprise { uscc name } site { site } } } } }`;

async function search(_, query) {
  const text = (query.get("q") || "").trim();
  const form = document.querySelector("form.search");
  if (form) form.q.value = text;
  if (!text) return home();
  const { data } = await gql(SEARCH, { text });
  const hits = data.search.map((hit) => {
    switch (hit.__typename) {
      case "Enterprise":
        return [t("enterprise"), link(`/enterprise/${enc(hit.uscc)}`, hit.name), hit.uscc, hit.address];
      case "Site":
        return [t("site"), link(`/enterprise/${enc(hit.uscc)}`, hit.name), hit.sourceCode || hit.siteId, hit.address];
      case "Permit":
        return [t("permit"), link(`/permit/${enc(hit.number)}`, hit.number), hit.enterprise?.name, hit.status];
      case "Device": {  // a data-acquisition device leads to the outlet it monitors
        const o = hit.outlet;
        return [t("device"), o ? link(outletPath(o.enterprise.uscc, o.code, o.site?.site), hit.mn) : hit.mn, o && `${o.code} ${o.name}`, o?.enterprise?.name];
      }
      case "Outlet":
        return [t("outlet"), link(outletPath(hit.enterprise.uscc, hit.code, hit.site?.site), `${hit.code} ${hit.name}`), hit.enterprise?.name, hit.localCode];
      default:  // a kind of hit this page does not know yet: left out, never drawn as another kind
        return null;
    }
  }).filter(Boolean);
  return [
    h("h1", {}, `${t("search")}: ${text}`),
    hits.length
      ? h("ol", { class: "results" }, hits.map(([kind, main, ...rest]) => h("li", {}, h("span", { class: "tag" }, kind), main, rest.filter(Boolean).map((r) => h("span", { class: "muted" }, ` · ${r}`)))))
      : h("p", { class: "muted" }, t("noResults")),
  ];
}

// --- the enterprise file 一企一档 ----------------------------------------------------------------------------------
const ENTERPRISE = `query EnterpriseFile($uscc: String!) {
  enterprise(uscc: $uscc) { uscc usccProblem name address regionCode managementClass longitude latitude
    industryCode industryName region { name } industry { name } parent { uscc name }
    sites(first: 50) { nodes { site sourceCode name address regionCode } }
    permits(first: 20) { nodes { number status managementClass authority issuedOn validFrom validTo
      events(first: 20) { nodes { seq kind date validFrom validTo } } } }
    productionFacilities(first: 100) { totalCount nodes { code name capacity } }
    treatmentFacilities(first: 100) { totalCount nodes { code name technology } }
    outlets(first: 100) { totalCount nodes { code localCode name medium kind autoMonitored site { site } } }
    eiaApprovals(first: 50) { nodes { docNumber authority approvedOn project } }
    findings(first: 50) { totalCount nodes { id rule severity status stage message openedOn } }
    violations(first: 50) { totalCount nodes { violationId date type article penalties { nodes { decisionNumber amountYuan authority date } } } }
    inspections(first: 50) { nodes { inspectionId date authority kind result } } }
  reminders(uscc: $uscc, withinDays: 3660, first: 50) { kind actBy dueOn overdue message } }`;

async function enterprise([uscc]) {
  const { data, locked: isLocked } = await gql(ENTERPRISE, { uscc });
  const e = data.enterprise;
  if (!e) return h("p", { class: "error" }, `${t("notFound")}: ${uscc}`);
  const guarded = (path, build) => (isLocked(path) ? locked() : build());
  return [
    h("h1", {}, e.name, " ", h("small", { class: "muted" }, e.uscc)),
    h("p", {}, link(`/labels/${enc(e.uscc)}`, t("labels"))),
    section(t("identity"), fields([
      ["uscc", e.uscc + (e.usccProblem ? ` ⚠ ${e.usccProblem}` : "")], ["address", e.address],
      ["region", `${e.region?.name ?? ""} ${e.regionCode}`], ["industry", e.industry?.name ?? e.industryName],
      ["managementClass", e.managementClass], ["coordinates", e.longitude != null ? `${e.longitude}, ${e.latitude}` : null],
    ])),
    nodes(e.sites).length ? section(t("sites"), table([["code", (s) => s.sourceCode || s.site], ["name", (s) => s.name], ["address", (s) => s.address], ["region", (s) => s.regionCode]], nodes(e.sites))) : null,
    section(t("permits"), table([
      ["number", (p) => link(`/permit/${enc(p.number)}`, p.number)], ["status", (p) => p.status], ["authority", (p) => p.authority],
      ["validFrom", (p) => p.validFrom], ["validTo", (p) => p.validTo],
      ["history", (p) => nodes(p.events).map((v) => `${v.kind} ${v.date}`).join("；")],
    ], nodes(e.permits))),
    section(t("outlets"), table([
      ["code", (o) => link(outletPath(e.uscc, o.code, o.site?.site), o.code)], ["name", (o) => o.name],
      ["medium", (o) => o.medium], ["kind", (o) => o.kind], ["localCode", (o) => o.localCode],
    ], nodes(e.outlets))),
    section(t("productionFacilities"), table([["code", (f) => f.code], ["name", (f) => f.name], ["capacity", (f) => f.capacity]], nodes(e.productionFacilities))),
    section(t("treatmentFacilities"), table([["code", (f) => f.code], ["name", (f) => f.name], ["technology", (f) => f.technology]], nodes(e.treatmentFacilities))),
    section(t("eia"), table([["number", (a) => a.docNumber], ["authority", (a) => a.authority], ["approvedOn", (a) => a.approvedOn], ["project", (a) => a.project]], nodes(e.eiaApprovals))),
    section(t("findings"), guarded("enterprise.findings", () => table([
      ["severity", (f) => f.severity], ["rule", (f) => f.rule], ["message", (f) => link(`/finding/${enc(f.id)}`, f.message)],
      ["status", (f) => f.status], ["stage", (f) => f.stage], ["openedOn", (f) => f.openedOn],
    ], nodes(e.findings)))),
    section(t("violations"), guarded("enterprise.violations", () => table([
      ["date", (v) => v.date], ["type", (v) => v.type], ["article", (v) => v.article],
      ["penalties", (v) => nodes(v.penalties).map((p) => `${p.decisionNumber} ${p.amountYuan}`).join("；")],
    ], nodes(e.violations)))),
    section(t("inspections"), guarded("enterprise.inspections", () => table([["date", (i) => i.date], ["authority", (i) => i.authority], ["kind", (i) => i.kind], ["status", (i) => i.result]], nodes(e.inspections)))),
    section(t("reminders"), guarded("reminders", () => table([["actBy", (r) => r.actBy], ["message", (r) => r.message], ["overdue", (r) => (r.overdue ? t("overdue") : "")]], data.reminders))),
  ];
}

// --- the outlet: its chain drawn, its limits, its monitoring against them ---------------------------------------
const OUTLET = `query OutletPage($uscc: String!, $code: String!, $site: String) {
  outletTrace(uscc: $uscc, outletCode: $code, site: $site) { id key code localCode name medium kind standard destination autoMonitored
    enterprise { uscc name } site { site name }
    treatmentFacilities(first: 20) { nodes { key code name technology
      productionFacilities(first: 20) { nodes { key code name eiaApprovals(first: 5) { nodes { docNumber project } } } } } }
    untreatedSources(first: 20) { nodes { key code name } }
    permits(first: 5) { nodes { number status validTo eiaApprovals(first: 5) { nodes { docNumber project } } } }
    limits(first: 100) { nodes { key pollutantCode concentrationMax concentrationMin unit basis origin validFrom validTo } }
    latest: monitoring(first: 1) { nodes { month } } } }`;
const SERIES = `query OutletSeries($uscc: String!, $code: String!, $site: String, $since: Date!, $until: Date!) {
  outlet(uscc: $uscc, code: $code, site: $site) {
    series(since: $since, until: $until, first: 100) { totalCount nodes { pollutant unit basis days { date value } } }
    exceedancesBetween(since: $since, until: $until, first: 100) { nodes { date pollutant value limit unit } }
    compliant(since: $since, until: $until) } }`;

function chainOf(o) {
  const seen = new Map();
  const edges = [];
  const add = (label, key, name) => { const id = `${label}:${key}`; if (!seen.has(id)) seen.set(id, { id, label, key, name }); return id; };
  const outlet = add("Outlet", o.key, `${o.code} ${o.name}`);
  for (const tf of nodes(o.treatmentFacilities)) {
    const tid = add("TreatmentFacility", tf.key, `${tf.code} ${tf.name}`);
    edges.push({ source: tid, target: outlet, type: "DISCHARGES_TO" });
    for (const pf of nodes(tf.productionFacilities)) {
      const pid = add("ProductionFacility", pf.key, `${pf.code} ${pf.name}`);
      edges.push({ source: pid, target: tid, type: "FEEDS" });
      for (const a of nodes(pf.eiaApprovals)) edges.push({ source: add("EIAApproval", a.docNumber, a.docNumber), target: pid, type: "APPROVES" });
    }
  }
  for (const pf of nodes(o.untreatedSources)) edges.push({ source: add("ProductionFacility", pf.key, `${pf.code} ${pf.name}`), target: outlet, type: "DISCHARGES_TO" });
  for (const p of nodes(o.permits)) {
    const pid = add("Permit", p.number, p.number);
    edges.push({ source: pid, target: outlet, type: "COVERS" });
    for (const a of nodes(p.eiaApprovals)) edges.push({ source: pid, target: add("EIAApproval", a.docNumber, a.docNumber), type: "INCORPORATES" });
  }
  return { nodes: [...seen.values()], edges };
}

function yearBefore(month) {
  const end = new Date(`${month}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 1);
  end.setUTCDate(0); // the month's last day
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1));
  return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
}

async function outlet([uscc, code], query) {
  const site = query.get("site") || null;
  const { data } = await gql(OUTLET, { uscc, code, site });
  const o = data.outletTrace;
  if (!o) return h("p", { class: "error" }, `${t("notFound")}: ${uscc} ${code}`);
  const chain = chainOf(o);
  const latest = nodes(o.latest)[0]?.month;
  const [since, until] = query.get("since") && query.get("until") ? [query.get("since"), query.get("until")] : latest ? yearBefore(latest) : [null, null];
  const head = [
    h("h1", {}, `${o.code} ${o.name}`, " ", h("small", { class: "muted" }, link(`/enterprise/${enc(o.enterprise.uscc)}`, o.enterprise.name))),
    fields([["code", o.localCode ? `${o.code} (${o.localCode})` : o.code], ["medium", o.medium], ["kind", o.kind], ["standard", o.standard], ["destination", o.destination]]),
    h("p", {}, h("img", { class: "qr", src: `/qr/outlet/${enc(uscc)}/${enc(o.code)}.svg${site ? `?site=${enc(site)}` : ""}`, alt: t("scanHint"), width: 120, height: 120 })),
    section(t("chain"), traceGraph(chain.nodes, chain.edges)),
    section(t("limits"), table([
      ["pollutant", (l) => l.pollutantCode], ["upper", (l) => l.concentrationMax], ["lower", (l) => l.concentrationMin],
      ["unit", (l) => l.unit], ["basis", (l) => l.basis], ["origin", (l) => l.origin], ["validFrom", (l) => l.validFrom], ["validTo", (l) => l.validTo],
    ], nodes(o.limits))),
  ];
  if (!since) return [...head, section(t("monitoring"), h("p", { class: "muted" }, t("noData")))];
  const { data: more, locked: isLocked } = await gql(SERIES, { uscc, code, site, since, until });
  const s = more.outlet;
  const exceedances = isLocked("outlet.exceedancesBetween") ? [] : nodes(s.exceedancesBetween);
  const byPollutant = new Map();
  for (const m of nodes(s.series)) {
    const k = `${m.pollutant}|${m.unit ?? ""}`;
    if (!byPollutant.has(k)) byPollutant.set(k, { pollutant: m.pollutant, unit: m.unit, points: [] });
    byPollutant.get(k).points.push(...m.days);
  }
  const charts = [...byPollutant.values()].map(({ pollutant, unit, points }) => {
    const limits = nodes(o.limits).filter((l) => l.pollutantCode === pollutant && (l.unit ?? "") === (unit ?? ""));
    const lines = limits.flatMap((l) => [
      l.concentrationMax != null ? { value: l.concentrationMax, name: `${t("upper")}` } : null,
      l.concentrationMin != null ? { value: l.concentrationMin, name: `${t("lower")}` } : null,
    ]).filter(Boolean);
    const unique = [...new Map(lines.map((l) => [`${l.name}${l.value}`, l])).values()];
    return monitoringChart(pollutant, unit, points, unique, exceedances.filter((x) => x.pollutant === pollutant), since, until);
  });
  return [
    ...head,
    section(`${t("monitoring")} · ${since} — ${until}`,
      isLocked("outlet.compliant") ? null : h("p", { class: s.compliant === false ? "bad" : "good" }, `${t("compliant")}: ${s.compliant == null ? t("none") : s.compliant ? t("yes") : t("no")}`),
      charts.length ? charts : h("p", { class: "muted" }, t("noData"))),
    isLocked("outlet.exceedancesBetween") ? null : section(t("exceedances"), table([["date", (x) => x.date], ["pollutant", (x) => x.pollutant], ["value", (x) => x.value], ["limit", (x) => x.limit], ["unit", (x) => x.unit]], exceedances)),
  ];
}

// --- the one-permit view 一证式 ------------------------------------------------------------------------------------
const PERMIT = `query PermitPage($number: String!) { permitView(number: $number) {
  number status managementClass authority issuedOn validFrom validTo enterprise { uscc name }
  outlets(first: 100) { nodes { code name medium kind } }
  limits(first: 100) { nodes { outletKey pollutantCode concentrationMax concentrationMin unit basis annualAmountT } }
  eiaApprovals(first: 20) { nodes { docNumber authority approvedOn } }
  reports(first: 8) { nodes { period kind dueOn submittedOn emissions { pollutant { code name } actualT permittedT } } }
  events(first: 20) { nodes { kind date validFrom validTo } } } }`;

async function permit([number]) {
  const { data } = await gql(PERMIT, { number });
  const p = data.permitView;
  if (!p) return h("p", { class: "error" }, `${t("notFound")}: ${number}`);
  return [
    h("h1", {}, `${t("permitView")} ${p.number}`),
    fields([["holder", link(`/enterprise/${enc(p.enterprise.uscc)}`, p.enterprise.name)], ["status", p.status], ["managementClass", p.managementClass], ["authority", p.authority], ["validFrom", p.validFrom], ["validTo", p.validTo]]),
    section(t("outlets"), table([["code", (o) => link(outletPath(p.enterprise.uscc, o.code), o.code)], ["name", (o) => o.name], ["medium", (o) => o.medium], ["kind", (o) => o.kind]], nodes(p.outlets))),
    section(t("limits"), table([["outlet", (l) => (l.outletKey || "*").split(":").pop()], ["pollutant", (l) => l.pollutantCode], ["upper", (l) => l.concentrationMax], ["lower", (l) => l.concentrationMin], ["unit", (l) => l.unit], ["basis", (l) => l.basis], ["permitted", (l) => l.annualAmountT]], nodes(p.limits))),
    section(t("eia"), table([["number", (a) => a.docNumber], ["authority", (a) => a.authority], ["approvedOn", (a) => a.approvedOn]], nodes(p.eiaApprovals))),
    section(t("reports"), table([["period", (r) => r.period], ["kind", (r) => r.kind], ["date", (r) => r.submittedOn ?? `${t("overdue")} ${r.dueOn}`], ["actual", (r) => r.emissions.map((e) => `${e.pollutant.name} ${e.actualT}/${e.permittedT ?? "—"}`).join("；")]], nodes(p.reports))),
    section(t("history"), table([["kind", (e) => e.kind], ["date", (e) => e.date], ["validFrom", (e) => e.validFrom], ["validTo", (e) => e.validTo]], nodes(p.events))),
  ];
}

// --- a finding and its evidence drawn ------------------------------------------------------------------------------
const FINDING = `query FindingPage($id: ID!) { node(id: $id) { ... on Finding { id key rule article severity status stage
  message measured permitted unit openedOn lastSeen deadline enterprise { uscc name }
  history { at kind by reason deadline } evidence { nodes { id label key name } edges { type source target } } } } }`;

async function finding([id]) {
  const { data, locked: isLocked } = await gql(FINDING, { id });
  const f = data.node;
  if (!f || !f.rule) return h("p", { class: "error" }, `${t("notFound")}: ${id}`);
  return [
    h("h1", {}, `${t("finding")}: ${f.rule}`),
    fields([["enterprise", f.enterprise ? link(`/enterprise/${enc(f.enterprise.uscc)}`, f.enterprise.name) : null], ["severity", f.severity], ["article", f.article], ["status", f.status], ["stage", f.stage], ["message", f.message], ["measured", f.measured != null ? `${f.measured} / ${f.permitted} ${f.unit ?? ""}` : null], ["openedOn", f.openedOn]]),
    section(t("evidence"), isLocked("node.evidence") || !f.evidence ? locked() : traceGraph(f.evidence.nodes, f.evidence.edges)),
    section(t("events"), table([["date", (e) => e.at.slice(0, 19).replace("T", " ")], ["kind", (e) => e.kind], ["by", (e) => e.by], ["reason", (e) => e.reason]], f.history)),
  ];
}

// --- dashboards ------------------------------------------------------------------------------------------------------
const DASHBOARD = `query Dashboard($region: String, $level: RegionLevel, $regionGroup: GroupBy!, $filter: DashboardFilter) {
  regions(parentCode: $region, level: $level, first: 100) { nodes { code name } }
  byRegion: aggregate(measure: VIOLATIONS, groupBy: $regionGroup, filter: $filter, first: 100) { key name count amount }
  byMonth: aggregate(measure: EXCEEDANCES, groupBy: MONTH, filter: $filter, first: 60) { key name count }
  table: aggregateTable(measure: VIOLATIONS, groupBy: $regionGroup, period: QUARTER, filter: $filter, first: 20) { key name cells { key count } }
  byClass: aggregate(measure: PERMITS_ISSUED, groupBy: MANAGEMENT_CLASS, filter: $filter) { key name count }
  byRule: findingStats(groupBy: RULE, status: OPEN, regionCode: $region) { key name count }
  top: topEnterprises(measure: PENALTIES, rankBy: AMOUNT, filter: $filter, first: 10) { count amount enterprise { uscc name regionCode } }
  map: mapPoints(regionCode: $region, first: 20000) }`;
const NEXT_LEVEL = { 2: "PREFECTURE", 4: "COUNTY", 6: "COUNTY" };

async function dashboard(_, query) {
  const region = query.get("region") || null;
  const from = query.get("from") || null;
  const to = query.get("to") || null;
  const level = region ? (region.endsWith("0000") ? 2 : region.endsWith("00") ? 4 : 6) : 0;
  const filter = { regionCode: region, dateFrom: from, dateTo: to };
  const { data, locked: isLocked } = await gql(DASHBOARD, { region, level: region ? null : "PROVINCE", regionGroup: level ? NEXT_LEVEL[level] : "PROVINCE", filter });
  const form = h("form", { class: "filters", onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v));
    history.pushState(null, "", `/console/dashboard${q.toString() ? "?" + q : ""}`);
    dispatchEvent(new PopStateEvent("popstate"));
  } },
    h("select", { name: "region", "aria-label": t("region") }, h("option", { value: region || "" }, region ? `${region}` : t("allRegions")),
      region ? h("option", { value: "" }, t("allRegions")) : null,
      nodes(data.regions).map((r) => h("option", { value: r.code }, `${r.name} ${r.code}`))),
    h("label", {}, t("from"), h("input", { type: "date", name: "from", value: from || "" })),
    h("label", {}, t("to"), h("input", { type: "date", name: "to", value: to || "" })),
    h("button", { type: "submit" }, t("apply")));
  const card = (title, path, build, exp) => section(title, isLocked(path) ? locked() : [build(), exp || null]);
  return [
    h("h1", {}, t("dashboard")), form,
    h("div", { class: "grid" },
      card(t("byRegion"), "byRegion", () => bars("by-region", data.byRegion || [], true), exportLinks("aggregate", { measure: "VIOLATIONS", groupBy: level ? NEXT_LEVEL[level] : "PROVINCE", regionCode: region, dateFrom: from, dateTo: to })),
      card(t("byMonth"), "byMonth", () => bars("by-month", data.byMonth || [], false), exportLinks("aggregate", { measure: "EXCEEDANCES", groupBy: "MONTH", regionCode: region, dateFrom: from, dateTo: to })),
      card(t("byClass"), "byClass", () => pie("by-class", data.byClass || [])),
      card(t("byRule"), "byRule", () => pie("by-rule", data.byRule || []))),
    card(t("byRegionPeriod"), "table", () => heatmap("by-region-period", data.table || [])),
    card(t("topPenalties"), "top", () => table([["name", (r) => link(`/enterprise/${enc(r.enterprise.uscc)}`, r.enterprise.name)], ["region", (r) => r.enterprise.regionCode], ["count", (r) => r.count], ["amount", (r) => r.amount]], data.top)),
    card(t("map"), "map", () => [compliance(data.map?.features || []), data.map?.truncated ? h("p", { class: "muted" }, t("truncated")) : null], exportLinks("enterprises", { regionCode: region }, ["geojson", "csv", "xlsx"])),
  ];
}

// --- the public disclosure lists ------------------------------------------------------------------------------------
const LISTS = ["UNPERMITTED", "NOT_PER_PERMIT", "NO_AUTOMATIC_MONITORING", "LATE_REPORT"];
const DISCLOSURES = `query Disclosures($list: DisclosureList!, $region: String, $period: String) {
  disclosures(list: $list, regionCode: $region, period: $period, first: 100) { totalCount nodes {
    listName uscc enterpriseName regionCode what article day amountYuan authority period publishedAt } } }`;

async function disclosures(_, query) {
  const list = LISTS.includes(query.get("list")) ? query.get("list") : LISTS[1];
  const region = query.get("region") || null;
  const period = query.get("period") || null;
  const { data } = await gql(DISCLOSURES, { list, region, period });
  const d = data.disclosures;
  const tabs = h("nav", { class: "tabs" }, LISTS.map((l) => {
    const q = new URLSearchParams({ list: l, ...(region ? { region } : {}), ...(period ? { period } : {}) });
    return link(`/disclosures?${q}`, t(l.toLowerCase()));
  }));
  return [
    h("h1", {}, t("disclosures")), tabs,
    h("h2", {}, `${t(list.toLowerCase())} (${d.totalCount})`),
    h("p", {}, exportLinksFor(list, region, period)),
    table([["name", (e) => e.enterpriseName], ["uscc", (e) => e.uscc], ["region", (e) => e.regionCode], ["what", (e) => e.what], ["article", (e) => e.article], ["date", (e) => e.day], ["amount", (e) => e.amountYuan], ["authority", (e) => e.authority], ["published", (e) => e.publishedAt.slice(0, 10)]], nodes(d)),
  ];
}

function exportLinksFor(list, region, period) {
  const q = new URLSearchParams({ ...(region ? { regionCode: region } : {}), ...(period ? { period } : {}) });
  const name = list.toLowerCase();
  return h("span", { class: "exports" }, t("export"), ["csv", "xlsx"].map((fmt) => h("a", { class: "export", "data-format": fmt, href: `/disclosures/${name}.${fmt}${q.toString() ? "?" + q : ""}` }, fmt.toUpperCase())));
}

// --- a printable sheet of an enterprise's outlet labels ---------------------------------------------------------
const LABELS = `query Labels($uscc: String!) { enterprise(uscc: $uscc) { uscc name
  outlets(first: 100) { nodes { code localCode name medium site { site } } } } }`;

async function labels([uscc]) {
  const { data } = await gql(LABELS, { uscc });
  const e = data.enterprise;
  if (!e) return h("p", { class: "error" }, `${t("notFound")}: ${uscc}`);
  return [
    h("h1", { class: "no-print" }, `${t("labels")} · ${e.name}`),
    h("div", { class: "labels" }, nodes(e.outlets).map((o) => {
      const site = o.site?.site ? `?site=${enc(o.site.site)}` : "";
      return h("figure", { class: "label" },
        h("img", { src: `/qr/outlet/${enc(e.uscc)}/${enc(o.code)}.svg${site}`, alt: `${o.code}`, width: 160, height: 160 }),
        h("figcaption", {}, h("strong", {}, `${o.code}${o.localCode ? ` (${o.localCode})` : ""}`), h("br"), o.name, h("br"), e.name, h("br"), h("small", {}, t("scanHint"))));
    })),
  ];
}

async function missing() {
  return h("p", { class: "error" }, t("notFound"));
}

export const PAGES = { home, search, enterprise, outlet, permit, finding, dashboard, disclosures, labels, missing };
