"""Accounts, demo servers and direct database access for Lantern's system tests ("proof
under pressure"), on top of ../pytools/lantern_harness.py (server processes, the throwaway
PostgreSQL, free ports, keys, TOTP, signing in), which the browser tests and the benchmarks
share; its names are importable from here as before.

Every server is the already-built binary ($LANTERN_BIN, default .build/debug/lantern) run in
its own temporary directory on a free loopback port. PostgreSQL is a throwaway cluster
(initdb in a temporary directory, run as the postgres user when we are root) on a free port,
started once per session; each test makes its own database in it. Nothing here touches
anything outside 127.0.0.1 or the temporary directories, and every wait is bounded.
"""
from __future__ import annotations

import html
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import lantern_harness
from lantern_harness import (BINARY_WAIT_SECONDS, KEEP, LANTERN_BIN, SERVER_START_SECONDS,  # noqa: F401
                             PostgresCluster, free_port, http_status, new_key, postgres_bin, remove_workdir,
                             wait_for_binary)
from lantern_client import (INVITATION_LINK, SETUP_LINK, Account, Api, Browserless, LanternHTTPError,  # noqa: F401
                            TotpClock, parse_demo_accounts)

# Every test request comes from 127.0.0.1, so one test module's failed sign-ins (hostile input
# sends many) would fill the per-address window (50 in 15 minutes) and the next step of a test
# would get 429. Test servers allow many per address unless a test sets the limit itself.
DEFAULT_ENV = {"LANTERN_SIGN_IN_LIMIT_PER_ADDRESS": "100000"}


def make_workdir(prefix: str) -> Path:
    return lantern_harness.make_workdir(f"system-{prefix}")


class LanternProcess(lantern_harness.LanternProcess):
    """lantern_harness.LanternProcess with the system tests' DEFAULT_ENV under `env`."""

    def __init__(self, workdir: Path, args: tuple[str, ...] = ("serve",), env: dict[str, str] | None = None,
                 port: int | None = None, name: str = "lantern") -> None:
        super().__init__(workdir, args=args, env={**DEFAULT_ENV, **(env or {})}, port=port, name=name)


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
