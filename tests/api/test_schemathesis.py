"""Schemathesis against the app's own OpenAPI description, in-process (ASGI), on a copy of the sample store.

Every operation, GET and POST, through every phase (examples, coverage, fuzzing, stateful), at most 25
generated cases per operation and phase, deterministic (``schemathesis.toml`` beside this file, which the
CLI can also use against a running server). The checks include: no 5xx (``not_a_server_error``), every
status code and content type documented, JSON bodies matching their schema, invalid input refused,
unsupported methods answered 405 with a correct ``Allow``, and the bearer token required on
``POST /api/articles`` (sent with the token, then without it).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import schemathesis
from schemathesis.engine import events, from_schema

from whimbrel.api import create_app
from whimbrel.config import settings

from .conftest import TOKEN

pytestmark = pytest.mark.slow

CONFIG = Path(__file__).with_name("schemathesis.toml")
REQUIRED_CHECKS = {"not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_schema_conformance", "negative_data_rejection", "ignored_auth"}


@dataclasses.dataclass
class Run:
    operations: set[str] = dataclasses.field(default_factory=set)
    cases: int = 0
    statuses: dict[str, Counter[int]] = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    checks: Counter[str] = dataclasses.field(default_factory=Counter)
    failures: list[str] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)


def _run(schema: schemathesis.BaseSchema) -> Run:
    run = Run()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            run.cases += len(recorder.cases)
            if event.phase != "stateful":
                run.operations.add(recorder.label)
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    label = f"{interaction.request.method} {interaction.request.uri.split('?')[0]}"
                    run.statuses[recorder.label if event.phase != "stateful" else label][
                        interaction.response.status_code] += 1
            for nodes in recorder.checks.values():
                for node in nodes:
                    run.checks[node.name] += 1
                    if node.failure_info is not None:
                        failure = node.failure_info.failure
                        run.failures.append(f"{recorder.label}: {node.name}: {failure.title}: "
                                            f"{getattr(failure, 'message', '')[:300]}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            run.errors.append(str(getattr(event, "value", None) or getattr(event, "exception", event)))
    return run


@pytest.fixture
def api_schema(store_copy, monkeypatch):
    monkeypatch.setenv("WHIMBREL_API_TOKEN", TOKEN)
    app = create_app(store_copy, dataclasses.replace(settings(), api_token=TOKEN))
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=schemathesis.Config.from_path(CONFIG))


def test_the_api_meets_its_openapi_description(api_schema):
    expected = {op.ok().label for op in api_schema.get_all_operations()}
    run = _run(api_schema)
    post = run.statuses["POST /api/articles"]
    print(f"\nschemathesis {schemathesis.__version__}: {len(run.operations)} operations, {run.cases} test cases, "
          f"{sum(run.checks.values())} checks, {len(run.failures)} failures, {len(run.errors)} errors; "
          f"POST /api/articles answered {dict(sorted(post.items()))}")
    assert not run.errors, run.errors[:5]
    assert not run.failures, "\n".join(run.failures[:10])
    assert run.operations == expected and len(expected) >= 17
    assert {name for name, n in run.checks.items() if n > 0} >= REQUIRED_CHECKS, run.checks
    # Written with the token (201: stored; 422: a record the pipeline refused), refused without it.
    assert post[201] > 0 and post[401] > 0, post
    assert all(run.statuses[op][500] == 0 for op in run.statuses)


def test_item_routes_with_real_ids_meet_the_description(api_schema, client):
    """The generated ids never exist (404); these do, so the 200 answers are checked too."""
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    actor = client.get("/api/actors", params={"limit": 1}).json()["items"][0]
    place = client.get("/api/places", params={"limit": 1}).json()["items"][0]
    calls = [("/api/events/{event_id}", {"event_id": event["id"]}),
             ("/api/articles/{article_id}", {"article_id": event["article_id"]}),
             ("/api/actors/{key}", {"key": actor["key"]}),
             ("/api/places/{geonameid}", {"geonameid": place["geonameid"]}),
             ("/api/regions/{name}", {"name": "Idlib"})]
    for path, parameters in calls:
        case = api_schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate()
        assert response.status_code == 200, (path, parameters)
