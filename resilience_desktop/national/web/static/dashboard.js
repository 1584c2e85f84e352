/* The national dashboard: reads /api/… and draws the map, the tables, E-2 and one page per city.
   No libraries and no network beyond this server. Every text from the store is inserted with
   textContent (never as HTML): city names come from bundles. */
"use strict";

(function () {
  const lang = document.body.dataset.lang || "en";
  const state = { L: {}, names: [], cities: [], rollup: null, outline: null, sort: { key: "name", dir: 1 } };
  const SVG = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }
  // Percents in the page's language, as the desktop writes them (CLDR: "47%", "47 %", "55,6 %").
  const PCT = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  const SHARE = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  function pct(v) { return v === null || v === undefined ? "—" : PCT.format(v / 100); }
  function share(s) { return s === null || s === undefined ? "—" : SHARE.format(s); }
  // The desktop's score colours: thirds of the maximum, green only at the full score.
  function colour(p) {
    if (p === null || p === undefined) return "#95a5a6";
    const s = p / 100 + 1e-9;
    return s >= 1 ? "#27ae60" : s >= 2 / 3 ? "#f1c40f" : s >= 1 / 3 ? "#e67e22" : "#c0392b";
  }
  function tint(p) { return colour(p) + "66"; }  // the colour at 40% opacity: black text stays readable
  function median(values) {
    const v = values.filter((x) => x !== null).sort((a, b) => a - b);
    if (!v.length) return null;
    const m = Math.floor(v.length / 2);
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
  async function getJSON(path) {
    const r = await fetch(path, { credentials: "same-origin", headers: { "Accept": "application/json" } });
    if (!r.ok) throw new Error(path + ": HTTP " + r.status);
    return r.json();
  }
  function status(text) { document.getElementById("status").textContent = text || ""; }

  // ------------------------------------------------------------------ loading
  async function load() {
    const strings = await getJSON("api/strings?lang=" + encodeURIComponent(lang));
    state.L = strings.labels;
    state.names = strings.essentials;
    const L = state.L;
    status(L.loading);
    document.getElementById("subtitle").textContent = L.subtitle;
    document.getElementById("readonly").textContent = L.read_only;
    for (const node of document.querySelectorAll("[data-label]")) node.textContent = L[node.dataset.label];
    const nav = document.getElementById("sections");
    for (const [id, key] of [["map-panel", "map"], ["cities-panel", "cities"], ["regions-panel", "regions"], ["e2-panel", "e2"]]) {
      nav.append(el("a", { href: "#" + id, text: L[key], onclick: (e) => { e.preventDefault(); showOverview(id); } }));
    }
    document.getElementById("f-text").placeholder = L.find;
    const [cities, rollup, outline] = await Promise.all([getJSON("api/cities"), getJSON("api/rollup"), getJSON("api/outline")]);
    state.cities = cities; state.rollup = rollup; state.outline = outline;
    status(cities.length ? "" : L.no_cities);
    fillFilters();
    for (const id of ["f-country", "f-region", "f-text"]) document.getElementById(id).addEventListener("input", drawOverview);
    window.addEventListener("hashchange", route);
    route();
  }

  function route() {
    const m = location.hash.match(/^#city\/(.+)$/);
    if (m) showCity(decodeURIComponent(m[1])); else showOverview();
  }

  function showOverview(anchor) {
    document.getElementById("city").hidden = true;
    document.getElementById("overview").hidden = false;
    if (location.hash.startsWith("#city/")) history.pushState(null, "", location.pathname + location.search);
    drawOverview();
    if (anchor) document.getElementById(anchor).scrollIntoView();
  }

  // ------------------------------------------------------------------ overview
  function filtered() {
    const country = document.getElementById("f-country").value;
    const region = document.getElementById("f-region").value;
    const text = document.getElementById("f-text").value.trim().toLowerCase();
    return state.cities.filter((c) => (!country || c.country === country) && (!region || (c.region || "") === region)
      && (!text || c.name.toLowerCase().includes(text)));
  }

  function fillFilters() {
    const L = state.L;
    for (const [id, key, label] of [["f-country", "country", L.country], ["f-region", "region", L.region]]) {
      const select = document.getElementById(id);
      select.replaceChildren(el("option", { value: "", text: label + ": " + L.all }));
      const values = [...new Set(state.cities.map((c) => c[key]).filter(Boolean))].sort((a, b) => a.localeCompare(b));
      for (const v of values) select.append(el("option", { value: v, text: v }));
    }
  }

  function drawOverview() {
    const L = state.L;
    const shown = filtered();
    const e2 = state.rollup.sendai_e2;
    const overall = median(shown.map((c) => c.overall_percent));
    const cards = document.getElementById("cards");
    cards.replaceChildren(
      el("div", { class: "card" }, el("b", { text: String(shown.length) }), L.cities),
      el("div", { class: "card" }, el("b", { text: String(shown.filter((c) => c.overdue).length) }), L.overdue),
      el("div", { class: "card" }, el("b", { text: pct(overall) }), L.median_overall),
      el("div", { class: "card", id: "card-e2" }, el("b", { text: share(e2.local_governments ? e2.share : null) }),
        L.e2 + ": " + e2.in_line + " / " + e2.local_governments));
    document.getElementById("shown").textContent = fill(L.shown, { shown: shown.length, total: state.cities.length,
      overdue: shown.filter((c) => c.overdue).length, median: pct(overall) });
    drawMap(shown);
    drawCities(shown);
    drawRegions();
    drawE2();
  }

  function project(bounds) {
    const [x0, y0, x1, y1] = bounds;
    const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180);
    const w = Math.max((x1 - x0) * k, 1e-6), h = Math.max(y1 - y0, 1e-6);
    const W = 600, H = Math.max(220, Math.min(520, Math.round(W * h / w)));
    const s = 0.96 * Math.min(W / w, H / h);  // a small margin around the outline
    const ox = (W - w * s) / 2, oy = (H - h * s) / 2;
    return { W, H, xy: (lon, lat) => [ox + (lon - x0) * k * s, oy + (y1 - lat) * s] };
  }

  function drawMap(shown) {
    const L = state.L;
    const box = document.getElementById("map");
    box.replaceChildren();
    const o = state.outline;
    if (!o.bounds) { box.append(el("p", { class: "muted", text: L.no_cities })); return; }
    const p = project(o.bounds);
    const root = svg("svg", { viewBox: `0 0 ${p.W} ${p.H}`, role: "img", "aria-label": L.map });
    const step = [0.5, 1, 2, 5, 10].find((s) => (o.bounds[2] - o.bounds[0]) / s <= 10) || 20;
    for (let lon = Math.ceil(o.bounds[0] / step) * step; lon <= o.bounds[2]; lon += step) {
      const [x] = p.xy(lon, o.bounds[1]);
      root.append(svg("line", { x1: x, y1: 0, x2: x, y2: p.H, stroke: "#d6e0ea" }), svg("text", { x: x + 2, y: p.H - 4, "font-size": 10, fill: "#8395a7" }, lon + "°"));
    }
    for (let lat = Math.ceil(o.bounds[1] / step) * step; lat <= o.bounds[3]; lat += step) {
      const [, y] = p.xy(o.bounds[0], lat);
      root.append(svg("line", { x1: 0, y1: y, x2: p.W, y2: y, stroke: "#d6e0ea" }), svg("text", { x: 2, y: y - 2, "font-size": 10, fill: "#8395a7" }, lat + "°"));
    }
    const d = o.outline.map(([lon, lat], i) => (i ? "L" : "M") + p.xy(lon, lat).map((v) => v.toFixed(1)).join(",")).join(" ") + " Z";
    root.append(svg("path", { d, fill: "#dfe9f3", stroke: "#9fb6cc", "stroke-dasharray": "4 3" }, undefined));
    root.lastChild.append(svg("title", {}, L.extent));
    const located = shown.filter((c) => c.lon !== null && c.lat !== null);
    const r = located.length > 200 ? 4 : 7;
    const taken = [];
    const labels = svg("g", {});
    for (const c of located) {
      const [x, y] = p.xy(c.lon, c.lat);
      const dot = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r, fill: colour(c.overall_percent), class: "city", "data-city": c.city_id });
      dot.append(svg("title", {}, c.name + " — " + (c.overall_percent === null ? L.no_answers : pct(c.overall_percent))));
      dot.addEventListener("click", () => { location.hash = "#city/" + encodeURIComponent(c.city_id); });
      root.append(dot);
      const text = c.name + (c.overall_percent === null ? "" : " " + pct(c.overall_percent));
      const w = text.length * 6.6, by = y - 7;
      const free = (bx) => bx >= 0 && bx + w <= p.W
        && !taken.some((t) => bx < t[0] + t[2] && t[0] < bx + w && by < t[1] + 14 && t[1] < by + 14);
      const bx = [x + r + 3, x - r - 3 - w].find(free);  // right of the point, else left of it
      if (bx === undefined) continue;
      taken.push([bx, by, w]);
      labels.append(svg("text", { x: bx.toFixed(1), y: (y + 4).toFixed(1), class: "label" }, text));
    }
    root.append(labels);
    box.append(root);
    const legend = el("div", { class: "legend" }, el("b", { text: L.legend }));
    for (const [p0, text] of [[0, "0–" + pct(33)], [40, "33–" + pct(67)], [70, "67–" + pct(99)], [100, pct(100)], [null, L.no_answers]]) {
      const dot = el("i", {}); dot.style.background = colour(p0);
      legend.append(el("span", {}, dot, text));
    }
    const missing = shown.length - located.length;
    if (missing) legend.append(el("span", { class: "muted", text: fill(L.without_coords, { n: missing }) }));
    legend.append(el("span", { class: "muted", text: "▭ " + L.extent }));
    box.append(legend);
  }

  function tags(c) {
    const L = state.L, out = [];
    if (c.overdue) out.push(el("span", { class: "tag overdue", text: L.overdue }));
    if (c.answered === 0) out.push(el("span", { class: "tag warn", text: L.no_answers }));
    if (c.warnings + c.conflicts) out.push(el("span", { class: "tag warn", text: L.warnings + ": " + (c.warnings + c.conflicts) }));
    if (c.lon === null) out.push(el("span", { class: "tag", text: L.no_coordinates }));
    if (!out.length) out.push(el("span", { class: "tag ok", text: L.up_to_date }));
    return out;
  }

  function sortable(table, columns, rows, onRow) {
    const head = el("tr");
    for (const col of columns) {
      const th = el("th", { scope: "col", text: col.label, title: col.title || "" });
      if (state.sort.key === col.key) th.setAttribute("aria-sort", state.sort.dir > 0 ? "ascending" : "descending");
      th.addEventListener("click", () => {
        state.sort = { key: col.key, dir: state.sort.key === col.key ? -state.sort.dir : (col.num ? -1 : 1) };
        drawOverview();
      });
      head.append(th);
    }
    const col = columns.find((c) => c.key === state.sort.key);
    const sorted = col ? [...rows].sort((a, b) => {
      const va = col.value(a), vb = col.value(b);
      if (va === null || va === undefined) return 1;
      if (vb === null || vb === undefined) return -1;
      return (typeof va === "number" ? va - vb : String(va).localeCompare(String(vb))) * state.sort.dir;
    }) : rows;
    const body = el("tbody");
    for (const r of sorted) {
      const tr = el("tr", onRow ? { class: "row" } : {});
      if (onRow) tr.addEventListener("click", () => onRow(r));
      for (const c of columns) {
        const v = c.value(r);
        const td = el("td", c.num || c.score ? { class: "num" } : {});
        if (c.render) td.append(...c.render(r)); else td.textContent = c.score ? pct(v) : (v === null || v === undefined ? "—" : String(v));
        if (c.score && v !== null && v !== undefined) td.style.background = tint(v);
        tr.append(td);
      }
      body.append(tr);
    }
    table.replaceChildren(el("thead", {}, head), body);
  }

  function drawCities(shown) {
    const L = state.L;
    const columns = [
      { key: "name", label: L.city, value: (c) => c.name },
      { key: "country", label: L.country, value: (c) => c.country },
      { key: "region", label: L.region, value: (c) => c.region },
      { key: "overall", label: L.overall, value: (c) => c.overall_percent, score: true },
      ...state.names.map((n, i) => ({ key: "e" + i, label: "E" + (i + 1), title: n, value: (c) => c.essentials[i], score: true })),
      { key: "revision", label: L.revision, value: (c) => c.revision, num: true },
      { key: "updated", label: L.last_delivery, value: (c) => (c.updated_at || "").slice(0, 10) },
      { key: "status", label: L.status, value: (c) => (c.overdue ? 0 : 1), render: tags },
    ];
    sortable(document.getElementById("cities"), columns, shown, (c) => { location.hash = "#city/" + encodeURIComponent(c.city_id); });
  }

  function drawRegions() {
    const L = state.L;
    const table = document.getElementById("regions");
    const head = el("tr", {}, el("th", { text: L.country }), el("th", { text: L.region }), el("th", { text: L.cities }),
      ...state.names.map((n, i) => el("th", { text: "E" + (i + 1), title: n })));
    const body = el("tbody");
    for (const g of state.rollup.regions) {
      const tr = el("tr", {}, el("td", { text: g.country }), el("td", { text: g.region || "—" }), el("td", { class: "num", text: String(g.cities) }));
      for (const e of g.essentials) {
        const td = el("td", { class: "num", text: pct(e.median), title: L.min + " " + pct(e.min) + " · " + L.max + " " + pct(e.max) });
        if (e.median !== null) td.style.background = tint(e.median);
        tr.append(td);
      }
      body.append(tr);
    }
    table.replaceChildren(el("thead", {}, head), body);
  }

  function drawE2() {
    const L = state.L, e2 = state.rollup.sendai_e2;
    const box = document.getElementById("e2");
    box.replaceChildren(
      el("p", { class: "big", id: "e2-share", text: share(e2.local_governments ? e2.share : null) }),
      el("p", { text: fill(L.e2_text, { n: e2.in_line, d: e2.local_governments, share: share(e2.local_governments ? e2.share : null) }) }),
      el("p", { class: "muted", text: L.numerator + ": " + e2.in_line + " · " + L.denominator + ": " + e2.local_governments
        + " · " + L.rule + ": " + e2.rule + " · " + L.data_date + ": " + (e2.data_date || "—").slice(0, 10) }));
    const head = el("tr", {}, ...[L.city, L.country, L.in_line, L.score, L.reason].map((t) => el("th", { text: t })));
    const body = el("tbody");
    for (const c of e2.cities) {
      body.append(el("tr", {}, el("td", { text: c.name }), el("td", { text: c.country }),
        el("td", {}, el("span", { class: "tag " + (c.in_line ? "ok" : "warn"), text: c.in_line ? L.yes : L.no })),
        el("td", { class: "num", text: c.score === null ? "—" : c.question_id + " = " + c.score + " (≥ " + c.threshold + ")" }),
        el("td", { text: L["reason_" + c.reason] || c.reason })));
    }
    document.getElementById("e2-cities").replaceChildren(el("thead", {}, head), body);
  }

  // ------------------------------------------------------------------ one city
  async function showCity(id) {
    const L = state.L;
    document.getElementById("overview").hidden = true;
    const page = document.getElementById("city");
    page.hidden = false;
    page.replaceChildren(el("p", { class: "muted", text: L.loading }));
    let data;
    try { data = await getJSON("api/city/" + encodeURIComponent(id)); } catch (e) {
      page.replaceChildren(el("p", { text: L.failed }), el("a", { href: "#", text: "← " + L.back })); return;
    }
    const c = data.city;
    const back = el("a", { href: "#", text: "← " + L.back, onclick: (e) => { e.preventDefault(); showOverview(); } });
    const title = el("h2", { text: c.name + " (" + c.country + (c.region ? ", " + c.region : "") + ")" });
    const head = el("div", { class: "panel" }, back, title,
      el("p", {}, el("span", { class: "big", text: c.overall_percent === null ? L.no_answers : pct(c.overall_percent) }), " ",
        ...tags(c)),
      el("p", { class: "muted", text: L.scorecard + ": " + c.scorecard_id + " · " + L.revision + " " + c.revision + " · "
        + L.last_delivery + ": " + (c.updated_at || "").slice(0, 10) + " · " + L.answered + ": "
        + (c.answered_share === null ? "—" : PCT.format(c.answered_share)) }));
    const radar = el("div", { class: "panel radar" }, el("h2", { text: L.overall }), drawRadar(c.essentials));
    const rows = el("tbody");
    c.essentials.forEach((v, i) => {
      const bar = el("div", { class: "bar" }, el("span", {}));
      bar.firstChild.style.width = (v || 0) + "%";
      bar.firstChild.style.background = colour(v);
      rows.append(el("tr", {}, el("td", { class: "wrap", text: "E" + (i + 1) + " " + state.names[i] }), el("td", { class: "num", text: pct(v) }),
        el("td", {}, bar)));
    });
    const table = el("div", { class: "panel" }, el("h2", { text: L.essential }),
      el("div", { class: "scroll" }, el("table", { class: "grid" }, rows)));
    const trend = el("div", { class: "panel trend" }, el("h2", { text: L.trend }), drawTrend(data.trend));
    const revs = el("tbody");
    for (const t of data.trend) revs.append(el("tr", { title: t.title || "" }, el("td", { text: L.revision + " " + t.revision }),
      el("td", { text: (t.exported_at || "").slice(0, 10) }), el("td", { text: t.scorecard_id }), el("td", { class: "num", text: pct(t.overall_percent) })));
    const warnings = data.warnings.map((w) => el("li", { text: (w.at || "").slice(0, 10) + " · " + L.revision + " " + w.revision + ": " + w.message }));
    const history = el("div", { class: "panel" }, el("h2", { text: L.revisions }), el("table", { class: "grid" }, revs),
      warnings.length ? el("ul", {}, ...warnings) : null);
    page.replaceChildren(head, el("div", { class: "grid-2" }, radar, table, trend, history));
    window.scrollTo(0, 0);
  }

  function drawRadar(values) {
    const size = 360, cx = 180, cy = 180, R = 130;
    const root = svg("svg", { viewBox: `0 0 ${size} ${size}`, role: "img" });
    const at = (i, f) => { const a = -Math.PI / 2 + i * 2 * Math.PI / 10; return [cx + Math.cos(a) * R * f, cy + Math.sin(a) * R * f]; };
    for (const f of [0.25, 0.5, 0.75, 1]) {
      root.append(svg("polygon", { points: [...Array(10).keys()].map((i) => at(i, f).join(",")).join(" "), fill: "none", stroke: "#d5dde5" }));
    }
    for (let i = 0; i < 10; i++) {
      const [x, y] = at(i, 1), [lx, ly] = at(i, 1.16);
      root.append(svg("line", { x1: cx, y1: cy, x2: x, y2: y, stroke: "#d5dde5" }));
      const label = svg("text", { x: lx, y: ly + 4, "text-anchor": "middle", "font-size": 12, fill: "#1c2833" }, "E" + (i + 1));
      label.append(svg("title", {}, state.names[i]));
      root.append(label);
    }
    const pts = values.map((v, i) => at(i, (v || 0) / 100).join(","));
    root.append(svg("polygon", { points: pts.join(" "), fill: "#1f5fa855", stroke: "#1f5fa8", "stroke-width": 2 }));
    values.forEach((v, i) => { if (v !== null) { const [x, y] = at(i, v / 100); root.append(svg("circle", { cx: x, cy: y, r: 3.5, fill: colour(v), stroke: "#1c2833" })); } });
    return root;
  }

  function drawTrend(trend) {
    const W = 420, H = 220, left = 34, right = 10, top = 10, bottom = 30;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
    const x = (i) => left + (trend.length > 1 ? i * (W - left - right) / (trend.length - 1) : (W - left - right) / 2);
    const y = (v) => top + (100 - v) * (H - top - bottom) / 100;
    for (const v of [0, 25, 50, 75, 100]) {
      root.append(svg("line", { x1: left, y1: y(v), x2: W - right, y2: y(v), stroke: "#e5e8e8" }), svg("text", { x: 2, y: y(v) + 4, "font-size": 10, fill: "#5d6d7e" }, v + "%"));
    }
    // several assessments (a baseline and a later one): each revision says which by the month it was started
    const several = new Set(trend.map((t) => t.assessment_id)).size > 1;
    trend.forEach((t, i) => root.append(svg("text", { x: x(i), y: H - 8, "text-anchor": "middle", "font-size": 10, fill: "#5d6d7e" },
      several ? (t.started_on || "?").slice(0, 7) + " r" + t.revision : "r" + t.revision + " " + (t.exported_at || "").slice(0, 7))));
    const line = (vals, attrs) => {
      const pts = vals.map((v, i) => (v === null ? null : x(i) + "," + y(v))).filter(Boolean);
      if (pts.length) root.append(svg("polyline", { points: pts.join(" "), fill: "none", ...attrs }));
    };
    for (let e = 0; e < 10; e++) line(trend.map((t) => t.essentials[e]), { stroke: "#aab7c4", "stroke-width": 1 });
    line(trend.map((t) => t.overall_percent), { stroke: "#1c2833", "stroke-width": 3 });
    trend.forEach((t, i) => { if (t.overall_percent !== null) root.append(svg("circle", { cx: x(i), cy: y(t.overall_percent), r: 4, fill: colour(t.overall_percent), stroke: "#1c2833" })); });
    return root;
  }

  load().catch(() => { status(state.L.failed || "The dashboard could not read the national store."); });
})();
