"""whimbrel.runner: the forked workers' settings, the writes at the end of the input, and what the workers
prepare for the first process (whimbrel/prepared.py)."""

import gc
import json

from whimbrel import runner
from whimbrel.dedup import article_signature
from whimbrel.prepared import dumps, prepare
from whimbrel.records import Article, Record
from whimbrel.store import duckdb_store

from .conftest import SAMPLES


def test_forked_workers_run_with_the_worker_collector_threshold():
    with runner.local_workers(1) as pool:
        assert pool.submit(gc.get_threshold).result() == runner._WORKER_GC_THRESHOLD
    assert gc.get_threshold() != runner._WORKER_GC_THRESHOLD  # the first process keeps its own


def test_once_the_input_is_all_sent_each_returning_batch_is_written_at_once(tmp_path, monkeypatch):
    # Small batches, and transactions that would otherwise hold the whole run (one write, after the last
    # result): the results before the end of the input are one write, then each later batch one more.
    monkeypatch.setenv("WHIMBREL_BATCH_SIZE", "8")
    monkeypatch.setenv("WHIMBREL_WRITE_BATCH", "1000")
    writes: list[int] = []
    real_write = duckdb_store.Store.write

    def counting_write(self, records, failures=(), signatures=()):  # type: ignore[no-untyped-def]
        if records or failures:
            writes.append(len(records) + len(failures))
        return real_write(self, records, failures, signatures)

    monkeypatch.setattr(duckdb_store.Store, "write", counting_write)
    inputs = [str(p) for p in sorted((SAMPLES / "pages").iterdir())] * 6  # 24 articles, batches of 4 or more
    report = runner.process(inputs, db=tmp_path / "w.duckdb", overlap=True, dedup=False)
    assert report.articles == 24 and sum(writes) == 24
    assert len(writes) >= 2 and writes[-1] < 24 // 2, writes


_STORY = ("Police in the northern district said on Tuesday that a crowd of about two hundred people blocked the "
          "highway near the grain market for six hours after a truck struck a motorcycle and killed its rider, a "
          "local teacher. Officers used batons to disperse the protesters, who demanded compensation for the "
          "family and a speed breaker at the crossing. The district magistrate promised an inquiry and said the "
          "truck driver had been arrested. Traffic resumed in the evening, the police said.")
_OTHER = ("Farmers in three villages of the southern block began a sit-in outside the tehsil office on Monday, "
          "demanding that the state pay the dues for sugarcane delivered to the cooperative mill last season. "
          "Their union said the mill owed them more than four crore rupees and that talks with officials had "
          "failed twice. The sub-divisional officer said the payments would be released within a fortnight.")


def test_workers_prepare_each_record_s_json_and_signature_and_the_store_keeps_the_out_line(tmp_path):
    # The second article is a reflowed copy of the first: the first process marks it a near-duplicate after
    # its worker has made its line, which must then not be used as it stands.
    copy = _STORY.replace(". ", ".\n\n")
    lines = [json.dumps({"id": i, "text": t}) for i, t in (("story", _STORY), ("copy", copy), ("other", _OTHER))]
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "p.duckdb"
    records: list[Record] = []
    runner.process([str(inp)], fmt="jsonl", db=db, workers=2,
                   on_result=lambda r: records.append(r) if isinstance(r, Record) else None)
    assert [r.id for r in records] == ["story", "copy", "other"]
    assert [r.article.duplicate_of for r in records] == [None, "story", None]
    for r in records:
        assert r.json_line() == dumps(r.to_json())  # the copy's too, though its worker's line said null
        assert r.event_lines() == [dumps(e.to_json()) for e in r.events]
    # signed by the workers; the copy's JSON made again here, once it was marked
    signatures = [r.prepared.signature if r.prepared else None for r in records]
    assert signatures[0] == article_signature(_STORY).astype("<u4").tobytes()
    assert signatures[2] == article_signature(_OTHER).astype("<u4").tobytes()
    assert signatures[1] is None and records[1].current_prepared() is records[1].prepared
    with duckdb_store.Store(db, read_only=True) as store:
        stored = dict(store.con.execute("SELECT id, record FROM articles").fetchall())
    assert stored == {r.id: r.json_line() for r in records}  # exactly as `process --out` writes it


def test_a_prepared_line_is_not_used_once_the_duplicate_mark_changes():
    record = Record(article=Article(id="a", text="Two people were hurt in a blast in Kabul, police said."))
    record.prepared = prepare(record, sign=False)
    assert record.json_line() is record.prepared.line
    record.article.duplicate_of = "b"
    assert json.loads(record.json_line())["article"]["duplicate_of"] == "b"


def test_a_lone_forked_worker_leaves_the_json_and_signatures_to_the_first_process(tmp_path):
    # With one worker the first process has a core of its own for them (the CLI's --workers 1): it signs
    # the text itself and makes the JSON once, for the store and on_result.
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "other", "text": _OTHER}) + "\n", encoding="utf-8")
    records: list[Record] = []
    runner.process([str(inp)], fmt="jsonl", db=tmp_path / "o.duckdb", overlap=True,
                   on_result=lambda r: records.append(r) if isinstance(r, Record) else None)
    assert [r.id for r in records] == ["other"]
    assert records[0].prepared is not None and records[0].prepared.signature is None
