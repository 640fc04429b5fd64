"""Writing through the API (bearer token, strict records, body cap) and the security layers (headers,
CORS closed by default)."""

from __future__ import annotations

import hmac
import json

import pytest

from .conftest import TOKEN, make_client

AUTH = {"Authorization": f"Bearer {TOKEN}"}
RECORD = {"id": "api-khartoum-1", "title": "Dozens arrested in Khartoum march", "published": "2019-01-18",
          "source": "Test Wire", "url": "https://example.org/khartoum-march",
          "text": "Police arrested 62 protesters in Khartoum on Thursday after a march on the presidential palace, "
                  "the Sudanese Professionals Association said. Security forces fired tear gas at the crowd."}


@pytest.fixture
def writable(store_copy):
    with make_client(store_copy) as c:
        yield c


def test_writing_needs_a_bearer_token(writable):
    r = writable.post("/api/articles", json=RECORD)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert r.headers["content-type"] == "application/problem+json"
    r = writable.post("/api/articles", json=RECORD, headers={"Authorization": "Bearer not-the-token"})
    assert r.status_code == 403 and r.json()["detail"] == "the bearer token is not valid"
    r = writable.post("/api/articles", json=RECORD, headers={"Authorization": f"Basic {TOKEN}"})
    assert r.status_code == 401
    assert writable.get(f"/api/articles/{RECORD['id']}").status_code == 404  # nothing was written


def test_the_token_is_compared_in_constant_time(writable, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    writable.post("/api/articles", json=RECORD, headers={"Authorization": "Bearer wrong"})
    assert calls == [(b"wrong", TOKEN.encode())]


def test_a_server_without_a_token_refuses_every_write(store_copy):
    with make_client(store_copy, api_token="") as c:
        r = c.post("/api/articles", json=RECORD, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "WHIMBREL_API_TOKEN" in r.json()["detail"]


def test_an_article_posted_is_processed_and_readable_at_once(writable):
    before = writable.get("/api/status").json()["counts"]
    r = writable.post("/api/articles", json=RECORD, headers=AUTH)
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["articles"] == 1 and report["failed"] == 0 and report["events"] >= 1
    assert report["results"][0] == {"id": RECORD["id"], "stored": True, "duplicate_of": None,
                                    "events": report["events"], "quotes": report["quotes"],
                                    "places": report["places"], "url": f"/api/articles/{RECORD['id']}"}
    article = writable.get(f"/api/articles/{RECORD['id']}").json()
    assert article["text"] == RECORD["text"] and article["source"] == "Test Wire"
    assert any(e["type"] == "COERCE" for e in article["events"])
    assert writable.get("/api/status").json()["counts"]["articles"] == before["articles"] + 1
    # the same id again replaces, never duplicates (the store is idempotent by article id)
    assert writable.post("/api/articles", json=RECORD, headers=AUTH).status_code == 201
    assert writable.get("/api/status").json()["counts"]["articles"] == before["articles"] + 1


def test_arrays_and_json_lines_are_accepted(writable):
    second = {**RECORD, "id": "api-2", "text": "Turkey reinforced a dozen military posts in Idlib on Friday."}
    r = writable.post("/api/articles", json=[RECORD, second], headers=AUTH)
    assert r.status_code == 201 and [x["id"] for x in r.json()["results"]] == [RECORD["id"], "api-2"]
    lines = "\n".join(json.dumps({**second, "id": f"api-jl-{k}"}) for k in range(2)) + "\n"
    r = writable.post("/api/articles", content=lines.encode(),
                      headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert r.status_code == 201 and r.json()["articles"] == 2


BAD_BODIES = [
    ({**RECORD, "colour": "red"}, "unknown field 'colour'"),
    ({"id": "x"}, "exactly one of 'text' or 'html'"),
    ({**RECORD, "html": "<p>both</p>"}, "exactly one of 'text' or 'html'"),
    ({**RECORD, "text": "   "}, "blank"),
    ({**RECORD, "published": "last Tuesday"}, "ISO 8601"),
    ({**RECORD, "url": "javascript:alert(1)"}, "http"),
    ({**RECORD, "id": ""}, "records[0].id"),
    ({**RECORD, "id": 12}, "records[0].id"),
    ([RECORD, "not an object"], "records[1]: a record must be a JSON object"),
    ([], "no records"),
]


@pytest.mark.parametrize("body,message", BAD_BODIES, ids=[m for _, m in BAD_BODIES])
def test_invalid_records_are_422_with_the_field_named(writable, body, message):
    r = writable.post("/api/articles", json=body, headers=AUTH)
    assert r.status_code == 422, r.text
    assert message in r.json()["detail"]


def test_malformed_bodies(writable):
    r = writable.post("/api/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["detail"]
    r = writable.post("/api/articles", content=b"id,text\n1,x", headers={**AUTH, "Content-Type": "text/csv"})
    assert r.status_code == 415
    r = writable.post("/api/articles", content=b"\xff\xfe{}", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 400 and "UTF-8" in r.json()["detail"]
    r = writable.post("/api/articles", content=b'{"id": "a", "text": "x"}\n{oops\n',
                      headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert r.status_code == 400 and "line 2" in r.json()["detail"]
    too_many = [{"id": str(k), "text": "x"} for k in range(1001)]
    assert writable.post("/api/articles", json=too_many, headers=AUTH).status_code == 413


def test_bodies_over_the_cap_are_refused_before_processing(store_copy):
    with make_client(store_copy, api_max_body=2000) as c:
        big = {**RECORD, "text": "word " * 1000}
        r = c.post("/api/articles", json=big, headers=AUTH)
        assert r.status_code == 413 and "WHIMBREL_API_MAX_BODY" in r.json()["detail"]

        def chunks():  # no Content-Length: the cap is counted as the body streams in
            for _ in range(10):
                yield b" " * 500

        r = c.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert r.status_code == 413


def test_security_headers_on_every_response(client):
    for path in ("/", "/api/events?limit=1", "/api/nothing", "/static/app.css", "/world.geojson"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert "http:" not in csp and "https:" not in csp  # no outside origin of any kind
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_cors_is_closed_by_default_and_opens_only_to_configured_origins(client, store_copy):
    r = client.get("/api/events?limit=1", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    with make_client(store_copy, cors_origins=("http://localhost:3000",)) as c:
        ok = c.get("/api/events?limit=1", headers={"Origin": "http://localhost:3000"})
        assert ok.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = c.get("/api/events?limit=1", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_the_link_to_a_stored_article_works_whatever_its_id(writable):
    # Characters a URL gives meaning to. ("%" too on a real server; Starlette's TestClient decodes the path
    # twice, so it is left out here.)
    odd = {**RECORD, "id": "wire/2019 #42?v=1&x=é;y\nline 2\t"}
    r = writable.post("/api/articles", json=odd, headers=AUTH)
    assert r.status_code == 201, r.text
    url = r.json()["results"][0]["url"]
    assert "?" not in url and "#" not in url
    assert writable.get(url).json()["id"] == odd["id"]
