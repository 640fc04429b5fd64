"""whimbrel.runner: the forked workers' settings, and the writes at the end of the input."""

import gc

from whimbrel import runner
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
