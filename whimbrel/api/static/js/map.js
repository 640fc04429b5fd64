// The map: country outlines (equirectangular projection) with one circle per place and event type,
// coloured by type and sized by events and fatalities. Wheel to zoom, drag to pan, double-click to refit.

import { typeColor } from "./colors.js";
import { clear, fmt, svg } from "./util.js";

const W = 960;
const H = 480;
const px = (lon) => ((lon + 180) * W) / 360;
const py = (lat) => ((90 - lat) * H) / 180;

function ringPath(ring) {
  return "M" + ring.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z";
}

function featurePath(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map(ringPath).join("")).join("");
}

export class WorldMap {
  constructor(container, world, onSelect) {
    this.onSelect = onSelect;
    this.points = [];
    this.selected = null;
    this.root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "map of events" });
    const land = svg("g");
    for (const feature of world.features) {
      land.append(svg("path", { d: featurePath(feature.geometry), class: "land" },
        svg("title", {}, feature.properties.name || feature.id)));
    }
    this.dots = svg("g", { class: "points" });
    this.root.append(land, this.dots);
    clear(container).append(this.root);
    this.view = { x: 0, y: 0, w: W, h: H };
    this.listen();
  }

  update(points) {
    this.points = points;
    this.fit();
  }

  fit() {
    if (!this.points.length) {
      this.setView({ x: 0, y: 0, w: W, h: H });
      return;
    }
    // Frame where most events are: a few far-off points should not shrink the rest to a dot
    // (they stay on the map; double-click refits, the wheel zooms out).
    const xs = this.points.map((p) => px(p.lon)).sort((a, b) => a - b);
    const ys = this.points.map((p) => py(p.lat)).sort((a, b) => a - b);
    const cut = xs.length >= 20 ? Math.floor(xs.length * 0.05) : 0;
    let x0 = xs[cut];
    let x1 = xs[xs.length - 1 - cut];
    let y0 = ys[cut];
    let y1 = ys[ys.length - 1 - cut];
    const w = Math.max((x1 - x0) * 1.3, 120);
    const h = Math.max((y1 - y0) * 1.3, w / 2);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    x0 = cx - Math.max(w, h * 2) / 2;
    y0 = cy - Math.max(h, w / 2) / 2;
    this.setView({ x: x0, y: y0, w: Math.max(w, h * 2), h: Math.max(h, w / 2) });
  }

  setView(view) {
    const w = Math.min(Math.max(view.w, 20), W);
    const h = w / 2;
    const x = Math.min(Math.max(view.x, 0), W - w);
    const y = Math.min(Math.max(view.y, 0), H - h);
    this.view = { x, y, w, h };
    this.root.setAttribute("viewBox", `${x.toFixed(2)} ${y.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)}`);
    this.draw();
  }

  draw() {
    clear(this.dots);
    const k = this.view.w / W; // circles keep their size on screen whatever the zoom
    // Area grows with fatalities (and a little with the number of events), relative to the largest here.
    const maxDead = Math.max(1, ...this.points.map((p) => p.fatalities || 0));
    const maxEvents = Math.max(1, ...this.points.map((p) => p.events));
    const sized = this.points.map((p) => ({
      p, r: (2.5 + 3 * Math.sqrt(p.events / maxEvents) + 11 * Math.sqrt((p.fatalities || 0) / maxDead)) * k,
    }));
    sized.sort((a, b) => b.r - a.r); // small circles on top of big ones
    for (const { p, r } of sized) {
      const title = `${p.name || "?"}${p.country ? ` (${p.country})` : ""}: ${p.type}, ${fmt.format(p.events)} ` +
        `event${p.events === 1 ? "" : "s"}${p.fatalities ? `, ${fmt.format(p.fatalities)} dead` : ""}`;
      this.dots.append(svg("circle", {
        cx: px(p.lon).toFixed(2), cy: py(p.lat).toFixed(2), r: r.toFixed(2), fill: typeColor(p.type),
        class: p.example === this.selected ? "point selected" : "point", "data-type": p.type,
        "stroke-width": (0.6 * k).toFixed(3),
        onclick: () => this.onSelect(p.example),
      }, svg("title", {}, title)));
    }
  }

  listen() {
    const toSvg = (event) => {
      const box = this.root.getBoundingClientRect();
      return {
        x: this.view.x + ((event.clientX - box.left) / box.width) * this.view.w,
        y: this.view.y + ((event.clientY - box.top) / box.height) * this.view.h,
        scale: this.view.w / box.width,
      };
    };
    this.root.addEventListener("wheel", (event) => {
      event.preventDefault();
      const at = toSvg(event);
      const f = event.deltaY > 0 ? 1.25 : 0.8;
      const w = this.view.w * f;
      this.setView({ x: at.x - (at.x - this.view.x) * f, y: at.y - (at.y - this.view.y) * f, w, h: w / 2 });
    }, { passive: false });
    let drag = null;
    this.root.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY, view: { ...this.view }, scale: toSvg(event).scale, moved: false };
    });
    this.root.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        this.root.setPointerCapture(event.pointerId);
        this.root.classList.add("dragging");
      }
      this.setView({ ...drag.view, x: drag.view.x - dx * drag.scale, y: drag.view.y - dy * drag.scale });
    });
    const end = () => {
      drag = null;
      this.root.classList.remove("dragging");
    };
    this.root.addEventListener("pointerup", end);
    this.root.addEventListener("pointercancel", end);
    this.root.addEventListener("dblclick", () => this.fit());
  }

  select(eventId) {
    this.selected = eventId;
    this.draw();
  }
}
