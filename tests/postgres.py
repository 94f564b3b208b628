"""A throwaway PostgreSQL server for one test session: `make test`'s second run (ENCORE_TEST_DB=postgresql).

`Server.start()` runs `initdb` in a private temporary directory and starts `postgres` on a unix socket in
that directory (no TCP port), with durability off (a test database is never worth an fsync). PostgreSQL
refuses to run as root, so under root it runs as the `postgres` system user that Debian's package
creates; otherwise as the current user. The server is this process's child and is told to stop when
this process dies (a killed pytest leaves no server behind); `stop()` shuts it down and removes the
directory, whatever happened before.

Binaries: `ENCORE_PG_BIN` if set, else the newest /usr/lib/postgresql/<major>/bin (Debian's layout),
else `initdb` on PATH (`make test` installs Debian's `postgresql` when it is missing).
"""
from __future__ import annotations

import ctypes
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

DEBIAN = Path("/usr/lib/postgresql")
USER = "encore"  # the database superuser initdb creates (authentication: trust, on a private socket)
DATABASE = "encore_test"
SOCKET_PATH_MAX = 100  # a unix socket path is limited to ~107 bytes; keep a margin for ".s.PGSQL.5432"
SETTINGS = {
    "listen_addresses": "",  # the unix socket only
    "port": "5432",  # only names the socket file (.s.PGSQL.5432) in the private directory
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",  # test data: speed over durability
    "max_connections": "200",  # the app, a live server's threads, the rate-limit engines, subprocess tests
    "shared_buffers": "64MB",
    "dynamic_shared_memory_type": "mmap",  # containers often have a tiny /dev/shm
    "log_min_messages": "warning",
    # Not UTC, as many servers are not: the app's times are naive UTC, never the server's clock or zone.
    "timezone": "Pacific/Chatham",
}
PR_SET_PDEATHSIG = 1
try:  # looked up here: between fork and exec, the child only calls it
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: stop() is then the only way
    _prctl = None


def bin_dir() -> Path:
    """Where initdb and postgres are."""
    if configured := os.environ.get("ENCORE_PG_BIN"):
        return Path(configured)
    majors = sorted((p for p in DEBIAN.glob("*/bin") if (p / "initdb").exists()),
                    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if majors:
        return majors[-1]
    if found := shutil.which("initdb"):
        return Path(found).parent
    raise RuntimeError("PostgreSQL is not installed: `apt-get install postgresql` (make test does it), "
                       "or set ENCORE_PG_BIN to the directory holding initdb and postgres.")


class Server:
    """One private PostgreSQL server; `url` is its database's SQLAlchemy URL once started."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.dir: Path | None = None
        self.process: subprocess.Popen | None = None
        self.log = None
        self.url = ""
        self.version = ""

    def start(self) -> str:
        """Start the server; returns the SQLAlchemy URL of its empty database."""
        account = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("PostgreSQL will not run as root and there is no `postgres` user to run it as "
                                   "(Debian's postgresql package creates it)") from None
        self.dir = self._private_dir(account)
        data = self.dir / "data"
        try:
            self._run([self.bin / "initdb", "-D", data, "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C",
                       "--no-sync", "--no-instructions"], account)
            options = [arg for name, value in SETTINGS.items() for arg in ("-c", f"{name}={value}")]
            self.log = open(self.dir / "postgres.log", "ab")  # noqa: SIM115  (closed in stop())
            self.process = subprocess.Popen(
                [self.bin / "postgres", "-D", data, "-k", self.dir, *options],
                stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                user=account.pw_uid if account else None, group=account.pw_gid if account else None,
                extra_groups=[] if account else None, preexec_fn=_stop_with_parent, cwd=self.dir)
            self._wait_ready()
            self.version = self._psql("postgres", "SHOW server_version").strip()
            self._psql("postgres", f"CREATE DATABASE {DATABASE}")
        except BaseException:
            self.stop()
            raise
        self.url = f"postgresql+psycopg://{USER}@/{DATABASE}?host={self.dir}"
        return self.url

    def stop(self) -> None:
        """Shut the server down (fast: open sessions are ended) and remove its directory."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)  # fast shutdown
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
            self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def _private_dir(self, account) -> Path:
        """A fresh directory the server's user owns, short enough to hold the socket, reachable by that user."""
        for base in (tempfile.gettempdir(), "/tmp"):
            _remove_stale(Path(base))
            path = Path(tempfile.mkdtemp(prefix="encore-pg-", dir=base))
            if len(str(path / ".s.PGSQL.5432")) > SOCKET_PATH_MAX or (account and not self._reachable(path, account)):
                path.rmdir()
                continue
            if account:
                os.chown(path, account.pw_uid, account.pw_gid)
            return path
        raise RuntimeError("no temporary directory both short enough for a unix socket and reachable by PostgreSQL")

    @staticmethod
    def _reachable(path: Path, account) -> bool:
        """Whether `account` can traverse every directory above `path`."""
        for parent in path.parents:
            st = parent.stat()
            if not (st.st_mode & 0o001 or (st.st_uid == account.pw_uid and st.st_mode & 0o100)
                    or (st.st_gid == account.pw_gid and st.st_mode & 0o010)):
                return False
        return True

    def _run(self, command: list, account) -> None:
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.dir,
                              user=account.pw_uid if account else None, group=account.pw_gid if account else None,
                              extra_groups=[] if account else None)
        if done.returncode:
            raise RuntimeError(f"{Path(command[0]).name} failed:\n{done.stdout}{done.stderr}")

    def _psql(self, database: str, sql: str) -> str:
        done = subprocess.run([self.bin / "psql", "-h", self.dir, "-U", USER, "-d", database, "-XAtq",
                               "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"psql {sql!r} failed: {done.stderr}")
        return done.stdout

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited ({self.process.returncode}):\n{self._log_tail()}")
            ready = subprocess.run([self.bin / "pg_isready", "-q", "-h", self.dir, "-U", USER, "-d", "postgres"])
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"postgres did not accept connections within {timeout:.0f} s:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return (self.dir / "postgres.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def _remove_stale(base: Path, age: float = 3600) -> None:
    """Directories of earlier sessions that were killed (their server stopped with them): an hour old, no server."""
    for path in base.glob("encore-pg-*"):
        try:
            if time.time() - path.stat().st_mtime < age:
                continue
            pid = int((path / "data" / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)  # still running: not ours to remove
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (OSError, ValueError, IndexError):
            if not (path / "data" / "postmaster.pid").exists():
                shutil.rmtree(path, ignore_errors=True)


def _stop_with_parent() -> None:
    """In the server's process before exec: a fast shutdown when the test process dies, even by SIGKILL."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(signal.SIGINT))
