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
from rich.markup import escape
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
DbOpt = Annotated[str | None, typer.Option(
    "--db", help="Store: a DuckDB file, or a postgresql:// URL (default: whimbrel.duckdb or $WHIMBREL_DB).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")  # (a message's "[…]" is text, not markup)
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
        if path == "-" or "://" in path:  # standard input, or a URL that may be a feed of many entries
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
    progress = Progress(*columns, console=err, transient=False)
    task: Any = None

    def tick(failed: int) -> None:
        nonlocal task
        if task is None:
            # Drawn from the first result on, not before: the bar's refresh thread must not exist yet when
            # `process` forks its workers (a fork copies a lock that thread may hold, and a worker that
            # then writes to the terminal would wait for ever).
            progress.start()
            task = progress.add_task(label, total=total, failed=0)
        progress.update(task, advance=1, failed=failed)

    try:
        yield tick
    finally:
        if task is not None:
            progress.stop()


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
            return self._tick()
        for warning in getattr(item, "warnings", None) or ():  # a resource limit cut the analysis short
            err.print(f"[yellow]warning:[/yellow] {item.article.where}: {warning['message']}", soft_wrap=True)
        if self.sink is not None:  # a record's line as the store keeps it, made once (whimbrel/prepared.py)
            line = item.json_line() if isinstance(item, Record) else json.dumps(item.to_json(), ensure_ascii=False)
            self.sink.write(line + "\n")
        self._tick()

    def _tick(self) -> None:
        if self.tick is not None:
            self.tick(self.failed)


def _report_failure(f: Failure) -> None:
    err.print(f"[red]error:[/red] {escape(f.where)}: {escape(f.message)} [dim]({f.stage}: {f.error})[/dim]", soft_wrap=True)


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
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files, folders (walked) or - for standard input (with --retry-failed: optional, narrows it).",
        show_default=False)] = None,
    fmt: FormatOpt = "auto",
    out: OutOpt = None,
    db: DbOpt = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to the store.")] = False,
    workers: WorkersOpt = 1,
    encoding: EncodingOpt = None,
    quiet: QuietOpt = False,
    fetch: Annotated[bool, typer.Option(
        "--fetch", help="Fetch URL inputs, and the pages feed entries link to (politely; see `whimbrel fetch`). "
                        "Without it nothing touches the network.")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Read again only the inputs (lines, entries, records) listed by `whimbrel errors`; "
                               "a success removes them from the list.")] = False,
    engine: Annotated[str, typer.Option(
        "--engine", help="Where the pipeline runs: local (this machine's processes) or ray (Ray actors; "
                         "see docs/scale.md). Same records either way.")] = "local",
    address: Annotated[str | None, typer.Option(
        "--address", help="With --engine ray: the Ray head to use (HOST:PORT or auto); "
                          "without it a local Ray cluster of --workers CPUs is started.")] = None,
) -> None:
    """Run the whole pipeline; store the results and/or write one JSON record per article."""
    from whimbrel.runner import process as run_process

    inputs = inputs or []
    retry = None
    if retry_failed:
        if no_store:
            raise _fail("--retry-failed reads the store's list of failed inputs; it cannot go with --no-store",
                        EXIT_USAGE)
        retry = _retry_plan(db or settings().db, inputs, fetch=fetch, quiet=quiet)
        if not retry.targets:
            if not quiet:
                err.print("nothing to retry: no failed input that can be read again")
            raise typer.Exit(EXIT_SOME_FAILED if retry.unreachable else EXIT_OK)
        inputs = retry.inputs
    elif not inputs:
        raise _fail("no INPUT given (files, folders or - for standard input); or pass --retry-failed", EXIT_USAGE)
    if engine not in ("local", "ray"):
        raise _fail(f"--engine {engine!r}: local or ray", EXIT_USAGE)
    if address is not None and engine != "ray":
        raise _fail("--address is for --engine ray", EXIT_USAGE)
    urls = [i for i in inputs if "://" in i]
    if urls and not fetch:
        raise _fail(f"{urls[0]} is a URL: Whimbrel uses no network unless asked; pass --fetch to fetch it "
                    f"(or `whimbrel fetch URL --out FILE`, then process the file)", EXIT_USAGE)
    fetcher = None
    if fetch:
        from whimbrel.ingest.fetch import Fetcher

        fetcher = Fetcher()
    target = None if no_store else (db or settings().db)
    total = _estimate_total(inputs) if _show_progress(quiet, out) and not fetch and retry is None else None
    with _output(out) as sink, _progress(_show_progress(quiet, out), total, "processing") as tick:
        report = run_process(inputs, fmt=fmt, encoding=encoding, db=target, workers=workers,
                             on_result=_Results(sink, tick), fetcher=fetcher, retry=retry, engine=engine,
                             address=address, overlap=True)
    if not quiet:
        from whimbrel.store.factory import store_name  # imports DuckDB: not before the workers start

        stored = f" → {store_name(target)}" if target else ""
        copies = f" ({report.duplicates} near-duplicates, their events not counted)" if report.duplicates else ""
        err.print(f"{report.articles} articles processed, {report.failed} failed{copies}: {report.events} events, "
                  f"{report.quotes} quotes, {report.places} places in {report.seconds:.1f} s{stored}")
    if engine == "local":
        _finished()
    raise typer.Exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def _retry_plan(db: str | Path, inputs: list[str], *, fetch: bool, quiet: bool) -> Any:
    """What ``process --retry-failed`` reads again; says what it cannot."""
    from whimbrel.quarantine import retry_plan
    from whimbrel.store import open_store

    with open_store(db, read_only=True) as store:
        plan = retry_plan(store, inputs)
    if not fetch:  # a URL is fetched again only when asked
        for url in [t for t in plan.targets if "://" in t]:
            del plan.targets[url]
            plan.unreachable.append(url)
    if plan.unreachable and not quiet:
        err.print(f"[yellow]note:[/yellow] {len(plan.unreachable)} failed input(s) cannot be read again here "
                  f"(standard input, or a URL without --fetch); see `whimbrel errors`")
    return plan


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
    _finished()
    raise typer.Exit(EXIT_SOME_FAILED if results.failed else EXIT_OK)


@app.command()
@_fatal_guard
def fetch(
    urls: Annotated[list[str], typer.Argument(help="Web pages or RSS/Atom feeds (http:// or https://).")],
    out: Annotated[str, typer.Option("--out", "-o", help="Write JSON Lines here (- for standard output).")] = "-",
    feed: Annotated[bool | None, typer.Option(
        "--feed/--page", help="Read every URL as a feed, or as a web page (default: by Content-Type and content).",
        show_default=False)] = None,
    links: Annotated[bool, typer.Option("--links/--no-links", help="Fetch the page each feed entry links to.")] = True,
    delay: Annotated[float | None, typer.Option(
        "--delay", min=0, help="Seconds between two requests to one host (default 1, or $WHIMBREL_FETCH_DELAY).",
        show_default=False)] = None,
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Size cap per page or feed, in bytes (default 10 MiB, or $WHIMBREL_FETCH_MAX_BYTES).",
        show_default=False)] = None,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0.001, help="Seconds to connect, and between two reads (default 20, or "
                                     "$WHIMBREL_FETCH_TIMEOUT).", show_default=False)] = None,
    quiet: QuietOpt = False,
) -> None:
    """Fetch web pages and feeds politely; write them as JSON Lines input records for `whimbrel process`."""
    from whimbrel.ingest.fetch import Fetcher, FetchPolicy
    from whimbrel.ingest.remote import fetch_to_jsonl

    fetcher = Fetcher(FetchPolicy.from_settings(delay=delay, max_bytes=max_bytes, timeout=timeout))
    kind = "auto" if feed is None else "rss" if feed else "html"
    show = _show_progress(quiet, out)
    with _output(out) as sink, _progress(show, None, "fetching") as tick:
        report = fetch_to_jsonl(urls, sink, fetcher=fetcher, kind=kind, fetch_pages=links,
                                on_result=_Results(None, tick))
    if not quiet:
        err.print(f"{report.records} articles fetched, {report.failed} failed"
                  + (f" → {out}" if out != "-" else ""))
    # Partial success is success: a dead link in a feed must not fail a nightly job that got the rest.
    raise typer.Exit(EXIT_SOME_FAILED if report.failed and not report.records else EXIT_OK)


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
    grouped: Annotated[bool, typer.Option("--grouped", help="One row per distinct event (reports grouped "
                                          "across articles), with its number of sources.")] = False,
) -> None:
    """Query stored events."""
    from whimbrel.store import EventFilter, find_event_groups, find_events, open_store

    if output not in ("table", "json", "csv"):
        raise _fail("--output must be table, json or csv", EXIT_USAGE)
    flt = EventFilter(actor=actor, type=type_, place=place, since=_parse_day(since, "--since"),
                      until=_parse_day(until, "--until"), factuality=factuality, article=article, limit=limit)
    with open_store(db or settings().db, read_only=True) as store:
        if grouped:
            _print_groups(find_event_groups(store, flt), output)
            return
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
    from whimbrel.store import QuoteFilter, find_quotes, open_store

    if output not in ("table", "json"):
        raise _fail("--output must be table or json", EXIT_USAGE)
    with open_store(db or settings().db, read_only=True) as store:
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


@app.command("errors")
@_fatal_guard
def errors_(
    db: DbOpt = None,
    stage: Annotated[str | None, typer.Option(help="Only failures of this stage (ingest, extract, nlp, events…).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 0,
    output: Annotated[str, typer.Option("--output", help="table or json (JSON Lines).")] = "table",
) -> None:
    """List the quarantined inputs: each input whose latest attempt failed, with its stage and error."""
    from whimbrel.quarantine import list_errors
    from whimbrel.store import open_store

    if output not in ("table", "json"):
        raise _fail("--output must be table or json", EXIT_USAGE)
    with open_store(db or settings().db, read_only=True) as store:
        rows = list_errors(store, stage=stage, limit=limit)
    if output == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} failed input{'' if len(rows) == 1 else 's'}", expand=True,
                  caption="retry: whimbrel process --retry-failed")
    for col, opts in (("input", {"no_wrap": True}), ("stage", {"no_wrap": True}), ("error", {"no_wrap": True}),
                      ("message", {"overflow": "fold", "ratio": 1}), ("failed at", {"no_wrap": True})):
        table.add_column(col, **opts)
    for row in rows:
        table.add_row(row["input"], row["stage"] or "", row["error"] or "", row["message"] or "",
                      (row["failed_at"] or "").replace("T", " "))
    Console().print(table)


def _print_groups(groups: list[dict[str, Any]], output: str) -> None:
    """``events --grouped``: one row per distinct event, shown by its first report."""
    if output == "json":
        for g in groups:
            sys.stdout.write(json.dumps(g, ensure_ascii=False) + "\n")
        return
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["group_id", "first_day", "last_day", "type", "factuality", "events", "articles",
                         "independent_sources", "sources", "source", "target", "place", "country", "evidence"])
        for g in groups:
            e = g["event"]
            writer.writerow([g["id"], g["first_day"], g["last_day"], g["type"], g["factuality"], g["events"],
                             g["articles"], g["independent_sources"], " ".join(g["sources"]), _names(e["source"]),
                             _names(e["target"]), (e["location"] or {}).get("name"),
                             (e["location"] or {}).get("country"), e["evidence"]["text"]])
        return
    table = Table(title=f"{len(groups)} distinct events", caption="sources: independent reports / articles",
                  expand=True)
    for name, opts in (("days", {"no_wrap": True}), ("event", {"no_wrap": True}), ("who → whom", {"ratio": 2}),
                       ("where", {"ratio": 1}), ("sources", {"justify": "right"}), ("first report", {"ratio": 3})):
        table.add_column(name, **opts)
    for g in groups:
        e, loc = g["event"], g["event"].get("location") or {}
        days = g["first_day"] or ""
        if g["last_day"] and g["last_day"] != g["first_day"]:
            days += f" – {g['last_day']}"
        who, whom = _names(e["source"]) or "?", _names(e["target"])
        kind = g["type"] + ("" if g["factuality"] == "asserted" else f" ({g['factuality']})")
        table.add_row(days, kind, f"{who} → {whom}" if whom else who,
                      f"{loc.get('name')}, {loc.get('country')}" if loc.get("name") else "",
                      f"{g['independent_sources']} / {g['articles']}", _snippet(e))
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
def brief(
    region: Annotated[str, typer.Option("--region", help="Country (SYR, Syria), admin-1 region (Idlib) or dyad (TUR>SYR).")],
    since: Annotated[str, typer.Option(help="Period: 7d, 4w, or a first day YYYY-MM-DD.")] = "7d",
    until: Annotated[str | None, typer.Option(help="Last day (default: the region's latest day of news).")] = None,
    format_: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    top: Annotated[int, typer.Option(min=1, help="Developments to list.")] = 10,
    out: Annotated[str | None, typer.Option("--out", "-o", help="Write the brief here (default: standard output).")] = None,
    db: DbOpt = None,
) -> None:
    """The top developments of a region over a period, each cited to its article and evidence sentence."""
    from whimbrel.monitor import (
        build_brief,
        latest_day,
        parse_period,
        render_html,
        render_markdown,
        resolve_region,
    )
    from whimbrel.monitor.brief import trend_svg
    from whimbrel.store import open_store

    if format_ not in ("md", "html"):
        raise _fail("--format must be md or html", EXIT_USAGE)
    with open_store(db or settings().db, read_only=True) as store:
        place = resolve_region(store, region)
        last = _parse_day(until, "--until") or latest_day(store, place)
        if last is None:
            raise _fail("the store holds no dated news yet; run `whimbrel process` first", EXIT_USAGE)
        result = build_brief(store, place, since=parse_period(since, last), until=last, top=top)
    chart = None
    if format_ == "md" and out not in (None, "-"):
        chart = Path(str(out)).with_suffix(".svg")
        chart.write_text(trend_svg(result.series, result.since, result.until), encoding="utf-8")
    text = render_html(result) if format_ == "html" else render_markdown(result, chart.name if chart else None)
    with _output(out or "-") as sink:
        assert sink is not None
        sink.write(text)


@app.command()
@_fatal_guard
def watch(
    watchlists: Annotated[list[Path], typer.Argument(help="Watchlist YAML files.")],
    since: Annotated[str | None, typer.Option(help="Only findings from this period on: 7d, 4w or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day (default: the store's latest day of news).")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST every finding here (overrides the files' webhook).")] = None,
    out: OutOpt = None,
    db: DbOpt = None,
) -> None:
    """Report what matches each watchlist (events and spike alarms) as JSON Lines, and/or POST it to a webhook."""
    from whimbrel.errors import WebhookError
    from whimbrel.monitor import latest_day, load_watchlist, parse_period, post_webhook
    from whimbrel.monitor import watch as watch_findings
    from whimbrel.store import open_store

    lists = [load_watchlist(p) for p in watchlists]
    undelivered = 0
    with open_store(db or settings().db, read_only=True) as store, _output(out or "-") as sink:
        last = _parse_day(until, "--until") or latest_day(store)
        first = parse_period(since, last) if since and last else None
        for wl in lists:
            for finding in watch_findings(store, wl, since=first, until=last):
                if sink is not None:
                    sink.write(json.dumps(finding, ensure_ascii=False, default=str) + "\n")
                hook = webhook or wl.webhook
                if hook:
                    try:
                        post_webhook(hook, finding)
                    except WebhookError as exc:
                        undelivered += 1
                        err.print(f"[red]error:[/red] {escape(str(exc))}")
    if undelivered:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command("watch-feeds")
@_fatal_guard
def watch_feeds(
    feeds: Annotated[Path, typer.Argument(help="Feeds YAML file (urls and polling intervals).")],
    db: DbOpt = None,
    cycles: Annotated[int | None, typer.Option(min=1, help="Stop after this many rounds (default: run until stopped).")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every due feed once and stop (same as --cycles 1).")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Poll RSS/Atom feeds on their schedule and process new entries into the store (Ctrl-C stops)."""
    from whimbrel.ingest.live import load_feeds, state_path
    from whimbrel.ingest.live import watch_feeds as run_watch

    specs = load_feeds(feeds)
    store = db or settings().db

    def log(line: str) -> None:
        if not quiet:
            err.print(line, soft_wrap=True, highlight=False)

    if not quiet:
        err.print(f"watching {len(specs)} feed(s); state in {state_path(store)}")
    try:
        for _ in run_watch(specs, db=store, cycles=1 if once else cycles, log=log):
            pass
    except KeyboardInterrupt:
        err.print("stopped; the state is saved, a restart goes on where this left off")


@app.command()
@_fatal_guard
def summary(db: DbOpt = None, limit: Annotated[int, typer.Option(help="Events to list.")] = 15) -> None:
    """A rich overview of what the store holds: counts, top event types, places, speakers, recent events."""
    from whimbrel.store import EventFilter, event_summary, find_events, open_store

    console = Console()
    with open_store(db or settings().db, read_only=True) as store:
        info = event_summary(store)
        recent = find_events(store, EventFilter(limit=limit, min_confidence=0.6))
        quotes = store.query("SELECT coalesce(speaker_name, speaker_text) AS speaker, kind, text FROM quotes "
                             "WHERE kind = 'direct' ORDER BY article_id, seq LIMIT 8")
    c = info["counts"]
    distinct = f" ({c['event_groups']} distinct)" if "event_groups" in c else ""
    console.print(f"[bold]{store.path}[/bold]: {c['articles']} articles ({c.get('duplicates', 0)} near-duplicates), "
                  f"{c['events']} events{distinct}, {c['quotes']} quotes, {c['places']} places, "
                  f"{c['errors']} failed inputs")
    types = Table(title="events by type")
    types.add_column("type")
    types.add_column("n", justify="right")
    types.add_column("distinct", justify="right")  # reports of one event in many articles count once
    for row in info["by_type"]:
        types.add_row(row["type"], str(row["n"]), str(row.get("distinct", "")))
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
@_fatal_guard
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind; the default answers this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the REST API (/api, OpenAPI at /openapi.json) and the dashboard (/) over the store."""
    from whimbrel.api import serve as run_server
    from whimbrel.store.factory import is_postgres_url

    if is_postgres_url(db or settings().db):  # the server answers from an in-memory copy of a DuckDB file
        raise _fail("serve reads a DuckDB store file; it cannot serve a PostgreSQL store yet", EXIT_USAGE)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can read the store "
                  "(writing still needs WHIMBREL_API_TOKEN)")
    store = db or settings().db
    run_server(str(store), host=host, port=port,
               announce=lambda url: err.print(f"serving {store} on {url} (Ctrl-C to stop)"))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


# Set by a command whose work is all written and closed when it returns (``process`` on this machine's
# processes, ``classify``): the ``whimbrel`` script may then end without tearing down the interpreter.
_DONE_AND_CLOSED = False


def _finished() -> None:
    global _DONE_AND_CLOSED
    _DONE_AND_CLOSED = True


def _exit_without_teardown(code: int) -> None:
    """End the process at once, once its output is flushed and the exit handlers have run.

    Freeing the loaded models, knowledge base and gazetteer object by object at interpreter exit takes
    about 0.3 s, a wait for nothing at the end of every ``process`` run. Only after a command that has
    closed everything it opened, with no other thread of ours still running; ``atexit`` handlers still
    run (Ray's, the pool's), only the freeing is skipped."""
    import atexit
    import threading

    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None  # let the normal exit report a closed pipe as it always does
    atexit._run_exitfuncs()
    os._exit(code)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
    try:
        app()
    except SystemExit as exc:
        if _DONE_AND_CLOSED and isinstance(exc.code, int):
            _exit_without_teardown(exc.code)
        raise


if __name__ == "__main__":  # python -m whimbrel.cli …
    main()
