"""Cease-fire / violence watch: the state of a region or dyad, window by window.

States, from the asserted events of each window (default 7 days) and the window before it:

* ``no coverage``: no article processed for those days, so nothing can be said;
* ``quiet``: articles processed, no conflict event in them;
* ``verbal conflict``: accusations, rejections, threats, but no material conflict;
* ``material conflict``: protests, sanctions, mobilisation, coercion or violence, at a steady level;
* ``escalation``: violent events per article processed at least ``rise`` times the previous window's (and at
  least ``min_violent`` of them), or a spike alarm inside the window;
* ``de-escalation``: violent events per article at most ``fall`` times the previous window's, from at least
  ``min_violent``; or lull statements ("calm has largely prevailed") in a window no more violent than the one
  before it, after conflict. Lull statements are counted as such (``lulls``), never as events.

Rates are per article processed (``daily_articles``), so a week with more coverage does not read as a
week with more violence; without coverage figures raw counts are compared.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from whimbrel.monitor.spikes import SpikeAlarm, SpikeSettings, detect_spikes
from whimbrel.store.aggregates import daily_series
from whimbrel.store.duckdb_store import Store

__all__ = ["MATERIAL_CONFLICT", "VERBAL_CONFLICT", "WatchWindow", "spikes_for", "watch_states"]

VERBAL_CONFLICT = ("ACCUSE", "REJECT", "THREATEN")
MATERIAL_CONFLICT = ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
_RISE, _FALL, _MIN_VIOLENT = 1.5, 0.5, 3


@dataclass
class WatchWindow:
    start: date
    end: date  # inclusive
    state: str
    verbal_conflict: int
    material_conflict: int
    violent: int
    fatalities: int
    lulls: int  # lull statements ("calm prevailed") located in the unit
    articles: int
    spikes: list[str]  # days of spike alarms inside the window

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"], d["end"] = self.start.isoformat(), self.end.isoformat()
        return d


def _by_day(rows: list[dict[str, Any]]) -> dict[date, dict[str, Any]]:
    return {r["day"]: r for r in rows}


def spikes_for(store: Store, kind: str, unit: str, *, until: date | None = None,
               settings: SpikeSettings | None = None) -> list[tuple[date, SpikeAlarm]]:
    """Spike alarms over the unit's whole daily history of violent events (up to ``until``)."""
    rows = daily_series(store, kind, unit, until=until)
    if not rows:
        return []
    days, counts, exposure = _continuous(rows)
    return [(days[a.day], a) for a in detect_spikes(counts, exposure, settings)]


def _continuous(rows: list[dict[str, Any]]) -> tuple[list[date], list[float], list[float]]:
    """Fill calendar gaps: a day with no articles processed has exposure 0 (skipped, not quiet)."""
    first, last = rows[0]["day"], rows[-1]["day"]
    by_day = _by_day(rows)
    days, counts, exposure = [], [], []
    day = first
    while day <= last:
        r = by_day.get(day)
        days.append(day)
        counts.append(float(r["violent"]) if r else 0.0)
        # No coverage figure (articles without a publication day) but events: count the day as covered once.
        exposure.append(float(r["articles"] or 1) if r else 0.0)
        day += timedelta(days=1)
    return days, counts, exposure


def watch_states(store: Store, kind: str, unit: str, *, until: date, windows: int = 4,
                 window_days: int = 7) -> list[WatchWindow]:
    """The last ``windows`` windows of ``window_days`` ending on ``until`` (oldest first)."""
    first = until - timedelta(days=window_days * (windows + 1) - 1)  # one extra window to compare with
    verbal = _by_day(daily_series(store, kind, unit, since=first, until=until, types=VERBAL_CONFLICT))
    material = _by_day(daily_series(store, kind, unit, since=first, until=until, types=MATERIAL_CONFLICT))
    alarms = {d for d, _ in spikes_for(store, kind, unit, until=until)}
    out: list[WatchWindow] = []
    previous_rate: float | None = None
    for w in range(windows + 1):
        start = first + timedelta(days=w * window_days)
        end = start + timedelta(days=window_days - 1)
        span = [start + timedelta(days=k) for k in range(window_days)]
        v = sum(int(verbal[d]["events"]) for d in span if d in verbal)
        m = sum(int(material[d]["events"]) for d in span if d in material)
        violent = sum(int(material[d]["violent"]) for d in span if d in material)
        dead = sum(int(material[d]["fatalities"]) for d in span if d in material)
        lulls = sum(int(material[d]["lulls"]) for d in span if d in material)
        arts = sum(int(r["articles"]) for d in span for r in [material.get(d) or verbal.get(d)] if r)
        rate = violent / arts if arts else float(violent)
        spikes = sorted(d.isoformat() for d in alarms if start <= d <= end)
        if spikes or (previous_rate is not None and violent >= _MIN_VIOLENT and rate >= _RISE * previous_rate):
            state = "escalation"
        elif previous_rate is not None and previous_rate > 0 and rate <= _FALL * previous_rate and \
                out and out[-1].violent >= _MIN_VIOLENT or lulls and out and out[-1].material_conflict and rate <= (previous_rate or 0):
            state = "de-escalation"
        elif m:
            state = "material conflict"
        elif v:
            state = "verbal conflict"
        else:
            state = "quiet" if arts else "no coverage"
        out.append(WatchWindow(start, end, state, v, m, violent, dead, lulls, arts, spikes))
        previous_rate = rate
    return out[1:]
