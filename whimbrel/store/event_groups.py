"""Cross-article event groups in the store, kept up to date inside each batch's transaction.

A group is a connected component of the "same event" relation of :mod:`whimbrel.event_groups` over every
stored event. The rule looks at one pair at a time, so the components do not depend on the order in which
articles arrive or on how they are cut into batches. Every event belongs to exactly one group (an event the
rule never groups, a hypothesis say, is a group of one), so "distinct events" is the number of groups.

Two tables (``schema.sql``): ``event_group_members`` (event → group, the lookup keys type, ACLED sub-event,
factuality and date span, and the facts the rule compares, so that matching never reads the bulky event
records) and ``event_groups`` (one row per group: its article ids as ``sources``, the number of independent
reports, first and last day).

A group's id is the id of its first event in first-seen order: the article seen first (``seen``, kept when
an article is re-processed), then the event's order in it. A group that gains later reports keeps its id;
when groups merge, the oldest id survives.

How a batch changes the groups (:func:`update_groups`, called by ``Store.write`` after the batch's events are
inserted, in the same transaction):

1. The batch's articles leave their groups (re-processed articles may have changed). What remains of each
   group they were in is re-linked from scratch, since a removed event may have been the only link between
   two parts. Other groups cannot be affected: had one of their events matched one of the remaining events,
   they would already have been one group.
2. Candidates for the batch's events come from one join per batch on the lookup keys (same factuality; same
   type or same ACLED sub-event; date spans at most a day apart), so a new event is compared only
   with stored events of its kind and time, never with the whole store.
3. New events, the re-linked remains and the candidates' groups are joined by union-find, and the row of
   every group that changed is rewritten.

Independent sources of a group: its articles, where near-duplicates of one story (``duplicate_of``), articles
that credit one wire (``wires``: two outlets running the same Reuters copy) and articles of one outlet
(``source``) count once together.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np

from whimbrel.event_groups import (
    RULE_VERSION,
    SLACK_DAYS,
    ActorFacts,
    ArticlePlaces,
    EventFacts,
    PlaceFacts,
    facts_from_json,
    same_event,
)
from whimbrel.records import Record
from whimbrel.store.conditions import ANY_OF, SET_META

__all__ = ["ArticleEvents", "ensure_grouped", "independent_sources", "record_events", "update_groups"]

Insert = Callable[[str, Sequence[str], list[tuple[Any, ...]]], None]  # Store._insert
ArticleEvents = tuple[str, list[EventFacts]]  # an article id and the facts of its events, in order

_MEMBER_COLUMNS = ("event_id", "article_id", "group_id", "seen", "seq", "type", "acled", "factuality", "day",
                   "precision", "day_from", "day_to", "bucket", "country", "facts")
_GROUP_COLUMNS = ("id", "type", "factuality", "first_day", "last_day", "events", "articles", "sources",
                  "independent_sources", "counted")
BACKFILL_ARTICLES = 256  # articles per step when grouping the events of a store written before groups existed


def record_events(record: Record) -> ArticleEvents:
    """The facts of a processed article's events, for :func:`update_groups`."""
    places = ArticlePlaces([p.to_json() for p in record.places])
    return record.id, [facts_from_json(e.to_json(), record.id, record.article.published, places)
                       for e in record.events]


# -- facts as stored -----------------------------------------------------------------------------------
def _dump(f: EventFacts) -> str:
    p = f.place
    return json.dumps({
        "place": None if p is None else [p.geonameid, p.name, p.country, p.admin1, p.feature, p.lat, p.lon],
        "source": [[a.id, a.country, a.sector, a.kind] for a in f.source],
        "target": [[a.id, a.country, a.sector, a.kind] for a in f.target],
        "fatalities": f.fatalities,
    }, separators=(",", ":"))


def _load(event_id: str, article_id: str, type_: str, acled: str | None, factuality: str, day: date | None,
          precision: str | None, day_from: date | None, day_to: date | None, facts: str) -> EventFacts:
    d = json.loads(facts)
    return EventFacts(
        event_id=event_id, article_id=article_id, type=type_, acled=acled, factuality=factuality, day=day,
        precision=precision, span=(day_from, day_to) if day_from and day_to else None,
        place=PlaceFacts(*d["place"]) if d["place"] else None, source=tuple(ActorFacts(*a) for a in d["source"]),
        target=tuple(ActorFacts(*a) for a in d["target"]), fatalities=d["fatalities"])


@dataclass(slots=True)
class _Member:
    facts: EventFacts
    seen: int
    seq: int
    group: str | None = None  # its group before this batch (for what remains of a group)

    @property
    def order(self) -> tuple[int, int, str]:
        return self.seen, self.seq, self.facts.event_id

    def row(self, group_id: str) -> tuple[Any, ...]:
        f = self.facts
        day_from, day_to = f.span or (None, None)
        return (f.event_id, f.article_id, group_id, self.seen, self.seq, f.type, f.acled, f.factuality, f.day,
                f.precision, day_from, day_to, _bucket(f.span), _country(f), _dump(f))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# -- the update ----------------------------------------------------------------------------------------
def update_groups(con: duckdb.DuckDBPyConnection, insert: Insert, batch: Sequence[ArticleEvents]) -> None:
    """Regroup after ``batch`` (articles in processing order; their events already in ``events``) was
    written. Runs inside the caller's transaction."""
    ids = [article_id for article_id, _ in batch]
    if not ids:
        return
    # 1. The batch's articles leave their groups; each keeps its first-seen place.
    next_seen = int(con.execute("SELECT coalesce(max(seen) + 1, 0) FROM event_group_members").fetchone()[0])  # type: ignore[index]
    seen_of: dict[str, int] = dict(con.execute(
        f"SELECT article_id, min(seen) FROM event_group_members WHERE article_id IN {ANY_OF} "
        "GROUP BY article_id", [ids]).fetchall())
    left = sorted({g for (g,) in con.execute(
        f"SELECT DISTINCT group_id FROM event_group_members WHERE article_id IN {ANY_OF}", [ids]).fetchall()})
    con.execute(f"DELETE FROM event_group_members WHERE article_id IN {ANY_OF}", [ids])
    remains = _members_of(con, left)
    new: list[_Member] = []
    for article_id, events in batch:
        if article_id not in seen_of:
            seen_of[article_id], next_seen = next_seen, next_seen + 1
        new += [_Member(f, seen_of[article_id], seq) for seq, f in enumerate(events)]

    uf = _UnionFind()
    members = {m.facts.event_id: m for m in (*remains, *new)}
    for event_id in members:
        uf.find("e:" + event_id)
    _link_within(uf, remains, lambda m: [str(m.group)])
    _link_within(uf, [m for m in new if m.facts.groupable], _bucket_keys)
    # 2. Stored candidates of the new events (the remains among them are members already).
    outside: set[str] = set()
    pairs, stored = _candidates(con, [m.facts for m in new if m.facts.groupable])
    for probe, candidate_id in pairs:
        candidate = stored[candidate_id]
        node = "e:" + candidate_id if candidate_id in members else "g:" + str(candidate.group)
        if uf.find("e:" + probe) != uf.find(node) and same_event(members[probe].facts, candidate.facts):
            if node.startswith("g:"):
                outside.add(str(candidate.group))
            uf.union("e:" + probe, node)
    # 3. Components → groups.
    _write(con, insert, uf, members, outside, left)


def _bucket_keys(m: _Member) -> list[str]:
    """New events are compared in buckets that every matching pair shares: factuality with type, or with
    ACLED sub-event (the rule's two ways for types to agree)."""
    f = m.facts
    keys = [f"{f.factuality}|T|{f.type}"]
    if f.acled and f.acled != "Other":
        keys.append(f"{f.factuality}|A|{f.acled}")
    return keys


def _link_within(uf: _UnionFind, members: Sequence[_Member], keys: Callable[[_Member], list[str]]) -> None:
    buckets: dict[str, list[_Member]] = defaultdict(list)
    for m in members:
        for key in keys(m):
            buckets[key].append(m)
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                na, nb = "e:" + a.facts.event_id, "e:" + b.facts.event_id
                if uf.find(na) != uf.find(nb) and same_event(a.facts, b.facts):
                    uf.union(na, nb)


_SELECT_MEMBER = ("m.event_id, m.article_id, m.type, m.acled, m.factuality, m.day, m.precision, m.day_from, "
                  "m.day_to, m.facts, m.seen, m.seq, m.group_id")


def _member(row: Sequence[Any]) -> _Member:
    return _Member(_load(*row[:10]), int(row[10]), int(row[11]), str(row[12]))


def _members_of(con: duckdb.DuckDBPyConnection, groups: Sequence[str]) -> list[_Member]:
    if not groups:
        return []
    rows = con.execute(f"SELECT {_SELECT_MEMBER} FROM event_group_members m WHERE m.group_id IN {ANY_OF} "
                       "ORDER BY m.seen, m.seq", [list(groups)]).fetchall()
    return [_member(r) for r in rows]


def _candidates(con: duckdb.DuckDBPyConnection,
                probes: Sequence[EventFacts]) -> tuple[list[tuple[str, str]], dict[str, _Member]]:
    """Stored events that pass the rule's cheap gates with a probe (factuality; type or ACLED sub-event; date
    spans; the place's country where both have one): (probe, stored event) pairs, and the stored events.
    One hash join of the batch's keys against the member table, never a comparison with the whole store."""
    if not probes:
        return [], {}
    rows_in: list[tuple[Any, ...]] = []
    for f in probes:
        assert f.span is not None
        acled = f.acled if f.acled != "Other" else None
        for bucket in _probe_buckets(f.span):
            rows_in.append((f.event_id, f.type, acled, f.factuality, _country(f), f.span[0], f.span[1], bucket))
    names = ("event_id", "type", "acled", "factuality", "country", "day_from", "day_to", "bucket")
    columns = {name: [r[k] for r in rows_in] for k, name in enumerate(names)}
    gates = (f"m.bucket = p.bucket AND m.factuality = p.factuality "
             f"AND m.day_to >= p.day_from - INTERVAL '{SLACK_DAYS}' DAY "
             f"AND m.day_from <= p.day_to + INTERVAL '{SLACK_DAYS}' DAY "
             "AND (m.country IS NULL OR p.country IS NULL OR m.country = p.country)")
    pairs_sql = (f"WITH pairs AS (SELECT p.event_id AS probe, m.event_id AS stored FROM _probe p "
                 f"JOIN event_group_members m ON m.type = p.type AND {gates} "
                 f"UNION SELECT p.event_id, m.event_id FROM _probe p "
                 f"JOIN event_group_members m ON m.acled = p.acled AND {gates}) ")
    con.register("_probe", {k: np.array(v, dtype=object) for k, v in columns.items()})
    try:
        pairs = [(str(a), str(b)) for a, b in con.execute(pairs_sql + "SELECT * FROM pairs ORDER BY 1, 2").fetchall()]
    finally:
        con.unregister("_probe")
    rows = []
    if pairs:
        con.register("_stored", {"event_id": np.array(sorted({b for _, b in pairs}), dtype=object)})
        try:
            rows = con.execute(f"SELECT {_SELECT_MEMBER} FROM event_group_members m "
                               "JOIN _stored s ON s.event_id = m.event_id").fetchall()
        finally:
            con.unregister("_stored")
    stored = {str(r[0]): _member(r) for r in rows}
    return pairs, stored


# Lookup buckets: a stored event's bucket is the class of its date span's length and its first day, so a
# probe can list every bucket a matching event may be in and the join is on equal keys (a hash join), not a
# range scan over every event of the type: day spans (0 days), short ones (publication, week: up to 7),
# month ones (up to 31).
_SPAN_CLASSES = (0, 7, 31)
_EPOCH = date(1970, 1, 1)


def _span_class(span: tuple[date, date]) -> int:
    length = (span[1] - span[0]).days
    return next(k for k, reach in enumerate(_SPAN_CLASSES) if length <= reach)


def _bucket(span: tuple[date, date] | None) -> int | None:
    return None if span is None else _span_class(span) * 1_000_000 + (span[0] - _EPOCH).days


def _probe_buckets(span: tuple[date, date]) -> list[int]:
    """Every bucket holding events whose span comes within a day of ``span``: for each class, the first
    days from (start - slack - the class's longest span) to (end + slack)."""
    first, last = (span[0] - _EPOCH).days - SLACK_DAYS, (span[1] - _EPOCH).days + SLACK_DAYS
    return [k * 1_000_000 + day for k, reach in enumerate(_SPAN_CLASSES) for day in range(first - reach, last + 1)]


def _country(f: EventFacts) -> str | None:
    """The country of the event's place, where the place says anything (for the candidates' country gate)."""
    return f.place.country if f.place is not None and f.place.level is not None else None


def _write(con: duckdb.DuckDBPyConnection, insert: Insert, uf: _UnionFind, members: dict[str, _Member],
           outside: set[str], left: Sequence[str]) -> None:
    components: dict[str, list[str]] = defaultdict(list)
    for node in [*("e:" + e for e in members), *("g:" + g for g in outside)]:
        components[uf.find(node)].append(node)
    # The first event of an outside group is the event whose id the group bears.
    firsts = {}
    if outside:
        firsts = {str(e): (int(s), int(q), str(e)) for e, s, q in con.execute(
            f"SELECT event_id, seen, seq FROM event_group_members WHERE event_id IN {ANY_OF}",
            [sorted(outside)]).fetchall()}
    rows, renames, final_ids = [], [], []
    for nodes in components.values():
        orders = [members[n[2:]].order for n in nodes if n.startswith("e:")]
        orders += [firsts[n[2:]] for n in nodes if n.startswith("g:")]
        group_id = min(orders)[2]
        final_ids.append(group_id)
        rows += [members[n[2:]].row(group_id) for n in nodes if n.startswith("e:")]
        renames += [(group_id, n[2:]) for n in nodes if n.startswith("g:") and n[2:] != group_id]
    remains = [e for e, m in members.items() if m.group is not None]
    if remains:
        con.execute(f"DELETE FROM event_group_members WHERE event_id IN {ANY_OF}", [remains])
    insert("event_group_members", _MEMBER_COLUMNS, rows)
    for new_id, old_id in renames:
        con.execute("UPDATE event_group_members SET group_id = ? WHERE group_id = ?", [new_id, old_id])
    stale = sorted({*left, *outside, *final_ids})
    if stale:
        con.execute(f"DELETE FROM event_groups WHERE id IN {ANY_OF}", [stale])
    insert("event_groups", _GROUP_COLUMNS, _summaries(con, sorted(set(final_ids))))


def independent_sources(articles: Iterable[tuple[str, str | None, Sequence[str] | None, str | None]]) -> int:
    """How many independent reports (article id, duplicate_of, wires, outlet) tuples make: one story's
    near-duplicates, articles crediting one wire and articles of one outlet count once together."""
    uf = _UnionFind()
    ids = []
    for article_id, duplicate_of, wires, outlet in articles:
        node = "a:" + article_id
        ids.append(node)
        uf.union(node, "d:" + (duplicate_of or article_id))
        for wire in wires or ():
            uf.union(node, "w:" + wire.casefold())
        if outlet and outlet.strip():
            uf.union(node, "o:" + outlet.strip().casefold())
    return len({uf.find(node) for node in ids})


def _summaries(con: duckdb.DuckDBPyConnection, group_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    if not group_ids:
        return []
    rows = con.execute(
        "SELECT m.group_id, m.event_id, m.article_id, m.type, m.factuality, m.day, a.duplicate_of, a.wires, "
        "a.source FROM event_group_members m LEFT JOIN articles a ON a.id = m.article_id "
        f"WHERE m.group_id IN {ANY_OF} ORDER BY m.group_id, m.seen, m.seq", [list(group_ids)]).fetchall()
    by_group: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        by_group[r[0]].append(r)
    out = []
    for group_id, members in by_group.items():
        first = next(r for r in members if r[1] == group_id)
        articles = {r[2]: (r[2], r[6], r[7], r[8]) for r in members}  # in first-seen order
        days = [r[5] for r in members if r[5] is not None]
        out.append((group_id, first[3], first[4], min(days, default=None), max(days, default=None), len(members),
                    len(articles), list(articles), independent_sources(articles.values()),
                    any(a[1] is None for a in articles.values())))
    return out


# -- a store without groups ----------------------------------------------------------------------------
def ensure_grouped(con: duckdb.DuckDBPyConnection, insert: Insert) -> None:
    """Group every stored event that has no group yet (a store written before groups existed), after
    dropping every group when they were made by another version of the rule. Articles are taken in the
    order they were stored; runs in its own transaction."""
    stored_rule = con.execute("SELECT value FROM meta WHERE key = 'event_groups'").fetchone()
    ungrouped = con.execute(
        "SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM event_group_members)").fetchone()
    if stored_rule is not None and stored_rule[0] == RULE_VERSION and ungrouped is not None and ungrouped[0] == 0:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        if stored_rule is None or stored_rule[0] != RULE_VERSION:
            con.execute("DELETE FROM event_group_members")
            con.execute("DELETE FROM event_groups")
            con.execute(SET_META, ["event_groups", RULE_VERSION])
        pending = [r[0] for r in con.execute(
            "SELECT a.id FROM articles a WHERE a.id IN (SELECT e.article_id FROM events e WHERE e.id NOT IN "
            "(SELECT event_id FROM event_group_members)) ORDER BY a.processed_at, a.rowid").fetchall()]
        for start in range(0, len(pending), BACKFILL_ARTICLES):
            chunk = pending[start:start + BACKFILL_ARTICLES]
            articles = {a: (published, ArticlePlaces(json.loads(record or "{}").get("places") or []))
                        for a, published, record in
                        con.execute(f"SELECT id, published, record FROM articles WHERE id IN {ANY_OF}",
                                    [chunk]).fetchall()}
            events: dict[str, list[EventFacts]] = {a: [] for a in chunk}
            for article_id, record in con.execute(
                    f"SELECT article_id, record FROM events WHERE article_id IN {ANY_OF} ORDER BY seq",
                    [chunk]).fetchall():
                published, places = articles[article_id]
                events[article_id].append(facts_from_json(json.loads(record), article_id, published, places))
            update_groups(con, insert, [(a, events[a]) for a in chunk])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
