"""Bad input gets a 4xx problem detail with a clear message, never a 500; SQL-looking strings are values."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from whimbrel.store import Store

BAD_QUERIES = [
    ("/api/events", {"colour": "red"}, "unknown query parameter 'colour'"),
    ("/api/events", {"limit": 5000}, "at most 1000"),
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"limit": -1}, "limit"),
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"format": "csv", "limit": 10_000_000}, "limit"),
    ("/api/events", {"offset": -5}, "offset"),
    ("/api/events", {"since": "2018-02-30"}, "since"),
    ("/api/events", {"since": "14/09/2018"}, "since"),
    ("/api/events", {"until": "0"}, "until: must be a day as YYYY-MM-DD"),  # not a Unix time
    ("/api/quotes", {"since": "1547769600"}, "since: must be a day as YYYY-MM-DD"),
    ("/api/events", {"since": "2019-01-02", "until": "2019-01-01"}, "after until"),
    ("/api/events", {"bbox": "1,2,3"}, "four numbers"),
    ("/api/events", {"bbox": "a,b,c,d"}, "four numbers"),
    ("/api/events", {"bbox": "10,0,5,1"}, "west <= east"),
    ("/api/events", {"bbox": "0,-100,1,1"}, "south <= north"),
    ("/api/events", {"bbox": "inf,0,1,1"}, "finite"),
    ("/api/events", {"type": "BOMBING"}, "unknown event type 'BOMBING'"),
    ("/api/events", {"factuality": "maybe"}, "factuality"),
    ("/api/events", {"min_confidence": 2}, "min_confidence"),
    ("/api/events", {"min_confidence": "nan"}, "min_confidence"),
    ("/api/events", {"country": "SYRIA"}, "country"),
    ("/api/events", {"sort": "date; DROP TABLE events"}, "sort"),
    ("/api/events", {"format": "xml"}, "format"),
    ("/api/events", {"mode": "aerial' OR '1'='1"}, "mode"),
    ("/api/events", {"q": "x" * 201}, "q"),
    ("/api/events", {"include_duplicates": "perhaps"}, "include_duplicates"),
    ("/api/quotes", {"kind": "rumour"}, "kind"),
    ("/api/quotes", {"speaker": "Lavrov", "bogus": "1"}, "unknown query parameter 'bogus'"),
    ("/api/actors", {"sector": "XYZ"}, "sector"),
    ("/api/places", {"bbox": "0,0"}, "four numbers"),
    ("/api/articles", {"sort": "random()"}, "sort"),
    ("/api/stats/timeline", {"bucket": "fortnight"}, "bucket"),
    ("/api/stats/network", {"level": "galaxy"}, "level"),
    ("/api/stats/map", {"limit": 100_000}, "limit"),
    ("/api/regions/Idlib", {"place": "Aleppo"}, "unknown query parameter 'place'"),
    ("/api/places/not-a-number", {}, "geonameid"),
]


@pytest.mark.parametrize("route,params,message", BAD_QUERIES, ids=[f"{r} {p}"[:60] for r, p, _ in BAD_QUERIES])
def test_bad_queries_are_400_problem_details(client, route, params, message):
    r = client.get(route, params=params)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert message in body["detail"], body["detail"]


def test_unknown_parameter_message_lists_what_the_route_takes(client):
    body = client.get("/api/events", params={"typ": "ASSAULT"}).json()
    assert "this route takes:" in body["detail"] and "type" in body["detail"]
    assert body["errors"] == [{"name": "typ", "in": "query", "message": body["detail"]}]


SQL_LOOKING = ["'; DROP TABLE events; --", "x' OR '1'='1", "%", "_", "\\", "Idlib' --", "1; SELECT * FROM articles",
               "\x00", "ﷺ🙂", "' UNION SELECT record FROM articles --"]


@pytest.mark.parametrize("value", SQL_LOOKING)
def test_sql_looking_strings_are_only_values(client, sample_store, value):
    for route, name in (("/api/events", "actor"), ("/api/events", "q"), ("/api/events", "place"),
                        ("/api/events", "article"), ("/api/quotes", "speaker"), ("/api/articles", "q"),
                        ("/api/actors", "q"), ("/api/places", "q")):
        r = client.get(route, params={name: value})
        assert r.status_code == 200, (route, name, r.text)
        # "%" and "_" are LIKE wildcards elsewhere: here they are characters, so they match almost nothing
        assert r.json()["total"] <= 3, (route, name)
    segment = quote(value, safe="")
    for path in (f"/api/events/{segment}", f"/api/actors/{segment}", f"/api/articles/{segment}",
                 f"/api/regions/{segment}"):
        assert client.get(path).status_code in (200, 404), path
    with Store(sample_store, read_only=True) as store:
        assert store.counts()["events"] > 100  # nothing was dropped


def test_no_route_and_wrong_method_are_problem_details(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = client.delete("/api/events")
    assert r.status_code == 405 and r.json()["detail"] == "DELETE is not allowed on /api/events"
    assert client.get("/api/events/no-such-event").json()["detail"] == "no event 'no-such-event'"


def test_a_sweep_of_odd_values_never_gives_a_500(client):
    odd = ["", " ", "-1", "0", "1e309", "NaN", "null", "[]", "{}", "true", "😀" * 50, "a" * 5000, "%00", "../..",
           "2018-09-14T00:00:00", "ASSAULT,,", ",", "9" * 30]
    names = {"/api/events": ["actor", "type", "country", "mode", "context", "place", "bbox", "since", "until",
                             "factuality", "min_confidence", "q", "limit", "offset", "sort", "format"],
             "/api/quotes": ["speaker", "kind", "q", "country", "since", "limit"],
             "/api/actors": ["q", "country", "sector", "kind", "sort"],
             "/api/places": ["q", "country", "admin1", "bbox", "sort"],
             "/api/articles": ["q", "source", "since", "sort"],
             "/api/stats/timeline": ["bucket", "type", "since"], "/api/stats/network": ["level", "limit", "actor"]}
    for route, params in names.items():
        for name in params:
            for value in odd:
                r = client.get(route, params={name: value})
                assert r.status_code < 500, (route, name, value, r.text)
                if r.status_code >= 400:
                    assert r.headers["content-type"] == "application/problem+json" and r.json()["detail"]
