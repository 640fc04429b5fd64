"""Pages of events kept with the server's copy of the store answer exactly as a fresh query would, and go
away with the copy."""

from __future__ import annotations

from .conftest import TOKEN, make_client


def test_a_kept_page_is_the_page_a_query_gives(client):
    params = {"type": "ASSAULT,COERCE,PROTEST", "sort": "-confidence", "limit": 20, "offset": 20}
    first = client.get("/api/events", params=params)
    again = client.get("/api/events", params=params)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and first.headers["content-type"] == "application/json"
    # Above 100 rows a page is never kept: its rows, queried afresh, are the same in the same order.
    fresh = client.get("/api/events", params={**params, "limit": 1000, "offset": 0}).json()
    page = first.json()
    assert page["items"] == fresh["items"][20:40] and page["total"] == fresh["total"]
    assert page["next"] == "/api/events?type=ASSAULT%2CCOERCE%2CPROTEST&sort=-confidence&limit=20&offset=40"
    last = client.get("/api/events", params={**params, "offset": page["total"] - 1}).json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_kept_pages_go_with_the_copy(store_copy):
    record = {"id": "cache-check-1", "published": "2024-02-05", "source": "Test Wire",
              "text": "Soldiers shelled the outskirts of Goma on Monday, killing three civilians, local officials "
                      "said. The army denied the attack."}
    with make_client(store_copy) as c:
        params = {"article": record["id"]}
        assert c.get("/api/events", params=params).json()["total"] == 0  # kept, for this copy
        r = c.post("/api/articles", json=record, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        assert c.get("/api/events", params=params).json()["total"] == r.json()["events"] >= 1
