"""Exports parsed back: CSV, Parquet and GeoJSON hold the same events as the JSON pages."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
import pytest


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_holds_every_matching_event_in_order(client, all_events):
    r = client.get("/api/events", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in r.headers["content-disposition"]
    rows = _csv_rows(r.text)
    assert [row["id"] for row in rows] == [e["id"] for e in all_events]  # all of them, not a page of 50
    by_id = {e["id"]: e for e in all_events}
    for row in rows:
        event = by_id[row["id"]]
        assert row["type"] == event["type"] and row["evidence_text"] == event["evidence"]["text"]
        assert row["source"] == ";".join(a["name"] or a["text"] for a in event["source"])
        assert row["context"] == ";".join(event["context"])


def test_csv_export_applies_filters_and_limit(client, all_events):
    rows = _csv_rows(client.get("/api/events", params={"format": "csv", "type": "ASSAULT"}).text)
    assert {row["type"] for row in rows} == {"ASSAULT"}
    assert len(rows) == sum(e["type"] == "ASSAULT" for e in all_events)
    assert len(_csv_rows(client.get("/api/events", params={"format": "csv", "limit": 5}).text)) == 5


def test_an_empty_export_still_has_its_header(client):
    text = client.get("/api/events", params={"format": "csv", "since": "2099-01-01"}).text
    assert text.splitlines()[0].startswith("id,article_id,date") and len(text.splitlines()) == 1


def test_parquet_export_keeps_types_and_lists(client, all_events):
    r = client.get("/api/events", params={"format": "parquet"})
    assert r.status_code == 200 and r.content[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == len(all_events)
    assert table.column("id").to_pylist() == [e["id"] for e in all_events]
    assert str(table.schema.field("source").type).startswith("list")
    assert str(table.schema.field("date").type) == "date32[day]"
    assert table.schema.field("confidence").type == "double"


def test_geojson_export_has_the_located_events_as_points(client, all_events):
    r = client.get("/api/events", params={"format": "geojson"})
    assert r.headers["content-type"] == "application/geo+json"
    collection = r.json()
    located = [e for e in all_events if e["location"] and e["location"]["lat"] is not None]
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(located)
    by_id = {e["id"]: e for e in located}
    for feature in collection["features"]:
        event = by_id[feature["id"]]
        assert feature["geometry"] == {"type": "Point",
                                       "coordinates": [event["location"]["lon"], event["location"]["lat"]]}
        assert feature["properties"]["type"] == event["type"]


def test_geojson_with_a_bounding_box(client):
    features = client.get("/api/events", params={"format": "geojson", "bbox": "60,20,80,40"}).json()["features"]
    assert features and all(60 <= f["geometry"]["coordinates"][0] <= 80 for f in features)


@pytest.mark.parametrize("route,fmt", [("/api/quotes", "csv"), ("/api/articles", "csv"), ("/api/actors", "parquet"),
                                       ("/api/places", "geojson"), ("/api/places", "csv")])
def test_other_collections_export(client, route, fmt):
    total = client.get(route, params={"limit": 1}).json()["total"]
    r = client.get(route, params={"format": fmt})
    assert r.status_code == 200
    if fmt == "csv":
        assert len(_csv_rows(r.text)) == total
    elif fmt == "parquet":
        assert pq.read_table(io.BytesIO(r.content)).num_rows == total
    else:
        assert 0 < len(r.json()["features"]) <= total


def test_geojson_of_something_without_coordinates_is_a_400(client):
    r = client.get("/api/quotes", params={"format": "geojson"})
    assert r.status_code == 400 and "coordinates" in r.json()["detail"]
