"""Every read route over the sample store: filters checked against the events filtered here in Python,
pagination, sorting, details, aggregates."""

from __future__ import annotations

from collections import Counter

import pytest

from whimbrel.store import Store


def _ids(body: dict) -> list[str]:
    return [e["id"] for e in body["items"]]


def test_status_matches_the_store(client, sample_store):
    body = client.get("/api/status").json()
    with Store(sample_store, read_only=True) as store:
        assert body["counts"] == store.counts()
    assert body["store"]["copied_at"] and body["store"]["writer_active"] is False


def test_events_page_is_contract_shaped(client, all_events):
    body = client.get("/api/events").json()
    assert body["limit"] == 50 and body["offset"] == 0 and len(body["items"]) == 50
    assert body["total"] == len(all_events) and body["next"] == "/api/events?offset=50"
    event = body["items"][0]
    for key in ("id", "type", "mode", "context", "factuality", "source", "target", "date", "location", "evidence",
                "confidence", "article_id"):
        assert key in event
    dates = [e["date"] for e in all_events if e["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default


def test_pages_follow_next_links_without_overlap_or_gaps(client, all_events):
    seen: list[str] = []
    url = "/api/events?limit=40"
    while url:
        body = client.get(url).json()
        seen += _ids(body)
        url = body["next"]
    assert seen == [e["id"] for e in all_events]


@pytest.mark.parametrize("sort", ["-date", "date", "-confidence", "confidence", "-intensity", "intensity",
                                  "-fatalities", "fatalities"])
def test_every_sort_pages_consistently(client, sort):
    full = client.get("/api/events", params={"sort": sort, "limit": 1000}).json()
    page = client.get("/api/events", params={"sort": sort, "limit": 40, "offset": 40}).json()
    assert _ids(page) == _ids(full)[40:80] and page["total"] == full["total"]


def test_a_page_past_the_end_is_empty_but_knows_the_total(client, all_events):
    body = client.get("/api/events", params={"offset": 5000}).json()
    assert body["items"] == [] and body["total"] == len(all_events) and body["next"] is None


@pytest.mark.parametrize("sort,key,reverse", [
    ("-fatalities", lambda e: (e["fatalities"] or {}).get("best"), True),
    ("confidence", lambda e: e["confidence"], False),
    ("-intensity", lambda e: e["intensity"], True),
    ("date", lambda e: e["date"], False),
])
def test_sorting(client, sort, key, reverse):
    items = client.get("/api/events", params={"sort": sort, "limit": 1000}).json()["items"]
    values = [key(e) for e in items if key(e) is not None]
    assert values and values == sorted(values, reverse=reverse)
    assert all(key(e) is None for e in items[len(values):])  # unknowns last


def _actors(e: dict) -> list[dict]:
    return e["source"] + e["target"]


FILTERS = [
    ({"type": "ASSAULT"}, lambda e: e["type"] == "ASSAULT"),
    ({"type": ["ASSAULT", "coerce"]}, lambda e: e["type"] in ("ASSAULT", "COERCE")),
    ({"type": "AGREE,CONSULT"}, lambda e: e["type"] in ("AGREE", "CONSULT")),
    ({"factuality": "future"}, lambda e: e["factuality"] == "future"),
    ({"min_confidence": 0.7}, lambda e: e["confidence"] >= 0.7),
    ({"actor": "country/RUS"}, lambda e: any(a["id"] == "country/RUS" for a in _actors(e))),
    ({"actor": "TUR"}, lambda e: any(a["country"] == "TUR" for a in _actors(e))),
    ({"actor": "Cavusoglu"}, lambda e: any("cavusoglu" in ((a["name"] or "") + " " + a["text"]).lower() for a in _actors(e))),
    ({"country": "syr"}, lambda e: (e["location"] or {}).get("country") == "SYR"),
    ({"place": "Idlib"}, lambda e: "idlib" in {str((e["location"] or {}).get(k) or "").lower() for k in ("name", "admin1")}),
    ({"mode": "aerial"}, lambda e: e["mode"] == "aerial"),
    ({"context": "military"}, lambda e: "military" in e["context"]),
    ({"since": "2019-01-01", "until": "2020-12-31"}, lambda e: e["date"] and "2019-01-01" <= e["date"] <= "2020-12-31"),
    ({"q": "Tear Gas"}, lambda e: "tear gas" in e["evidence"]["text"].lower()),
    ({"bbox": "30,10,50,40"}, lambda e: e["location"] and e["location"]["lat"] is not None
        and 30 <= e["location"]["lon"] <= 50 and 10 <= e["location"]["lat"] <= 40),
    ({"type": "ASSAULT", "factuality": "asserted", "min_confidence": 0.5},
     lambda e: e["type"] == "ASSAULT" and e["factuality"] == "asserted" and e["confidence"] >= 0.5),
]


@pytest.mark.parametrize("params,keep", FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_event_filters_match_filtering_by_hand(client, all_events, params, keep):
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    expected = [e["id"] for e in all_events if keep(e)]
    assert expected, f"the sample store should have events for {params}"
    assert sorted(_ids(body)) == sorted(expected) and body["total"] == len(expected)


def test_event_by_article_and_detail_with_evidence(client, all_events):
    event = next(e for e in all_events if e["type"] == "ASSAULT" and e["fatalities"])
    by_article = client.get("/api/events", params={"article": event["article_id"], "limit": 1000}).json()
    assert event["id"] in _ids(by_article) and all(e["article_id"] == event["article_id"] for e in by_article["items"])
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["event"]["id"] == event["id"] and detail["article"]["id"] == event["article_id"]
    article = client.get(f"/api/articles/{event['article_id']}").json()
    ev = detail["event"]["evidence"]
    assert article["text"][ev["start"]:ev["end"]] == ev["text"]  # offsets refer to the article's text
    for quote in detail["quotes"]:
        assert quote["start"] < ev["end"] and quote["end"] > ev["start"]
        assert article["text"][quote["start"]:quote["end"]] == quote["text"]


def test_articles_list_and_detail(client, sample_store):
    body = client.get("/api/articles", params={"limit": 5}).json()
    with Store(sample_store, read_only=True) as store:
        assert body["total"] == store.counts()["articles"]
    published = [a["published"][:10] for a in body["items"] if a["published"]]
    assert published == sorted(published, reverse=True)
    first = body["items"][0]
    assert "text" not in first and first["events"] >= 0
    detail = client.get(f"/api/articles/{first['id']}").json()
    assert detail["title"] == first["title"] and len(detail["events"]) == first["events"]
    for place in detail["places"]:
        assert detail["text"][place["start"]:place["end"]] == place["text"]
    searched = client.get("/api/articles", params={"q": "Khartoum"}).json()
    assert searched["total"] >= 1 and all("khartoum" in (a["title"] or "").lower() or a["id"] for a in searched["items"])


def test_actors_list_and_detail(client, all_events):
    body = client.get("/api/actors", params={"limit": 1000}).json()
    events = [r["events"] for r in body["items"]]
    assert events == sorted(events, reverse=True)
    russia = client.get("/api/actors/country/RUS").json()
    expected = sum(any(a["id"] == "country/RUS" for a in e["source"] + e["target"]) for e in all_events)
    assert russia["name"] == "Russia" and russia["events"] == expected
    assert sum(t["events"] for t in russia["by_type"]) == expected and russia["partners"]
    turkish = client.get("/api/actors", params={"country": "TUR", "limit": 1000}).json()["items"]
    assert turkish and all(a["country"] == "TUR" for a in turkish)
    assert client.get("/api/actors/nobody/at-all").status_code == 404


def test_places_list_and_detail(client):
    body = client.get("/api/places", params={"limit": 1000}).json()
    assert body["total"] == len(body["items"]) > 10
    inside = client.get("/api/places", params={"bbox": "30,10,50,40", "limit": 1000}).json()["items"]
    assert inside and all(30 <= p["lon"] <= 50 and 10 <= p["lat"] <= 40 for p in inside)
    top = body["items"][0]
    detail = client.get(f"/api/places/{top['geonameid']}").json()
    assert detail["name"] == top["name"] and sum(t["events"] for t in detail["by_type"]) == top["events"]
    assert client.get("/api/places/1").status_code == 404


def test_quotes_filters(client):
    body = client.get("/api/quotes", params={"limit": 1000}).json()
    assert body["total"] == len(body["items"]) > 50
    direct = client.get("/api/quotes", params={"kind": "direct", "limit": 1000}).json()["items"]
    assert direct and all(q["kind"] == "direct" for q in direct)
    lavrov = client.get("/api/quotes", params={"speaker": "Lavrov"}).json()["items"]
    assert lavrov and all("lavrov" in ((q["speaker_name"] or "") + (q["speaker_text"] or "")).lower() for q in lavrov)
    words = client.get("/api/quotes", params={"q": "cease-fire"}).json()["items"]
    assert all("cease-fire" in q["text"].lower() for q in words)


def test_timeline_map_and_network_agree_with_the_events(client, all_events):
    timeline = client.get("/api/stats/timeline").json()
    dated = [e for e in all_events if e["date"]]
    assert sum(r["events"] for r in timeline["rows"]) == len(dated)
    assert timeline["undated"] == len(all_events) - len(dated) and timeline["bucket"] in ("week", "month", "year")
    by_type = Counter(e["type"] for e in dated)
    assert Counter({t: sum(r["events"] for r in timeline["rows"] if r["type"] == t) for t in by_type}) == by_type

    points = client.get("/api/stats/map").json()
    located = [e for e in all_events if e["location"] and e["location"]["lat"] is not None]
    assert sum(p["events"] for p in points["points"]) == len(located)
    assert points["unlocated"] == len(all_events) - len(located)

    network = client.get("/api/stats/network", params={"limit": 500}).json()
    ids = {n["id"] for n in network["nodes"]}
    assert network["edges"] and all(e["source"] in ids and e["target"] in ids for e in network["edges"])
    assert all(e["cooperation"] >= 0 and e["conflict"] >= 0 for e in network["edges"])
    countries = client.get("/api/stats/network", params={"level": "country", "type": "ASSAULT"}).json()
    assert all(n["id"].startswith(("country/", "~")) or "/" in n["id"] for n in countries["nodes"])


def test_region_view_of_idlib(client, all_events):
    body = client.get("/api/regions/Idlib").json()
    expected = [e for e in all_events
                if "idlib" in {str((e["location"] or {}).get(k) or "").lower() for k in ("name", "admin1")}]
    assert body["events"] == len(expected) > 0
    assert {e["id"] for e in body["latest"]} <= {e["id"] for e in expected}
    assert sum(r["events"] for r in body["timeline"]["rows"]) + body["timeline"]["undated"] == len(expected)
    nowhere = client.get("/api/regions/Atlantis").json()
    assert nowhere["events"] == 0 and nowhere["latest"] == [] and nowhere["watch"] is None


def test_region_view_carries_the_watch_state(client):
    watch = client.get("/api/regions/Idlib").json()["watch"]
    assert watch["unit"] == "SYR/Idlib" and watch["until"] == "2018-09-14"
    assert len(watch["windows"]) == 8
    assert watch["windows"][-1]["state"] == "material conflict"  # Turkey's reinforcements, Lavrov's threat
    assert {w["state"] for w in watch["windows"][:-1]} <= {"quiet", "no coverage"}


def test_feeds_route_reads_the_watcher_state(client):
    body = client.get("/api/feeds").json()
    assert body == {"items": []}  # no watcher ever ran for the sample store


def test_openapi_documents_every_route_and_no_cdn_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/actors", "/api/places", "/api/quotes", "/api/stats/timeline", "/api/stats/map",
                 "/api/stats/network", "/api/regions/{name}", "/api/status"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "actor", "bbox", "since", "until", "limit", "offset", "sort", "format"} <= params
    # Swagger UI and ReDoc pull their scripts from a CDN: not served
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_dashboard_and_base_map_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    world = client.get("/world.geojson").json()
    assert len(world["features"]) > 150 and {"SYR", "TUR", "IND"} <= {f["id"] for f in world["features"]}


def test_summary_counts(client, all_events):
    summary = client.get("/api/stats/summary").json()
    assert summary["counts"]["events"] == len(all_events)
    assert sum(row["n"] for row in summary["by_type"]) == len(all_events)
