// The region view: intensity over time (cooperation up, conflict down), the latest events, and who is
// talking to whom, for one place, admin-1 region or country.

import { drawNetwork } from "./network.js";
import { actorNames } from "./table.js";
import { nextPeriod, ticks, timeScale } from "./timeline.js";
import { clear, el, emptyChart, fmt, getJSON, svg } from "./util.js";

const W = 960;
const H = 200;
const M = { left: 42, right: 8, top: 8, bottom: 22 };

function intensityChart(container, timeline) {
  if (!timeline.rows.length) {
    clear(container).append(emptyChart(W, H, "no dated events here"));
    return;
  }
  const plotW = W - M.left - M.right;
  const scale = timeScale(timeline, M.left, plotW);
  const sums = scale.periods.map((p) => ({
    t: p.t,
    coop: p.rows.reduce((s, r) => s + Math.max(r.intensity || 0, 0), 0),
    conflict: p.rows.reduce((s, r) => s + Math.max(-(r.intensity || 0), 0), 0),
  }));
  const max = Math.max(...sums.map((s) => Math.max(s.coop, s.conflict)), 1);
  const mid = M.top + (H - M.top - M.bottom) / 2;
  const half = (H - M.top - M.bottom) / 2;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "intensity over time" });
  for (const s of sums) {
    const x = scale.x(s.t);
    const width = Math.max(scale.x(nextPeriod(s.t, timeline.bucket)) - x - 1, 1);
    const label = new Date(s.t).toISOString().slice(0, 10);
    root.append(
      svg("rect", { class: "bar coop", x: x.toFixed(2), width: width.toFixed(2), y: (mid - (s.coop / max) * half).toFixed(2),
        height: ((s.coop / max) * half).toFixed(2) }, svg("title", {}, `${label}: cooperation ${s.coop.toFixed(1)}`)),
      svg("rect", { class: "bar conflict", x: x.toFixed(2), width: width.toFixed(2), y: mid.toFixed(2),
        height: ((s.conflict / max) * half).toFixed(2) }, svg("title", {}, `${label}: conflict ${s.conflict.toFixed(1)}`)));
  }
  const axis = svg("g", { class: "axis" }, svg("line", { x1: M.left, x2: W - M.right, y1: mid, y2: mid }),
    svg("text", { x: M.left - 4, y: M.top + 8, "text-anchor": "end" }, `+${fmt.format(Math.round(max))}`),
    svg("text", { x: M.left - 4, y: H - M.bottom, "text-anchor": "end" }, `−${fmt.format(Math.round(max))}`));
  for (const tick of ticks(scale.t0, scale.t1).filter((t) => scale.x(t.t) > M.left + 20 && scale.x(t.t) < W - 30)) {
    axis.append(svg("text", { x: scale.x(tick.t), y: H - 6, "text-anchor": "middle" }, tick.label));
  }
  root.append(axis);
  clear(container).append(root);
}

export async function loadPlaces(datalist) {
  const places = await getJSON("/api/places", { limit: 300 });
  const names = new Set();
  for (const p of places.items) {
    if (p.events > 0) names.add(p.name);
    if (p.admin1) names.add(p.admin1);
  }
  clear(datalist).append(...[...names].sort().map((n) => el("option", { value: n })));
}

function watchStrip(watch) {
  const strip = clear(document.getElementById("region-watch"));
  const note = document.getElementById("region-spikes");
  if (!watch) {
    strip.append(el("li", { class: "muted" }, "No watch for this name: give a country or an admin-1 region."));
    note.textContent = "";
    return;
  }
  for (const w of watch.windows) {
    const detail = `${w.start} – ${w.end}: ${w.violent} violent, ${w.material_conflict} material conflict, ` +
      `${w.verbal_conflict} verbal conflict, ${w.lulls} lull statements, ${w.articles} articles`;
    strip.append(el("li", { class: `watch ${w.state.replace(/ /g, "-")}`, title: detail },
      el("span", { class: "watch-state" }, w.state), el("span", { class: "watch-days" }, w.end.slice(5)),
      w.spikes.length ? el("span", { class: "watch-spike", title: `spike: ${w.spikes.join(", ")}` }, "▲") : ""));
  }
  note.textContent = watch.spikes.length
    ? `Spike alarms (violent events above the region's own baseline): ${watch.spikes.map((s) => s.day).join(", ")}.`
    : "No spike alarm: violence within the region's own recent baseline.";
}

export async function showRegion(name, onSelectEvent) {
  const data = await getJSON(`/api/regions/${encodeURIComponent(name)}`);
  const undated = data.timeline.undated ? `, ${fmt.format(data.timeline.undated)} without a date` : "";
  document.getElementById("region-summary").textContent =
    `${fmt.format(data.events)} events located in ${data.region}${undated}`;
  watchStrip(data.watch);
  intensityChart(document.getElementById("region-intensity"), data.timeline);
  const list = clear(document.getElementById("region-latest"));
  if (!data.latest.length) list.append(el("li", { class: "muted" }, "No events located here."));
  for (const e of data.latest) {
    const whom = actorNames(e.target);
    list.append(el("li", { "data-id": e.id, onclick: () => onSelectEvent(e.id) },
      el("strong", {}, `${e.date || "undated"} ${e.type}`), " ",
      `${actorNames(e.source) || "?"}${whom ? ` → ${whom}` : ""}`,
      el("span", { class: "muted" }, ` (${e.factuality})`)));
  }
  drawNetwork(document.getElementById("region-network"), data.network, null);
}
