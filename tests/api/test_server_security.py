"""The security pieces of ``whimbrel serve`` not covered in test_ingest_and_security.py: the loopback bind,
the host check against DNS rebinding, no server banner, CORS preflights refused, a truthful ``Allow`` on
405, headers on every refusal, and an OpenAPI description that names the real error format."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from whimbrel.api.security import host_name

from .conftest import TOKEN
from .live import live_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(sample_store):
    with live_server(sample_store) as base:  # no --host: the default
        yield urlsplit(base)


def _get(server, path: str, host: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
    conn.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _listening_addresses(port: int) -> list[str]:
    """Local addresses of the sockets listening on ``port`` (Linux /proc/net), as hex."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def test_the_server_listens_on_the_loopback_interface_only(server):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net/tcp to see where the server listens")
    # 127.0.0.1 is 0100007F in /proc's byte order; 0.0.0.0 (every interface) would be 00000000.
    assert _listening_addresses(server.port) == ["0100007F"]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_names_are_answered(server, host):
    assert _get(server, "/api/status", f"{host}:{server.port}").status == 200


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:80", "127.0.0.1.attacker.example", "",
                                  "localhost.", "0.0.0.0"])
def test_other_host_names_are_refused_against_dns_rebinding(server, host):
    response = _get(server, "/api/events", host)
    assert response.status == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_no_server_banner_and_headers_on_the_dashboard(server):
    response = _get(server, "/")
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    assert "server" not in {k.lower() for k in response.headers}
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY" and response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("header,name", [("localhost:8000", "localhost"), ("127.0.0.1", "127.0.0.1"),
                                         ("[::1]:8000", "::1"), ("[::1]", "::1"), ("LocalHost", "localhost"),
                                         ("::1", "::1"), ("evil.example:1:2", "evil.example:1:2")])
def test_host_name_drops_the_port(header, name):
    assert host_name(header) == name


def test_cors_preflights_are_refused_by_default(client):
    r = client.options("/api/articles", headers={"Origin": "https://elsewhere.example",
                                                 "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "authorization"})
    assert r.status_code == 405
    assert not [k for k in r.headers if k.lower().startswith("access-control-")]


def test_405_names_every_method_of_the_path(client):
    r = client.delete("/api/articles")
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    assert client.put("/api/events").headers["allow"] == "GET"
    assert client.delete("/static/app.css").headers["allow"] == "GET, HEAD"  # the static files' own answer


def test_refusals_carry_the_security_headers(client):
    for r in (client.post("/api/articles", json={"id": "x", "text": "y"}),  # 401: no token
              client.post("/api/articles", json={}, headers={"Authorization": f"Bearer {TOKEN}x"}),  # 403
              client.delete("/api/events"),  # 405
              client.get("/api/events", params={"until": "0"})):  # 400
        assert r.status_code >= 400 and "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_the_openapi_description_names_problem_details(client):
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (path, method, code)
            if method == "get":
                assert "422" not in operation["responses"], path  # bad queries are 400s
    ingest = spec["paths"]["/api/articles"]["post"]
    assert set(ingest["requestBody"]["content"]) == {"application/json", "application/x-ndjson"}
    assert ingest["security"] == [{"bearer": []}]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "404" in spec["paths"]["/api/events/{event_id}"]["get"]["responses"]
    assert "text/csv" in spec["paths"]["/api/events"]["get"]["responses"]["200"]["content"]
