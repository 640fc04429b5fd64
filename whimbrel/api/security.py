"""What keeps the server safe to leave running: security headers on every response, a bearer token for
writing (compared in constant time), a cap on request bodies that is enforced while they stream in, and,
on the loopback interface, answers only to loopback host names.

Why the host check: reading needs no token, and a server on 127.0.0.1 is reachable from every web page the
machine's browser opens. Pages from another origin cannot read its answers (CORS is closed), except by DNS
rebinding: the attacker's own name is pointed at 127.0.0.1, so the page is "same-origin" with the server.
Its requests then carry the attacker's name in ``Host``, which a loopback server refuses (400).

The Content-Security-Policy allows only this origin: the dashboard's scripts, styles, map layer and data all
come from the server itself, so no CDN or tile server is ever contacted, and no page may frame it.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from fastapi import Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from whimbrel.api.problems import ProblemError, problem_response

__all__ = ["LOOPBACK_HOSTS", "SECURITY_HEADERS", "AllowedHosts", "SecurityHeaders", "check_bearer", "host_name",
           "read_body"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in self.headers if k not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AllowedHosts:
    """ASGI middleware answering 400 to a request whose ``Host`` header names none of ``hosts`` (any port)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and host_name(Headers(scope=scope).get("host", "")) not in self.hosts:
            response = problem_response(400, "this server answers to " + ", ".join(sorted(self.hosts)) +
                                        " only (the Host header named another)")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without its port: ``localhost:8000`` → ``localhost``, ``[::1]:80`` → ``::1``."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.index("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def check_bearer(request: Request, token: str) -> None:
    """401 without a bearer token, 403 with a wrong one (or when the server has none: writing is off)."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ProblemError(401, "this route needs a bearer token: Authorization: Bearer <WHIMBREL_API_TOKEN>",
                           headers={"WWW-Authenticate": 'Bearer realm="whimbrel"'})
    if not token:
        raise ProblemError(403, "writing is disabled on this server: start it with WHIMBREL_API_TOKEN set")
    # Constant time: how long the comparison takes says nothing about how much of the token was right.
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise ProblemError(403, "the bearer token is not valid")


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``max_bytes`` (Content-Length or counted)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ProblemError(400, "Content-Length must be a number of bytes")
        if int(declared) > max_bytes:
            raise ProblemError(413, f"the body is larger than the limit of {max_bytes:,} bytes "
                                    "(WHIMBREL_API_MAX_BODY); send fewer articles per request")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise ProblemError(413, f"the body is larger than the limit of {max_bytes:,} bytes "
                                    "(WHIMBREL_API_MAX_BODY); send fewer articles per request")
        chunks.append(chunk)
    return b"".join(chunks)
