// The event table: one row per event; a click opens its evidence.

import { typeColor } from "./colors.js";
import { clear, el } from "./util.js";

export function actorNames(actors) {
  return (actors || []).map((a) => a.name || a.text).filter(Boolean).join(", ");
}

/** The evidence sentence, cut around the trigger when long. */
export function snippet(event, width = 150) {
  const text = event.evidence.text.replace(/\s+/g, " ");
  if (text.length <= width || !event.trigger) return text.slice(0, width) + (text.length > width ? "…" : "");
  const at = Math.max(0, event.trigger.start - event.evidence.start - Math.floor(width / 3));
  const from = Math.min(at, text.length - width);
  return (from > 0 ? "…" : "") + text.slice(from, from + width) + (from + width < text.length ? "…" : "");
}

export function typeTag(event) {
  return el("span", { class: "type-tag" },
    el("span", { class: "swatch", "data-type": event.type }),
    event.type + (event.mode ? `/${event.mode}` : ""),
    event.factuality !== "asserted" ? el("span", { class: "fact" }, `(${event.factuality})`) : null);
}

export function renderTable(tbody, items, selectedId, onSelect) {
  clear(tbody);
  if (!items.length) {
    tbody.append(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No events match these filters.")));
    return;
  }
  for (const e of items) {
    const who = actorNames(e.source) || "?";
    const whom = actorNames(e.target);
    const loc = e.location;
    const row = el("tr", { "data-id": e.id, "data-type": e.type, class: e.id === selectedId ? "selected" : null,
      onclick: () => onSelect(e.id) },
    el("td", {}, e.date || "—"),
    el("td", {}, typeTag(e)),
    el("td", {}, whom ? `${who} → ${whom}` : who),
    el("td", {}, loc ? `${loc.name}${loc.country ? `, ${loc.country}` : ""}` : ""),
    el("td", { class: "num" }, e.fatalities && e.fatalities.best !== null ? String(e.fatalities.best) : ""),
    el("td", { class: "num" }, e.confidence !== null ? e.confidence.toFixed(2) : ""),
    el("td", { class: "evidence-cell" }, snippet(e)));
    tbody.append(row);
  }
  paintSwatches(tbody);
}

/** Swatch colours are set through the CSSOM (allowed by the CSP, unlike style attributes). */
export function paintSwatches(root) {
  for (const swatch of root.querySelectorAll(".swatch[data-type]")) {
    swatch.style.background = typeColor(swatch.dataset.type);
  }
}
