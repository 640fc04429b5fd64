// The timeline: events per period stacked by type, with a brush (drag across) that sets the date range.

import { TYPES, typeColor } from "./colors.js";
import { clear, emptyChart, fmt, svg } from "./util.js";

const W = 960;
const H = 170;
const M = { left: 38, right: 8, top: 8, bottom: 22 };
const DAY = 86400000;

export function parseDay(s) {
  const [y, m, d] = s.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

export function isoDay(t) {
  return new Date(t).toISOString().slice(0, 10);
}

export function nextPeriod(t, bucket) {
  const d = new Date(t);
  if (bucket === "day") return t + DAY;
  if (bucket === "week") return t + 7 * DAY;
  if (bucket === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
}

function label(t, bucket) {
  const s = isoDay(t);
  return bucket === "year" ? s.slice(0, 4) : bucket === "month" ? s.slice(0, 7) : s;
}

/** Periods and the time scale of timeline data: {periods: [{t, rows}], t0, t1, x(t), invert(x)}. */
export function timeScale(data, plotLeft, plotWidth) {
  const byPeriod = new Map();
  for (const row of data.rows) {
    const t = parseDay(row.period);
    if (!byPeriod.has(t)) byPeriod.set(t, []);
    byPeriod.get(t).push(row);
  }
  const periods = [...byPeriod.entries()].sort((a, b) => a[0] - b[0]).map(([t, rows]) => ({ t, rows }));
  const t0 = periods.length ? periods[0].t : 0;
  const t1 = periods.length ? nextPeriod(periods[periods.length - 1].t, data.bucket) : 1;
  const x = (t) => plotLeft + ((t - t0) / (t1 - t0)) * plotWidth;
  const invert = (px) => t0 + ((px - plotLeft) / plotWidth) * (t1 - t0);
  return { periods, t0, t1, x, invert };
}

/** About eight evenly spaced calendar ticks between t0 and t1: years, months or days. */
export function ticks(t0, t1) {
  const out = [];
  const a = new Date(t0);
  const years = (t1 - t0) / (365.25 * DAY);
  if (years > 3) {
    const step = Math.ceil(years / 8);
    for (let y = a.getUTCFullYear() + 1; Date.UTC(y, 0, 1) < t1; y += step) {
      out.push({ t: Date.UTC(y, 0, 1), label: String(y) });
    }
  } else if ((t1 - t0) / DAY > 60) {
    const step = Math.ceil((years * 12) / 8);
    for (let m = a.getUTCMonth() + 1, y = a.getUTCFullYear(); Date.UTC(y, m, 1) < t1; m += step) {
      const t = Date.UTC(y, m, 1);
      out.push({ t, label: isoDay(t).slice(0, 7) });
    }
  } else {
    const step = Math.max(1, Math.ceil((t1 - t0) / DAY / 8));
    for (let t = t0; t < t1; t += step * DAY) out.push({ t, label: isoDay(t).slice(5) });
  }
  return out;
}

export class Timeline {
  constructor(container, onBrush) {
    this.container = container;
    this.onBrush = onBrush;
  }

  update(data, selection) {
    this.data = data;
    const plotW = W - M.left - M.right;
    const plotH = H - M.top - M.bottom;
    if (!data.rows.length) {
      clear(this.container).append(emptyChart(W, H, "no dated events"));
      return;
    }
    const scale = timeScale(data, M.left, plotW);
    const totals = scale.periods.map((p) => p.rows.reduce((n, r) => n + r.events, 0));
    const max = Math.max(...totals, 1);
    const y = (v) => M.top + plotH - (v / max) * plotH;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "events over time" });
    const bars = svg("g");
    for (const period of scale.periods) {
      const x0 = scale.x(period.t);
      const width = Math.max(scale.x(nextPeriod(period.t, data.bucket)) - x0 - 1, 1);
      let base = 0;
      const rows = [...period.rows].sort((a, b) => TYPES.indexOf(a.type) - TYPES.indexOf(b.type));
      for (const row of rows) {
        bars.append(svg("rect", {
          x: x0.toFixed(2), y: y(base + row.events).toFixed(2), width: width.toFixed(2),
          height: Math.max(y(base) - y(base + row.events), 0.5).toFixed(2), fill: typeColor(row.type),
        }, svg("title", {}, `${label(period.t, data.bucket)}: ${fmt.format(row.events)} ${row.type}`)));
        base += row.events;
      }
    }
    const axis = svg("g", { class: "axis" },
      svg("line", { x1: M.left, x2: W - M.right, y1: M.top + plotH, y2: M.top + plotH }));
    for (const v of [0, Math.round(max / 2), max]) {
      axis.append(svg("text", { x: M.left - 4, y: y(v) + 3, "text-anchor": "end" }, fmt.format(v)));
    }
    for (const tick of ticks(scale.t0, scale.t1).filter((t) => scale.x(t.t) > M.left + 20 && scale.x(t.t) < W - 30)) {
      axis.append(svg("line", { x1: scale.x(tick.t), x2: scale.x(tick.t), y1: M.top + plotH, y2: M.top + plotH + 4 }),
        svg("text", { x: scale.x(tick.t), y: H - 6, "text-anchor": "middle" }, tick.label));
    }
    const brush = svg("rect", { class: "brush", x: 0, y: M.top, width: 0, height: plotH, visibility: "hidden" });
    const overlay = svg("rect", { class: "overlay", x: M.left, y: M.top, width: plotW, height: plotH });
    root.append(bars, axis, brush, overlay);
    clear(this.container).append(root);
    this.listen(root, overlay, brush, scale);
    if (selection && (selection.since || selection.until)) {
      const a = scale.x(Math.max(selection.since ? parseDay(selection.since) : scale.t0, scale.t0));
      const b = scale.x(Math.min(selection.until ? parseDay(selection.until) + DAY : scale.t1, scale.t1));
      if (b > a) this.showBrush(brush, a, b);
    }
  }

  showBrush(brush, a, b) {
    brush.setAttribute("x", Math.min(a, b).toFixed(2));
    brush.setAttribute("width", Math.abs(b - a).toFixed(2));
    brush.setAttribute("visibility", "visible");
  }

  listen(root, overlay, brush, scale) {
    const toX = (event) => {
      const box = root.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * W;
      return Math.min(Math.max(x, M.left), W - M.right);
    };
    let start = null;
    overlay.addEventListener("pointerdown", (event) => {
      start = toX(event);
      overlay.setPointerCapture(event.pointerId);
      this.showBrush(brush, start, start);
    });
    overlay.addEventListener("pointermove", (event) => {
      if (start !== null) this.showBrush(brush, start, toX(event));
    });
    overlay.addEventListener("pointerup", (event) => {
      if (start === null) return;
      const end = toX(event);
      const [a, b] = [Math.min(start, end), Math.max(start, end)];
      start = null;
      if (b - a < 3) {
        brush.setAttribute("visibility", "hidden");
        this.onBrush(null);
        return;
      }
      this.onBrush({ since: isoDay(scale.invert(a)), until: isoDay(scale.invert(b) - 1) });
    });
  }
}
