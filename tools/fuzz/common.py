"""What the harnesses share: which exceptions are findings, and a scratch directory for input files."""

from __future__ import annotations

import os
import tempfile

# An input may be refused with one of Whimbrel's InputErrors: that is the designed outcome. Anything else
# escaping an entry point is a finding (atheris stops, writes the input to crash-<sha1>, exits non-zero).
SCRATCH = tempfile.mkdtemp(prefix="whimbrel-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)

# The file suffixes a user's inputs carry; each input is also read under one of them (chosen by its length,
# so the choice is deterministic and the seeds stay plain files).
SUFFIXES = ["", ".txt", ".html", ".jsonl", ".rss", ".xml", ".warc", ".json", ".gz", ".jsonl.gz", ".warc.gz",
            ".atom", ".ndjson", ".arc"]
