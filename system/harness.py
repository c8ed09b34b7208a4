"""Processes, databases and accounts for Lantern's system tests ("proof under pressure").

Every server is the already-built binary ($LANTERN_BIN, default .build/debug/lantern) run in
its own temporary directory on a free loopback port. PostgreSQL is a throwaway cluster
(initdb in a temporary directory, run as the postgres user when we are root) on a free port,
started once per session; each test makes its own database in it. Nothing here touches
anything outside 127.0.0.1 or the temporary directories, and every wait is bounded.
"""
from __future__ import annotations

import base64
import glob
import html
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit


from lantern_client import (INVITATION_LINK, SETUP_LINK, Account, Api, Browserless, LanternHTTPError, TotpClock,
                            parse_demo_accounts)

LANTERN_BIN = os.environ.get("LANTERN_BIN", str(Path(__file__).resolve().parent.parent / ".build/debug/lantern"))
BINARY_WAIT_SECONDS = 120     # the binary may be being rebuilt by someone else
SERVER_START_SECONDS = 60
KEEP = bool(os.environ.get("LANTERN_SYSTEM_KEEP"))   # keep temporary directories for a post-mortem

# Every test request comes from 127.0.0.1, so one test module's failed sign-ins (hostile input
# sends many) would fill the per-address window (50 in 15 minutes) and the next step of a test
# would get 429. Test servers allow many per address unless a test sets the limit itself.
DEFAULT_ENV = {"LANTERN_SIGN_IN_LIMIT_PER_ADDRESS": "100000"}

# Variables of the caller's environment that would point a test server somewhere else.
_SCRUBBED = ("DATABASE_URL", "LANTERN_KEY", "LANTERN_KEY_FILE", "HOST", "PORT", "LANTERN_PUBLIC_URL",
             "LANTERN_PG_SCHEMA", "LANTERN_JOB_INTERVAL", "LANTERN_NODE_NAME", "LANTERN_METRICS_TOKEN",
             "LANTERN_SIGN_IN_LIMIT_PER_ADDRESS", "LANTERN_SIGN_IN_LIMIT_PER_ACCOUNT")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def new_key() -> str:
    """A random field-encryption key as LANTERN_KEY wants it (base64 of 32 bytes)."""
    return base64.b64encode(os.urandom(32)).decode()


def wait_for_binary(path: str = LANTERN_BIN) -> str:
    deadline = time.monotonic() + BINARY_WAIT_SECONDS
    while not os.access(path, os.X_OK):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} is missing; build Lantern first (swift build) or set LANTERN_BIN")
        time.sleep(5)
    return path


def make_workdir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"lantern-system-{prefix}-"))


def remove_workdir(path: Path) -> None:
    if not KEEP:
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- Lantern processes

class LanternProcess:
    """One `lantern` server process: started, stopped gracefully, or killed with SIGKILL, and
    started again on the same port, directory and environment."""

    def __init__(self, workdir: Path, args: tuple[str, ...] = ("serve",), env: dict[str, str] | None = None,
                 port: int | None = None, name: str = "lantern") -> None:
        self.binary = wait_for_binary()
        self.workdir = Path(workdir)
        self.args = tuple(args)
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.name = name
        self.log_path = self.workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        base = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
        base.update(DEFAULT_ENV)
        base.update(PORT=str(self.port), LANTERN_PUBLIC_URL=self.base_url)
        base.update(env or {})
        self.env = base

    # ----------------------------------------------------------------- lifecycle

    def start(self, timeout: float = SERVER_START_SECONDS) -> "LanternProcess":
        assert self.process is None or self.process.poll() is not None, "already running"
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start {self.starts + 1}: {' '.join(self.args)} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen([self.binary, *self.args], cwd=self.workdir, env=self.env,
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            if http_status(self.base_url + "/healthz") == 200:
                return self
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"{self.name} did not answer /healthz within {timeout}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or power cut of the process."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # ----------------------------------------------------------------- output

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:]) or "(no log)"

    def setup_link(self) -> str:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            match = SETUP_LINK.search(self.log_text())
            if match:
                return match.group(1)
            time.sleep(0.1)
        raise AssertionError(f"{self.name} printed no setup link:\n{self.log_tail()}")

    def cli(self, *args: str, timeout: float = 120, check: bool = False, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """Runs another lantern command with this server's directory and environment."""
        run_env = dict(self.env)
        run_env.update(env or {})
        result = subprocess.run([self.binary, *args], cwd=self.workdir, env=run_env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"lantern {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result


def audit_verify(server: LanternProcess) -> str:
    result = server.cli("audit", "verify", timeout=180)
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0 and re.search(r"^intact \(\d+ entries\)", output, re.M), \
        f"lantern audit verify: exit {result.returncode}\n{output[-2000:]}"
    return output


# --------------------------------------------------------------------------- accounts on a fresh server

class Deployment:
    """A fresh `lantern serve` with its first administrator (through the setup link) and a
    case worker (invited by the administrator), and the case worker's API token."""

    def __init__(self, server: LanternProcess, totp: TotpClock, organisation: str = "Camden Council") -> None:
        self.server = server
        self.totp = totp
        suffix = server.port
        self.admin = Account(role="Organisation administrator", email=f"admin.{suffix}@camden.example.org",
                             password="harbour kettle orbit 42", name="Amara Okafor")
        self.worker = Account(role="Case worker", email=f"worker.{suffix}@camden.example.org",
                              password="lantern ferry willow 17", name="Casey Mensah")
        admin_session = Browserless(server.base_url)
        admin_session.complete_setup(server.setup_link(), self.admin, totp, organisation=organisation)
        self.admin_session = admin_session
        self.worker_session = self.invite(self.worker, ["case_worker"])
        self.token = self.worker_session.create_token("system tests")
        self.api = Api(server.base_url, self.token)

    def invite(self, account: Account, roles: list[str], admin: Browserless | None = None) -> Browserless:
        """The administrator (or `admin`, of another organisation) invites; the person
        accepts, enrols TOTP and is left signed in."""
        return self.accept(self.invitation_link(account, roles, admin), account)

    def invitation_link(self, account: Account, roles: list[str], admin: Browserless | None = None) -> str:
        """The administrator's invitation for `account`: the link it shows, not yet used."""
        response = (admin or self.admin_session).submit("/organisation/users/invite",
                                                        [("name", account.name), ("email", account.email)]
                                                        + [("roles[]", role) for role in roles])
        match = INVITATION_LINK.search(response.text)
        if response.status_code != 200 or not match:
            raise LanternHTTPError("invite a user", response)
        return html.unescape(match.group(1).strip())

    def accept(self, link: str, account: Account) -> Browserless:
        """Follows an invitation link as `account`: password, then TOTP; left signed in."""
        person = Browserless(self.server.base_url)
        response = person.submit(urlsplit(link).path, {"password": account.password, "password-confirmation": account.password})
        if response.status_code != 303:
            raise LanternHTTPError("accept invitation", response)
        person.enrol_second_factor(account, self.totp)
        return person

    def add_organisation(self, name: str, kind: str = "charity") -> tuple[Account, Browserless]:
        """As the platform administrator: adds an organisation; its first administrator
        accepts the invitation and is left signed in (the account and its session)."""
        slug = re.sub(r"[^a-z0-9]", "", name.lower())
        admin = Account(role="Organisation administrator", email=f"admin@{slug}.example.org",
                        password="meadow signal copper 58", name=f"{name} Admin")
        response = self.admin_session.submit("/admin/organisations", [
            ("organisation-name", name), ("organisation-kind", kind), ("name", admin.name), ("email", admin.email)],
            form_page="/admin/organisations/new")
        match = INVITATION_LINK.search(response.text)
        if response.status_code != 200 or not match:
            raise LanternHTTPError("add organisation", response)
        return admin, self.accept(html.unescape(match.group(1).strip()), admin)


# --------------------------------------------------------------------------- demo servers

class DemoServer:
    """`lantern demo --cases N --seed S` in its own directory, with its printed accounts."""

    def __init__(self, cases: int = 50, seed: int = 1, name: str = "demo") -> None:
        self.workdir = make_workdir(name)
        self.server = LanternProcess(self.workdir, args=("demo", "--cases", str(cases), "--seed", str(seed)), name=name)
        self.server.start(timeout=120)
        deadline = time.monotonic() + 10
        self.accounts: dict[str, Account] = {}
        while time.monotonic() < deadline and "Case worker" not in self.accounts:
            self.accounts = parse_demo_accounts(self.server.log_text())
            time.sleep(0.1)
        assert "Case worker" in self.accounts, f"demo accounts not printed:\n{self.server.log_tail()}"
        self.base_url = self.server.base_url
        self._sessions: dict[str, Browserless] = {}
        self._tokens: dict[str, str] = {}

    def session(self, role: str, totp: TotpClock) -> Browserless:
        """A signed-in cookie session for the role (one per role, reused)."""
        if role not in self._sessions:
            session = Browserless(self.base_url)
            session.sign_in(self.accounts[role], totp)
            self._sessions[role] = session
        return self._sessions[role]

    def token(self, role: str, totp: TotpClock) -> str:
        if role not in self._tokens:
            self._tokens[role] = self.session(role, totp).create_token(f"system tests ({role})")
        return self._tokens[role]

    def api(self, role: str, totp: TotpClock) -> Api:
        return Api(self.base_url, self.token(role, totp))

    def close(self) -> None:
        self.server.stop()
        remove_workdir(self.workdir)


# --------------------------------------------------------------------------- PostgreSQL

def postgres_bin() -> Path:
    explicit = os.environ.get("PG_BIN")
    if explicit:
        return Path(explicit)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql); scripts/check installs it")
    return Path(found[-1]).parent


class PostgresCluster:
    """A throwaway PostgreSQL: initdb in a temporary directory, loopback only, trust auth for
    the superuser `lantern`, no fsync shortcuts (durability tests need the real thing)."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.workdir = make_workdir("pg")
        self.datadir = self.workdir / "data"
        self.port = free_port()
        self._databases = 0
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
            os.chmod(self.workdir, 0o755)
        self.datadir.mkdir(mode=0o700)
        if self.as_postgres:
            shutil.chown(self.workdir, user="postgres")
            shutil.chown(self.datadir, user="postgres")
        self._run("initdb", "-D", str(self.datadir), "-U", "lantern", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def _run(self, tool: str, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([*self.as_postgres, str(self.bin / tool), *args], capture_output=True, text=True,
                                timeout=timeout, stdin=subprocess.DEVNULL)
        if check and result.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.datadir / "server.log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c max_connections=200",
                  "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def crash(self) -> None:
        """`pg_ctl -m immediate`: PostgreSQL stops without a checkpoint and recovers from WAL."""
        self.stop("immediate")

    def createdb(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "lantern", name)
        return self.url(name)

    def database(self, prefix: str) -> tuple[str, str]:
        """A new empty database with a name never used before in this cluster: (name, url)."""
        self._databases += 1
        name = f"{prefix}_{self._databases}"
        return name, self.createdb(name)

    def url(self, name: str) -> str:
        return f"postgres://lantern@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def psql(self, database: str, sql: str, timeout: float = 120) -> str:
        result = subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "lantern",
                                 "-d", database, "-X", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
                                capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout

    def dump(self, database: str, timeout: float = 120) -> bytes:
        """`pg_dump` of one database (plain SQL, data included), as bytes."""
        result = subprocess.run([str(self.bin / "pg_dump"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "lantern",
                                 "--no-owner", database], capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise RuntimeError(f"pg_dump failed: {result.stderr.decode(errors='replace')}")
        return result.stdout

    def amcheck(self, database: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin / "pg_amcheck"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "lantern",
                               "--install-missing", "--heapallindexed", "-d", database],
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)

    def close(self) -> None:
        self.stop("fast")
        remove_workdir(self.workdir)


# --------------------------------------------------------------------------- a server's database, read directly

class Store:
    """The database behind one server, read (and, to play an attacker with database access,
    written) directly: SQLite through Python's sqlite3, PostgreSQL through psql. Rows come
    back as lists of strings, NULL as "" (as `psql -At` prints them), for both alike."""

    def __init__(self, server: LanternProcess, postgres: PostgresCluster | None = None, database: str | None = None) -> None:
        self.server, self.postgres, self.database = server, postgres, database
        self.kind = "postgresql" if postgres else "sqlite"
        self.path = server.workdir / "lantern.sqlite"

    def rows(self, sql: str) -> list[list[str]]:
        if self.postgres:
            return [line.split("|") for line in self.postgres.psql(self.database, sql).splitlines()]
        with closing(sqlite3.connect(str(self.path), timeout=30)) as con:
            return [["" if v is None else str(v) for v in row] for row in con.execute(sql).fetchall()]

    def value(self, sql: str) -> str:
        rows = self.rows(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, f"expected one value from {sql!r}, got {rows[:3]}"
        return rows[0][0]

    def execute(self, sql: str) -> None:
        """Runs statements that change the database, as one transaction."""
        if self.postgres:
            self.postgres.psql(self.database, f"BEGIN; {sql}; COMMIT;")
            return
        with closing(sqlite3.connect(str(self.path), timeout=30)) as con:
            con.executescript(f"BEGIN; {sql}; COMMIT;")

    def seconds(self, column: str) -> str:
        """SQL for a date column as seconds since 1970 (SQLite stores them so already)."""
        return f"extract(epoch from {column})" if self.postgres else column

    def at_rest(self) -> bytes:
        """Everything the database holds: the SQLite file and its write-ahead log as they
        are on disk, or a `pg_dump` of the PostgreSQL database."""
        if self.postgres:
            return self.postgres.dump(self.database)
        return b"".join(path.read_bytes() for path in (self.path, Path(f"{self.path}-wal")) if path.exists())


def start_lantern(kind: str, workdir: Path, postgres: PostgresCluster | None = None, env: dict[str, str] | None = None,
                  args: tuple[str, ...] = ("serve",), name: str = "lantern") -> tuple[LanternProcess, Store]:
    """A fresh `lantern serve` on SQLite (in `workdir`) or on a new PostgreSQL database, and
    its Store. The caller stops the server."""
    env = {"LANTERN_KEY": new_key(), **(env or {})}
    database = None
    if kind == "postgresql":
        assert postgres is not None, "a PostgreSQL server needs the postgres fixture"
        database, env["DATABASE_URL"] = postgres.database(name.replace("-", "_"))
    server = LanternProcess(workdir, args=args, env=env, name=name)
    server.start()
    return server, Store(server, postgres if kind == "postgresql" else None, database)
