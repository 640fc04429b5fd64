"""A real ``whimbrel serve`` (uvicorn, in a subprocess, on a free loopback port) for the tests that need
the whole stack: raw request paths, a writer in another process."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from ..conftest import WHIMBREL

__all__ = ["free_port", "live_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(db: Path, *, env: dict[str, str] | None = None, ready_within: float = 60.0) -> Iterator[str]:
    """``whimbrel serve --db DB`` on 127.0.0.1 (the default host); yields its base URL once it answers."""
    port = free_port()
    # The log goes to a file, not a pipe: a pipe nobody reads would block the server once full.
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen([WHIMBREL, "serve", "--db", str(db), "--port", str(port)],
                                  env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=log, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + ready_within
            while True:
                try:
                    if httpx.get(base + "/api/status", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"whimbrel serve exited: {log.read()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"whimbrel serve did not answer within {ready_within:.0f} s")
                time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
