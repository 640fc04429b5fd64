"""The event index (whimbrel/store/event_index.py) answers every filtered page exactly as the SQL does.

The store is the sample store with a few rows bent towards the edges the SQL handles in its own way: null
dates, confidences and sequence numbers, places and actor names whose lower case differs between Python
and DuckDB ("İstanbul"), near-duplicate articles, and ties in every sort key.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whimbrel.api.deps import Encoded
from whimbrel.api.snapshot import StoreSnapshot
from whimbrel.store.event_index import EventIndex
from whimbrel.store.queries import EVENT_SORTS, EventFilter, event_page

from .conftest import make_client


@pytest.fixture(scope="module")
def snapshot(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> StoreSnapshot:
    db = tmp_path_factory.mktemp("event-index") / "edges.duckdb"
    shutil.copy(sample_store, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE events SET date = NULL WHERE seq % 5 = 1")
        con.execute("UPDATE events SET confidence = NULL WHERE hash(id) % 11 = 0")
        con.execute("UPDATE events SET seq = NULL WHERE seq = 2")  # one per article: the order stays total
        con.execute("UPDATE events SET confidence = 0.5 WHERE hash(id) % 7 = 0")  # ties in a sort key
        con.execute("UPDATE events SET location_name = 'İstanbul', location_admin1 = 'ISTANBUL', "
                    "location_country = 'TUR' WHERE hash(id) % 13 = 0")
        con.execute("UPDATE event_actors SET name = 'İzmir Valiliği', text = 'the İzmir governor' "
                    "WHERE hash(event_id) % 9 = 0")
        first = con.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
        con.execute("UPDATE articles SET duplicate_of = ? WHERE id IN "
                    "(SELECT id FROM articles ORDER BY id DESC LIMIT 3)", [first])
    finally:
        con.close()
    snap = StoreSnapshot(db)
    snap.load()
    assert snap.indexed
    return snap


def _values(snap: StoreSnapshot, sql: str) -> list:
    with snap.reader() as store:
        return [next(iter(r.values())) for r in store.query(sql)]


@pytest.fixture(scope="module")
def filters(snapshot: StoreSnapshot) -> st.SearchStrategy[EventFilter]:
    """Filters drawn from what the store holds, in both cases, with strays that match nothing."""
    places = _values(snapshot, "SELECT DISTINCT location_name FROM events WHERE location_name IS NOT NULL")
    admins = _values(snapshot, "SELECT DISTINCT location_admin1 FROM events WHERE location_admin1 IS NOT NULL")
    countries = _values(snapshot, "SELECT DISTINCT location_country FROM events WHERE location_country IS NOT NULL")
    actor_countries = _values(snapshot, "SELECT DISTINCT country FROM event_actors WHERE country IS NOT NULL")
    actor_ids = _values(snapshot, "SELECT DISTINCT actor_id FROM event_actors WHERE actor_id IS NOT NULL")
    names = _values(snapshot, "SELECT DISTINCT name FROM event_actors WHERE name IS NOT NULL")
    words = [w for text in _values(snapshot, "SELECT evidence_text FROM events LIMIT 40") for w in text.split()[:6]]
    types = _values(snapshot, "SELECT DISTINCT type FROM events")
    modes = _values(snapshot, "SELECT DISTINCT mode FROM events WHERE mode IS NOT NULL")
    contexts = _values(snapshot, "SELECT DISTINCT unnest(context) FROM events")
    articles = _values(snapshot, "SELECT id FROM articles ORDER BY id")
    days = st.dates(date(2015, 1, 1), date(2026, 12, 31))

    def either_case(values: list[str]) -> st.SearchStrategy[str]:
        return st.sampled_from(values).flatmap(lambda v: st.sampled_from([v, v.lower(), v.upper()]))

    actor = st.one_of(st.sampled_from(actor_countries), st.sampled_from(actor_ids), either_case(names),
                      either_case([n[1:5] for n in names if len(n) > 5]), st.sampled_from(["police", "İZMİR", "zz"]))
    text = st.one_of(either_case(words), st.sampled_from(["protest", "İ", "said the", "no such words"]))
    bbox = st.tuples(st.floats(-180, 0), st.floats(-90, 0), st.floats(0, 180), st.floats(0, 90))
    return st.builds(
        EventFilter,
        actor=st.none() | actor,
        type=st.none() | st.sampled_from(types),
        types=st.lists(st.sampled_from(types), max_size=3).map(tuple),
        place=st.none() | either_case(places + admins + countries + ["istanbul", "İSTANBUL"]),
        since=st.none() | days, until=st.none() | days,
        factuality=st.none() | st.sampled_from(["asserted", "negated", "hypothetical", "future"]),
        article=st.none() | st.sampled_from(articles[:3] + articles[-2:] + ["no-such-article"]),
        min_confidence=st.none() | st.sampled_from([0.0, 0.3, 0.5, 0.5000001, 0.8, 1.0]),
        include_duplicates=st.booleans(),
        country=st.none() | either_case(countries),
        mode=st.none() | st.sampled_from(modes), context=st.none() | st.sampled_from(contexts),
        bbox=st.none() | bbox, text=st.none() | text,
        limit=st.sampled_from([0, 1, 7, 50]), offset=st.sampled_from([0, 3, 40, 1000]),
        sort=st.sampled_from(list(EVENT_SORTS)),
    )


def test_every_filter_gives_the_page_the_sql_gives(snapshot: StoreSnapshot, filters) -> None:
    @settings(max_examples=400, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(filters)
    def check(f: EventFilter) -> None:
        with snapshot.reader() as store:
            assert store.index is not None
            expected = event_page(store, f)
            assert store.index.page(store, f) == expected, f
            text, rows, total = store.index.page_json(store, f)
            assert (text, rows, total) == (Encoded.of(expected[0]), len(expected[0]), expected[1]), f

    check()


def test_the_edges_are_in_the_store(snapshot: StoreSnapshot) -> None:
    """The bent rows are there, so the comparison above meets them (and some filters match many rows)."""
    with snapshot.reader() as store:
        index = store.index
        assert index is not None
        assert index.page(store, EventFilter(place="istanbul", limit=0))[1] > 0
        assert index.page(store, EventFilter(actor="izmir", limit=0))[1] > 0  # DuckDB: lower('İ') = 'i'
        assert index.page(store, EventFilter(limit=0))[1] < index.page(store, EventFilter(limit=0, include_duplicates=True))[1]
        assert any(e["date"] is None for e in index.page(store, EventFilter(limit=0))[0])


def test_searched_words_are_kept_and_make_a_page_quick(snapshot: StoreSnapshot) -> None:
    with snapshot.reader() as store:
        index = store.index
        assert index is not None
        f = EventFilter(text="the", actor="army", limit=5)
        assert not index.quick(f) and index.quick(EventFilter(actor="RUS", type="ASSAULT"))
        first = index.page(store, f)
        assert index.quick(f) and index.quick(EventFilter(text="THE", actor="Army", sort="date"))
        assert index.page(store, f) == first == event_page(store, f)
        assert not index.quick(EventFilter(text="İzmir"))  # lower-cased by DuckDB: never taken as kept
        for text in ("a\x00b", "\x00"):  # a NUL in the words matches what the SQL matches (nothing)
            assert index.page(store, EventFilter(text=text)) == event_page(store, EventFilter(text=text))


def test_the_api_answers_from_the_index_as_from_sql(sample_store: Path) -> None:
    """The same requests through the app, with the copy indexed and with the index taken away."""
    requests = [{"type": "ASSAULT,COERCE", "sort": "-confidence", "limit": 20},
                {"actor": "RUS", "since": "2018-01-01"}, {"q": "said", "limit": 150, "sort": "date"},
                {"place": "syr", "offset": 5}, {"q": "said"}, {"actor": "İzmir"}]
    with make_client(sample_store) as c:
        snap = c.app.state.whimbrel.snapshot
        assert snap.indexed
        indexed = [c.get("/api/events", params=p) for p in requests]
        snap._index = None  # as when building the index failed: SQL answers
        plain = [c.get("/api/events", params=p) for p in requests]
    for a, b in zip(indexed, plain, strict=True):
        assert a.status_code == b.status_code
        assert json.loads(a.content) == json.loads(b.content)
    assert indexed[0].json()["total"] > 0


def test_building_on_an_empty_store(tmp_path: Path) -> None:
    from whimbrel.store import Store

    with Store(tmp_path / "empty.duckdb") as store:
        index = EventIndex.build(store)
        assert index.size == 0
        assert index.page(store, EventFilter(actor="police", text="x", sort="-fatalities")) == ([], 0)
