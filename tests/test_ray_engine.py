"""``whimbrel process --engine ray``: the same records, byte for byte, as the local engine.

The test starts a real Ray cluster of 2 CPUs on this machine (``ray start --head --block``, its own
temporary directory and port, a token of its own so nothing is read from or written to ~/.ray) and stops it
by its process id afterwards. The inputs are the samples/ folder plus 200 JSON Lines reports generated here
from phrases the team wrote, with near-duplicate copies (dedup runs in the driver, over results in input
order) and a broken line (an ingest failure passed through in its place).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import SAMPLES, WHIMBREL

pytestmark = pytest.mark.slow

RAY = str(Path(WHIMBREL).with_name("ray"))

# Phrases for generated reports (written for this test): who, did what, where, when, who said so.
_ACTORS = ["Government troops", "Rebel fighters", "Riot police", "The army", "Militiamen", "Border guards",
           "Security forces", "Opposition supporters", "Coalition aircraft", "Tribal gunmen"]
_ACTIONS = ["shelled villages near {place}", "arrested dozens of protesters in {place}",
            "clashed with insurgents outside {place}", "fired tear gas at demonstrators in {place}",
            "seized a checkpoint on the road to {place}", "struck an ammunition depot close to {place}",
            "killed {n} people in an attack on a market in {place}", "withdrew from positions around {place}",
            "met local elders in {place} to discuss a truce", "delivered food and medicine to families in {place}"]
_PLACES = ["Aleppo", "Mosul", "Kandahar", "Timbuktu", "Goma", "Marawi", "Benghazi", "Kherson", "Maiduguri",
           "Sanaa", "Idlib", "Juba"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SOURCES = ["a local official said", "witnesses told reporters", "the interior ministry said in a statement",
            "a spokesman for the group said", "residents said by telephone", "a monitoring group reported"]
_AFTERMATH = ["Hundreds of families fled the area.", "Schools and shops stayed closed the next day.",
              "The United Nations called for restraint.", "No group claimed responsibility.",
              "Talks between the two sides are due to resume next week.", "Hospitals appealed for blood donors."]


def generated_records(n: int = 200, seed: int = 11) -> list[str]:
    """``n`` JSON Lines records (one in 12 a near-duplicate of an earlier one) and one broken line."""
    rng = random.Random(seed)
    lines: list[str] = []
    texts: list[str] = []
    for k in range(n):
        if k % 12 == 11:  # another outlet's copy of an earlier story: re-headlined, one sentence added
            text = texts[rng.randrange(len(texts))] + " The report could not be independently verified."
        else:
            place = rng.choice(_PLACES)
            action = rng.choice(_ACTIONS).format(place=place, n=rng.randint(2, 40))
            text = (f"{place.upper()} - {rng.choice(_ACTORS)} {action} on {rng.choice(_DAYS)}, "
                    f"{rng.choice(_SOURCES)}. {rng.choice(_AFTERMATH)} {rng.choice(_AFTERMATH)}")
        texts.append(text)
        day = 1 + k % 28
        lines.append(json.dumps({"id": f"gen-{k:03d}", "text": text, "published": f"2022-02-{day:02d}T09:00:00Z",
                                 "source": rng.choice(["Frontline Wire", "Desert Courier", "River Gazette"])}))
        if k == n // 2:
            lines.append('{"id": "broken", "text": ')  # an invalid line: reported in its place, the rest goes on
    return [line + "\n" for line in lines]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[tuple[str, dict[str, str]]]:
    """A 2-CPU Ray head on this machine: (its address, the environment a driver needs to join it)."""
    temp = tempfile.mkdtemp(prefix="wray-", dir="/tmp")  # short: Ray's socket paths live under it
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN": secrets.token_hex(16)}
    port = _free_port()
    log = open(Path(temp) / "head.log", "w+")  # noqa: SIM115 - read while the head runs
    head = subprocess.Popen([RAY, "start", "--head", "--block", "--num-cpus", "2", "--port", str(port),
                             "--node-ip-address", "127.0.0.1", "--include-dashboard", "false",
                             "--disable-usage-stats", "--temp-dir", temp],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 90
        while "Ray runtime started" not in Path(log.name).read_text():
            if head.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"ray start failed: {Path(log.name).read_text()[-3000:]}")
            time.sleep(0.3)
        yield f"127.0.0.1:{port}", env
    finally:
        head.send_signal(signal.SIGTERM)  # `ray start --block` stops the processes it started
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()
            head.wait()
        log.close()
        shutil.rmtree(temp, ignore_errors=True)


def _process(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WHIMBREL, "process", *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=300)


def test_ray_engine_gives_byte_identical_records(ray_cluster, tmp_path):
    address, env = ray_cluster
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs / "samples")
    (inputs / "generated.jsonl").write_text("".join(generated_records()), encoding="utf-8")

    local = _process(inputs, "--out", tmp_path / "local.jsonl", "--no-store", "--quiet")
    ray = _process(inputs, "--out", tmp_path / "ray.jsonl", "--db", tmp_path / "ray.duckdb", "--engine", "ray",
                   "--address", address, "--workers", "2", "--quiet", env=env)

    assert local.returncode == ray.returncode == 1, (local.stderr, ray.stderr)  # the broken line
    assert "generated.jsonl:102" in local.stderr and "generated.jsonl:102" in ray.stderr
    one, two = (tmp_path / "local.jsonl").read_bytes(), (tmp_path / "ray.jsonl").read_bytes()
    records = [json.loads(line) for line in one.splitlines()]
    assert len(records) == 19 + 200
    assert sum(r["article"]["duplicate_of"] is not None for r in records) >= 16  # dedup ran, in the driver
    assert one == two
    summary = subprocess.run([WHIMBREL, "summary", "--db", tmp_path / "ray.duckdb"], capture_output=True, text=True)
    assert "219 articles" in " ".join(summary.stdout.split())  # the driver stored every record


def test_without_an_address_a_private_local_cluster_is_started(tmp_path):
    pages = SAMPLES / "pages"
    local = _process(pages, "--out", "-", "--no-store")
    ray = _process(pages, "--out", "-", "--no-store", "--engine", "ray", "--workers", "1",
                   env={**os.environ, "RAY_ADDRESS": "127.0.0.1:1"})  # ignored: no --address, a cluster of our own
    assert local.returncode == ray.returncode == 0, ray.stderr
    assert ray.stdout == local.stdout and ray.stdout.count("\n") == 4


def test_settings_travel_to_workers_on_another_node(ray_cluster, tmp_path):
    """The head was started without our settings: a worker gets the driver's WHIMBREL_* variables."""
    address, env = ray_cluster
    page = SAMPLES / "pages" / "001_yemen_saada_market_strike.txt"
    proc = _process(page, "--no-store", "--engine", "ray", "--address", address,
                    env={**env, "WHIMBREL_SPACY_MODEL": "no_such_model"})
    assert proc.returncode in (1, 3)  # the article fails (the model loads lazily), or the worker cannot start
    assert "spaCy model 'no_such_model' is not installed" in " ".join(proc.stderr.split())


def test_ray_engine_refuses_a_cluster_it_cannot_use(ray_cluster, tmp_path):
    address, env = ray_cluster
    page = SAMPLES / "pages" / "001_yemen_saada_market_strike.txt"
    db = tmp_path / "w.duckdb"

    nobody = _process(page, "--db", db, "--engine", "ray", "--address", f"127.0.0.1:{_free_port()}", env=env)
    assert nobody.returncode == 3
    assert "no Ray cluster reachable at 127.0.0.1:" in nobody.stderr and "Traceback" not in nobody.stderr

    too_small = _process(page, "--db", db, "--engine", "ray", "--address", address, "--workers", "3", env=env)
    assert too_small.returncode == 3
    assert "has 2 CPUs; --workers 3 needs one each" in " ".join(too_small.stderr.split())

    misused = _process(page, "--no-store", "--address", address)
    assert misused.returncode == 2 and "--engine ray" in misused.stderr
