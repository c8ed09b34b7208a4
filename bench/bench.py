"""Lantern benchmarks: every figure measured side by side in one run and quoted as medians
and ratios. Started by bench/run; see bench/README.md for what each figure means."""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"

# The dashboard question benchmarked: cases by borough × exploitation type × quarter, two years.
AGGREGATE_SQL = (
    "SELECT c.borough_identified AS k0, t.type AS k1, c.identified_quarter AS k2, COUNT(*) AS n "
    "FROM cases AS c JOIN case_exploitation_types AS t ON t.case_id = c.id "
    "WHERE c.identified_quarter >= {lo} AND c.identified_quarter <= {hi} "
    "GROUP BY c.borough_identified, t.type, c.identified_quarter"
)
# The same question as the cell key method asks it: with the sum of the records' keys.
KEYED_AGGREGATE_SQL = AGGREGATE_SQL.replace("COUNT(*) AS n ", "COUNT(*) AS n, SUM(t.mention_key) AS s ")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(xs): return statistics.median(xs)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """A `lantern serve` on a generated demo database."""

    def __init__(self, binary: str, directory: Path, env_extra: dict | None = None):
        self.port = free_port()
        env = dict(os.environ, PORT=str(self.port), LANTERN_PUBLIC_URL=f"http://127.0.0.1:{self.port}",
                   DATABASE_URL=f"sqlite://{directory / 'lantern-demo.sqlite'}",
                   LANTERN_KEY_FILE=str(directory / "lantern-demo.key"), LOG_LEVEL="error")
        env.update(env_extra or {})
        started = time.perf_counter()
        self.process = subprocess.Popen([binary, "serve", "--log", "error"], cwd=directory, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/readyz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("server did not start")
        self.cold_start = time.perf_counter() - started

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Client:
    """Signs in like a browser (password, TOTP) and keeps the cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, form=None, headers=None):
        body = urllib.parse.urlencode(form, doseq=True) if form is not None else None
        h = dict(headers or {})
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=h)
        response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            val = rest.split(";")[0]
            if val:
                self.cookies[name] = val
            else:
                self.cookies.pop(name, None)
        return response.status, data.decode("utf-8", "replace"), response

    def csrf(self, html):
        return re.search(r'name="_csrf" value="([^"]*)"', html).group(1)

    def sign_in(self, email, password, secret):
        _, html, _ = self.request("GET", "/sign-in")
        self.request("POST", "/sign-in", {"email": email, "password": password, "_csrf": self.csrf(html)})
        _, html, _ = self.request("GET", "/sign-in/code")
        status, _, _ = self.request("POST", "/sign-in/code", {"code": pyotp.TOTP(secret).now(), "_csrf": self.csrf(html)})
        assert status == 303, "sign-in failed"

    def token(self):
        _, html, _ = self.request("GET", "/account")
        _, html, _ = self.request("POST", "/account/tokens", {"token-name": "bench", "_csrf": self.csrf(html)})
        return re.search(r'id="new-token">(lt_[A-Za-z0-9_-]+)<', html).group(1)


def accounts(output: str) -> dict[str, tuple[str, str, str]]:
    found = {}
    lines = output.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"\s+(.+?)\s{2,}(\S+@demo\.lantern\.invalid)", line)
        if m and i + 1 < len(lines):
            p = re.search(r"password (\S+)\s+TOTP secret (\S+)", lines[i + 1])
            if p:
                found[m.group(1).strip()] = (m.group(2), p.group(1), p.group(2))
    return found


def generate(binary, cases, seed, reuse=False) -> tuple[Path, dict, float]:
    """Writes the demo database for `cases` cases; with `reuse`, keeps one written before
    (same size and seed) and returns a time of 0."""
    directory = WORK / f"cases-{cases}-seed-{seed}"
    directory.mkdir(parents=True, exist_ok=True)
    saved = directory / "accounts.txt"
    if reuse and saved.exists() and (directory / "lantern-demo.sqlite").exists():
        return directory, accounts(saved.read_text()), 0.0
    started = time.perf_counter()
    out = subprocess.run([binary, "demo", "--cases", str(cases), "--seed", str(seed), "--generate-only"], cwd=directory,
                         env=dict(os.environ, PORT="8099"), capture_output=True, text=True, check=True)
    saved.write_text(out.stdout)
    return directory, accounts(out.stdout), time.perf_counter() - started


def timed(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def report(rows):
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")


def case_page_load(server: "Server", found: dict) -> tuple[list, float, float]:
    """One client's median, then wrk with 32 connections for 20 s; stops the server."""
    worker = Client(server.port)
    worker.sign_in(*found["Case worker"])
    status, html, _ = worker.request("GET", "/cases")
    reference = re.search(r"/cases/(LNT-[A-Z0-9-]+)", html).group(1)
    cookie = "; ".join(f"{k}={v}" for k, v in worker.cookies.items())
    single = Client(server.port); single.cookies = dict(worker.cookies)
    page_times = timed(lambda: single.request("GET", f"/cases/{reference}"), 50)
    idle = rss_mb(server.process.pid)
    wrk_out = ""
    peak = idle
    if shutil.which("wrk"):
        wrk = subprocess.Popen(["wrk", "-t2", "-c32", "-d20s", "--latency", "-H", f"Cookie: {cookie}",
                                f"http://127.0.0.1:{server.port}/cases/{reference}"], stdout=subprocess.PIPE, text=True)
        while wrk.poll() is None:
            peak = max(peak, rss_mb(server.process.pid)); time.sleep(0.5)
        wrk_out = wrk.stdout.read()
    server.stop()
    rows = [("single client, median", f"{median(page_times) * 1000:8.1f} ms")]
    if wrk_out:
        lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", wrk_out, re.M))
        rps = re.search(r"Requests/sec:\s+(\S+)", wrk_out)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk_out)
        rows += [("wrk 32 connections, p50", lat.get("50", "?")), ("wrk 32 connections, p99 (target ≤ 50 ms)", lat.get("99", "?")),
                 ("throughput", f"{rps.group(1) if rps else '?'} requests/s"),
                 ("non-2xx responses", non2xx.group(1) if non2xx else "0")]
    return rows, idle, peak


class PostgresCluster:
    """A throwaway PostgreSQL on loopback in bench/work (run as the postgres user when root)."""

    def __init__(self, bin_dir: str, data: Path, port: int, runner: list[str]):
        self.bin_dir, self.data, self.port, self.runner = bin_dir, data, port, runner

    @classmethod
    def start(cls) -> "PostgresCluster | None":
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            print("(PostgreSQL not installed: skipping its figures)\n")
            return None
        bin_dir = str(found[-1].parent)
        data = WORK / "pg"
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        runner = []
        if os.geteuid() == 0:
            shutil.chown(WORK, "postgres"); shutil.chown(data, "postgres")
            runner = ["runuser", "-u", "postgres", "--"]
        port = free_port()
        subprocess.run(runner + [f"{bin_dir}/initdb", "-D", str(data), "-U", "lantern", "-A", "trust", "--no-sync"],
                       check=True, capture_output=True)
        subprocess.run(runner + [f"{bin_dir}/pg_ctl", "-D", str(data), "-l", str(data / "log"), "-w", "-o",
                                 f"-p {port} -k {data} -c listen_addresses=127.0.0.1", "start"], check=True, capture_output=True)
        return cls(bin_dir, data, port, runner)

    def create(self, name: str) -> str:
        subprocess.run(self.runner + [f"{self.bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "lantern", name],
                       check=True, capture_output=True)
        return f"postgres://lantern@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def stop(self) -> None:
        subprocess.run(self.runner + [f"{self.bin_dir}/pg_ctl", "-D", str(self.data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(self.data, ignore_errors=True)


def aggregate_section(args, binary, big, big_dir, big_accounts) -> tuple[float, float]:
    """Lantern's API vs the sqlite3 command line vs Datasette; returns idle memory and cold start."""
    # Aggregates: Lantern's API vs the sqlite3 command line vs Datasette, same SQL, same file.
    server = Server(binary, big_dir)
    cold_start = server.cold_start
    idle = rss_mb(server.process.pid)
    analyst = big_accounts["Analyst"]
    client = Client(server.port)
    client.sign_in(*analyst)
    token = client.token()
    year = time.gmtime().tm_year
    quarter = (time.gmtime().tm_mon - 1) // 3 + 1
    hi = year * 10 + quarter
    lo = (year - 2) * 10 + quarter + 1 if quarter < 4 else (year - 1) * 10 + 1
    api_path = (f"/api/v1/profile?rows=borough_identified&columns=exploitation_type&pages=quarter"
                f"&from={lo // 10}-Q{lo % 10}&to={hi // 10}-Q{hi % 10}")
    api = Client(server.port)

    def lantern_query():
        status, body, _ = api.request("GET", api_path, headers={"Authorization": f"Bearer {token}"})
        assert status == 200, body[:300]

    sql = AGGREGATE_SQL.format(lo=lo, hi=hi)
    db = str(big_dir / "lantern-demo.sqlite")

    def sqlite_cli():
        subprocess.run(["sqlite3", db, sql], check=True, capture_output=True)

    keyed_sql = KEYED_AGGREGATE_SQL.format(lo=lo, hi=hi)

    def sqlite_cli_keyed():
        subprocess.run(["sqlite3", db, keyed_sql], check=True, capture_output=True)

    ds_port = free_port()
    datasette = subprocess.Popen([sys.executable, "-m", "datasette", "serve", db, "--port", str(ds_port), "--immutable", db,
                                  "--setting", "sql_time_limit_ms", "120000", "--setting", "max_returned_rows", "1000000"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ds = http.client.HTTPConnection("127.0.0.1", ds_port, timeout=120)
    for _ in range(200):
        try:
            ds.request("GET", "/-/versions.json"); ds.getresponse().read(); break
        except OSError:
            time.sleep(0.1); ds = http.client.HTTPConnection("127.0.0.1", ds_port, timeout=120)
    ds_path = f"/lantern-demo.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})

    def datasette_query():
        # A new connection each time: Datasette (uvicorn) drops idle keep-alive connections
        # after 5 s, shorter than a round of the other two at a million cases.
        connection = http.client.HTTPConnection("127.0.0.1", ds_port, timeout=120)
        connection.request("GET", ds_path)
        r = connection.getresponse(); r.read()
        connection.close()
        assert r.status == 200

    lantern_query(); sqlite_cli(); sqlite_cli_keyed(); datasette_query()   # warm-up
    l_times, s_times, k_times, d_times = [], [], [], []
    for _ in range(args.runs):   # interleaved, so drift affects all alike
        l_times += timed(lantern_query, 1)
        s_times += timed(sqlite_cli, 1)
        k_times += timed(sqlite_cli_keyed, 1)
        d_times += timed(datasette_query, 1)
    datasette.send_signal(signal.SIGTERM)
    print(f"Dashboard aggregate (borough × exploitation type × quarter, 8 quarters, {big:,} cases)")
    report([
        ("Lantern API (HTTP, disclosure-controlled)", f"{median(l_times) * 1000:8.1f} ms"),
        ("sqlite3 command line, same SQL and file", f"{median(s_times) * 1000:8.1f} ms"),
        ("sqlite3, the same SQL with the cell key sum", f"{median(k_times) * 1000:8.1f} ms"),
        ("ratio keyed / plain SQL (cost of perturbation in the database)", f"{median([a / b for a, b in zip(k_times, s_times)]):8.2f}"),
        ("Datasette over HTTP, same SQL and file", f"{median(d_times) * 1000:8.1f} ms"),
        ("ratio Lantern perturbed / sqlite3 unperturbed (targets ≤ 1.5, and ≤ 1.2 for perturbation)", f"{median([a / b for a, b in zip(l_times, s_times)]):8.2f}"),
        ("ratio Lantern / Datasette (target < 1)", f"{median([a / b for a, b in zip(l_times, d_times)]):8.2f}"),
    ])
    print()
    server.stop()
    return idle, cold_start


def case_page_section(args, binary, small_dir, small_accounts) -> float:
    """The case page under load on the 10,000-case database: SQLite, then PostgreSQL.
    Returns the peak resident memory seen."""
    server = Server(binary, small_dir)
    rows, _, peak = case_page_load(server, small_accounts)
    print("Case page (authorised read + audit write), 10,000 cases, SQLite")
    report(rows)
    print()
    postgres = PostgresCluster.start()
    if postgres:
        try:
            url = postgres.create("lantern_bench")
            pg_dir = WORK / "postgres-10000"
            pg_dir.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, PORT="8099", DATABASE_URL=url, LANTERN_KEY_FILE=str(pg_dir / "lantern-demo.key"))
            out = subprocess.run([binary, "demo", "--cases", "10000", "--seed", str(args.seed), "--generate-only"], cwd=pg_dir,
                                 env=env, capture_output=True, text=True, check=True)
            server = Server(binary, pg_dir, env_extra={"DATABASE_URL": url})
            pg_rows, _, pg_peak = case_page_load(server, accounts(out.stdout))
            peak = max(peak, pg_peak)
            print("Case page (authorised read + audit write), 10,000 cases, PostgreSQL")
            report(pg_rows)
            print()
        finally:
            postgres.stop()
    return peak


def import_section(binary) -> None:
    """Import of the official statistics table (police referrals, 87,042 rows)."""
    police = ROOT.parent / "shared" / "data" / "nrm-statistics" / "nrm_referrals_police_2022_q2.csv"
    if not police.exists():
        print("(the shared NRM statistics are not beside this clone: skipping the import figures)")
        return
    directory = Path(tempfile.mkdtemp(prefix="lantern-import-"))
    env = dict(os.environ, LANTERN_KEY_FILE=str(directory / "k"))
    subprocess.run([binary, "migrate", "--yes"], cwd=directory, env=env, capture_output=True, check=True)
    times = []
    for i in range(5):
        t = time.perf_counter()
        subprocess.run([binary, "import", str(police), "--mapping", "home-office-nrm-referrals", "--title", f"bench {i}",
                        "--source", "Home Office", "--period", "2022-Q2", "--licence", "OGL"],
                       cwd=directory, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    print("Import (Home Office NRM police referrals table, 87,042 rows, whole command incl. start-up)")
    report([("median time (target < 2 s)", f"{median(times):8.2f} s"),
            ("rows per second (target ≥ 100,000)", f"{87042 / median(times):8,.0f}")])
    shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--reuse-data", action="store_true",
                        help="keep demo databases written by an earlier run (same sizes and seed)")
    parser.add_argument("--only", choices=["aggregate", "case-page", "import"],
                        help="one section, for iterating on it (the full run is the one to quote)")
    args = parser.parse_args()
    big = args.cases or (10_000 if args.quick else 1_000_000)
    if args.only == "case-page":
        big = 10_000
    binary = str((ROOT / args.binary).resolve())
    print(f"Lantern benchmarks: {big:,} cases (seed {args.seed}), {os.cpu_count()} cores, medians of {args.runs} runs\n")
    if args.only == "import":
        import_section(binary)
        return

    print("Generating data…")
    small_dir, small_accounts, small_time = generate(binary, 10_000, args.seed)
    big_dir, big_accounts, big_time = (small_dir, small_accounts, small_time) if big == 10_000 \
        else generate(binary, big, args.seed, reuse=args.reuse_data)
    if big_time:
        print(f"  10,000 cases in {small_time:.1f} s; {big:,} cases in {big_time:.1f} s ({big / big_time:,.0f} cases/s)\n")
    else:
        print(f"  10,000 cases in {small_time:.1f} s; {big:,} cases kept from an earlier run (--reuse-data)\n")

    if args.only != "case-page":
        idle, cold_start = aggregate_section(args, binary, big, big_dir, big_accounts)
    if args.only == "aggregate":
        return
    peak = case_page_section(args, binary, small_dir, small_accounts)
    if args.only == "case-page":
        return
    print("Memory and start-up")
    report([
        (f"resident memory idle ({big:,} cases) (target ≤ 150 MB)", f"{idle:8.1f} MB"),
        ("resident memory peak under load (target ≤ 400 MB)", f"{peak:8.1f} MB"),
        (f"cold start to ready ({big:,} cases)", f"{cold_start:8.2f} s"),
    ])
    print()
    import_section(binary)


if __name__ == "__main__":
    main()
