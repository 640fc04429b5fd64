"""The real command line, in subprocesses, as users and score.py drive it."""

import json
import subprocess

import pytest

from .conftest import SAMPLES, SEED, WHIMBREL


def run(*args, stdin=None, cwd=None):
    return subprocess.run([WHIMBREL, *map(str, args)], input=stdin, capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "w.duckdb"
    proc = run("process", SAMPLES, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "19 articles processed, 0 failed" in proc.stderr.replace("\n", " ")  # 13 + 3 RSS entries + 3 WARC pages
    return db


def test_process_seed_to_stdout_follows_the_contract(tmp_path):
    proc = run("process", SEED, "--out", "-", "--db", tmp_path / "x.duckdb")
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    rec = json.loads(line)
    assert rec["id"] == "231374" and rec["article"]["path"] == str(SEED)
    assert rec["article"]["published"] == "2018-09-14T03:33:00+00:00"
    assert rec["events"] and rec["quotes"] and rec["places"]
    assert "\x1b[" not in proc.stdout  # no progress bar or colour in piped output


def test_jsonl_from_stdin_keeps_offsets(tmp_path):
    text = "Police arrested 62 protesters in Khartoum on Thursday."
    proc = run("process", "-", "--format", "jsonl", "--out", "-", "--no-store",
               stdin=json.dumps({"id": "k1", "text": text, "published": "2019-01-18"}) + "\n")
    rec = json.loads(proc.stdout)
    assert rec["article"]["text"] == text and rec["article"]["path"] is None
    ev = next(e for e in rec["events"] if e["type"] == "COERCE")
    assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]


def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "chrome.txt").write_text("Title\n\nShare this\nSubscribe\n")
    (tmp_path / "mixed.jsonl").write_text('{"id": "ok", "text": "Rebels attacked a convoy."}\n{bad json\n')
    (tmp_path / "latin.txt").write_bytes("Titre\n\nLe caf\u00e9 est ferm\u00e9.".encode("latin-1"))
    db = tmp_path / "w.duckdb"
    proc = run("process", tmp_path, "--db", db)
    assert proc.returncode == 1
    for where in ("empty.txt", "bin.txt", "chrome.txt", "mixed.jsonl:2", "latin.txt"):
        assert where in proc.stderr, where
    check = run("events", "--db", db, "--output", "json")
    assert json.loads(check.stdout.splitlines()[0])["article_id"] == "ok"


def test_usage_errors_exit_2(tmp_path):
    assert run("process", SEED, "--format", "docx", "--no-store").returncode == 2
    assert run("classify", SEED, "--scheme", "cameo").returncode == 2
    assert run("events", "--db", tmp_path / "none.duckdb").returncode == 3


def test_classify_both_schemes():
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in [
        ("a", "Police arrested 62 protesters in Khartoum on Thursday."),
        ("b", "The weather was mild and sunny all week."),
        ("c", "Floods killed 45 people near Mai Mahiu, officials said."),
    ])
    plover = [json.loads(x) for x in run("classify", "-", "--scheme", "plover", stdin=lines).stdout.splitlines()]
    assert [p["label"] for p in plover][:2] == ["COERCE", "NONE"]
    assert set(plover[0]) == {"id", "label", "score"}
    acled = [json.loads(x) for x in run("classify", "-", "--scheme", "acled", stdin=lines).stdout.splitlines()]
    assert [p["label"] for p in acled] == ["Arrests", "NONE", "Natural disaster"]


def test_extract_html():
    page = next((SAMPLES / "html").glob("*.html"))
    text = run("extract", page)
    assert text.returncode == 0 and len(text.stdout) > 500
    meta = json.loads(run("extract", page, "--json").stdout)
    assert meta["title"] and meta["published"] and meta["text"].strip() == text.stdout.strip()


def test_events_query_and_exports(store):
    table = run("events", "--db", store, "--type", "CONSULT")
    assert table.returncode == 0 and "CONSULT" in table.stdout
    rows = [json.loads(x) for x in run("events", "--db", store, "--actor", "TUR", "--output", "json",
                                       "--limit", "0").stdout.splitlines()]
    assert rows and all(any(a["country"] == "TUR" for a in r["source"] + r["target"]) for r in rows)
    csv_out = run("events", "--db", store, "--since", "2018-09-17", "--until", "2018-09-17", "--output", "csv")
    assert csv_out.stdout.startswith("article_id,id,date,type") and "2018-09-17" in csv_out.stdout
    assert run("events", "--db", store, "--since", "yesterday").returncode == 2


def test_quotes_query(store):
    rows = [json.loads(x) for x in run("quotes", "--db", store, "--speaker", "Lavrov", "--output", "json",
                                       "--limit", "0").stdout.splitlines()]
    assert rows and all("Lavrov" in (r["speaker_name"] or r["speaker_text"]) for r in rows)
    direct = [json.loads(x) for x in run("quotes", "--db", store, "--speaker", "person/mevlut_cavusoglu",
                                         "--kind", "direct", "--output", "json").stdout.splitlines()]
    assert len(direct) >= 2 and all(r["kind"] == "direct" for r in direct)
    assert "quotes" in run("quotes", "--db", store, "--speaker", "Cavusoglu").stdout
    assert run("quotes", "--db", store, "--kind", "sung").returncode != 0


def test_summary(store):
    proc = run("summary", "--db", store)
    assert proc.returncode == 0 and "19 articles" in proc.stdout


def test_workers_give_the_same_output(tmp_path):
    """The CLI's one worker is a forked process beside the reader and writer, as two are; the library's
    ``process`` runs the pipeline in the calling process. All three write the same records."""
    from whimbrel.runner import process

    one = run("process", SAMPLES, "--out", "-", "--no-store", "--workers", "1").stdout
    two = run("process", SAMPLES, "--out", "-", "--no-store", "--workers", "2").stdout
    here: list[str] = []
    process([str(SAMPLES)], db=None, on_result=lambda r: here.append(json.dumps(r.to_json(), ensure_ascii=False)))
    assert one == two and one.count("\n") == 19
    assert one == "".join(line + "\n" for line in here)


@pytest.mark.slow
def test_bad_input_never_crashes_classify_or_process(tmp_path):
    """Empty, one-word, non-English and 1 MB texts: no crash, NONE (or a label) for each, and non-English
    text flagged and not coded as English."""
    big = ("Police fired tear gas at protesters in Nairobi on Tuesday, witnesses said. " * 14_000)[:1_000_000]
    rows = [("empty", ""), ("word", "Hello"),
            ("fr", "Le gouvernement a annoncé mardi de nouvelles mesures contre la violence dans la capitale."),
            ("ar", "قالت الشرطة إن المتظاهرين تجمعوا في وسط المدينة يوم الثلاثاء"), ("big", big)]
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows)
    proc = run("classify", "-", "--scheme", "plover", stdin=lines)
    assert proc.returncode == 0, proc.stderr
    labels = {r["id"]: r["label"] for r in map(json.loads, proc.stdout.splitlines())}
    assert set(labels) == {i for i, _ in rows}
    assert labels["empty"] == labels["word"] == labels["fr"] == labels["ar"] == "NONE"
    assert labels["big"] in ("ASSAULT", "PROTEST", "COERCE")
    small = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows[:4])
    proc = run("process", "-", "--format", "jsonl", "--out", "-", "--db", tmp_path / "w.duckdb", stdin=small)
    assert proc.returncode == 0, proc.stderr
    records = {r["id"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert records["fr"]["article"]["language"] == "fr" and records["fr"]["events"] == []
    assert records["ar"]["article"]["language"] == "ar" and records["ar"]["events"] == []
    assert records["empty"]["events"] == [] and records["word"]["events"] == []


@pytest.mark.parametrize("module", ["whimbrel", "whimbrel.cli"])
def test_python_dash_m_runs_the_same_cli(module):
    import sys

    via_module = subprocess.run([sys.executable, "-m", module, "version"], capture_output=True, text=True, check=True)
    via_script = subprocess.run([WHIMBREL, "version"], capture_output=True, text=True, check=True)
    assert via_module.stdout == via_script.stdout and via_module.stdout.strip()


def test_progress_bar_on_a_terminal_with_forked_workers(tmp_path):
    """On a terminal `process` draws its progress bar, and its workers are forked before the bar's refresh
    thread exists: the run completes, with the bar and the summary on the terminal."""
    import os
    import pty
    import select
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen([WHIMBREL, "process", str(SAMPLES), "--db", str(tmp_path / "t.duckdb"), "--workers", "1"],
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    seen, deadline = b"", time.monotonic() + 600
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the process has gone
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=60) == 0, seen.decode(errors="replace")[-2000:]
    text = seen.decode(errors="replace")
    assert "processing" in text and "\x1b[" in text  # the bar, drawn
    assert "19 articles processed, 0 failed" in text.replace("\r", "").replace("\n", " ")
