"""A throwaway PostgreSQL server for the store tests, and the fixtures that run a test on both stores.

``postgres_server`` (once per session) runs ``initdb`` into a fresh temporary folder and starts the server
with ``pg_ctl`` on a Unix socket in that folder (no TCP port is opened), with durability off (``fsync``,
``synchronous_commit``, ``full_page_writes``): a crash loses the cluster, which is thrown away anyway. It is
stopped and deleted at the end of the session. Each test gets new, empty databases on it.

The server binaries come from ``$WHIMBREL_PG_BIN``, the ``PATH``, or Debian's ``postgresql`` package
(``/usr/lib/postgresql/<version>/bin``, the newest). Where there are none, the PostgreSQL half of the
tests is skipped with that reason, except on CI (``CI=true``), where it fails: ``.ci/run`` installs the
package, so a missing server there is a broken CI, not a reason to skip. PostgreSQL refuses to run as root;
as root the server runs as the ``postgres`` user (which the package creates), else as ``nobody``.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

__all__ = ["BACKENDS", "PostgresServer", "new_store_location", "postgres_server", "run_sql", "store_db"]

BACKENDS = ["duckdb", "postgres"]
_PROGRAMS = ("initdb", "pg_ctl", "postgres")


def find_postgres_bin() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None."""
    candidates: list[Path] = []
    if os.environ.get("WHIMBREL_PG_BIN"):
        candidates.append(Path(os.environ["WHIMBREL_PG_BIN"]))
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", p.parent.name)) or (0,)

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    return next((c for c in candidates if all((c / p).is_file() for p in _PROGRAMS)), None)


def _server_user() -> str | None:
    """Who runs the server: this user, or (as root, which PostgreSQL refuses) an unprivileged one."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder, reached through a Unix socket there."""

    USER = "whimbrel"  # the cluster's superuser; the socket is private to the folder, so trust is safe

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.os_user = _server_user()
        self.base = Path(tempfile.mkdtemp(prefix="whimbrel-pg-"))  # not under pytest's 0700 root-only folders
        self.data = self.base / "data"
        self.port = 5432  # the socket's name only: no TCP listener, so no clash with a real server
        self._names = itertools.count()
        if self.os_user is not None:
            entry = pwd.getpwnam(self.os_user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str) -> None:
        proc = subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True,
                              user=self.os_user, cwd=self.base, timeout=120, check=False)
        if proc.returncode != 0:
            log = (self.base / "server.log").read_text(errors="replace")[-2000:] if (self.base / "server.log").exists() else ""
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}): {proc.stderr or proc.stdout}\n{log}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", self.USER, "-A", "trust", "-E", "UTF8", "--locale=C",
                  "--no-sync")
        options = (f"-c listen_addresses='' -k {self.base} -p {self.port} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=50")
        self._run("pg_ctl", "start", "-D", str(self.data), "-w", "-t", "60", "-l", str(self.base / "server.log"),
                  "-o", options)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.USER}@/{dbname}?host={self.base}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new, empty database (``name`` plus a number: unique in the session); its URL."""
        import psycopg

        dbname = f"{re.sub(r'[^a-z0-9_]', '_', name.lower())[:40]}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{dbname}"')
        return self.url(dbname)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = find_postgres_bin()
    if bindir is None:
        reason = ("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install Debian's postgresql "
                  "package (apt-get install postgresql) or set WHIMBREL_PG_BIN; .ci/run installs it on CI")
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI must run the PostgreSQL store tests: {reason}")
        pytest.skip(reason)
    server = PostgresServer(bindir)
    try:
        server.start()
    except BaseException:
        shutil.rmtree(server.base, ignore_errors=True)
        raise
    try:
        yield server
    finally:
        server.stop()


def new_store_location(request: pytest.FixtureRequest, backend: str, directory: Path, name: str) -> str | Path:
    """Where a fresh, empty store called ``name`` goes: a file in ``directory`` or a new PostgreSQL database."""
    if backend == "duckdb":
        return directory / f"{name}.duckdb"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database(name)


@pytest.fixture(params=BACKENDS)
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str | Path]:
    """Run the test on both stores: ``store_db(name)`` is the location of a fresh store, for ``open_store``."""
    return lambda name: new_store_location(request, request.param, tmp_path, name)


def run_sql(db: str | Path, *statements: str) -> None:
    """Run statements on a store's database directly, around the store's code (to make an old store)."""
    if isinstance(db, str) and db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as con:
            for sql in statements:
                con.execute(sql)
        return
    import duckdb

    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()
