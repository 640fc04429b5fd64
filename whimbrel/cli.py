"""The ``whimbrel`` command line: thin typer commands, each calling one plain function.

Exit codes: 0 all inputs processed; 1 some inputs failed (each named on stderr, the rest processed and
stored); 2 usage error; 3 fatal (store, model or knowledge base unusable). See README.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from whimbrel import __version__
from whimbrel.config import settings
from whimbrel.errors import (
    EXIT_FATAL,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    ConfigError,
    InputError,
    WhimbrelError,
)
from whimbrel.ingest import FORMATS, expand_inputs
from whimbrel.pipeline import Failure
from whimbrel.records import Record

__all__ = ["app", "main"]

app = typer.Typer(name="whimbrel", add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Turn news reports into a sourced, geolocated, queryable record of events.")
err = Console(stderr=True, highlight=False)

FormatOpt = Annotated[str, typer.Option("--format", "-f", help=f"Input format: {', '.join(FORMATS)}.")]
InputsArg = Annotated[list[str], typer.Argument(help="Files, folders (walked) or - for standard input.")]
OutOpt = Annotated[str | None, typer.Option("--out", "-o", help="Write JSON Lines here (- for standard output).")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", help="Encoding of non-UTF-8 text inputs (e.g. cp1252).")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="Store file (default: whimbrel.duckdb or $WHIMBREL_DB).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


@contextmanager
def _output(path: str | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


def _estimate_total(inputs: list[str]) -> int | None:
    """How many articles to expect, when that is cheap to know (for the progress bar)."""
    total = 0
    for path in expand_inputs(inputs):
        if path == "-":
            return None
        if path.endswith((".jsonl", ".ndjson")):
            try:
                with open(path, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


@contextmanager
def _progress(enabled: bool, total: int | None, label: str) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(label, total=total, failed=0)
        yield lambda failed: progress.update(task, advance=1, failed=failed)


def _show_progress(quiet: bool, out: str | None) -> bool:
    # Never draw on a non-terminal, and never when results go to a piped stdout.
    return not quiet and err.is_terminal and not (out == "-" and not sys.stdout.isatty())


class _Results:
    """Where each result goes: failures to stderr (counted), records or labels to the JSON Lines sink,
    and a tick to the progress bar."""

    def __init__(self, sink: IO[str] | None, tick: Any) -> None:
        self.sink, self.tick, self.failed = sink, tick, 0

    def __call__(self, item: Record | Failure | Any) -> None:
        if isinstance(item, Failure):
            self.failed += 1
            _report_failure(item)
        elif self.sink is not None:
            self.sink.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
        if self.tick is not None:
            self.tick(self.failed)


def _report_failure(f: Failure) -> None:
    err.print(f"[red]error:[/red] {f.where}: {f.message} [dim]({f.stage}: {f.error})[/dim]", soft_wrap=True)


def _fatal_guard(fn: Any) -> Any:
    """Turn Whimbrel's fatal errors into one clear line and exit code 3 (usage errors: 2)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (ConfigError, InputError) as exc:
            raise _fail(str(exc), EXIT_USAGE) from None
        except WhimbrelError as exc:
            raise _fail(str(exc), EXIT_FATAL) from None

    return wrapper


@app.command()
@_fatal_guard
def process(
    inputs: InputsArg,
    fmt: FormatOpt = "auto",
    out: OutOpt = None,
    db: DbOpt = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to the store.")] = False,
    workers: WorkersOpt = 1,
    encoding: EncodingOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Run the whole pipeline; store the results and/or write one JSON record per article."""
    from whimbrel.runner import process as run_process

    target = None if no_store else (db or settings().db)
    total = _estimate_total(inputs) if _show_progress(quiet, out) else None
    with _output(out) as sink, _progress(_show_progress(quiet, out), total, "processing") as tick:
        report = run_process(inputs, fmt=fmt, encoding=encoding, db=target, workers=workers,
                             on_result=_Results(sink, tick))
    if not quiet:
        stored = f" → {target}" if target else ""
        copies = f" ({report.duplicates} near-duplicates, their events not counted)" if report.duplicates else ""
        err.print(f"{report.articles} articles processed, {report.failed} failed{copies}: {report.events} events, "
                  f"{report.quotes} quotes, {report.places} places in {report.seconds:.1f} s{stored}")
    raise typer.Exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


@app.command()
@_fatal_guard
def classify(
    inputs: InputsArg,
    scheme: Annotated[str, typer.Option("--scheme", "-s", help="plover or acled.")] = "plover",
    fmt: FormatOpt = "auto",
    out: OutOpt = "-",
    workers: WorkersOpt = 1,
    encoding: EncodingOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """One line per input document: the label of its dominant event in the scheme, or NONE."""
    from whimbrel.classify import SCHEMES, classify_records
    from whimbrel.ingest import read_inputs
    from whimbrel.runner import run_pipeline

    if scheme not in SCHEMES:
        raise _fail(f"unknown --scheme {scheme!r}; choose plover or acled", EXIT_USAGE)
    show = _show_progress(quiet, out)
    with _output(out) as sink, _progress(show, _estimate_total(inputs) if show else None, "classifying") as tick:
        results = _Results(sink, tick)
        articles = read_inputs(inputs, fmt=fmt, encoding=encoding, max_bytes=settings().max_bytes)
        for item in classify_records(run_pipeline(articles, workers=workers), scheme):
            results(item)
    raise typer.Exit(EXIT_SOME_FAILED if results.failed else EXIT_OK)


@app.command()
@_fatal_guard
def extract(
    page: Annotated[str, typer.Argument(help="An HTML page (or a plain-text page dump); - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Also print the page's metadata, as JSON.")] = False,
    fmt: FormatOpt = "auto",
    encoding: EncodingOpt = None,
) -> None:
    """Print the article body of one web page as plain text (with --json, also its metadata)."""
    from whimbrel.extract import extract_article
    from whimbrel.ingest import read_inputs

    for item in read_inputs([page], fmt=fmt, encoding=encoding, max_bytes=settings().max_bytes):
        if isinstance(item, Failure):
            _report_failure(item)
            raise typer.Exit(EXIT_SOME_FAILED)
        try:
            extract_article(item)
        except InputError as exc:
            raise _fail(str(exc), EXIT_SOME_FAILED) from None
        if as_json:
            data = {"id": item.id, **item.to_json()}
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(item.text + "\n")
        break


def _parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} must be a date like 2018-09-14, got {value!r}") from None


@app.command()
@_fatal_guard
def events(
    db: DbOpt = None,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or country code (source or target).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    place: Annotated[str | None, typer.Option(help="Place name, admin-1 region or country code.")] = None,
    since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    factuality: Annotated[str | None, typer.Option(help="asserted, negated, hypothetical, future or failed.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 50,
    output: Annotated[str, typer.Option("--output", help="table, json (JSON Lines) or csv.")] = "table",
) -> None:
    """Query stored events."""
    from whimbrel.store import EventFilter, Store, find_events

    if output not in ("table", "json", "csv"):
        raise _fail("--output must be table, json or csv", EXIT_USAGE)
    flt = EventFilter(actor=actor, type=type_, place=place, since=_parse_day(since, "--since"),
                      until=_parse_day(until, "--until"), factuality=factuality, article=article, limit=limit)
    with Store(db or settings().db, read_only=True) as store:
        rows = find_events(store, flt)
    if output == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["article_id", "id", "date", "type", "mode", "factuality", "source", "target", "place",
                         "country", "fatalities", "confidence", "evidence"])
        for e in rows:
            writer.writerow([e["article_id"], e["id"], e["date"], e["type"], e["mode"], e["factuality"],
                             _names(e["source"]), _names(e["target"]), (e["location"] or {}).get("name"),
                             (e["location"] or {}).get("country"), (e["fatalities"] or {}).get("best"),
                             e["confidence"], e["evidence"]["text"]])
    else:
        Console().print(_event_table(rows))


@app.command()
@_fatal_guard
def quotes(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker id, name or words of the name (\"Lavrov\").")] = None,
    kind: Annotated[str | None, typer.Option(help="direct or indirect.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 50,
    output: Annotated[str, typer.Option("--output", help="table or json (JSON Lines).")] = "table",
) -> None:
    """Query stored quotes: who said what, where."""
    from whimbrel.store import QuoteFilter, Store, find_quotes

    if output not in ("table", "json"):
        raise _fail("--output must be table or json", EXIT_USAGE)
    with Store(db or settings().db, read_only=True) as store:
        rows = find_quotes(store, QuoteFilter(speaker=speaker, kind=kind, article=article, limit=limit))
    if output == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    table = Table(title=f"{len(rows)} quotes")
    for col in ("article", "kind", "speaker", "quote"):
        table.add_column(col, overflow="fold")
    for q in rows:
        table.add_row(q["article_id"], q["kind"], q["speaker_name"] or q["speaker_text"] or "?", q["text"])
    Console().print(table)


def _names(actors: list[dict[str, Any]]) -> str:
    out = []
    for a in actors:
        label = a.get("name") or a.get("text") or "?"
        extra = "/".join(x for x in (a.get("country"), a.get("sector")) if x and x != "UNK")
        out.append(f"{label} ({extra})" if extra else label)
    return "; ".join(out)


def _snippet(event: dict[str, Any], width: int = 90) -> str:
    """The evidence sentence, centred on the trigger when it is long."""
    text = event["evidence"]["text"].replace("\n", " ")
    trig = event.get("trigger") or {}
    if len(text) <= width or trig.get("start") is None:
        return text[:width]
    at = trig["start"] - event["evidence"]["start"]
    lo = max(0, min(at - width // 3, len(text) - width))
    return ("…" if lo else "") + text[lo:lo + width] + ("…" if lo + width < len(text) else "")


def _event_table(rows: list[dict[str, Any]], title: str | None = None) -> Table:
    table = Table(title=title, expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("who → whom", ratio=2)
    table.add_column("where", ratio=1)
    table.add_column("dead", justify="right")
    table.add_column("evidence", ratio=3)
    for e in rows:
        loc = e.get("location") or {}
        kind = e["type"] + (f"/{e['mode']}" if e.get("mode") else "")
        if e["factuality"] != "asserted":
            kind += f" ({e['factuality']})"
        who = _names(e["source"]) or "?"
        whom = _names(e["target"])
        table.add_row(e.get("date") or "", kind, f"{who} → {whom}" if whom else who,
                      f"{loc.get('name')}, {loc.get('country')}" if loc.get("name") else "",
                      str((e.get("fatalities") or {}).get("best") or ""), _snippet(e))
    return table


@app.command()
@_fatal_guard
def summary(db: DbOpt = None, limit: Annotated[int, typer.Option(help="Events to list.")] = 15) -> None:
    """A rich overview of what the store holds: counts, top event types, places, speakers, recent events."""
    from whimbrel.store import EventFilter, Store, event_summary, find_events

    console = Console()
    with Store(db or settings().db, read_only=True) as store:
        info = event_summary(store)
        recent = find_events(store, EventFilter(limit=limit, min_confidence=0.6))
        quotes = store.query("SELECT coalesce(speaker_name, speaker_text) AS speaker, kind, text FROM quotes "
                             "WHERE kind = 'direct' ORDER BY article_id, seq LIMIT 8")
    c = info["counts"]
    console.print(f"[bold]{store.path}[/bold]: {c['articles']} articles ({c.get('duplicates', 0)} near-duplicates), "
                  f"{c['events']} events, {c['quotes']} quotes, {c['places']} places, {c['errors']} failed inputs")
    types = Table(title="events by type")
    types.add_column("type")
    types.add_column("n", justify="right")
    for row in info["by_type"]:
        types.add_row(row["type"], str(row["n"]))
    places = Table(title="most mentioned places")
    places.add_column("place")
    places.add_column("country")
    places.add_column("n", justify="right")
    for row in info["top_places"]:
        places.add_row(str(row["place"]), str(row["country"] or ""), str(row["n"]))
    console.print(types, places)
    console.print(_event_table(recent, title=f"latest {len(recent)} events (confidence ≥ 0.6)"))
    q = Table(title="direct quotes")
    q.add_column("speaker", max_width=28)
    q.add_column("quote", overflow="fold")
    for row in quotes:
        q.add_row(str(row["speaker"] or "?"), row["text"][:200])
    console.print(q)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
    app()
