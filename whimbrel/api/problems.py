"""Errors as RFC 9457 problem details: ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and, for invalid input, ``errors`` (one ``{"name", "in", "message"}`` per bad field).

Status codes: 400 a malformed or unknown query parameter; 401 no bearer token; 403 a wrong token, or
writing disabled; 404 no such route or record; 405 wrong method; 413 body too large; 415 not JSON;
422 a well-formed body with invalid records; 503 the store cannot be read yet (a writer holds it).
Anything else is a 500 that names no internals (the traceback goes to the server log).
"""

from __future__ import annotations

import logging
import typing
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from whimbrel.errors import ConfigError, StoreError, StoreLockedError

__all__ = ["MEDIA_TYPE", "PROBLEM_RESPONSES", "Problem", "ProblemError", "install_handlers", "not_found",
           "problem_response"]

log = logging.getLogger("whimbrel.api")
MEDIA_TYPE = "application/problem+json"


class Problem(BaseModel):
    """The body of every error response (documented in the OpenAPI schema)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "A malformed or unknown query parameter"},
    503: {"model": Problem, "description": "The store is being written and has not been read yet"},
}


def not_found(what: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI entry of a route's 404 (``what``: the record it did not find)."""
    return {404: {"model": Problem, "description": f"No such {what}"}}


class ProblemError(Exception):
    """Raised by routes for an error response: ``status``, a one-line ``detail``, optional field ``errors``."""

    def __init__(self, status: int, detail: str, *, errors: Sequence[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, list(errors or []) or None, headers


def problem_response(status: int, detail: str, *, errors: Sequence[dict[str, Any]] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status,
                            "detail": detail}
    if errors:
        body["errors"] = list(errors)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _allowed_query_names(request: Request) -> list[str]:
    """The query parameters the matched route declares (from its pydantic query model), for the message."""
    route = request.scope.get("route")
    endpoint = getattr(route, "endpoint", None)
    if endpoint is None:
        return []
    names: set[str] = set()
    for hint in typing.get_type_hints(endpoint, include_extras=True).values():
        for arg in typing.get_args(hint) or (hint,):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= {f.alias or n for n, f in arg.model_fields.items()}
    return sorted(names)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path. Starlette's own 405 names only the methods of the first
    route matching the path (``Allow: GET`` on ``/api/articles``, which also takes POST)."""
    allowed = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(not isinstance(route, Mount) and route.matches(scope)[0] == Match.FULL
               for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _field_errors(request: Request, exc: RequestValidationError) -> tuple[int, str, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    in_body = False
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "query"
        in_body = in_body or where == "body"
        name = ".".join(loc[1:]) or where
        if err.get("type") == "extra_forbidden" and where == "query":
            allowed = _allowed_query_names(request)
            message = f"unknown query parameter {name!r}" + (f"; this route takes: {', '.join(allowed)}"
                                                             if allowed else "")
        elif err.get("type") == "extra_forbidden":
            message = f"unknown field {name!r}"
        else:
            message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
            given = err.get("input")
            if isinstance(given, str | int | float) and where != "body":
                message += f" (got {str(given)[:80]!r})"
        errors.append({"name": name, "in": where, "message": message})
    status = 422 if in_body else 400
    detail = "; ".join(f"{e['name']}: {e['message']}" if e["name"] not in e["message"] else e["message"]
                       for e in errors[:5])
    return status, detail, errors


def install_handlers(app: FastAPI) -> None:
    """Every error the app can meet, as problem details."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.detail, errors=exc.errors, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, detail, errors = _field_errors(request, exc)
        return problem_response(status, detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != HTTPStatus(exc.status_code).phrase \
            else {404: f"no route {request.url.path}", 405: f"{request.method} is not allowed on {request.url.path}"
                  }.get(exc.status_code, HTTPStatus(exc.status_code).phrase)
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405 and (methods := _allowed_methods(request)):
            headers = {**(headers or {}), "Allow": ", ".join(methods)}
        return problem_response(exc.status_code, detail, headers=headers)

    @app.exception_handler(ConfigError)
    async def _config(request: Request, exc: ConfigError) -> JSONResponse:
        # Filters check themselves in whimbrel.store (the same messages as the CLI's).
        return problem_response(400, exc.message)

    @app.exception_handler(StoreLockedError)
    async def _locked(request: Request, exc: StoreLockedError) -> JSONResponse:
        return problem_response(503, exc.message, headers={"Retry-After": "5"})

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(503, "the store cannot be read right now; see the server log",
                                headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(500, "internal error; see the server log")
