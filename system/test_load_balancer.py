"""Two Lantern nodes behind nginx with TLS at nginx: one is killed with SIGKILL under load, and
nothing a person was told happened is undone; and the audit log names the client nginx
forwards, not nginx, while nobody else can name a client of their choosing.

The deployment of deploy/ and README.md ("Several nodes behind nginx"), on loopback: a
throwaway PostgreSQL database migrated by `lantern migrate --yes` (the deploy job), two
`lantern serve --no-migrate` nodes with one key, distinct LANTERN_NODE_NAMEs,
LANTERN_PUBLIC_URL on nginx's https address (so the cookies are `__Host-` and Secure) and
LANTERN_TRUSTED_PROXIES as deploy/lantern.env.example sets it (127.0.0.1, the address nginx
connects to the nodes from), and Debian's nginx running deploy/nginx/lantern.conf itself:
only its ports, certificate (a self-signed one made here), access log path and public name
are swapped for the test's.

The kill under load
-------------------
Everything goes through nginx over TLS.

CLIENTS clients each record CASES_PER_CLIENT cases (POST /api/v1/cases, each with its own
`identifiedOn` as a marker), read each back (GET /api/v1/cases/{reference}, most likely from
the other node) and the signed-in account page. Once half of all planned requests have been
answered, node A gets SIGKILL. Then:

- the browser session signed in before the kill is still signed in (sessions are in the
  database, not in a node);
- every case acknowledged with 201 is listed, with the marker it was sent with, and no marker
  is stored twice: nginx retried no POST on the other node;
- the failed requests are nginx's 502s, no more than were outstanding at the client when the
  node died (which bounds those in flight on it), and nginx's log puts each one on node A;
- every scheduled-job window ran once across the nodes, node B ran the windows after the kill
  alone, and the only run without its audit entry is, at most, node A's run in progress;
- `lantern audit verify` finds the chain intact.

The client's address
--------------------
Clients on other loopback addresses (Linux routes all of 127.0.0.0/8 to this machine; a
requests adapter binds the client's end of each connection): from 127.0.0.2 through nginx,
and from 127.0.0.3 straight to each node's plain http port. Each sends the first step of
signing in, once with an unknown email (a failed attempt, audited without an account) and
once with the case worker's password (audited for the account, the code step still to
come), and the audit entry with the request's id, the newest `sign_in.password` entry, says
where it came from:

- through nginx, 127.0.0.2: the node took the client from the X-Forwarded-For of nginx, a
  trusted proxy, and a forged `X-Forwarded-For: 198.51.100.9` sent to nginx does not win
  (nginx sets the header; had it appended, the right-most entry would still be the client);
- straight to a node, 127.0.0.3, with that forged header: the peer is no trusted proxy, so
  the header is ignored;
- no audit entry at all names the forged address.

No verdict depends on timing: the kill comes after a count of answers, not after a delay, and
every wait is bounded (a busy two-core machine is only slower).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from harness import Deployment, LanternProcess, audit_verify, free_port, make_workdir, new_key, remove_workdir
from lantern_client import Api, csrf_from, valid_case

SITE = Path(__file__).resolve().parent.parent / "deploy/nginx/lantern.conf"
ENV_EXAMPLE = Path(__file__).resolve().parent.parent / "deploy/lantern.env.example"
CLIENTS = 4
CASES_PER_CLIENT = 30            # each case: POST, GET it back, GET /account
PLANNED = CLIENTS * CASES_PER_CLIENT * 3
FIRST_MARKER_DAY = date(2020, 1, 1)
REQUEST_TIMEOUT = 60             # one request through nginx (its read timeout is 120 s)
LOAD_SECONDS = 900               # bounds the whole load on a very slow machine
JOB = "stage_deadlines"          # runs in every one-second window
WINDOWS_AFTER_KILL = 3
WAIT_SECONDS = 120
SESSION_COOKIE = "__Host-lantern-session"
NGINX_CLIENT = "127.0.0.2"       # a client of nginx (nginx itself reaches the nodes from 127.0.0.1)
DIRECT_CLIENT = "127.0.0.3"      # a client that goes round nginx, straight to a node
FORGED = "198.51.100.9"          # TEST-NET-2: what a client claims to be in X-Forwarded-For


def nginx_binary() -> str | None:
    """Debian puts nginx in /usr/sbin, which is not on a non-root PATH."""
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None)


pytestmark = [
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (scripts/check installs it)"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed"),
]


# --------------------------------------------------------------------------- nginx

def swap(text: str, pattern: str, replacement, expected: int) -> str:
    """re.sub that insists on `expected` matches, so a changed deploy file fails loudly here
    instead of being tested half-rendered."""
    result, count = re.subn(pattern, replacement, text, flags=re.M)
    assert count == expected, f"deploy/nginx/lantern.conf: {pattern!r} matched {count} times, not {expected}"
    return result


def render_site(https_port: int, http_port: int, nodes: list[int], certificate: Path, key: Path, access_log: Path) -> str:
    """deploy/nginx/lantern.conf with the test's ports and paths; its timeouts, retries,
    limits, headers and log format are the ones operators get."""
    text = SITE.read_text()
    ports = iter(nodes)
    text = swap(text, r"^(\s*server\s+)127\.0\.0\.1:\d+", lambda m: f"{m.group(1)}127.0.0.1:{next(ports)}", len(nodes))
    text = swap(text, r"^\s*listen \[::\]:\d+.*\n", "", 2)          # no IPv6 in every container
    text = swap(text, r"^(\s*listen\s+)443 ssl", rf"\g<1>127.0.0.1:{https_port} ssl", 1)
    text = swap(text, r"^(\s*listen\s+)80;", rf"\g<1>127.0.0.1:{http_port};", 1)
    text = swap(text, r"^(\s*ssl_certificate\s+)\S+;", rf"\g<1>{certificate};", 1)
    text = swap(text, r"^(\s*ssl_certificate_key\s+)\S+;", rf"\g<1>{key};", 1)
    text = swap(text, r"^(\s*access_log\s+)\S+(\s+lantern;)", rf"\g<1>{access_log}\g<2>", 1)
    return swap(text, r"https://lantern\.example\.org", f"https://127.0.0.1:{https_port}", 1)


class Nginx:
    """Debian's nginx in the foreground in its own directory, on loopback: a self-signed
    certificate for 127.0.0.1, the rendered site, its logs and temporary files, nothing in
    /etc or /var. When we are root, nginx's workers run as nobody, so the directory is
    traversable by others (the private key stays 0600, read by the master only)."""

    def __init__(self, nodes: list[int]) -> None:
        self.binary = nginx_binary()
        self.dir = make_workdir("nginx")
        os.chmod(self.dir, 0o755)
        self.https_port, self.http_port = free_port(), free_port()
        self.base_url = f"https://127.0.0.1:{self.https_port}"
        self.certificate, self.key = self.dir / "cert.pem", self.dir / "key.pem"
        self.access_log, self.error_log = self.dir / "access.log", self.dir / "error.log"
        self.process: subprocess.Popen | None = None
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(self.key), "-out", str(self.certificate)],
                       check=True, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        os.chmod(self.key, 0o600)
        (self.dir / "lantern.conf").write_text(render_site(self.https_port, self.http_port, nodes,
                                                           self.certificate, self.key, self.access_log))
        temp = self.dir / "temp"
        temp.mkdir()
        (self.dir / "nginx.conf").write_text(f"""
worker_processes 2;
pid {self.dir}/nginx.pid;
error_log {self.error_log} notice;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.dir}/lantern.conf;
}}
""")

    def start(self, timeout: float = 30) -> "Nginx":
        with open(self.dir / "nginx.out", "ab") as out:
            self.process = subprocess.Popen([self.binary, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                             "-e", str(self.error_log), "-g", "daemon off;"],
                                            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(self.base_url + "/healthz", verify=str(self.certificate), timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not answer /healthz within {timeout}s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        text = "".join(p.read_text(errors="replace") for p in (self.dir / "nginx.out", self.error_log) if p.exists())
        return "\n".join(text.splitlines()[-30:]) or "(no log)"

    def access_lines(self) -> list[dict[str, str]]:
        """The access log in deploy/'s `lantern` format, one dict a line."""
        lines = []
        for line in self.access_log.read_text(errors="replace").splitlines():
            _time, method, status, _bytes, _elapsed, rest = line.split(" ", 5)
            fields = dict(re.findall(r"(\w+)=(.*?)(?= \w+=|$)", rest))
            lines.append({"method": method, "status": status, **fields})
        return lines

    def stop(self) -> None:
        """SIGQUIT (finish what is in flight), then SIGKILL to the process group we started."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)

    def close(self) -> None:
        self.stop()
        remove_workdir(self.dir)


class Gateway:
    """What Deployment needs of a server, answered through nginx: its https address and the
    setup link that node A printed (with LANTERN_PUBLIC_URL, so nginx's address)."""

    def __init__(self, nginx: Nginx, node: LanternProcess) -> None:
        self.base_url, self.port, self.node = nginx.base_url, nginx.https_port, node

    def setup_link(self) -> str:
        return self.node.setup_link()


def example_setting(name: str) -> str:
    """A variable's value in deploy/lantern.env.example (which operators copy)."""
    values = re.findall(rf"^{name}=(.*)$", ENV_EXAMPLE.read_text(), flags=re.M)
    assert len(values) == 1, f"deploy/lantern.env.example sets {name} {len(values)} times, not once"
    return values[0].strip()


# --------------------------------------------------------------------------- the deployment

@dataclass
class Cluster:
    node_a: LanternProcess
    node_b: LanternProcess
    nginx: Nginx
    deployment: Deployment
    database: str


def duplicate_claims(postgres) -> int:
    """How many times PostgreSQL refused a second claim of a (job, window)."""
    log = (postgres.datadir / "server.log").read_text(errors="replace")
    return len(re.findall(r'duplicate key value violates unique constraint "[^"]*job_runs[^"]*"', log))


@pytest.fixture
def cluster(postgres, workdir, servers, totp, monkeypatch):
    database, url = postgres.database("load_balancer")
    ports = [free_port(), free_port()]
    nginx = Nginx(ports)
    # Every requests session in this test trusts the self-signed certificate, and only it.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(nginx.certificate))
    # nginx (on this machine) connects to the nodes from 127.0.0.1: the example's value fits.
    trusted = example_setting("LANTERN_TRUSTED_PROXIES")
    assert trusted == "127.0.0.1", f"deploy/lantern.env.example: LANTERN_TRUSTED_PROXIES={trusted}, not nginx's 127.0.0.1"
    env = {"DATABASE_URL": url, "LANTERN_KEY": new_key(), "LANTERN_JOB_INTERVAL": "1",
           "LANTERN_PUBLIC_URL": nginx.base_url, "LANTERN_TRUSTED_PROXIES": trusted}
    nodes = []
    for label, port in zip("ab", ports):
        (workdir / label).mkdir()
        node = LanternProcess(workdir / label, args=("serve", "--no-migrate"), port=port,
                              env={**env, "LANTERN_NODE_NAME": f"node-{label}"}, name=f"node-{label}")
        servers.append(node)
        nodes.append(node)
    try:
        nodes[0].cli("migrate", "--yes", check=True, timeout=300)      # the deploy job, once
        for node in nodes:
            node.start()
            assert "Migrator" not in node.log_text(), f"{node.name} was started with --no-migrate but migrated"
        nginx.start()                     # after the nodes, so nginx logs no 502 of its own making
        deployment = Deployment(Gateway(nginx, nodes[0]), totp)          # all through nginx, over TLS
        yield Cluster(nodes[0], nodes[1], nginx, deployment, database)
    finally:
        for node in nodes:
            node.stop()
        nginx.close()


# --------------------------------------------------------------------------- the load

@dataclass
class Tally:
    """What the clients sent and were told, shared by the threads. `outstanding` holds the
    requests sent and not yet answered; the kill happens under the lock, so no request can
    start or finish uncounted while it does."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_id: int = 0
    outstanding: set[int] = field(default_factory=set)
    answered: int = 0
    posts: int = 0
    acknowledged: dict[str, str] = field(default_factory=dict)    # reference -> identifiedOn sent
    failures: list[str] = field(default_factory=list)
    failed_statuses: Counter = field(default_factory=Counter)
    half: threading.Event = field(default_factory=threading.Event)
    outstanding_at_kill: int | None = None

    def call(self, label: str, expected: int, send) -> requests.Response | None:
        with self.lock:
            self.next_id += 1
            request_id = self.next_id
            self.outstanding.add(request_id)
        response, problem = None, None
        try:
            response = send()
            if response.status_code != expected:
                problem = f"{label}: {response.status_code} {response.text[:200]}"
        except requests.RequestException as error:
            problem = f"{label}: {type(error).__name__} {error}"
        with self.lock:
            self.outstanding.discard(request_id)
            self.answered += 1
            if problem:
                self.failures.append(problem)
                self.failed_statuses[response.status_code if response is not None else "no answer"] += 1
            if self.answered * 2 >= PLANNED:
                self.half.set()
        return None if problem else response


def client(number: int, base_url: str, token: str, cookie: str, tally: Tally) -> None:
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    browser = requests.Session()
    browser.headers["Cookie"] = cookie
    try:
        for k in range(CASES_PER_CLIENT):
            marker = (FIRST_MARKER_DAY + timedelta(days=number * CASES_PER_CLIENT + k)).isoformat()
            with tally.lock:
                tally.posts += 1
            made = tally.call(f"POST case {marker}", 201, lambda: api.post(
                base_url + "/api/v1/cases", json=valid_case(identifiedOn=marker), timeout=REQUEST_TIMEOUT))
            if made is not None:
                reference = made.json()["reference"]
                with tally.lock:
                    tally.acknowledged[reference] = marker
                tally.call(f"GET case {reference}", 200, lambda: api.get(
                    f"{base_url}/api/v1/cases/{reference}", timeout=REQUEST_TIMEOUT, allow_redirects=False))
            tally.call("GET /account", 200, lambda: browser.get(
                base_url + "/account", timeout=REQUEST_TIMEOUT, allow_redirects=False))
    finally:
        tally.half.set()     # a client that ends early must not leave the kill waiting


def job_runs(postgres, database: str) -> list[tuple[str, str, str, str, str]]:
    """(job, window, node, run id, result) of every run; result "" while unfinished."""
    return [tuple(line.split("|")) for line in postgres.psql(
        database, "SELECT job, window_start, node, lower(id::text), coalesce(result, '') FROM job_runs").splitlines()]


def finished_windows_since(postgres, database: str, window: int) -> list[tuple[str, str]]:
    return [tuple(line.split("|")) for line in postgres.psql(
        database, f"SELECT window_start, node FROM job_runs WHERE job = '{JOB}' AND window_start > {window} "
                  "AND result IS NOT NULL").splitlines()]


# --------------------------------------------------------------------------- the test

def test_a_node_killed_under_load_behind_nginx_loses_no_session_no_write_and_no_job_window(cluster, postgres):
    node_a, node_b, nginx, deployment = cluster.node_a, cluster.node_b, cluster.nginx, cluster.deployment
    base = nginx.base_url

    # TLS at nginx: plain http is redirected to the public https address, path and query kept,
    # and the session cookie is the https one.
    redirect = requests.get(f"http://127.0.0.1:{nginx.http_port}/account?from=http", allow_redirects=False, timeout=30)
    assert redirect.status_code == 301 and redirect.headers.get("location") == f"{base}/account?from=http", \
        f"http is not redirected to https: {redirect.status_code} {redirect.headers.get('location')}"
    session = deployment.worker_session
    cookie = next((c for c in session.http.cookies if c.name == SESSION_COOKIE), None)
    assert cookie is not None and cookie.secure, \
        f"no Secure {SESSION_COOKIE} cookie behind https: {[c.name for c in session.http.cookies]}"
    signed_in = session.get("/account")
    assert signed_in.status_code == 200 and deployment.worker.email in signed_in.text
    assert signed_in.headers.get("strict-transport-security"), "no HSTS from Lantern behind an https public address"

    # Both nodes tick the scheduled jobs: the second claim of a window is refused by the database.
    refused_before = duplicate_claims(postgres)
    deadline = time.monotonic() + WAIT_SECONDS
    while duplicate_claims(postgres) <= refused_before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert duplicate_claims(postgres) > refused_before, \
        "no second claim of a job window was refused: the nodes never competed, so 'once' is not proven"

    tally = Tally()
    threads = [threading.Thread(target=client, args=(n, base, deployment.token, session.cookie_header(), tally), daemon=True)
               for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    assert tally.half.wait(LOAD_SECONDS), "the clients did not get half way"
    with tally.lock:
        tally.outstanding_at_kill = len(tally.outstanding)
        answered_at_kill = tally.answered
        node_a.kill()
    last_window = int(postgres.psql(cluster.database, f"SELECT coalesce(max(window_start), 0) FROM job_runs WHERE job = '{JOB}'"))
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS)
        assert not thread.is_alive(), "a client did not finish"
    summary = (f"{tally.answered} requests answered ({answered_at_kill} before the kill), {tally.posts} cases sent, "
               f"{len(tally.acknowledged)} acknowledged, {len(tally.failures)} failed {dict(tally.failed_statuses)}, "
               f"{tally.outstanding_at_kill} outstanding at the kill")
    print("\n" + summary)
    assert tally.answered > answered_at_kill, f"nothing was answered after the kill: {summary}"

    # (a) The session made before the kill is still signed in, on the node that is left.
    for _ in range(3):
        after = session.get("/account")
        assert after.status_code == 200 and deployment.worker.email in after.text, \
            f"the session signed in before the kill is not signed in after it: {after.status_code} {after.headers.get('location')}"

    # (c) Only requests in flight on the killed node failed: nginx's 502s, no more than the
    # clients had outstanding at that moment (nginx's log, read once nginx has stopped, below).
    assert len(tally.failures) <= tally.outstanding_at_kill, \
        f"more requests failed than were outstanding when node A died: {summary}\n" + "\n".join(tally.failures)
    assert set(tally.failed_statuses) <= {502}, f"failures other than nginx's 502: {summary}\n" + "\n".join(tally.failures)

    # (b) Every acknowledged case is there as sent; no case was stored twice (no POST resent).
    assert len(tally.acknowledged) >= tally.posts - tally.outstanding_at_kill, summary
    listed = {item["reference"] for item in Api(base, deployment.token).cases(limit=500)}
    lost = sorted(set(tally.acknowledged) - listed)
    assert not lost, f"{len(lost)} acknowledged cases are not listed through nginx, e.g. {lost[:5]}\n{summary}"
    stored = [line.split("|") for line in postgres.psql(cluster.database, "SELECT reference, identified_on FROM cases").splitlines()]
    day_of = {reference: (date(1970, 1, 1) + timedelta(days=int(days))).isoformat() for reference, days in stored}
    changed = {r: (m, day_of.get(r)) for r, m in tally.acknowledged.items() if day_of.get(r) != m}
    assert not changed, f"acknowledged cases stored differently from what was sent: {list(changed.items())[:5]}"
    twice = {m: n for m, n in Counter(day_of.values()).items() if n > 1}
    assert not twice, f"a POST was stored twice (nginx must not resend one to another node): {twice}"
    assert len(stored) <= tally.posts, f"more cases ({len(stored)}) than were sent: {summary}"

    # (d) Node B carries on with the scheduled jobs alone; then stop it (a running job finishes).
    deadline = time.monotonic() + WAIT_SECONDS
    while len(finished_windows_since(postgres, cluster.database, last_window)) < WINDOWS_AFTER_KILL \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    after_kill = finished_windows_since(postgres, cluster.database, last_window)
    assert len(after_kill) >= WINDOWS_AFTER_KILL, f"node B ran {len(after_kill)} {JOB} windows after the kill in {WAIT_SECONDS}s"
    assert {node for _, node in after_kill} == {"node-b"}, f"windows after the kill not run by node B: {after_kill}"
    node_b.stop()

    runs = job_runs(postgres, cluster.database)
    per_window = Counter((job, window) for job, window, _, _, _ in runs)
    assert not {k: n for k, n in per_window.items() if n > 1}, "a job window ran more than once"
    audited = Counter(postgres.psql(
        cluster.database, "SELECT lower(record_id) FROM audit_entries WHERE action LIKE 'job.%'").split())
    assert all(n == 1 for n in audited.values()) and set(audited) <= {run_id for *_, run_id, _ in runs}, \
        "job audit entries do not point at one run each"
    unaudited = [(job, node, result) for job, _, node, run_id, result in runs if run_id not in audited]
    assert len(unaudited) <= 1 and all(node == "node-a" for _, node, _ in unaudited), \
        f"runs without their audit entry beyond node A's run in progress at the kill: {unaudited}"

    # (c) By nginx's own log, complete once it has stopped: it balanced over both nodes, and
    # every error it answered was on the killed node, one for each failure the clients saw.
    nginx.stop()
    log = nginx.access_lines()
    killed, survivor = f"127.0.0.1:{node_a.port}", f"127.0.0.1:{node_b.port}"
    served_by = {line["upstream"].split(", ")[-1] for line in log if line["status"].startswith("2")}
    assert {killed, survivor} <= served_by, f"nginx did not balance over both nodes: {served_by}"
    errors = [line for line in log if line["status"].startswith("5")]
    assert len(errors) == len(tally.failures), f"nginx logged {len(errors)} errors, the clients saw {len(tally.failures)}"
    assert all(line["upstream"].split(", ")[-1] == killed for line in errors), f"an error not on the killed node: {errors}"

    # (e) Both nodes and the jobs appended to one audit chain, and a node died mid-stream.
    audit_verify(node_b)


# --------------------------------------------------------------------------- the client's address

class FromAddress(HTTPAdapter):
    """Connections from `source`: Linux routes all of 127.0.0.0/8 to this machine, so a test
    can be a client other than 127.0.0.1, which is nginx's own address towards the nodes."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def client_from(source: str) -> requests.Session:
    """A requests session whose every connection, http or https, comes from `source`."""
    http = requests.Session()
    for scheme in ("http://", "https://"):
        http.mount(scheme, FromAddress(source))
    return http


def peer_seen(http: requests.Session) -> str:
    """The address a loopback server sees a request of `http` come from (checks the adapter)."""
    seen: list[str] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(30)

        def answer() -> None:
            try:
                connection, (address, _port) = listener.accept()
            except OSError:
                return
            with connection:
                seen.append(address)
                connection.settimeout(30)
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")

        server = threading.Thread(target=answer, daemon=True)
        server.start()
        response = http.get(f"http://127.0.0.1:{listener.getsockname()[1]}/", timeout=30)
        server.join(timeout=30)
    assert response.status_code == 204 and len(seen) == 1, f"the loopback check got {response.status_code}, saw {seen}"
    return seen[0]


def password_step(http: requests.Session, base_url: str, email: str, password: str,
                  headers: dict[str, str] | None = None) -> requests.Response:
    """The first step of signing in as a fresh browser sends it: the form (its CSRF token and
    form cookie), then email and password. The cookie goes back by hand: it is Secure
    (LANTERN_PUBLIC_URL is https), and a node reached directly speaks plain http."""
    headers = dict(headers or {})
    http.cookies.clear()          # no form cookie from an earlier attempt: Lantern sets a new one
    form = http.get(base_url + "/sign-in", headers=headers, timeout=REQUEST_TIMEOUT, allow_redirects=False)
    assert form.status_code == 200, f"GET {base_url}/sign-in: {form.status_code}"
    cookies = "; ".join(value.split(";", 1)[0] for value in form.raw.headers.getlist("Set-Cookie"))
    return http.post(base_url + "/sign-in", data={"_csrf": csrf_from(form.text), "email": email, "password": password},
                     headers={**headers, "Cookie": cookies}, timeout=REQUEST_TIMEOUT, allow_redirects=False)


def newest_password_step(postgres, database: str) -> tuple[str, ...]:
    """(request id, outcome, source address) of the newest `sign_in.password` audit entry."""
    return tuple(postgres.psql(database, "SELECT request_id, outcome, coalesce(source_address, '') FROM audit_entries "
                                         "WHERE action = 'sign_in.password' ORDER BY seq DESC LIMIT 1").strip().split("|"))


def test_the_audit_log_names_the_client_nginx_forwards_and_ignores_the_header_from_anyone_else(cluster, postgres):
    nginx, worker = cluster.nginx, cluster.deployment.worker
    through_nginx, direct = client_from(NGINX_CLIENT), client_from(DIRECT_CLIENT)
    assert peer_seen(through_nginx) == NGINX_CLIENT and peer_seen(direct) == DIRECT_CLIENT, \
        "the clients do not connect from their own loopback addresses"
    # nginx listens on 127.0.0.1 (the rendered site), which a client on 127.0.0.2 reaches.
    assert re.search(rf"^\s*listen\s+127\.0\.0\.1:{nginx.https_port} ssl;", (nginx.dir / "lantern.conf").read_text(), re.M), \
        "the rendered site does not listen on 127.0.0.1 for https"

    forged = {"X-Forwarded-For": FORGED}
    attempts = [
        # (what, session, base url, headers, email, password, status, outcome, recorded address)
        ("through nginx, unknown email", through_nginx, nginx.base_url, {}, "nobody@camden.example.org",
         "not the password 1", 401, "failed", NGINX_CLIENT),
        (f"through nginx, right password, X-Forwarded-For: {FORGED}", through_nginx, nginx.base_url, forged,
         worker.email, worker.password, 303, "succeeded", NGINX_CLIENT),
    ]
    for node in (cluster.node_a, cluster.node_b):
        attempts += [
            (f"straight to {node.name}, unknown email, X-Forwarded-For: {FORGED}", direct, node.base_url, forged,
             "nobody@camden.example.org", "not the password 1", 401, "failed", DIRECT_CLIENT),
            (f"straight to {node.name}, right password, X-Forwarded-For: {FORGED}", direct, node.base_url, forged,
             worker.email, worker.password, 303, "succeeded", DIRECT_CLIENT),
        ]
    for what, http, base_url, headers, email, password, status, outcome, address in attempts:
        response = password_step(http, base_url, email, password, headers)
        assert response.status_code == status, f"{what}: {response.status_code}, not {status}\n{response.text[:300]}"
        request_id = response.headers.get("x-request-id", "")
        assert request_id, f"{what}: no X-Request-Id"
        entry = newest_password_step(postgres, cluster.database)
        assert entry == (request_id, outcome, address), \
            f"{what}: the newest sign_in.password audit entry is (request id, outcome, source address) {entry}, " \
            f"not {(request_id, outcome, address)}"

    assert postgres.psql(cluster.database, f"SELECT count(*) FROM audit_entries WHERE source_address = '{FORGED}'").strip() == "0", \
        f"an audit entry names the forged address {FORGED}"
    audit_verify(cluster.node_b)
