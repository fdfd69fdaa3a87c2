// The eventwire dashboard: every view is drawn from the JSON API of the same server.
"use strict";

const state = { a: "", b: "", offset: 0, limit: 25, total: 0, chart: null, world: null };
const QUAD_COLOURS = { "1": "#4e79a7", "2": "#59a14f", "3": "#f28e2b", "4": "#e15759" };
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

async function api(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined && v !== false));
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function showError(where, err) {
  const text = String(err.message || err);
  // An svg shows text only in its own elements.
  where.replaceChildren(where instanceof SVGElement ? el("svg:text", { x: 20, y: 30, class: "error", text })
    : el("p", { class: "error", text }));
}

// The filters of what happened, when and where: the timeline takes them as the table does.
const NARROWING = ["type", "status", "mode", "context", "from", "to", "q"];

function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

function entity(e) { return e ? (e.code || e.country || "?") : "–"; }

// ---- the picker ----------------------------------------------------------
async function loadPicker() {
  // Counted as the table lists them: each event once, negated ones too.
  const [health, actors] = await Promise.all([api("/health"), api("/actors", { limit: 500, include_negated: true })]);
  $("#store-info").textContent = `${health.events} events from ${health.articles} articles` +
    (health.date_min ? `, ${health.date_min} to ${health.date_max}` : "");
  // Countries first, then the individual codes.
  const countries = new Set(actors.countries.map((c) => c.country));
  const options = actors.countries.map((c) => [c.country, `${c.country} (${c.involving})`]);
  for (const a of actors.actors) {
    if (!countries.has(a.code)) options.push([a.code, `${a.code}${a.name ? " – " + a.name : ""} (${a.involving})`]);
  }
  for (const sel of [$("#actor-a"), $("#actor-b")]) {
    for (const [value, label] of options) sel.append(el("option", { value, text: label }));
  }
  const form = $("#filters");
  for (const [name, values] of [["type", health.types], ["status", health.statuses], ["mode", health.modes], ["context", health.contexts]]) {
    for (const v of values) form.elements[name].append(el("option", { value: v, text: v }));
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("a")) { $("#actor-a").value = hash.get("a"); $("#actor-b").value = hash.get("b") || ""; }
  await refresh();
}

function filters() {
  const form = $("#filters");
  const out = {};
  for (const name of NARROWING) out[name] = form.elements[name].value;
  if (state.a) { out.party = state.a; if (state.b) out.other = state.b; }
  return out;
}

async function refresh() {
  state.a = $("#actor-a").value;
  state.b = $("#actor-b").value;
  state.offset = 0;
  location.hash = state.a ? new URLSearchParams({ a: state.a, ...(state.b ? { b: state.b } : {}) }).toString() : "";
  await Promise.all([drawTimeline(), drawNetwork(), drawMap(), loadEvents()]);
}

// ---- timeline -------------------------------------------------------------
async function drawTimeline() {
  if (!state.a) {
    $("#dyad-summary").textContent = "Pick an actor to draw its timeline.";
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    return;
  }
  const form = $("#filters");
  const narrowing = Object.fromEntries(NARROWING.map((name) => [name, form.elements[name].value]));
  let data;
  try {
    data = await api("/dyads", { ...narrowing, actor: state.a, recipient: state.b, interval: $("#interval").value,
      include_negated: $("#include-negated").checked });
  } catch (err) {
    // A chart left standing would show events the filters leave out.
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    showError($("#dyad-summary"), err);
    return;
  }
  const types = Object.entries(data.by_type).map(([t, n]) => `${t} ${n}`).join(", ");
  // The same number as the table's: every event listed, the negated ones said apart when they are not charted.
  const left = data.negated ? `, ${data.negated} negated not charted` : "";
  $("#dyad-summary").textContent = `${plural(data.events + data.negated, "event", "events")}${left} ` +
    `(${data.undated} undated)${types ? ": " + types : ""}`;
  const labels = data.series.map((p) => p.period);
  const datasets = Object.entries(data.quads).map(([q, label]) => ({
    type: "bar", label, data: data.series.map((p) => p.quad[q]), backgroundColor: QUAD_COLOURS[q], stack: "quads", yAxisID: "y",
  }));
  datasets.unshift({ type: "line", label: "mean Goldstein", data: data.series.map((p) => p.goldstein_mean),
    borderColor: "#333", backgroundColor: "#333", yAxisID: "g", tension: 0.2, spanGaps: true });
  if (state.chart) state.chart.destroy();
  state.chart = new Chart($("#timeline"), {
    data: { labels, datasets },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: "events" }, ticks: { precision: 0 } },
        g: { position: "right", min: -10, max: 10, title: { display: true, text: "Goldstein" }, grid: { drawOnChartArea: false } },
      },
      plugins: { legend: { labels: { boxWidth: 12, font: { size: 11 } } } },
    },
  });
}

// ---- network --------------------------------------------------------------
async function drawNetwork() {
  const svg = $("#network");
  let data;
  try {
    data = await api("/network", { ...filters(), include_negated: $("#include-negated").checked, limit: 60 });
  } catch (err) { showError(svg, err); return; }
  svg.replaceChildren();
  if (!data.nodes.length) { svg.append(el("svg:text", { x: 20, y: 30, text: "no events between two actors" })); return; }
  const focus = state.a && data.nodes.includes(state.a) ? state.a : null;
  const others = data.nodes.filter((n) => n !== focus);
  const pos = {};
  const cx = 200, cy = 150, r = 115;
  others.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / others.length - Math.PI / 2;
    pos[n] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  });
  if (focus) pos[focus] = [cx, cy];
  const max = Math.max(...data.edges.map((e) => e.events));
  for (const e of data.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const kind = e.conflict > e.cooperation ? "conf" : "coop";
    const line = el("svg:line", { x1, y1, x2, y2, class: kind, "stroke-width": 1 + 5 * (e.events / max), "stroke-opacity": 0.7 });
    line.append(el("svg:title", { text: `${e.source} → ${e.target}: ${e.events} events, ${e.cooperation} cooperation, ${e.conflict} conflict` }));
    svg.append(line);
  }
  for (const n of data.nodes) {
    const [x, y] = pos[n];
    const g = el("svg:g", { class: "node", "data-code": n });
    g.append(el("svg:circle", { cx: x, cy: y, r: n === focus ? 9 : 6, class: n === focus ? "focus" : "" }));
    g.append(el("svg:text", { x: x + 9, y: y - 7, text: n }));
    g.addEventListener("click", () => { $("#actor-a").value = n; refresh(); });
    svg.append(g);
  }
}

// ---- map ------------------------------------------------------------------
function project([lon, lat]) { return [(lon + 180) * 2, (90 - lat) * 2]; }

function ringPath(ring) {
  // A ring that crosses the antimeridian is lifted (M) at the jump instead of drawn across the whole map.
  let d = "";
  ring.forEach((p, i) => {
    const [x, y] = project(p);
    const jump = i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180;
    d += (i === 0 || jump ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
  });
  return d;
}

function featurePath(f) {
  const g = f.geometry;
  if (!g) return "";
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  return polys.map((poly) => poly.map(ringPath).join("")).join("");
}

function centroid(f) {
  // The middle of the largest ring's bounding box: enough to place a country's dot.
  const g = f.geometry;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  let best = null, bestSize = -1;
  for (const poly of polys) {
    const xs = poly[0].map((p) => p[0]), ys = poly[0].map((p) => p[1]);
    const size = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (size > bestSize) { bestSize = size; best = [(Math.max(...xs) + Math.min(...xs)) / 2, (Math.max(...ys) + Math.min(...ys)) / 2]; }
  }
  return best;
}

async function drawMap() {
  const svg = $("#map");
  if (!state.world) {
    const topo = await (await fetch("/static/vendor/countries-110m.json")).json();
    state.world = topojson.feature(topo, topo.objects.countries).features;
  }
  let data;
  try {
    data = await api("/places", { ...filters(), include_negated: $("#include-negated").checked });
  } catch (err) { showError(svg, err); return; }
  svg.replaceChildren();
  const byId = new Map(state.world.map((f) => [String(f.id), f]));
  for (const f of state.world) svg.append(el("svg:path", { d: featurePath(f), class: "land" }));
  const max = Math.max(1, ...data.places.map((p) => p.events));
  for (const p of data.places) {
    let lonlat = p.lat !== null && p.lon !== null ? [p.lon, p.lat] : null;
    if (!lonlat && p.iso_numeric && byId.has(p.iso_numeric)) lonlat = centroid(byId.get(p.iso_numeric));
    if (!lonlat) continue;
    const [x, y] = project(lonlat);
    const dot = el("svg:circle", { cx: x, cy: y, r: 3 + 7 * Math.sqrt(p.events / max), class: "point", "data-country": p.country });
    dot.append(el("svg:title", { text: `${p.place || p.country}: ${p.events} events` }));
    svg.append(dot);
  }
}

// ---- the event table ------------------------------------------------------
async function loadEvents() {
  const tbody = $("#events-table tbody");
  const params = { ...filters(), limit: state.limit, offset: state.offset };
  let data;
  try { data = await api("/events", params); } catch (err) { showError(tbody, err); return; }
  state.total = data.total;
  $("#events-count").textContent = plural(data.total, "event", "events") + (state.a ? ` involving ${state.a}${state.b ? " and " + state.b : ""}` : "");
  const csv = new URLSearchParams(Object.entries({ ...filters(), format: "csv", limit: 500 }).filter(([, v]) => v));
  $("#csv-link").href = `/events?${csv}`;
  $("#page").textContent = data.total ? `${state.offset + 1}–${state.offset + data.events.length} of ${data.total}` : "";
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = state.offset + state.limit >= data.total;
  tbody.replaceChildren();
  for (const e of data.events) {
    const row = el("tr", { "data-id": e.id, class: e.negated ? "negated" : "" },
      el("td", { text: e.date || "undated" }), el("td", { text: e.event }), el("td", { text: e.mode || "" }),
      el("td", { text: entity(e.actor) }), el("td", { text: entity(e.recipient) }),
      el("td", { text: e.attribution.status }), el("td", { text: e.event_loc ? (e.event_loc.resolved_place || e.event_loc.extracted_place) : "" }),
      el("td", { class: "sentence", text: e.text || "", title: e.text || "" }));
    row.addEventListener("click", () => { for (const r of tbody.children) r.classList.remove("selected"); row.classList.add("selected"); showEvidence(e.id); });
    tbody.append(row);
  }
  if (!data.events.length) tbody.append(el("tr", {}, el("td", { colspan: 8, text: "no events match" })));
}

// ---- evidence -------------------------------------------------------------
function highlighted(text, parts) {
  // Split the text at every part boundary so overlapping parts (a trigger that contains the recipient) both show.
  const cuts = new Set([0, text.length]);
  for (const p of parts) { cuts.add(p.start); cuts.add(p.end); }
  const bounds = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((x, y) => x - y);
  const out = el("span");
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [s, e] = [bounds[i], bounds[i + 1]];
    const covering = parts.filter((p) => p.start <= s && p.end >= e);
    const piece = text.slice(s, e);
    if (!covering.length) { out.append(piece); continue; }
    const names = [...new Set(covering.map((p) => p.part))];
    out.append(el("mark", { class: names.join(" "), title: names.join(", "), text: piece }));
  }
  return out;
}

async function showEvidence(id) {
  const body = $("#evidence-body");
  body.classList.remove("muted");
  let e;
  try { e = await api(`/events/${encodeURIComponent(id)}`); } catch (err) { showError(body, err); return; }
  const ev = e.evidence;
  const who = el("dl", { class: "who" });
  const add = (k, v, cls) => { if (v) who.append(el("dt", { text: k }), el("dd", { text: v, class: cls || null })); };
  add("event", `${e.event}${e.mode ? " / " + e.mode : ""}: ${entity(e.actor)} → ${entity(e.recipient)}`);
  add("status", ev.status, `status-${ev.status}`);
  add("who says so", [ev.speaker, ev.reported_by && `(${ev.reported_by})`, ev.cue && `“${ev.cue}”`].filter(Boolean).join(" ") || "the article itself");
  add("date", e.date ? `${e.date} (${e.date_precision}${e.date_text ? ", “" + e.date_text + "”" : ""})` : "undated");
  add("place", e.event_loc && [e.event_loc.resolved_place || e.event_loc.extracted_place, e.event_loc.parent, e.event_loc.country_code].filter(Boolean).join(", "));
  add("article", e.article && `${e.article.title || e.article.id} (${e.article.published || "no date"})`);
  add("other reports", e.reports.length ? `${plural(e.reports.length, "other article reports", "other articles report")} this` : null);
  const legend = el("p", { class: "legend muted" }, ...["actor", "trigger", "recipient", "date", "place"].map((p) => el("mark", { class: p, text: p })));
  const open = el("button", { type: "button", id: "open-article", text: "Show the whole article" });
  open.addEventListener("click", () => showArticle(e.article_id, e.id));
  body.replaceChildren(el("div", { class: "sentence-view", "data-event": e.id }, highlighted(ev.sentence, ev.parts)), legend, who, open);
}

async function showArticle(articleId, eventId) {
  const body = $("#evidence-body");
  let a;
  try { a = await api(`/articles/${encodeURIComponent(articleId)}`); } catch (err) { showError(body, err); return; }
  const parts = a.spans.filter((s) => s.kind === "mention" || s.event_id === eventId)
    .map((s) => ({ part: s.kind, start: s.start, end: s.end }));
  const view = el("div", { class: "article-text", id: "article-view" }, highlighted(a.text, parts));
  for (const old of body.querySelectorAll(".article-head, #article-view")) old.remove();
  body.append(el("h3", { class: "article-head", text: `${a.title || a.id} (${a.published || "no date"}): ${a.n_events} events` }), view);
}

// ---- wiring ---------------------------------------------------------------
$("#actor-a").addEventListener("change", refresh);
$("#actor-b").addEventListener("change", refresh);
$("#interval").addEventListener("change", drawTimeline);
$("#include-negated").addEventListener("change", () => Promise.all([drawTimeline(), drawNetwork(), drawMap()]));
$("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); state.offset = 0; Promise.all([loadEvents(), drawTimeline(), drawNetwork(), drawMap()]); });
$("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadEvents(); });
$("#next").addEventListener("click", () => { state.offset += state.limit; loadEvents(); });
loadPicker().catch((err) => showError($("#evidence-body"), err));
