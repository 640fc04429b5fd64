"""Quarantine: every failed input is recorded in the store with where it was, the stage, the error class and
message; `whimbrel errors` lists them; `process --retry-failed` reads only those again, and a success clears
them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from whimbrel.pipeline import Failure, Pipeline, Stage
from whimbrel.quarantine import RetryPlan, keep_failed, list_errors, retry_plan
from whimbrel.records import Article, Record
from whimbrel.store import Store

from .conftest import WHIMBREL
from .crash_corpus import STORIES


def run(*args, cwd):
    return subprocess.run([WHIMBREL, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


def _line(n: int, text: str | None = None) -> str:
    return json.dumps({"id": f"q{n}", "text": text or STORIES[n][2], "published": f"{STORIES[n][0]}T08:00:00Z"})


class _Explode(Stage):
    name = "events"
    requires = ("article.raw",)

    def process_one(self, record: Record) -> None:
        if "explode" in str(record.article.raw):
            raise KeyError("lexicon entry missing")


def test_a_failure_in_any_stage_is_stored_with_its_position_and_cleared_by_a_success(tmp_path):
    failed = Pipeline([_Explode()]).run_batch([Article(id="x", raw="explode", path="feed.jsonl", position=7)])
    [failure] = failed
    assert isinstance(failure, Failure)
    with Store(tmp_path / "s.duckdb") as store:
        store.write([], [failure, Failure(where="dump.txt", stage="ingest", error="EmptyInputError",
                                          message="empty input", path="dump.txt")])
        rows = list_errors(store)
        assert [(r["input"], r["stage"], r["error"], r["path"], r["position"], r["article_id"]) for r in rows] == [
            ("dump.txt", "ingest", "EmptyInputError", "dump.txt", None, None),
            ("feed.jsonl:7", "events", "KeyError", "feed.jsonl", 7, "x")]
        assert "lexicon entry missing" in rows[1]["message"]
        assert [r["input"] for r in list_errors(store, stage="events")] == ["feed.jsonl:7"]
        # the same failure again: still one row; then a success of that line removes it
        store.write([], [failure])
        assert len(list_errors(store)) == 2
        store.write([Record(article=Article(id="x", text="fixed", path="feed.jsonl", position=7))])
        assert [r["input"] for r in list_errors(store)] == ["dump.txt"]
        # an article from a file that failed as a whole clears that file's row (it was read this time)
        store.write([Record(article=Article(id="d", text="now readable", path="dump.txt"))])
        assert list_errors(store) == []


def test_retry_plan_and_filter(tmp_path):
    (tmp_path / "old.jsonl").write_text("{}\n")
    with Store(tmp_path / "s.duckdb") as store:
        store.write([], [
            Failure(where="a.jsonl:3", stage="ingest", error="E", message="m", path="a.jsonl", position=3),
            Failure(where="a.jsonl:5", stage="nlp", error="E", message="m", path="a.jsonl", position=5),
            Failure(where="<stdin>:2", stage="ingest", error="E", message="m", position=2),
            Failure(where="dir/page.txt", stage="extract", error="E", message="m", path="dir/page.txt")])
        # a row written before path and position were recorded: read back from the input column
        store.con.execute("INSERT INTO errors (input, stage) VALUES (?, 'ingest')", [f"{tmp_path}/old.jsonl:4"])
        plan = retry_plan(store)
        assert plan.targets == {"a.jsonl": {3, 5}, "dir/page.txt": None, f"{tmp_path}/old.jsonl": {4}}
        assert plan.unreachable == ["<stdin>:2"]
        assert retry_plan(store, ["dir"]).targets == {"dir/page.txt": None}
    items = [Article(id=str(n), path="a.jsonl", position=n) for n in range(1, 7)]
    items.append(Failure(where="a.jsonl", stage="ingest", error="FileNotFoundError", message="gone", path="a.jsonl"))
    kept = list(keep_failed(items, plan))
    assert [i.position for i in kept] == [3, 5, None]  # the failed lines, and news about the whole file
    whole = RetryPlan()
    whole.add("b.txt", 2)
    whole.add("b.txt", None)
    whole.add("b.txt", 4)
    assert whole.targets == {"b.txt": None}  # once the whole input is wanted, positions do not narrow it


@pytest.mark.slow
def test_errors_command_and_retry_failed_only_reads_what_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.jsonl").write_text("\n".join([_line(0), '{"id": "q1", "text": "Troops', _line(2)]) + "\n")
    (folder / "empty.txt").write_text("")
    (folder / "chrome.txt").write_text("Menu\n\nShare this\nSubscribe\n\nAdvertisement\n")
    first = run("process", "in", "--db", "w.duckdb", cwd=tmp_path)
    assert first.returncode == 1
    listed = [json.loads(x) for x in run("errors", "--db", "w.duckdb", "--output", "json", cwd=tmp_path).stdout.splitlines()]
    assert {(e["input"], e["stage"], e["error"], e["position"]) for e in listed} == {
        ("in/wire.jsonl:2", "ingest", "InvalidRecordError", 2), ("in/empty.txt", "ingest", "EmptyInputError", None),
        ("in/chrome.txt", "extract", "NoArticleTextError", None)}
    assert all(e["message"] and e["failed_at"] for e in listed)
    table = run("errors", "--db", "w.duckdb", "--stage", "extract", cwd=tmp_path)
    assert table.returncode == 0 and "chrome.txt" in table.stdout and "wire.jsonl" not in table.stdout

    # Fix two of the three; change a line that did not fail, to see that it is not read again.
    (folder / "wire.jsonl").write_text("\n".join([_line(0, "Changed text."), _line(1), _line(2)]) + "\n")
    (folder / "chrome.txt").write_text("Title\n\n" + STORIES[3][2] + "\n")
    retry = run("process", "--retry-failed", "--db", "w.duckdb", "--out", "-", cwd=tmp_path)
    assert retry.returncode == 1, retry.stderr  # empty.txt still fails
    assert sorted(json.loads(x)["article"]["path"] + ":" + json.loads(x)["id"] for x in retry.stdout.splitlines()) \
        == ["in/chrome.txt:" + _page_id(tmp_path), "in/wire.jsonl:q1"]
    assert "in/empty.txt" in retry.stderr
    left = [json.loads(x)["input"] for x in run("errors", "--db", "w.duckdb", "--output", "json",
                                                 cwd=tmp_path).stdout.splitlines()]
    assert left == ["in/empty.txt"]
    with Store(tmp_path / "w.duckdb", read_only=True) as store:
        [(text,)] = store.con.execute("SELECT text FROM articles WHERE id = 'q0'").fetchall()
        assert text == STORIES[0][2]  # line 1 had not failed: not read again
    # narrowed to inputs holding no failure: nothing to do
    nothing = run("process", "--retry-failed", "in/wire.jsonl", "--db", "w.duckdb", cwd=tmp_path)
    assert nothing.returncode == 0 and "nothing to retry" in nothing.stderr
    assert run("process", "--db", "w.duckdb", cwd=tmp_path).returncode == 2  # no input, no --retry-failed


def _page_id(tmp_path: Path) -> str:
    from whimbrel.ingest import derived_id

    return derived_id(path="in/chrome.txt", content=(tmp_path / "in" / "chrome.txt").read_bytes())
