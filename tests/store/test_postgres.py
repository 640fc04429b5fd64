"""What is particular to the PostgreSQL store: its schema is schema.sql's, its SQL is the DuckDB store's SQL
translated, many writers at once end where one writer would, and the CLI gives the same answers on both
stores. (The store's behaviour itself is tested on both stores by the other tests in this folder.)"""

from __future__ import annotations

import json
import os
import random
import subprocess
import threading

import pytest

import whimbrel
from whimbrel.errors import ConfigError, StoreError
from whimbrel.store import open_store
from whimbrel.store.dialect import postgres_schema, to_postgres, translate_schema
from whimbrel.store.factory import is_postgres_url, store_name

from ..conftest import SAMPLES, WHIMBREL
from .test_event_groups import (
    ARIHA,
    HAMA,
    KHARTOUM,
    RUSSIAN_JETS,
    actor,
    event,
    partition,
    record,
    strike_reports,
)


# -- the dialect seam ------------------------------------------------------------------------------------
def test_placeholders_become_psycopgs_outside_literals_names_and_comments():
    sql = ("SELECT COALESCE(s.country, '?') AS \"who?\", '100%' FROM t -- why? 5%\n"
           "WHERE a = ? AND b LIKE ? AND c IN (SELECT unnest(?::VARCHAR[])) ORDER BY processed_at, rowid")
    assert to_postgres(sql) == (
        "SELECT COALESCE(s.country, '?') AS \"who?\", '100%%' FROM t -- why? 5%%\n"
        "WHERE a = %s AND b LIKE %s AND c IN (SELECT unnest(%s::VARCHAR[])) ORDER BY processed_at, ctid")
    # Without parameters psycopg sends the text as it is: nothing to escape, only DuckDB's names change.
    assert to_postgres("SELECT '5%' AS p, a.rowid FROM articles a", params=False) == \
        "SELECT '5%' AS p, a.ctid FROM articles a"
    assert to_postgres("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def test_the_postgres_schema_is_schema_sql_with_two_type_names():
    ddl = "-- DOUBLE and BLOB in a comment\nCREATE TABLE t (x DOUBLE, y DOUBLE PRECISION, z BLOB, w VARCHAR DEFAULT 'BLOB');"
    assert translate_schema(ddl) == ("-- DOUBLE and BLOB in a comment\nCREATE TABLE t (x DOUBLE PRECISION, "
                                     "y DOUBLE PRECISION, z BYTEA, w VARCHAR DEFAULT 'BLOB');")
    assert "BLOB" not in postgres_schema().split("--")[0] and "CREATE TABLE IF NOT EXISTS articles" in postgres_schema()


def test_urls_name_postgres_and_messages_hide_the_password():
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("postgres://u@h/db")
    assert not is_postgres_url("whimbrel.duckdb") and not is_postgres_url("postgresql.duckdb")
    assert store_name("postgresql://ann:s3cret@db.example:5432/w?sslmode=require") == \
        "postgresql://ann:***@db.example:5432/w?sslmode=require"
    assert store_name("postgresql:///w?user=ann&password=s3cret") == "postgresql:///w?user=ann&password=***"


# Column types as each engine's catalogue names them, for the same schema.sql type.
_SAME_TYPE = {"VARCHAR": "character varying", "VARCHAR[]": "ARRAY", "INTEGER": "integer", "BIGINT": "bigint",
              "DOUBLE": "double precision", "DATE": "date", "TIMESTAMP": "timestamp without time zone",
              "BOOLEAN": "boolean", "JSON": "json", "BLOB": "bytea"}


def test_both_stores_have_the_same_tables_columns_and_types(tmp_path, postgres_server):
    """schema.sql is the one definition of table shapes: the PostgreSQL store's tables must not drift from it."""
    def columns(db) -> dict[str, list[tuple[str, str, str]]]:
        with open_store(db) as store:
            rows = store.query("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                               "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position")
        out: dict[str, list[tuple[str, str, str]]] = {}
        for r in rows:
            out.setdefault(r["table_name"], []).append((r["column_name"], r["data_type"], r["is_nullable"]))
        return out

    duck, pg = columns(tmp_path / "s.duckdb"), columns(postgres_server.create_database("schema"))
    assert sorted(duck) == sorted(pg) and "event_groups" in pg
    for table, cols in duck.items():
        assert [c[0] for c in cols] == [c[0] for c in pg[table]], table
        assert [(c[0], _SAME_TYPE[c[1]], c[2]) for c in cols] == pg[table], table


# -- many writers ----------------------------------------------------------------------------------------
def _reports() -> list:
    """The three-outlet strike, a far report of the same day, a bridge, and unrelated news."""
    return [*strike_reports(),
            record("far", event("ev-far", source=(RUSSIAN_JETS,), place=HAMA, dead=12)),
            record("ariha", event("ev-ariha", day="2019-07-23", source=(actor("army helicopters", "SYR", "MIL"),),
                                  place=ARIHA, dead=4)),
            record("khartoum", event("ev-khartoum", "COERCE", day="2019-01-17",
                                     source=(actor("police", "SDN", "POL"),), place=KHARTOUM, acled="Arrests"),
                   published="2019-01-17T12:00:00+00:00")]


def _state(store) -> tuple:
    groups = {r["event_id"]: r["group_id"] for r in store.query("SELECT event_id, group_id FROM event_group_members")}
    days = store.query("SELECT day, kind, unit, type, events, violent, fatalities FROM daily_counts "
                       "ORDER BY day, kind, unit, type")
    sources = sorted(r["n"] for r in store.query("SELECT independent_sources AS n FROM event_groups"))
    return store.counts(), partition(groups), [tuple(d.values()) for d in days], sources


def test_many_writers_at_once_end_where_one_writer_ends(tmp_path, postgres_server):
    """Four processes' worth of writers (each its own connection) write overlapping batches of the same
    articles at the same time; the store ends as one writer writing them in order leaves it."""
    with open_store(tmp_path / "one.duckdb") as store:
        store.write(_reports())
        expected = _state(store)
    url = postgres_server.create_database("many")
    open_store(url).close()  # the schema, made once before the race (creating it concurrently is tested below)
    start, failures = threading.Barrier(4), []

    def writer(k: int) -> None:
        try:
            reports = _reports()
            random.Random(k).shuffle(reports)
            with open_store(url) as store:
                start.wait()
                for _ in range(3):
                    for i in range(0, len(reports), 2):
                        store.write(reports[i:i + 2])
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures
    with open_store(url, read_only=True) as store:
        assert _state(store) == expected
        assert store.counts()["articles"] == len(_reports())


def test_first_writers_racing_to_create_the_schema_all_succeed(postgres_server):
    url = postgres_server.create_database("race")
    start, failures = threading.Barrier(3), []

    def first_run() -> None:
        try:
            start.wait()
            with open_store(url) as store:
                store.write(strike_reports()[:1])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=first_run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures, failures
    with open_store(url, read_only=True) as store:
        assert store.counts()["articles"] == 1


def test_unreachable_or_empty_databases_are_clear_errors(postgres_server):
    missing = postgres_server.url("no_such_database").replace("whimbrel@", "whimbrel:s3cret@")
    with pytest.raises(StoreError, match="cannot connect to the store") as info:
        open_store(missing)
    assert "s3cret" not in str(info.value) and "no_such_database" in str(info.value)
    empty = postgres_server.create_database("empty")
    with pytest.raises(StoreError, match="no store in"):
        open_store(empty, read_only=True)
    open_store(empty).close()
    with open_store(empty, read_only=True) as store:  # a reader cannot write, even by mistake
        assert store.counts()["articles"] == 0
        with pytest.raises(StoreError, match="read-only"):
            store.write(strike_reports())


# -- the CLI, end to end ---------------------------------------------------------------------------------
def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WHIMBREL, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "160", **env})


@pytest.mark.slow
def test_the_cli_gives_the_same_answers_on_both_stores(tmp_path, postgres_server):
    duck, pg = str(tmp_path / "samples.duckdb"), postgres_server.create_database("samples")
    answers = []
    for db in (duck, pg):
        run = _cli("process", str(SAMPLES), "--db", db, "--quiet")
        assert run.returncode == 0, run.stderr
        events = _cli("events", "--db", db, "--limit", "0", "--output", "json")
        grouped = _cli("events", "--db", db, "--limit", "0", "--output", "json", "--grouped")
        quotes = _cli("quotes", "--db", db, "--limit", "0", "--output", "json")
        summary = _cli("summary", "--db", db)
        for done in (events, grouped, quotes, summary):
            assert done.returncode == 0, done.stderr
        answers.append(([json.loads(line) for line in events.stdout.splitlines()],
                        [json.loads(line) for line in grouped.stdout.splitlines()],
                        quotes.stdout.splitlines(), summary.stdout.split(db, 1)[1].split()))  # wrapped at other places
    (duck_events, duck_groups, duck_quotes, duck_summary), (pg_events, pg_groups, pg_quotes, pg_summary) = answers
    assert len(duck_events) > 100 and len(duck_quotes) > 10
    assert pg_events == duck_events
    assert pg_groups == duck_groups
    assert pg_quotes == duck_quotes
    assert pg_summary == duck_summary
    with open_store(duck, read_only=True) as a, open_store(pg, read_only=True) as b:
        assert a.counts() == b.counts()
        for table in ("daily_counts", "daily_articles", "article_signatures", "event_groups"):
            sql = f"SELECT * FROM {table} ORDER BY " + ", ".join(
                str(k + 1) for k in range(len(a.query(f"SELECT * FROM {table} LIMIT 1")[0])))
            assert a.query(sql) == b.query(sql), table


def test_whimbrel_db_may_be_a_url_and_what_reads_only_duckdb_says_so(postgres_server):
    url = postgres_server.create_database("env")
    with open_store(url) as store:
        store.write(strike_reports())
    run = _cli("summary", WHIMBREL_DB=url)
    assert run.returncode == 0 and "3 events (1 distinct)" in run.stdout, run.stderr
    for args in (("serve",), ("serve", "--db", url)):
        run = _cli(*args, WHIMBREL_DB=url)
        assert run.returncode == 2 and "DuckDB" in run.stderr, run.stderr
    with pytest.raises(ConfigError, match="DuckDB"):
        whimbrel.open(url)
