"""Near-duplicate articles: signatures, the first copy seen, the store across runs, counts, the real CLI."""

import json
import subprocess
import sys

import duckdb
import pytest

from whimbrel.dedup import PARAMS, THRESHOLD, Deduplicator, shingles, signature, similarity
from whimbrel.eval.duplicates import CHROME, perturb, perturbation_set, score_duplicates, score_groups
from whimbrel.store import SCHEMA_VERSION, EventFilter, Store, event_summary, find_events

from .conftest import SAMPLES, WHIMBREL, needs_data


def feed() -> list[dict]:
    return [json.loads(line) for line in (SAMPLES / "feed.jsonl").read_text(encoding="utf-8").splitlines()]


def own_texts() -> list[tuple[str, str]]:
    """Our own articles: the feed and the written pages (raw files: headers and chrome are text too)."""
    docs = [(d["id"], d["text"]) for d in feed()]
    docs += [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((SAMPLES / "pages").glob("*.txt"))]
    return docs


def test_normalisation_ignores_case_whitespace_punctuation_and_mojibake():
    text = "Police said, \u201cthe curfew stays\u201d in Ahmedabad on Tuesday night; the army patrolled."
    assert shingles(text) == shingles(text.upper().replace(" ", "\n  ").replace(",", " -"))
    assert shingles(text) == shingles(text.replace("\u201c", "\u00e2\u20ac\u0153").replace("\u201d", "\u00e2\u20ac\u009d"))
    assert shingles("Two words") == {b"two words"} and shingles("  ") == set()
    assert similarity(signature(text), signature(text.lower())) == 1.0


def test_every_kind_of_copy_of_our_own_articles_is_found_and_nothing_else():
    """The CI form of the scorer: the perturbation set built from samples/, through the real dedup."""
    items, truth = perturbation_set(own_texts(), seed=7)
    assert len(items) >= 10 * 6
    precision, recall, n_gold, n_pred = score_groups(Deduplicator().observe_all(items), truth)
    assert (precision, recall) == (1.0, 1.0) and n_gold > 50


def test_different_articles_in_the_same_site_chrome_are_not_copies():
    a, b = (d["text"] for d in feed()[:2])
    site = CHROME[0]
    wrapped = [(x, f"{site[0]}\n\n{t}\n\n{site[1]}") for x, t in (("a", a), ("b", b))]
    assert Deduplicator().observe_all(wrapped) == {"a": None, "b": None}
    assert similarity(signature(wrapped[0][1]), signature(wrapped[1][1])) < THRESHOLD - 0.1


def test_duplicate_of_points_at_the_first_copy_seen_and_never_at_a_copy():
    import random

    text = feed()[0]["text"]
    rng = random.Random(1)
    d = Deduplicator()
    assert d.observe("orig", text).duplicate_of is None
    assert d.observe("copy1", perturb(text, "trimmed", rng, CHROME[1])).duplicate_of == "orig"
    assert d.observe("copy2", perturb(text, "combined", rng, CHROME[2])).duplicate_of == "orig"
    # Re-processing the original (same id) keeps its place: it is not a copy of its own later copies.
    assert d.observe("orig", text).duplicate_of is None
    assert d.observe("copy1", text).duplicate_of == "orig"
    assert d.observe("other", feed()[1]["text"]).duplicate_of is None


def _records(run_text, docs):
    return [run_text(text, id=doc_id) for doc_id, text in docs]


def _stored_run(db, records):
    """What runner.process does per batch: observe in order, then one write with the signatures."""
    with Store(db) as store:
        dedup = Deduplicator.from_store(store)
        sigs = []
        for r in records:
            sig = dedup.observe(r.id, r.article.text)
            r.article.duplicate_of = sig.duplicate_of
            sigs.append(sig.row())
        store.write(records, [], sigs)
    return {r.id: r.article.duplicate_of for r in records}


def test_a_later_run_finds_copies_stored_by_an_earlier_one_and_counts_once(tmp_path, run_text):
    [first, second] = feed()[:2]
    db = tmp_path / "d.duckdb"
    originals = _records(run_text, [(first["id"], first["text"]), (second["id"], second["text"])])
    assert _stored_run(db, originals) == {first["id"]: None, second["id"]: None}
    copy_text = "Niger: the deadline\n\n" + first["text"].replace("\n\n", "\n")
    [copy] = _records(run_text, [("copy", copy_text)])
    assert _stored_run(db, [copy]) == {"copy": first["id"]}
    with Store(db) as store:
        n_orig = sum(len(r.events) for r in originals)
        counts = store.counts()
        assert counts["articles"] == 3 and counts["duplicates"] == 1 and counts["events"] == n_orig
        assert len(find_events(store, EventFilter(limit=0))) == n_orig
        assert len(find_events(store, EventFilter(limit=0, include_duplicates=True))) == n_orig + len(copy.events)
        assert len(find_events(store, EventFilter(article="copy", limit=0))) == len(copy.events) > 0
        assert sum(r["n"] for r in event_summary(store)["by_type"]) == n_orig
        [row] = store.query("SELECT duplicate_of, record FROM articles WHERE id = 'copy'")
        assert row["duplicate_of"] == first["id"]
        assert json.loads(row["record"])["article"]["duplicate_of"] == first["id"]  # the contract record


def test_a_store_without_signatures_is_signed_from_its_texts(tmp_path, run_text):
    """A store written before dedup (schema 1: no signature table) keeps working and is back-filled once."""
    first = feed()[0]
    db = tmp_path / "old.duckdb"
    originals = _records(run_text, [(first["id"], first["text"])])
    with Store(db) as store:
        store.write(originals)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE article_signatures")
    con.execute("DELETE FROM meta WHERE key = 'minhash'")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with Store(db, read_only=True) as store:  # readers of an old store do not need the new table
        assert store.counts()["duplicates"] == 0 and find_events(store, EventFilter(limit=0))
    [copy] = _records(run_text, [("copy", first["text"][: int(len(first["text"]) * 0.85)])])
    assert _stored_run(db, [copy]) == {"copy": first["id"]}
    with Store(db) as store:
        assert store.minhash_params() == PARAMS
        assert [r[0] for r in store.signatures()] == [first["id"], "copy"]
        assert store.query("SELECT value FROM meta WHERE key = 'schema_version'") == [{"value": SCHEMA_VERSION}]


def _cli(*args, stdin=None):
    return subprocess.run([WHIMBREL, *map(str, args)], input=stdin, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_cli_marks_copies_in_order_whatever_the_workers(tmp_path):
    docs = feed()
    copy = dict(docs[2], id="copy-of-3", text="HOME | WORLD\n\n" + docs[2]["text"] + "\n\nShare this story")
    late = dict(docs[0], id="late-copy-of-1", text=docs[0]["text"][: int(len(docs[0]["text"]) * 0.85)])
    stdin = "".join(json.dumps(d) + "\n" for d in [*docs[:3], copy, *docs[3:], late])
    outs = []
    for workers in (1, 2):
        proc = _cli("process", "-", "--format", "jsonl", "--out", "-", "--db", tmp_path / f"w{workers}.duckdb",
                    "--workers", workers, stdin=stdin)
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    marks = {r["id"]: r["article"]["duplicate_of"] for r in map(json.loads, outs[0].splitlines())}
    assert marks == {**{d["id"]: None for d in docs}, "copy-of-3": docs[2]["id"], "late-copy-of-1": docs[0]["id"]}
    # A later run into the same store: an earlier run's article is the first copy.
    again = dict(docs[4], id="next-day-copy-of-5", text="Kenya floods\n" + docs[4]["text"])
    proc = _cli("process", "-", "--format", "jsonl", "--out", "-", "--db", tmp_path / "w1.duckdb",
                stdin=json.dumps(again) + "\n")
    assert json.loads(proc.stdout)["article"]["duplicate_of"] == docs[4]["id"]
    every = _cli("events", "--db", tmp_path / "w1.duckdb", "--output", "json", "--limit", "0").stdout.splitlines()
    assert every and {json.loads(e)["article_id"] for e in every} <= {d["id"] for d in docs}


@needs_data("news", "indiapoliceevents-docs.jsonl")
def test_perturbation_scorer_on_real_articles():
    from .conftest import shared_data

    figures = {f.metric: f for f in score_duplicates(shared_data() / "news" / "indiapoliceevents-docs.jsonl")}
    for metric in ("near-duplicate pair precision", "near-duplicate pair recall"):
        assert figures[metric].value >= 0.95 and figures[metric].n > 5000, figures[metric]


def test_pinned_lsh_bands_are_datasketchs_optimum_and_spare_scipy():
    from datasketch import MinHashLSH

    from whimbrel.dedup import BANDS, NUM_PERM, THRESHOLD

    optimum = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    assert (optimum.b, optimum.r) == BANDS
    code = ("import sys\nfrom whimbrel.dedup import Deduplicator\nd = Deduplicator()\n"
            "d.observe('a', 'one two three four five six seven eight')\nprint('scipy.integrate' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
