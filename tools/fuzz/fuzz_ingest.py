"""Coverage-guided fuzzing of the ingest entry point: bytes → a file → ``read_inputs`` → articles and failures.

Each input is written to a file and read twice: with no suffix (the format sniffed from the bytes, gzip
detected) and under a suffix (``common.SUFFIXES``, by length), with a small size cap on the second read so
the cap's paths are exercised too. ``read_inputs`` must yield only Articles and Failures: any exception
escaping it would end a user's whole run, and is a finding.

    .venv/bin/python tools/fuzz/fuzz_ingest.py -runs=60000 -timeout=20 -seed=1 build/fuzz/ingest tools/fuzz/seeds/ingest
"""

from __future__ import annotations

import contextlib
import os
import sys

import atheris

with atheris.instrument_imports(include=["whimbrel", "feedparser", "warcio"]):
    # imported here although Whimbrel imports them lazily: only modules imported inside this block are
    # instrumented, and their branches are what guides the fuzzer into the feed and WARC readers
    import feedparser  # noqa: F401
    import warcio.archiveiterator  # noqa: F401
    import warcio.recordloader  # noqa: F401

    from whimbrel.ingest import read_inputs
    from whimbrel.ingest.decode import decode_html
    from whimbrel.ingest.detect import sniff_format
    from whimbrel.pipeline import Failure
    from whimbrel.records import Article

sys.path.insert(0, os.path.dirname(__file__))
from common import SCRATCH, SUFFIXES  # noqa: E402

from whimbrel.errors import InputError  # noqa: E402


def _read(data: bytes, suffix: str, max_bytes: int) -> None:
    path = os.path.join(SCRATCH, "input" + suffix)
    with open(path, "wb") as fh:
        fh.write(data)
    for item in read_inputs([path], max_bytes=max_bytes):
        if not isinstance(item, Article | Failure):
            raise AssertionError(f"read_inputs yielded {type(item).__name__}")
        if isinstance(item, Article) and not isinstance(item.raw, str):
            raise AssertionError("an article without decoded text")


def test_one_input(data: bytes) -> None:
    sniff_format(data[:8192])
    with contextlib.suppress(InputError):
        decode_html(data, where="x")
    _read(data, "", 50 * 1024 * 1024)
    _read(data, SUFFIXES[len(data) % len(SUFFIXES)], 4096)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
