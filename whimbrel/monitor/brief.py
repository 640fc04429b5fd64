"""Daily briefs: the top developments of a region over a period, each cited to its article and sentence.

A brief is built only from stored events: every line names an event's date, type, actors and place and
quotes its evidence sentence, so nothing is said that the store does not hold. Ranked by how much an
event matters (PLOVER intensity, fatalities) and how widely it was reported (independent sources). Only
asserted and planned (future) events are listed; hypothetical, negated and failed ones are not developments.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from whimbrel.monitor.regions import Region
from whimbrel.monitor.state import WatchWindow, watch_states
from whimbrel.store.aggregates import daily_series
from whimbrel.store.duckdb_store import NOT_DUPLICATE, Store

__all__ = ["Brief", "Development", "build_brief", "render_html", "render_markdown", "trend_svg"]

_LISTED = ("asserted", "future")


@dataclass
class Development:
    day: date | None
    type: str
    factuality: str
    source: list[str]
    target: list[str]
    place: str | None
    evidence: str
    article_id: str
    title: str | None
    url: str | None
    fatalities: int | None
    intensity: float
    sources: list[str] = field(default_factory=list)  # article ids reporting it
    independent_sources: int = 1  # near-duplicates, one wire's copies, one outlet: counted once

    @property
    def score(self) -> float:
        return abs(self.intensity) * (1 + math.log(max(self.independent_sources, 1))) + math.log1p(self.fatalities or 0)


@dataclass
class Brief:
    region: Region
    since: date
    until: date
    developments: list[Development]
    states: list[WatchWindow]
    series: list[dict[str, Any]]  # daily rows over the period
    lulls: list[dict[str, Any]] = field(default_factory=list)  # lull statements in the region and period


def _names(actors: list[dict[str, Any]]) -> list[str]:
    return [a.get("name") or a.get("text") or "?" for a in actors]


def _developments(store: Store, region: Region, since: date, until: date) -> list[Development]:
    where, params = region.sql_condition("e")
    # Cross-article event groups (the same event told by several outlets) where the store has them.
    grouped = store.has_table("event_groups")
    group_cols = ", g.id AS group_id, g.sources, g.independent_sources" if grouped else ""
    group_join = ("LEFT JOIN event_group_members m ON m.event_id = e.id LEFT JOIN event_groups g ON g.id = m.group_id"
                  if grouped else "")
    rows = store.query(f"""
        SELECT e.article_id, e.record, COALESCE(e.date, a.published_day) AS day, a.title, a.url{group_cols}
        FROM events e JOIN articles a ON a.id = e.article_id {group_join}
        WHERE {where} AND e.factuality IN ('asserted', 'future') AND e.{NOT_DUPLICATE}
          AND COALESCE(e.date, a.published_day) BETWEEN ? AND ?
        ORDER BY day, e.article_id, e.seq""", [*params, since, until])
    merged: dict[Any, Development] = {}
    for row in rows:
        ev = json.loads(row["record"])
        src, tgt = _names(ev.get("source") or []), _names(ev.get("target") or [])
        loc = ev.get("location") or {}
        dev = Development(
            day=row["day"], type=ev["type"], factuality=ev["factuality"], source=src, target=tgt,
            place=loc.get("name"), evidence=(ev.get("evidence") or {}).get("text", ""),
            article_id=row["article_id"], title=row["title"], url=row["url"],
            fatalities=(ev.get("fatalities") or {}).get("best"), intensity=float(ev.get("intensity") or 0),
            sources=list(row.get("sources") or [row["article_id"]]),
            independent_sources=int(row.get("independent_sources") or 1))
        # One development per real-world event: its group, else the same day, type, actors and place.
        key = row.get("group_id") or (dev.day, dev.type, dev.factuality, tuple(src), tuple(tgt), dev.place)
        if key in merged:
            known = merged[key]
            known.sources += [a for a in dev.sources if a not in known.sources]
            known.independent_sources = max(known.independent_sources, dev.independent_sources)
            continue
        merged[key] = dev
    return sorted(merged.values(), key=lambda d: (-d.score, d.day or date.min, d.article_id))


def _lulls(store: Store, region: Region, since: date, until: date) -> list[dict[str, Any]]:
    if region.kind == "dyad" or not store.has_table("lulls"):
        return []
    where, params = region.sql_condition("l")
    return store.query(f"""
        SELECT COALESCE(l.date, a.published_day) AS day, l.about, l.location_name, l.evidence_text, l.article_id,
               a.title, a.url
        FROM lulls l JOIN articles a ON a.id = l.article_id
        WHERE {where} AND l.{NOT_DUPLICATE} AND COALESCE(l.date, a.published_day) BETWEEN ? AND ?
        ORDER BY day DESC, l.article_id, l.seq""", [*params, since, until])


def build_brief(store: Store, region: Region, *, since: date, until: date, top: int = 10) -> Brief:
    series = daily_series(store, region.kind, region.unit, since=since, until=until)
    windows = max(1, math.ceil(((until - since).days + 1) / 7))
    return Brief(region=region, since=since, until=until,
                 developments=_developments(store, region, since, until)[:top],
                 states=watch_states(store, region.kind, region.unit, until=until, windows=windows),
                 series=series, lulls=_lulls(store, region, since, until))


def trend_svg(series: list[dict[str, Any]], since: date, until: date, *, width: int = 560, height: int = 140) -> str:
    """A bar per day: all asserted events (grey) and violent ones (red), with the day axis labelled."""
    days = (until - since).days + 1
    by_day = {r["day"]: r for r in series}
    peak = max([int(r["events"]) for r in series] + [1])
    bar = (width - 40) / days
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="events per day">',
             f'<text x="4" y="12" font-size="10" font-family="sans-serif">events/day (max {peak})</text>']
    for k in range(days):
        day = since + timedelta(days=k)
        row = by_day.get(day)
        x = 30 + k * bar
        for value, colour in ((int(row["events"]) if row else 0, "#9aa5b1"), (int(row["violent"]) if row else 0, "#c0392b")):
            h = (height - 40) * value / peak
            parts.append(f'<rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{max(bar - 2, 1):.1f}" '
                         f'height="{h:.1f}" fill="{colour}"><title>{day}: {value}</title></rect>')
    parts.append(f'<text x="30" y="{height - 6}" font-size="10" font-family="sans-serif">{since}</text>')
    parts.append(f'<text x="{width - 10}" y="{height - 6}" font-size="10" font-family="sans-serif" '
                 f'text-anchor="end">{until}</text></svg>')
    return "".join(parts)


def _sparkline(series: list[dict[str, Any]], since: date, until: date) -> str:
    ticks = "▁▂▃▄▅▆▇█"
    by_day = {r["day"]: int(r["events"]) for r in series}
    values = [by_day.get(since + timedelta(days=k), 0) for k in range((until - since).days + 1)]
    peak = max(values + [1])
    return "".join(ticks[min(len(ticks) - 1, v * (len(ticks) - 1) // peak)] if v else "·" for v in values)


def _line(d: Development) -> tuple[str, str]:
    who = ", ".join(d.source) or "unknown actor"
    whom = (" → " + ", ".join(d.target)) if d.target else ""
    where = f" in {d.place}" if d.place else ""
    planned = " (planned)" if d.factuality == "future" else ""
    dead = f", {d.fatalities} killed" if d.fatalities else ""
    head = f"{d.day or 'undated'} · {d.type}{planned}: {who}{whom}{where}{dead}"
    cite = f"{d.title or d.article_id} [{d.article_id}]" + (f" {d.url}" if d.url else "")
    n, k = len(d.sources), d.independent_sources
    return head, f"{cite}; {n} report{'s' if n != 1 else ''}, {k} independent"


def render_markdown(brief: Brief, chart_path: str | None = None) -> str:
    r = brief.region
    out = [f"# Brief: {r.label} — {brief.since} to {brief.until}", ""]
    if brief.states:
        now = brief.states[-1]
        out.append(f"**State ({now.start} – {now.end}):** {now.state}; violent events {now.violent}, "
                   f"material conflict {now.material_conflict}, verbal conflict {now.verbal_conflict}, "
                   f"lull statements {now.lulls}, articles processed {now.articles}.")
        spikes = [d for w in brief.states for d in w.spikes]
        out.append(f"**Spikes:** {', '.join(spikes) if spikes else 'none'}.")
        out.append("")
    out.append(f"**Trend** (events per day): `{_sparkline(brief.series, brief.since, brief.until)}`")
    if chart_path:
        out.append(f"![events per day]({chart_path})")
    out += ["", "## Top developments", ""]
    if not brief.developments:
        out.append("No stored event for this region and period.")
    for k, d in enumerate(brief.developments, start=1):
        head, cite = _line(d)
        out += [f"{k}. **{head}**", f"   > {d.evidence.strip()}", f"   — {cite}", ""]
    if brief.lulls:
        out += ["## Lull statements", ""]
        for lull in brief.lulls:
            cite = f"{lull['title'] or lull['article_id']} [{lull['article_id']}]" + (f" {lull['url']}" if lull["url"] else "")
            where = f" · {lull['location_name']}" if lull["location_name"] else ""
            out.append(f"- **{lull['day']}**{where}: “{lull['evidence_text'].strip()}” — {cite}")
    return "\n".join(out).rstrip() + "\n"


def render_html(brief: Brief) -> str:
    r = brief.region
    esc = html.escape
    items = []
    for d in brief.developments:
        head, cite = _line(d)
        items.append(f"<li><strong>{esc(head)}</strong><blockquote>{esc(d.evidence.strip())}</blockquote>"
                     f"<cite>{esc(cite)}</cite></li>")
    lulls = "".join(f"<li><strong>{lull['day']}</strong> <blockquote>{esc(lull['evidence_text'].strip())}</blockquote>"
                    f"<cite>{esc(str(lull['title'] or lull['article_id']))} [{esc(lull['article_id'])}]</cite></li>"
                    for lull in brief.lulls)
    lulls = f"<h2>Lull statements</h2><ul>{lulls}</ul>" if lulls else ""
    states = "".join(f"<tr><td>{w.start} – {w.end}</td><td>{esc(w.state)}</td><td>{w.violent}</td>"
                     f"<td>{w.material_conflict}</td><td>{w.verbal_conflict}</td><td>{w.lulls}</td>"
                     f"<td>{w.articles}</td></tr>" for w in brief.states)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Brief: {esc(r.label)}</title>"
            "<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.4}"
            "blockquote{margin:.3rem 0 .2rem 1rem;color:#333}cite{color:#666;font-size:.9em}"
            "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd}</style>"
            f"</head><body><h1>Brief: {esc(r.label)}</h1><p>{brief.since} to {brief.until}</p>"
            f"{trend_svg(brief.series, brief.since, brief.until)}"
            "<h2>Watch state</h2><table><tr><th>window</th><th>state</th><th>violent</th><th>material</th>"
            f"<th>verbal</th><th>lulls</th><th>articles</th></tr>{states}</table>"
            f"<h2>Top developments</h2><ol>{''.join(items) or '<li>No stored event for this region and period.</li>'}"
            f"</ol>{lulls}</body></html>\n")
