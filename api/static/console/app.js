// The console: a client of the public GraphQL API (the same roles as everyone), routed by path under /console/.
// Everything it draws is built as DOM nodes with textContent: no text from the graph is ever parsed as HTML.
import { lang, setLang, t } from "./i18n.js";
import { disposeAll, drawPending } from "./charts.js";
import { PAGES } from "./pages.js";

export const BASE = "/console";
const KEY = "permitgraph.key";
export const stats = { requests: 0, drawnMs: 0 }; // read by the browser tests and bench/console_pages.py

// --- DOM ---------------------------------------------------------------------------------------------------------
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function link(path, ...children) {
  return h("a", { href: BASE + path, onclick: (e) => navigate(e, BASE + path) }, ...children);
}

export function table(columns, rows, empty) {
  if (!rows || rows.length === 0) return h("p", { class: "muted" }, empty || t("noData"));
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, columns.map(([label]) => h("th", {}, t(label))))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map(([, cell]) => h("td", {}, cell(r) ?? ""))))),
  );
}

export function section(title, ...body) {
  return h("section", { class: "card" }, h("h2", {}, title), ...body);
}

export function fields(pairs) {
  return h("dl", { class: "fields" }, pairs.filter(([, v]) => v != null && v !== "").map(([k, v]) => [h("dt", {}, t(k)), h("dd", {}, v)]));
}

// --- the API -----------------------------------------------------------------------------------------------------
export class Refused extends Error {}

function headers(extra) {
  const key = sessionStorage.getItem(KEY);
  return { ...extra, ...(key ? { Authorization: `Bearer ${key}` } : {}) };
}

// One GraphQL request. Fields the caller's role may not see come back null with a FORBIDDEN error at their path:
// the answer keeps them in `locked` so a page can say so instead of showing nothing.
export async function gql(query, variables) {
  stats.requests += 1;
  const response = await fetch("/graphql", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "application/json" }),
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }));
  const errors = body.errors || [];
  const locked = new Set(errors.filter((e) => e.extensions?.code === "FORBIDDEN" && e.path).map((e) => e.path.join(".")));
  const other = errors.filter((e) => e.extensions?.code !== "FORBIDDEN");
  if (!body.data || other.length) throw new Error(other.map((e) => e.message).join("; ") || `HTTP ${response.status}`);
  return { data: body.data, locked: (path) => locked.has(path) };
}

// A file from an HTTP endpoint with the caller's credentials, saved under the name the server gives.
export async function download(url) {
  const response = await fetch(url, { headers: headers({}) });
  if (!response.ok) throw new Error((await response.text()).slice(0, 300));
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "")?.[1] || "export";
  const a = h("a", { href: URL.createObjectURL(await response.blob()), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

export function exportLinks(path, params, formats = ["csv", "xlsx"]) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== "")).toString();
  return h(
    "span",
    { class: "exports" },
    t("export"),
    formats.map((fmt) => {
      const url = `/export/${path}.${fmt}${query ? "?" + query : ""}`;
      return h("a", { href: url, class: "export", "data-format": fmt, onclick: (e) => { e.preventDefault(); download(url).catch(alert); } }, fmt.toUpperCase());
    }),
  );
}

// --- routing -----------------------------------------------------------------------------------------------------
export function navigate(event, path) {
  if (event && (event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1)) return;
  event?.preventDefault();
  history.pushState(null, "", path);
  render();
}

function route() {
  const rest = location.pathname.slice(BASE.length).replace(/^\/+/, "");
  const [name, ...args] = rest.split("/").map(decodeURIComponent);
  return { page: PAGES[name || "home"] ? name || "home" : "missing", args, query: new URLSearchParams(location.search) };
}

async function render() {
  const main = document.getElementById("view");
  const { page, args, query } = route();
  const started = performance.now();
  stats.requests = 0;
  document.body.dataset.ready = "false";
  disposeAll();
  main.replaceChildren(h("p", { class: "muted" }, t("loading")));
  try {
    main.replaceChildren(...[await PAGES[page](args, query)].flat(Infinity).filter((n) => n != null && n !== false));
    drawPending();
  } catch (err) {
    console.error(err);
    main.replaceChildren(h("p", { class: "error", role: "alert" }, `${t("error")}: ${err.message}`));
  }
  // charts draw on the next frame: the page is ready once they have
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  stats.drawnMs = performance.now() - started;
  document.body.dataset.requests = String(stats.requests);
  document.body.dataset.drawnMs = stats.drawnMs.toFixed(1);
  document.body.dataset.ready = "true";
}

// --- the frame: navigation, language, who is asking ----------------------------------------------------------------
async function viewer() {
  try {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ query: "{ viewer { role subject } }" }),
    });
    return (await response.json()).data?.viewer ?? { role: "public" };
  } catch {
    return { role: "public" };
  }
}

function frame(who) {
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  const form = h(
    "form",
    { class: "search", role: "search", onsubmit: (e) => { e.preventDefault(); const q = form.q.value.trim(); if (q) navigate(null, `${BASE}/search?q=${encodeURIComponent(q)}`); } },
    h("input", { name: "q", type: "search", placeholder: t("searchHint"), "aria-label": t("search") }),
    h("button", { type: "submit" }, t("search")),
  );
  const signIn = sessionStorage.getItem(KEY)
    ? h("button", { class: "link", onclick: () => { sessionStorage.removeItem(KEY); start(); } }, t("logout"))
    : h("button", { class: "link", onclick: () => { const k = prompt(t("key")); if (k) { sessionStorage.setItem(KEY, k.trim()); start(); } } }, t("key"));
  document.getElementById("top").replaceChildren(
    h("a", { class: "brand", href: `${BASE}/`, onclick: (e) => navigate(e, `${BASE}/`) }, t("title")),
    form,
    h("nav", {}, link("/dashboard", t("dashboard")), link("/disclosures", t("disclosures")), h("a", { href: "/graphql" }, t("graphiql"))),
    h("span", { class: "who", "data-role": who.role }, `${t("role")}: ${t(who.role)}`),
    signIn,
    h("button", { class: "link", onclick: () => { setLang(lang() === "zh" ? "en" : "zh"); start(); } }, t("lang")),
  );
}

export let role = "public";

async function start() {
  const who = await viewer();
  role = who.role;
  frame(who);
  await render();
}

window.addEventListener("popstate", render);
window.permitgraph = { stats };
start();
