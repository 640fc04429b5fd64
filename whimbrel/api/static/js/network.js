// The actor network: a force-directed layout (Fruchterman-Reingold, deterministic start) of who acts on
// whom. An edge is blue where cooperation outweighs conflict, red otherwise; its width grows with both.

import { clear, emptyChart, fmt, svg } from "./util.js";

const W = 560;
const H = 420;

function layout(nodes, edges) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, k) => [node.id, k]));
  const pos = nodes.map((_, k) => ({
    x: W / 2 + Math.cos((2 * Math.PI * k) / n) * W * 0.35,
    y: H / 2 + Math.sin((2 * Math.PI * k) / n) * H * 0.35,
  }));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.45;
  let temperature = W / 10;
  for (let step = 0; step < 300; step++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const dx = pos[a].x - pos[b].x;
        const dy = pos[a].y - pos[b].y;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const force = (k * k) / d;
        disp[a].x += (dx / d) * force; disp[a].y += (dy / d) * force;
        disp[b].x -= (dx / d) * force; disp[b].y -= (dy / d) * force;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const force = (d * d) / k;
      disp[a].x -= (dx / d) * force; disp[a].y -= (dy / d) * force;
      disp[b].x += (dx / d) * force; disp[b].y += (dy / d) * force;
    }
    for (let a = 0; a < n; a++) {
      // gravity towards the centre keeps unconnected pairs from drifting off to the rim
      disp[a].x += (W / 2 - pos[a].x) * 0.8;
      disp[a].y += (H / 2 - pos[a].y) * 0.8;
      const d = Math.max(Math.hypot(disp[a].x, disp[a].y), 0.01);
      pos[a].x += (disp[a].x / d) * Math.min(d, temperature);
      pos[a].y += (disp[a].y / d) * Math.min(d, temperature);
    }
    temperature = Math.max(temperature * 0.97, 0.5);
  }
  // Fit the drawing to the frame, leaving room for labels on the right.
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 150) / Math.max(x1 - x0, 1), (H - 40) / Math.max(y1 - y0, 1), 3);
  const dx = 20 + (W - 150 - (x1 - x0) * scale) / 2;
  const dy = 20 + (H - 40 - (y1 - y0) * scale) / 2;
  for (const p of pos) {
    p.x = dx + (p.x - x0) * scale;
    p.y = dy + (p.y - y0) * scale;
  }
  return new Map(nodes.map((node, i) => [node.id, pos[i]]));
}

export function drawNetwork(container, data, onNode) {
  if (!data.edges.length) {
    clear(container).append(emptyChart(W, H, "no source → target pairs in these events"));
    return;
  }
  const nodes = [...data.nodes].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const pos = layout(nodes, data.edges);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const edgeLayer = svg("g");
  const name = (id) => (byId.get(id) || {}).name || id;
  const maxWeight = Math.max(1e-9, ...data.edges.map((e) => e.cooperation + e.conflict));
  const maxEvents = Math.max(1, ...nodes.map((n) => n.events));
  // Only the busiest actors are labelled; every node names itself on hover.
  const labelled = new Set([...nodes].sort((a, b) => b.events - a.events).slice(0, 25).map((n) => n.id));
  for (const e of data.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    const weight = e.cooperation + e.conflict;
    edgeLayer.append(svg("line", {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      class: `edge ${e.cooperation >= e.conflict ? "coop" : "conflict"}`,
      "stroke-width": (1 + 6 * Math.sqrt(weight / maxWeight)).toFixed(2),
    }, svg("title", {}, `${name(e.source)} → ${name(e.target)}: ${fmt.format(e.events)} events, ` +
      `cooperation ${e.cooperation.toFixed(1)}, conflict ${e.conflict.toFixed(1)}`)));
  }
  const nodeLayer = svg("g");
  for (const node of nodes) {
    const p = pos.get(node.id);
    const r = 3 + 9 * Math.sqrt(node.events / maxEvents);
    const label = String(node.name || node.id);
    nodeLayer.append(svg("g", { class: "node-group", "data-id": node.id },
      svg("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1), class: "node",
        fill: node.kind === "country" || String(node.id).startsWith("country/") ? "#2f4b5c" : "#7a8f99",
        onclick: () => onNode && onNode(node) },
      svg("title", {}, `${label}${node.country ? ` (${node.country}` + (node.sector ? `/${node.sector})` : ")") : ""}: ` +
        `${fmt.format(node.events)} events`)),
      labelled.has(node.id) ? svg("text", { x: (p.x + r + 2).toFixed(1), y: (p.y + 3).toFixed(1), class: "node-label" },
        label.length > 22 ? `${label.slice(0, 21)}…` : label) : null));
  }
  root.append(edgeLayer, nodeLayer);
  clear(container).append(root);
}
