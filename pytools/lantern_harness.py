"""Running Lantern from Python: the one helper module of the browser tests (e2e/), the system
tests (system/) and the benchmarks (bench/).

- `LanternProcess`: the built binary run as `lantern serve` (or `lantern demo …`) in its own
  directory on a free loopback port, with its environment, database (SQLite file in that
  directory or a PostgreSQL URL) and key; started, waited for (/healthz or /readyz), stopped,
  killed, restarted; other `lantern` commands run beside it (`cli`).
- `PostgresCluster`: a throwaway PostgreSQL (initdb in a temporary directory, loopback only).
- `Account`, `TotpClock`, `parse_demo_accounts`: people, their authenticator codes (each
  30-second step used once per account, as Lantern insists), the accounts `lantern demo` prints.
- `Browserless`, `csrf_from`: a cookie session that signs in through the real HTML forms
  (password, then TOTP), posts forms with their CSRF token, enrols TOTP and makes API tokens.

How each imports it: e2e/pytest.ini and system/pytest.ini put this folder on the path
(`pythonpath = ../pytools`); bench/bench.py inserts it itself. Nothing here touches anything
outside 127.0.0.1 or its temporary directories, and every wait is bounded.
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
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import requests

ROOT = Path(__file__).resolve().parent.parent
LANTERN_BIN = os.environ.get("LANTERN_BIN", str(ROOT / ".build/debug/lantern"))
BINARY_WAIT_SECONDS = 120     # the binary may be being rebuilt by someone else
SERVER_START_SECONDS = 60
HTTP_TIMEOUT = 30             # seconds for any single request made by these helpers

# Keep temporary directories (databases, logs) for a post-mortem.
KEEP = any(os.environ.get(name) for name in ("LANTERN_KEEP", "LANTERN_SYSTEM_KEEP", "LANTERN_E2E_KEEP"))

# Variables of the caller's environment that would point a server somewhere else.
SCRUBBED_ENV = ("DATABASE_URL", "LANTERN_KEY", "LANTERN_KEY_FILE", "HOST", "PORT", "LANTERN_PUBLIC_URL",
                "LANTERN_PG_SCHEMA", "LANTERN_JOB_INTERVAL", "LANTERN_NODE_NAME", "LANTERN_METRICS_TOKEN",
                "LANTERN_SIGN_IN_LIMIT_PER_ADDRESS", "LANTERN_SIGN_IN_LIMIT_PER_ACCOUNT")

CSRF_FIELD = re.compile(r'<input type="hidden" name="_csrf" value="([^"]*)"')
NEW_TOKEN = re.compile(r'<code id="new-token">(lt_[^<]+)</code>')
TOTP_SECRET = re.compile(r'data-secret="([A-Z2-7]+=*)"')
RECOVERY_CODE = re.compile(r"<li><code>([^<]+)</code></li>")
SETUP_LINK = re.compile(r"(https?://\S+/setup/[A-Za-z0-9_\-]+)")
INVITATION_LINK = re.compile(r'<code id="invitation-link">([^<]+)</code>')


# --------------------------------------------------------------------------- small things

def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, timeout: float = 2) -> int | None:
    """The status a GET of `url` answers, or None if nothing answers."""
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
    return Path(tempfile.mkdtemp(prefix=f"lantern-{prefix}-"))


def remove_workdir(path: Path) -> None:
    if not KEEP:
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- Lantern processes

class LanternProcess:
    """One `lantern` server process: started, stopped gracefully, or killed with SIGKILL, and
    started again on the same port, directory and environment. Its database is
    `lantern.sqlite` in `workdir` unless `env` names DATABASE_URL; its key is `lantern.key`
    there unless `env` names LANTERN_KEY or LANTERN_KEY_FILE. Output goes to `<name>.log`."""

    def __init__(self, workdir: Path, args: tuple[str, ...] = ("serve",), env: dict[str, str] | None = None,
                 port: int | None = None, name: str = "lantern", binary: str | None = None,
                 ready_path: str = "/healthz") -> None:
        self.binary = wait_for_binary(binary or LANTERN_BIN)
        self.workdir = Path(workdir)
        self.args = tuple(args)
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.name = name
        self.ready_path = ready_path
        self.log_path = self.workdir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        base = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        base.update(PORT=str(self.port), LANTERN_PUBLIC_URL=self.base_url)
        base.update(env or {})
        self.env = base

    def url(self, path: str) -> str:
        return self.base_url + path

    # ----------------------------------------------------------------- lifecycle

    def start(self, timeout: float = SERVER_START_SECONDS) -> "LanternProcess":
        """Starts the process and returns once `ready_path` answers 200."""
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
            if http_status(self.url(self.ready_path)) == 200:
                return self
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"{self.name} did not answer {self.ready_path} within {timeout}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or power cut of the process."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not stopped within 15 seconds."""
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
        """The one-time setup link a fresh `lantern serve` prints."""
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
    the superuser `lantern`, no fsync shortcuts (durability tests need the real thing); run as
    the postgres user when we are root."""

    def __init__(self, max_connections: int = 200) -> None:
        self.bin = postgres_bin()
        self.workdir = make_workdir("pg")
        self.datadir = self.workdir / "data"
        self.port = free_port()
        self.max_connections = max_connections
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
        # Waits until the server takes connections, however long recovery from a crash takes on
        # a busy machine (a 60-second wait once ran out while another build wrote to the disk,
        # and the next test found the server still recovering).
        self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.datadir / "server.log"), "-w", "-t", "900",
                  "-o", f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c max_connections={self.max_connections}",
                  "start", timeout=960)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def crash(self) -> None:
        """`pg_ctl -m immediate`: PostgreSQL stops without a checkpoint and recovers from WAL."""
        self.stop("immediate")

    def createdb(self, name: str) -> str:
        """Creates the database and returns its URL (as DATABASE_URL wants it)."""
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


# --------------------------------------------------------------------------- accounts and TOTP

@dataclass
class Account:
    email: str
    password: str
    name: str = ""
    role: str = ""
    secret: str = ""
    recovery_codes: list[str] = field(default_factory=list)


class TotpClock:
    """Codes from an authenticator app. Lantern accepts each 30-second step once per account,
    so a second sign-in in the same step waits for the next one (at most ~30 s). Thread-safe."""

    def __init__(self) -> None:
        self._last_step: dict[str, int] = {}
        self._lock = threading.Lock()

    @staticmethod
    def step(at: float | None = None) -> int:
        return int((time.time() if at is None else at) // 30)

    def used(self, secret: str, at: float | None = None) -> None:
        """Records that the step at `at` (now) has been used for this secret (e.g. at enrolment)."""
        with self._lock:
            self._last_step[secret] = max(self._last_step.get(secret, -1), self.step(at))

    def is_fresh(self, secret: str) -> bool:
        with self._lock:
            return self.step() > self._last_step.get(secret, -1)

    def code(self, secret: str) -> str:
        with self._lock:
            last = self._last_step.get(secret)
            deadline = time.monotonic() + 40
            while last is not None and self.step() <= last and time.monotonic() < deadline:
                time.sleep(max(0.05, (last + 1) * 30 - time.time() + 0.2))
            now = time.time()
            self._last_step[secret] = self.step(now)
            return pyotp.TOTP(secret).at(now)


DEMO_ROLE_LINE = re.compile(r"^  (\S.*?)\s{2,}(\S+@\S+)\s*$")
DEMO_SECRET_LINE = re.compile(r"^\s+password (.+?)\s{3}TOTP secret ([A-Z2-7]+=*)\s*$")


def parse_demo_accounts(text: str) -> dict[str, Account]:
    """Reads the accounts `lantern demo` prints: {"Case worker": Account(...), ...}."""
    accounts: dict[str, Account] = {}
    pending: tuple[str, str] | None = None
    for line in text.splitlines():
        role_match = DEMO_ROLE_LINE.match(line)
        if role_match and "password" not in line:
            pending = (role_match.group(1).strip(), role_match.group(2))
            continue
        secret_match = DEMO_SECRET_LINE.match(line)
        if secret_match and pending:
            role, email = pending
            accounts[role] = Account(role=role, email=email, password=secret_match.group(1), secret=secret_match.group(2))
            pending = None
    return accounts


# --------------------------------------------------------------------------- HTTP without a browser

class LanternHTTPError(AssertionError):
    """A step of a flow did not answer as expected; carries enough to see why."""

    def __init__(self, step: str, response: requests.Response) -> None:
        body = response.text[:800] if response is not None else ""
        super().__init__(f"{step}: HTTP {response.status_code} {response.request.method} {response.url}\n{body}")
        self.response = response


def csrf_from(page: str) -> str:
    """The CSRF token of the (first) form in a page."""
    match = CSRF_FIELD.search(page)
    if not match:
        raise AssertionError(f"no _csrf field in page:\n{page[:600]}")
    return html.unescape(match.group(1))


class Browserless:
    """A cookie session on one Lantern node (a requests.Session that does not follow redirects)."""

    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def get(self, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", HTTP_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.http.get(self.url(path), **kw)

    def post(self, path: str, data: Any = None, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", HTTP_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.http.post(self.url(path), data=data, **kw)

    def csrf(self, path: str) -> str:
        """GETs a page with a form and returns its CSRF token."""
        response = self.get(path)
        if response.status_code != 200:
            raise LanternHTTPError(f"GET {path} for its form", response)
        return csrf_from(response.text)

    def submit(self, path: str, fields: dict[str, Any] | list[tuple[str, Any]], form_page: str | None = None) -> requests.Response:
        """Posts a form the way a browser would: the CSRF token from the form's page first."""
        token = self.csrf(form_page or path)
        body = list(fields.items()) if isinstance(fields, dict) else list(fields)
        return self.post(path, data=[("_csrf", token)] + body)

    def cookie_header(self) -> str:
        """The session's cookies as one Cookie header value (for other HTTP clients)."""
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)

    # ----------------------------------------------------------------------- flows

    def sign_in(self, account: Account, totp: TotpClock, allow_recovery_code: bool = True) -> None:
        """Email and password, then a TOTP code (or, when this account's current TOTP step is
        already used and a recovery code is at hand, a recovery code instead of waiting)."""
        response = self.submit_password(account.email, account.password)
        if response.status_code != 303 or not response.headers.get("location", "").endswith("/sign-in/code"):
            raise LanternHTTPError("sign-in with password", response)
        if allow_recovery_code and account.recovery_codes and not totp.is_fresh(account.secret):
            code = account.recovery_codes.pop()
        else:
            code = totp.code(account.secret)
        response = self.submit("/sign-in/code", {"code": code})
        if response.status_code != 303:
            raise LanternHTTPError("sign-in code", response)

    def submit_password(self, email: str, password: str) -> requests.Response:
        """The first step of signing in only; a right password answers 303 to the code step
        (or to /second-factor/setup when no authenticator is set up)."""
        return self.submit("/sign-in", {"email": email, "password": password})

    def sign_out(self) -> requests.Response:
        page = self.get("/account")
        token = csrf_from(page.text)
        return self.post("/sign-out", data={"_csrf": token})

    def create_token(self, name: str = "system tests") -> str:
        """A personal access token for the API, from the account page."""
        response = self.submit("/account/tokens", {"token-name": name}, form_page="/account")
        match = NEW_TOKEN.search(response.text)
        if response.status_code != 200 or not match:
            raise LanternHTTPError("create API token", response)
        return html.unescape(match.group(1))

    def complete_setup(self, setup_link: str, admin: Account, totp: TotpClock,
                       organisation: str = "Camden Council", kind: str = "council",
                       boroughs: tuple[str, ...] = ("E09000007",)) -> Account:
        """First run: creates the organisation and its administrator through the one-time link,
        enrols the authenticator (admin.secret, admin.recovery_codes filled in) and leaves
        this session signed in."""
        path = setup_link[len(self.base_url):] if setup_link.startswith(self.base_url) else setup_link
        fields: list[tuple[str, str]] = [
            ("organisation-name", organisation), ("organisation-kind", kind),
            *[("boroughs[]", code) for code in boroughs],
            ("name", admin.name or "Amara Okafor"), ("email", admin.email),
            ("password", admin.password), ("password-confirmation", admin.password),
        ]
        response = self.submit(path, fields)
        if response.status_code != 303 or not response.headers.get("location", "").endswith("/second-factor/setup"):
            raise LanternHTTPError("setup form", response)
        self.enrol_second_factor(admin, totp)
        return admin

    def enrol_second_factor(self, account: Account, totp: TotpClock) -> None:
        page = self.get("/second-factor/setup")
        match = TOTP_SECRET.search(page.text)
        if page.status_code != 200 or not match:
            raise LanternHTTPError("second-factor setup page", page)
        account.secret = match.group(1)
        response = self.post("/second-factor/setup",
                             data={"_csrf": csrf_from(page.text), "code": totp.code(account.secret)})
        if response.status_code != 200 or "Your authenticator is set up" not in response.text:
            raise LanternHTTPError("second-factor confirmation", response)
        account.recovery_codes = RECOVERY_CODE.findall(response.text)
