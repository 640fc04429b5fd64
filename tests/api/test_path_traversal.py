"""No request path reaches a file outside the dashboard's static folder.

The only route serving files is ``/static`` (Starlette's StaticFiles, which resolves the path and refuses
anything outside its folder); ``/`` and ``/world.geojson`` send fixed content, and the path-shaped API
parameters (``/api/articles/{id:path}``, ``/api/actors/{key:path}``) are looked up in the store, never on
disk. The requests go to a real ``whimbrel serve`` over a raw socket (``http.client`` sends the path byte
for byte: no client normalises ``..`` or decodes ``%2f`` on the way), so uvicorn's own decoding is part
of what is tested.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from .live import live_server

# Files that exist outside the static folder: what a traversal would serve.
_OUTSIDE = {"app.py": b"def create_app", "passwd": b"root:", "__init__.py": b"__all__"}

TRAVERSALS = [
    "/static/../app.py",
    "/static/../../__init__.py",
    "/static/./../app.py",
    "/static/" + "../" * 12 + "etc/passwd",
    "/static/..%2fapp.py",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e%2fapp.py",
    "/static/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/static/%252e%252e%252fapp.py",  # double-encoded
    "/static/..%252fapp.py",
    "/static/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    "/static/%25252e%25252e%25252fapp.py",  # triple-encoded
    "/static/..%5capp.py",  # backslash
    "/static/..\\app.py",
    "/static/....//app.py",
    "/static/.../app.py",
    "/static/..;/app.py",
    "/static/%c0%ae%c0%ae/app.py",  # overlong UTF-8 dots
    "/static/%c0%ae%c0%ae%c0%afapp.py",
    "/static/app.css%00/../../app.py",
    "/static/%00../app.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/%2F%2Fetc%2Fpasswd",
    "/static/file:///etc/passwd",
    "/static/index.html/../../app.py",
    "/../whimbrel/api/app.py",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/world.geojson/../app.py",
    "/api/articles/..%2f..%2f..%2fetc%2fpasswd",
    "/api/articles/../../../../etc/passwd",
    "/api/actors/%2e%2e/%2e%2e/app.py",
]


@pytest.fixture(scope="module")
def server(sample_store):
    with live_server(sample_store) as base:
        yield urlsplit(base)


def raw_get(server, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)  # the path exactly as written
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_the_static_folder_itself_is_served(server):
    status, body = raw_get(server, "/static/app.css")
    assert status == 200 and body
    status, _ = raw_get(server, "/static/nothing-here.css")
    assert status == 404


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_leaves_the_static_folder(server, path):
    status, body = raw_get(server, path)
    assert status in (400, 404), (status, body[:200])
    for marker in _OUTSIDE.values():
        assert marker not in body
