"""``POST /api/articles``: process articles into the store (bearer token required).

The body is one JSON Lines input record (``{"id", "text"}`` plus ``title``, ``published``, ``url``,
``source``, or ``html`` instead of ``text``), a JSON array of them, or JSON Lines
(``application/x-ndjson``). Records are checked strictly (an unknown field is a 422, not silently kept),
then go through ``whimbrel.runner.process`` exactly as ``whimbrel process FILE.jsonl --db`` would take
them: the same pipeline, near-duplicate detection and one transaction per batch. Requests are processed
one at a time; the server's copy of the store is refreshed before the response, so the new events can be
read at once.
"""

from __future__ import annotations

import json
import tempfile
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from starlette.concurrency import run_in_threadpool

from whimbrel.api.deps import JSON, state
from whimbrel.api.openapi import INGEST_REQUEST_BODY
from whimbrel.api.problems import Problem, ProblemError
from whimbrel.api.security import check_bearer, read_body
from whimbrel.api.snapshot import StoreSnapshot
from whimbrel.pipeline import Failure
from whimbrel.records import Record

__all__ = ["MAX_RECORDS", "IngestRecord", "router"]

MAX_RECORDS = 1000  # per request; more is several minutes of processing behind one HTTP call
_JSON_LINES = ("application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines")
_one_at_a_time = threading.Lock()  # one writer per store, and the pipeline's models are shared

router = APIRouter(tags=["ingest"])


class IngestRecord(BaseModel):
    """A JSON Lines input record of the output contract."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    text: str | None = Field(None, min_length=1)
    html: str | None = Field(None, min_length=1)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="ISO 8601 date or timestamp")
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _one_body(self) -> IngestRecord:
        if (self.text is None) == (self.html is None):
            raise ValueError("a record needs exactly one of 'text' or 'html'")
        return self

    @field_validator("text", "html")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("is blank: an article needs some text")
        return value

    @field_validator("published")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"published must be an ISO 8601 date or timestamp, got {value!r}") from None
        return value

    @field_validator("url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError("url must be an http:// or https:// address")
        return value


def _parse(body: bytes, content_type: str) -> list[Any]:
    """The JSON values in the body: one object, an array of objects, or JSON Lines."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(400, f"the body is not UTF-8 (byte {exc.start})") from None
    if content_type in _JSON_LINES:
        values = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    values.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ProblemError(400, f"line {number} is not valid JSON ({exc.msg})") from None
        return values
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(400, f"the body is not valid JSON ({exc.msg} at line {exc.lineno}, "
                                f"column {exc.colno})") from None
    return value if isinstance(value, list) else [value]


def _validate(values: list[Any]) -> list[IngestRecord]:
    if not values:
        raise ProblemError(422, "no records in the body")
    if len(values) > MAX_RECORDS:
        raise ProblemError(413, f"at most {MAX_RECORDS} records per request, got {len(values)}")
    records, errors = [], []
    for k, value in enumerate(values):
        if not isinstance(value, dict):
            errors.append({"name": f"records[{k}]", "in": "body",
                           "message": f"a record must be a JSON object, got {type(value).__name__}"})
            continue
        try:
            records.append(IngestRecord.model_validate(value))
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                message = (f"unknown field {field!r}" if err["type"] == "extra_forbidden"
                           else str(err["msg"]).removeprefix("Value error, "))
                errors.append({"name": f"records[{k}]" + (f".{field}" if field else ""), "in": "body",
                               "message": message})
    if errors:
        raise ProblemError(422, "; ".join(f"{e['name']}: {e['message']}" for e in errors[:5]), errors=errors)
    return records


def _process(records: list[IngestRecord], snapshot: StoreSnapshot) -> dict[str, Any]:
    """Run the records through ``whimbrel.runner.process`` into the store; a report per record."""
    from whimbrel.runner import process

    results: list[Record | Failure] = []
    with tempfile.TemporaryDirectory(prefix="whimbrel-api-") as tmp:
        path = Path(tmp) / "POST-api-articles.jsonl"
        path.write_text("".join(r.model_dump_json(exclude_none=True) + "\n" for r in records), encoding="utf-8")
        with _one_at_a_time, snapshot.paused():
            report = process([str(path)], fmt="jsonl", db=snapshot.path, on_result=results.append)
    out: list[dict[str, Any]] = []
    for result in results:
        if isinstance(result, Record):
            out.append({"id": result.id, "stored": True, "duplicate_of": result.article.duplicate_of,
                        "events": len(result.events), "quotes": len(result.quotes), "places": len(result.places),
                        "url": f"/api/articles/{quote(result.id, safe='')}"})
        else:
            line = result.where.rpartition(":")[2]
            k = int(line) - 1 if line.isdigit() else None
            out.append({"id": records[k].id if k is not None and k < len(records) else None, "stored": False,
                        "record": k, "stage": result.stage, "error": result.error, "message": result.message})
    return {"articles": report.articles, "failed": report.failed, "duplicates": report.duplicates,
            "events": report.events, "quotes": report.quotes, "places": report.places,
            "seconds": round(report.seconds, 3), "results": out}


@router.post("/api/articles", status_code=201, summary="Process articles into the store (bearer token)",
             responses={201: {"description": "What was stored, per record"},
                        **{code: {"model": Problem} for code in (400, 401, 403, 413, 415, 422, 503)}},
             openapi_extra=INGEST_REQUEST_BODY)
async def ingest(request: Request) -> JSON:
    """Send ``Authorization: Bearer <WHIMBREL_API_TOKEN>``. 201 with a report per record when at least
    one was stored; 422 when none could be (each failure named)."""
    app = state(request)
    check_bearer(request, app.settings.api_token)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/json", *_JSON_LINES):
        raise ProblemError(415, "send application/json (a record or an array of records) or "
                                "application/x-ndjson (JSON Lines)")
    records = _validate(_parse(await read_body(request, app.settings.api_max_body), content_type))
    report = await run_in_threadpool(_process, records, app.snapshot)
    await run_in_threadpool(app.snapshot.load)
    if report["articles"] == 0:
        failures = [r for r in report["results"] if not r["stored"]]
        raise ProblemError(422, "no record could be processed: " + "; ".join(
            f"{f['id']}: {f['message']}" for f in failures[:5]), errors=[
            {"name": f"records[{f['record']}]", "in": "body", "message": f["message"]} for f in failures])
    return JSON(report, status_code=201)
