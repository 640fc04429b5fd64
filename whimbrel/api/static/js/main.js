// The dashboard: filters drive the map, timeline, network and table together; a click on a row, a map
// point or a region's event opens its evidence. <html data-state> is "loading" while data is fetched and
// "ready" once everything is drawn (the browser tests and the benchmark wait for it).

import { TYPES, typeColor } from "./colors.js";
import { showEvidence } from "./evidence.js";
import { WorldMap } from "./map.js";
import { drawNetwork } from "./network.js";
import { loadPlaces, showRegion } from "./region.js";
import { renderTable } from "./table.js";
import { Timeline } from "./timeline.js";
import { debounce, el, fmt, getJSON, query } from "./util.js";

const $ = (id) => document.getElementById(id);
const state = { offset: 0, limit: 50, sort: "-date", selected: null, generation: 0, map: null, timeline: null };

// Work in flight: the page is "ready" when none is left (a superseded request still counts until it ends).
let pending = 0;

function begin() {
  pending += 1;
  document.documentElement.dataset.state = "loading";
}

function done() {
  pending -= 1;
  if (pending === 0) document.documentElement.dataset.state = "ready";
}

function message(text) {
  const box = $("message");
  box.textContent = text || "";
  box.hidden = !text;
}

/** The filter form as API parameters (empty fields left out). */
function filters() {
  const form = $("filters");
  const out = {};
  for (const field of form.elements) {
    if (field.name && field.value.trim()) out[field.name] = field.value.trim();
  }
  return out;
}

async function loadOverview() {
  const generation = ++state.generation;
  begin();
  const f = filters();
  const { since, until, ...undated } = f;
  try {
    const [events, points, timeline, network] = await Promise.all([
      getJSON("/api/events", { ...f, limit: state.limit, offset: state.offset, sort: state.sort }),
      getJSON("/api/stats/map", f),
      getJSON("/api/stats/timeline", undated), // the whole span: the brush shows the chosen range on it
      getJSON("/api/stats/network", { ...f, level: $("net-level").value }),
    ]);
    if (generation !== state.generation) return; // a newer request is on its way
    renderTable($("events-table").tBodies[0], events.items, state.selected, select);
    const last = Math.min(events.offset + events.items.length, events.total);
    $("event-count").textContent = `${fmt.format(events.total)} matching`;
    $("page-info").textContent = events.total ? `${fmt.format(events.offset + 1)}–${fmt.format(last)} of ${fmt.format(events.total)}` : "";
    $("prev").disabled = events.offset === 0;
    $("next").disabled = last >= events.total;
    state.map.update(points.points);
    $("map-note").textContent = points.unlocated ? `${fmt.format(points.unlocated)} events have no location and are not on the map.` : "";
    state.timeline.update(timeline, { since, until });
    $("timeline-note").textContent = `by ${timeline.bucket}` + (timeline.undated ? `; ${fmt.format(timeline.undated)} undated events not shown` : "");
    drawNetwork($("network"), network, (node) => {
      $("f-actor").value = String(node.id).startsWith("~") ? node.name : node.id;
      refresh();
    });
    for (const fmtName of ["csv", "parquet", "geojson"]) {
      $(`export-${fmtName}`).href = `/api/events${query({ ...f, format: fmtName, sort: state.sort })}`;
    }
    message("");
  } catch (error) {
    if (generation === state.generation) message(error.message);
  } finally {
    done();
  }
}

function refresh() {
  state.offset = 0;
  loadOverview();
}

async function select(eventId) {
  state.selected = eventId;
  for (const row of $("events-table").tBodies[0].rows) row.classList.toggle("selected", row.dataset.id === eventId);
  if (state.map) state.map.select(eventId);
  begin();
  try {
    await showEvidence($("evidence"), eventId);
    message("");
  } catch (error) {
    message(error.message);
  } finally {
    done();
  }
}

function legend() {
  const box = $("legend");
  for (const type of TYPES) {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = typeColor(type);
    box.append(el("button", { type: "button", "data-type": type, title: `show only ${type}`, onclick: () => {
      $("f-type").value = $("f-type").value === type ? "" : type;
      refresh();
    } }, swatch, type));
    $("f-type").append(el("option", { value: type }, type));
  }
}

async function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  const region = hash.startsWith("region");
  $("overview").hidden = region;
  $("region").hidden = !region;
  $("filters").hidden = region;
  $("nav-overview").classList.toggle("active", !region);
  $("nav-region").classList.toggle("active", region);
  if (!region) return;
  const name = hash.startsWith("region=") ? hash.slice("region=".length) : "";
  $("region-name").value = name;
  if (!name) return;
  begin();
  try {
    await showRegion(name, select);
    message("");
  } catch (error) {
    message(error.message);
  } finally {
    done();
  }
}

async function start() {
  begin();
  legend();
  const onText = debounce(refresh, 300);
  $("filters").addEventListener("input", (event) => { if (event.target.tagName === "INPUT") onText(); });
  $("filters").addEventListener("change", (event) => { if (event.target.tagName === "SELECT") refresh(); });
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  $("filters").addEventListener("reset", () => setTimeout(refresh, 0));
  $("net-level").addEventListener("change", loadOverview);
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadOverview(); });
  $("next").addEventListener("click", () => { state.offset += state.limit; loadOverview(); });
  for (const button of document.querySelectorAll("th button[data-sort]")) {
    button.addEventListener("click", () => {
      const key = button.dataset.sort;
      state.sort = state.sort === `-${key}` ? key : `-${key}`;
      for (const b of document.querySelectorAll("th button[data-sort]")) b.classList.remove("sorted", "asc");
      button.classList.add("sorted");
      button.classList.toggle("asc", !state.sort.startsWith("-"));
      refresh();
    });
  }
  $("evidence-close").addEventListener("click", () => { $("evidence").hidden = true; });
  $("region-form").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `region=${encodeURIComponent($("region-name").value.trim())}`;
  });
  window.addEventListener("hashchange", route);
  state.timeline = new Timeline($("timeline"), (range) => {
    $("f-since").value = range ? range.since : "";
    $("f-until").value = range ? range.until : "";
    refresh();
  });
  try {
    const [world, status] = await Promise.all([getJSON("/world.geojson"), getJSON("/api/status")]);
    state.map = new WorldMap($("map"), world, select);
    const c = status.counts;
    $("store-info").textContent = `${fmt.format(c.articles)} articles · ${fmt.format(c.events)} events · ` +
      `${fmt.format(c.quotes)} quotes${status.store.writer_active ? " · store being written, showing the last copy" : ""}`;
  } catch (error) {
    message(error.message);
    done();
    return;
  }
  loadPlaces($("region-places")).catch((error) => message(error.message));
  await Promise.all([loadOverview(), route()]);
  done();
}

start();
