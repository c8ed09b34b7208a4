"""Lantern benchmarks: every figure measured side by side in one run and quoted as medians
and ratios. Started by bench/run; see bench/README.md for what each figure means."""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
sys.path.insert(0, str(ROOT / "pytools"))
# Starting servers, PostgreSQL, TOTP and signing in: shared with the browser and system tests.
from lantern_harness import (Account, Browserless, LanternProcess, PostgresCluster, TotpClock,  # noqa: E402
                             csrf_from, free_port, parse_demo_accounts)

# The dashboard question benchmarked: cases by borough × exploitation type × quarter, two years.
AGGREGATE_SQL = (
    "SELECT c.borough_identified AS k0, t.type AS k1, c.identified_quarter AS k2, COUNT(*) AS n "
    "FROM cases AS c JOIN case_exploitation_types AS t ON t.case_id = c.id "
    "WHERE c.identified_quarter >= {lo} AND c.identified_quarter <= {hi} "
    "GROUP BY c.borough_identified, t.type, c.identified_quarter"
)
# The same question as the cell key method asks it: with the sum of the records' keys.
KEYED_AGGREGATE_SQL = AGGREGATE_SQL.replace("COUNT(*) AS n ", "COUNT(*) AS n, SUM(t.mention_key) AS s ")


def median(xs): return statistics.median(xs)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(binary: str, directory: Path, env_extra: dict | None = None) -> tuple[LanternProcess, float]:
    """`lantern serve` on a generated demo database in `directory` (or the DATABASE_URL in
    `env_extra`); returns it and its cold start (seconds until /readyz answers)."""
    env = {"DATABASE_URL": f"sqlite://{directory / 'lantern-demo.sqlite'}",
           "LANTERN_KEY_FILE": str(directory / "lantern-demo.key"), "LOG_LEVEL": "error", **(env_extra or {})}
    server = LanternProcess(directory, args=("serve", "--log", "error"), env=env, binary=binary,
                            ready_path="/readyz", name="bench-lantern")
    started = time.perf_counter()
    server.start(timeout=300)
    return server, time.perf_counter() - started


def signed_in(server: LanternProcess, account: Account) -> Browserless:
    """A cookie session signed in with password and TOTP (each server its own TOTP clock)."""
    session = Browserless(server.base_url)
    session.sign_in(account, TotpClock())
    return session


class Connection:
    """One keep-alive connection for the timed requests (plain http.client: the least
    client-side overhead), with a session's cookies or a bearer token."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = headers

    def get(self, path: str) -> tuple[int, str]:
        self.conn.request("GET", path, headers=self.headers)
        response = self.conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")


def generate(binary, cases, seed, reuse=False) -> tuple[Path, dict, float]:
    """Writes the demo database for `cases` cases; with `reuse`, keeps one written before
    (same size and seed) and returns a time of 0."""
    directory = WORK / f"cases-{cases}-seed-{seed}"
    directory.mkdir(parents=True, exist_ok=True)
    saved = directory / "accounts.txt"
    if reuse and saved.exists() and (directory / "lantern-demo.sqlite").exists():
        return directory, parse_demo_accounts(saved.read_text()), 0.0
    started = time.perf_counter()
    out = subprocess.run([binary, "demo", "--cases", str(cases), "--seed", str(seed), "--generate-only"], cwd=directory,
                         env=dict(os.environ, PORT="8099"), capture_output=True, text=True, check=True)
    saved.write_text(out.stdout)
    return directory, parse_demo_accounts(out.stdout), time.perf_counter() - started


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


def case_page_load(server: LanternProcess, found: dict, prepare=None, duration: str = "20s") -> tuple[list, float, float]:
    """One client's median, then wrk with 32 connections for `duration`; stops the server.
    `prepare(reference)`, when given, fills the case in before anything is timed."""
    worker = signed_in(server, found["Case worker"])
    html = worker.get("/cases").text
    reference = re.search(r"/cases/(LNT-[A-Z0-9-]+)", html).group(1)
    if prepare:
        prepare(reference)
    cookie = worker.cookie_header()
    single = Connection(server.port, {"Cookie": cookie})
    status, _ = single.get(f"/cases/{reference}")
    if status != 200:
        server.stop()
        raise RuntimeError(f"the case page of {reference} answered {status}: see {server.log_path}")
    page_times = timed(lambda: single.get(f"/cases/{reference}"), 50)
    idle = rss_mb(server.process.pid)
    wrk_out = ""
    peak = idle
    if shutil.which("wrk"):
        wrk = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{duration}", "--latency", "-H", f"Cookie: {cookie}",
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


def aggregate_section(args, binary, big, big_dir, big_accounts) -> tuple[float, float]:
    """Lantern's API vs the sqlite3 command line vs Datasette; returns idle memory and cold start."""
    # Aggregates: Lantern's API vs the sqlite3 command line vs Datasette, same SQL, same file.
    server, cold_start = start_server(binary, big_dir)
    idle = rss_mb(server.process.pid)
    token = signed_in(server, big_accounts["Analyst"]).create_token("bench")
    year = time.gmtime().tm_year
    quarter = (time.gmtime().tm_mon - 1) // 3 + 1
    hi = year * 10 + quarter
    lo = (year - 2) * 10 + quarter + 1 if quarter < 4 else (year - 1) * 10 + 1
    api_path = (f"/api/v1/profile?rows=borough_identified&columns=exploitation_type&pages=quarter"
                f"&from={lo // 10}-Q{lo % 10}&to={hi // 10}-Q{hi % 10}")
    api = Connection(server.port, {"Authorization": f"Bearer {token}"})

    def lantern_query():
        status, body = api.get(api_path)
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
        ("speed-up: sqlite3 GROUP BY / Lantern from the summary table (target ≥ 20)",
         f"{median([b / a for a, b in zip(l_times, s_times)]):8.1f}×"),
        ("summary table cells (all cuboids)", f"{summary_cells(db):8,}"),
    ])
    print()
    server.stop()
    return idle, cold_start


def case_page_section(args, binary, small_dir, small_accounts) -> float:
    """The case page under load on the 10,000-case database: SQLite, then PostgreSQL.
    Returns the peak resident memory seen."""
    server, _ = start_server(binary, small_dir)
    rows, _, peak = case_page_load(server, small_accounts)
    print("Case page (authorised read + audit write), 10,000 cases, SQLite")
    report(rows)
    print()
    try:
        postgres = PostgresCluster()
    except RuntimeError as error:
        print(f"(PostgreSQL: {error}; skipping its figures)\n")
        postgres = None
    if postgres:
        try:
            url = postgres.createdb("lantern_bench")
            pg_dir = WORK / "postgres-10000"
            pg_dir.mkdir(parents=True, exist_ok=True)
            env = dict(os.environ, PORT="8099", DATABASE_URL=url, LANTERN_KEY_FILE=str(pg_dir / "lantern-demo.key"))
            out = subprocess.run([binary, "demo", "--cases", "10000", "--seed", str(args.seed), "--generate-only"], cwd=pg_dir,
                                 env=env, capture_output=True, text=True, check=True)
            server, _ = start_server(binary, pg_dir, env_extra={"DATABASE_URL": url})
            pg_rows, _, pg_peak = case_page_load(server, parse_demo_accounts(out.stdout))
            peak = max(peak, pg_peak)
            print("Case page (authorised read + audit write), 10,000 cases, PostgreSQL")
            report(pg_rows)
            print()
        finally:
            postgres.close()
    return peak


def aftercare_rows(reference: str, today: int, episodes: int = 50) -> str:
    """SQL (SQLite and PostgreSQL alike) giving one case `episodes` accommodation and support
    episodes one after another (the last still open) and an open alert of every kind; the
    other values are copied from the case row so each has its database's own types."""
    kinds = ["government_safe_house", "bed_and_breakfast", "hostel", "temporary_accommodation", "refuge", "supported_housing"]
    supports = ["vcc_safe_house", "vcc_outreach", "charity", "legal_advice", "health"]
    alerts = ["bed_and_breakfast_42_days", "move_on_ending_unsettled", "no_contact", "nrpf_without_support", "child_turning_18"]
    case = f"FROM cases c WHERE c.reference = '{reference}'"
    statements = []
    for i in range(episodes):
        start = today - (episodes - i) * 20
        until = "NULL" if i == episodes - 1 else str(start + 19)
        statements.append("INSERT INTO case_accommodation (id, case_id, kind, borough_code, from_day, until_day, recorded_by, recorded_at) "
                          f"SELECT '{str(uuid.uuid4()).upper()}', c.id, '{kinds[i % len(kinds)]}', c.borough_identified, {start}, {until}, "
                          f"c.created_by, c.created_at {case}")
        statements.append("INSERT INTO case_support (id, case_id, kind, from_day, until_day, recorded_by, recorded_at) "
                          f"SELECT '{str(uuid.uuid4()).upper()}', c.id, '{supports[i % len(supports)]}', {start}, {until}, "
                          f"c.created_by, c.created_at {case}")
    for kind in alerts:
        statements.append("INSERT INTO case_alerts (id, case_id, kind, window_key, raised_on, raised_at, organisation_id, state) "
                          f"SELECT '{str(uuid.uuid4()).upper()}', c.id, '{kind}', 'bench', {today}, c.created_at, c.organisation_id, 'open' {case}")
    return ";\n".join(statements) + ";"


def case_page_aftercare_section(args, binary, small_dir, small_accounts) -> float:
    """The case page of one case with 50 accommodation and 50 support episodes and five open
    alerts, at 32 connections: on a copy of the 10,000-case SQLite database, then PostgreSQL.
    Returns the peak resident memory seen."""
    today = int(time.time() // 86400)
    duration = "5s" if args.quick else "20s"
    copy = WORK / "casepage-aftercare"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    for name in ("lantern-demo.sqlite", "lantern-demo.key"):
        shutil.copy(small_dir / name, copy / name)

    def fill_sqlite(reference):
        import sqlite3
        connection = sqlite3.connect(copy / "lantern-demo.sqlite", timeout=30)
        connection.executescript(aftercare_rows(reference, today))
        connection.commit()
        connection.close()

    server, _ = start_server(binary, copy)
    rows, _, peak = case_page_load(server, small_accounts, prepare=fill_sqlite, duration=duration)
    print("Case page with 50 accommodation and 50 support episodes and 5 open alerts, 10,000 cases, SQLite")
    report(rows)
    print()
    try:
        postgres = PostgresCluster()
    except RuntimeError as error:
        print(f"(PostgreSQL: {error}; skipping its figures)\n")
        return peak
    try:
        name = "lantern_bench_aftercare"
        url = postgres.createdb(name)
        pg_dir = WORK / "postgres-aftercare"
        shutil.rmtree(pg_dir, ignore_errors=True)
        pg_dir.mkdir(parents=True)
        env = dict(os.environ, PORT="8099", DATABASE_URL=url, LANTERN_KEY_FILE=str(pg_dir / "lantern-demo.key"))
        out = subprocess.run([binary, "demo", "--cases", "10000", "--seed", str(args.seed), "--generate-only"], cwd=pg_dir,
                             env=env, capture_output=True, text=True, check=True)
        server, _ = start_server(binary, pg_dir, env_extra={"DATABASE_URL": url})
        pg_rows, _, pg_peak = case_page_load(server, parse_demo_accounts(out.stdout),
                                             prepare=lambda reference: postgres.psql(name, aftercare_rows(reference, today)),
                                             duration=duration)
        peak = max(peak, pg_peak)
        print("Case page with 50 accommodation and 50 support episodes and 5 open alerts, 10,000 cases, PostgreSQL")
        report(pg_rows)
        print()
    finally:
        postgres.close()
    return peak


PUBLIC_PAGES = ["/partnership", "/contacts", "/get-help", "/partnership/meetings.ics", "/partnership/minutes.atom"]


def wrk_public(port: int, path: str) -> tuple[str, str, str, str]:
    """wrk with 32 connections for 10 s on one public page (no sign-in): p50, p99, rate, non-2xx."""
    out = subprocess.run(["wrk", "-t2", "-c32", "-d10s", "--latency", f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, check=True).stdout
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    rps = re.search(r"Requests/sec:\s+(\S+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return lat.get("50", "?"), lat.get("99", "?"), rps.group(1) if rps else "?", non2xx.group(1) if non2xx else "0"


def public_pages_section(binary, small_dir) -> None:
    """The public site (no sign-in) under 32 connections, on the demo database (its fictional
    board, meetings, minutes and the 33 boroughs' directory), in English and in Arabic."""
    if not shutil.which("wrk"):
        print("(wrk is not installed: skipping the public pages)")
        return
    server, _ = start_server(binary, small_dir)
    try:
        rows = []
        for path in PUBLIC_PAGES + ["/partnership?lang=ar", "/contacts?lang=ro"]:
            single = Connection(server.port, {})
            status, _ = single.get(path)
            if status != 200:
                rows.append((f"{path}", f"HTTP {status}: not measured"))
                continue
            one = timed(lambda: single.get(path), 30)
            p50, p99, rps, non2xx = wrk_public(server.port, path)
            rows.append((f"{path}: one client median / wrk p50 / p99 (target ≤ 50 ms)",
                         f"{median(one) * 1000:6.1f} ms / {p50} / {p99}; {rps} req/s; non-2xx {non2xx}"))
    finally:
        server.stop()
    print("Public pages (no sign-in), 32 connections, SQLite")
    report(rows)
    print()


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


def web_upload_section(binary, directory: Path, accounts: dict, cases: int, runs: int = 5) -> None:
    """The largest police table (87,042 rows, 6.8 MB) through the web as an analyst uploads it:
    the upload (read, checked and held: answered with the preview's address), the preview,
    and the confirmation (stored in place of the previous run's dataset), on the demo database."""
    police = ROOT.parent / "shared" / "data" / "nrm-statistics" / "nrm_referrals_police_2022_q2.csv"
    if not police.exists():
        print("(the shared NRM statistics are not beside this clone: skipping the web upload figures)")
        return
    content = police.read_bytes()
    server, _ = start_server(binary, directory)
    try:
        analyst = signed_in(server, accounts["Analyst"])
        uploads, previews, confirms, totals = [], [], [], []
        previous = ""
        for i in range(runs):
            token = analyst.csrf("/profile/datasets/upload")
            fields = [("_csrf", token), ("from", "2022-Q2"), ("title", f"bench upload {i}"), ("replace", previous),
                      ("covers", "national")]
            t0 = time.perf_counter()
            uploaded = analyst.post("/profile/datasets/upload", data=fields,
                                    files={"file": ("nrm_referrals_police_2022_q2.csv", content, "text/csv")})
            t1 = time.perf_counter()
            assert uploaded.status_code == 303, (uploaded.status_code, uploaded.text[:400])
            preview_path = uploaded.headers["location"]
            page = analyst.get(preview_path)
            t2 = time.perf_counter()
            assert page.status_code == 200 and "Store" in page.text, page.status_code
            confirm_token = csrf_from(page.text)
            stored = analyst.post(preview_path + "/confirm", data=[("_csrf", confirm_token)])
            t3 = time.perf_counter()
            assert stored.status_code == 303, (stored.status_code, stored.text[:400])
            previous = stored.headers["location"].split("imported=")[1]
            uploads.append(t1 - t0)
            previews.append(t2 - t1)
            confirms.append(t3 - t2)
            totals.append(t3 - t0)
    finally:
        server.stop()
    print(f"Web upload of the Home Office police table (87,042 rows, 6.8 MB), {cases:,}-case database, SQLite, {runs} runs")
    report([("upload: read, checked and held (median)", f"{median(uploads):8.2f} s"),
            ("preview (median)", f"{median(previews):8.2f} s"),
            ("confirm: stored in place of the last (median)", f"{median(confirms):8.2f} s"),
            ("upload to stored, whole (median; target < 3 s)", f"{median(totals):8.2f} s"),
            ("slowest whole run", f"{max(totals):8.2f} s")])
    print()


def htcds_section(binary, directory: Path, accounts: dict, cases: int, runs: int = 3) -> None:
    """The HTCDS export as an analyst downloads it (CSV and JSON, read to the end), with the
    server's resident memory sampled every 20 ms during the downloads, and the generalisation
    report the page shows for this database."""
    import threading
    server, _ = start_server(binary, directory)
    try:
        analyst = signed_in(server, accounts["Analyst"])
        started = time.perf_counter()
        page = analyst.get("/profile/htcds", timeout=600)
        page_time = time.perf_counter() - started
        assert page.status_code == 200, page.status_code
        text = re.sub(r"<[^>]+>", " ", page.text.split("Generalisation report", 1)[1].split("Downloads", 1)[0])
        report_lines = [" ".join(line.split()) for line in text.replace("&#39;", "'").splitlines() if line.strip()]
        peak, idle = [0.0], rss_mb(server.process.pid)
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(server.process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timings: dict[str, list[float]] = {"csv": [], "json": []}
        sizes: dict[str, int] = {}
        for _ in range(runs):
            for kind in ("csv", "json"):
                started = time.perf_counter()
                response = analyst.get(f"/profile/htcds/download.{kind}", stream=True, timeout=600)
                size = sum(len(chunk) for chunk in response.iter_content(256 * 1024))
                timings[kind].append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
                sizes[kind] = size
        stop.set()
        sampler.join()
    finally:
        server.stop()
    print(f"HTCDS export, {cases:,} cases, SQLite, {runs} runs")
    report([("the page: the plan and its generalisation report (first view)", f"{page_time:8.2f} s"),
            ("CSV, whole download (median; target < 60 s at 1,000,000)", f"{median(timings['csv']):8.2f} s"),
            ("JSON, whole download (median)", f"{median(timings['json']):8.2f} s"),
            ("CSV / JSON size", f"{sizes['csv'] / 1e6:6.1f} / {sizes['json'] / 1e6:.1f} MB"),
            ("server resident memory: before / peak during (target < 400 MB)", f"{idle:6.1f} / {peak[0]:.1f} MB")])
    print("  Generalisation report:")
    for line in report_lines:
        print(f"    {line}")
    print()


def summary_cells(db: str) -> int:
    out = subprocess.run(["sqlite3", db, "SELECT COUNT(*) FROM profile_cells"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0) if out.returncode == 0 else 0


CELL_TRIGGERS = ("profile_cells_case_insert", "profile_cells_case_update", "profile_cells_case_delete",
                 "profile_cells_type_insert", "profile_cells_type_update", "profile_cells_type_delete")


def new_case_body(n: int) -> str:
    """A case as the API takes it, varied so the writes touch many cells."""
    import json
    boroughs = ["E09000012", "E09000007", "E09000028", "E09000030", "E09000025"]
    types = [["criminal"], ["labour", "sexual"], ["domestic_servitude"], ["criminal", "labour", "sexual"]]
    day = time.gmtime(time.time() - 86400 * (1 + n % 300))
    return json.dumps({"identifiedOn": time.strftime("%Y-%m-%d", day), "ageGroup": ["adult", "child"][n % 2],
                       "gender": ["male", "female"][n % 2], "nationality": ["GBR", "ALB", "VNM", "ERI"][n % 4],
                       "boroughIdentified": boroughs[n % 5], "exploitationTypes": types[n % 4],
                       "exploitationLocation": "uk", "countyLines": n % 3 == 0})


def case_write_section(binary, small_dir: Path, accounts: dict, writes: int = 300) -> None:
    """What keeping the summary table costs a case write: the same 10,000-case database with
    and without its triggers (dropped in a copy), case creations through the API alternated
    between the two in rounds, so drift affects both alike."""
    copies = {}
    for label in ("with", "without"):
        copy = WORK / f"case-write-{label}"
        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir(parents=True)
        for name in ("lantern-demo.sqlite", "lantern-demo.key"):
            shutil.copy(small_dir / name, copy / name)
        copies[label] = copy
    servers, connections = {}, {}
    try:
        for label, copy in copies.items():
            server, _ = start_server(binary, copy)          # migrates: the cells and triggers are there
            servers[label] = server
            token = signed_in(server, accounts["Case worker"]).create_token("bench writes")
            connections[label] = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60), token
        # Only now, after migrating, are the triggers dropped from one copy.
        subprocess.run(["sqlite3", str(copies["without"] / "lantern-demo.sqlite"),
                        "; ".join(f"DROP TRIGGER IF EXISTS {name}" for name in CELL_TRIGGERS)], check=True)
        times = {"with": [], "without": []}
        n = 0

        def write(label):
            nonlocal n
            connection, token = connections[label]
            body = new_case_body(n)
            n += 1
            started = time.perf_counter()
            connection.request("POST", "/api/v1/cases", body=body,
                               headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            response = connection.getresponse()
            text = response.read()
            times[label].append(time.perf_counter() - started)
            assert response.status == 201, (response.status, text[:300])

        for label in ("with", "without"):        # warm-up
            for _ in range(10): write(label)
        times = {"with": [], "without": []}
        for _ in range(writes // 20):
            for label in ("with", "without"):
                for _ in range(20): write(label)
        verify = servers["with"].cli("profile", "verify", timeout=600,
                                     env={"DATABASE_URL": f"sqlite://{copies['with'] / 'lantern-demo.sqlite'}",
                                          "LANTERN_KEY_FILE": str(copies['with'] / 'lantern-demo.key')})
    finally:
        for server in servers.values():
            server.stop()
    with_cells, without = median(times["with"]), median(times["without"])
    print(f"Case writes through the API (POST /api/v1/cases), 10,000 cases, SQLite, {len(times['with'])} writes each")
    report([("with the summary table's triggers, median", f"{with_cells * 1000:8.2f} ms"),
            ("without them (dropped in a copy), median", f"{without * 1000:8.2f} ms"),
            ("ratio with / without (target ≤ 1.20)", f"{with_cells / without:8.2f}"),
            ("lantern profile verify afterwards", (verify.stdout + verify.stderr).strip().splitlines()[-1][:70])])
    print()


def burst_section(binary, small_dir: Path, accounts: dict, connections: int = 200) -> None:
    """A burst of audited case views: `connections` at once (wrk) for 15 s on 2 cores. Every
    one must get its page, never a 503: waits are bounded queues, not errors."""
    server, _ = start_server(binary, small_dir)
    try:
        worker = signed_in(server, accounts["Case worker"])
        reference = re.search(r"/cases/(LNT-[A-Z0-9-]+)", worker.get("/cases").text).group(1)
        cookie = worker.cookie_header()
        status, _ = Connection(server.port, {"Cookie": cookie}).get(f"/cases/{reference}")
        assert status == 200, status
        before = audit_views(small_dir)
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", "-d15s", "--timeout", "60s", "--latency", "-H", f"Cookie: {cookie}",
                              f"http://127.0.0.1:{server.port}/cases/{reference}"], capture_output=True, text=True).stdout
        peak = rss_mb(server.process.pid)
    finally:
        server.stop()
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    audited = audit_views(small_dir) - before
    print(f"Burst: {connections} connections at once on the case page (each view audited), 10,000 cases, SQLite, 15 s")
    report([("requests answered", total.group(1) if total else "?"),
            ("non-2xx answers (503s included; target 0)", non2xx.group(1) if non2xx else "0"),
            ("socket errors or timeouts (target none)", errors.group(1) if errors else "none"),
            ("views audited during the burst", f"{audited:,}"),
            ("p50 / p99", f"{lat.get('50', '?')} / {lat.get('99', '?')}"),
            ("server resident memory after", f"{peak:8.1f} MB")])
    print()


def audit_views(directory: Path) -> int:
    out = subprocess.run(["sqlite3", str(directory / "lantern-demo.sqlite"),
                          "SELECT COUNT(*) FROM audit_entries WHERE action = 'case.viewed'"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0) if out.returncode == 0 else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--reuse-data", action="store_true",
                        help="keep demo databases written by an earlier run (same sizes and seed)")
    parser.add_argument("--only", choices=["aggregate", "case-page", "casepage-aftercare", "import", "public", "upload", "htcds",
                                           "workbench", "case-write", "burst", "cells"],
                        help="one section, for iterating on it (the full run is the one to quote)")
    args = parser.parse_args()
    big = args.cases or (10_000 if args.quick else 1_000_000)
    if args.only in ("case-page", "casepage-aftercare", "public", "case-write", "burst"):
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

    if args.only == "public":
        public_pages_section(binary, small_dir)
        return
    if args.only == "upload":
        web_upload_section(binary, big_dir, big_accounts, big)
        return
    if args.only == "htcds":
        htcds_section(binary, big_dir, big_accounts, big)
        return
    if args.only == "workbench":
        # The data sub-group's two targets side by side, on one database in one run.
        web_upload_section(binary, big_dir, big_accounts, big)
        htcds_section(binary, big_dir, big_accounts, big)
        return
    if args.only == "case-write":
        case_write_section(binary, small_dir, small_accounts)
        return
    if args.only == "burst":
        burst_section(binary, small_dir, small_accounts)
        return
    if args.only == "cells":
        # The summary table's two targets side by side: the dashboard and the writes.
        aggregate_section(args, binary, big, big_dir, big_accounts)
        case_write_section(binary, small_dir, small_accounts)
        return
    if args.only == "casepage-aftercare":
        case_page_aftercare_section(args, binary, small_dir, small_accounts)
        return
    if args.only != "case-page":
        idle, cold_start = aggregate_section(args, binary, big, big_dir, big_accounts)
    if args.only == "aggregate":
        return
    peak = case_page_section(args, binary, small_dir, small_accounts)
    if args.only == "case-page":
        return
    peak = max(peak, case_page_aftercare_section(args, binary, small_dir, small_accounts))
    case_write_section(binary, small_dir, small_accounts)
    burst_section(binary, small_dir, small_accounts)
    public_pages_section(binary, small_dir)
    print("Memory and start-up")
    report([
        (f"resident memory idle ({big:,} cases) (target ≤ 150 MB)", f"{idle:8.1f} MB"),
        ("resident memory peak under load (target ≤ 400 MB)", f"{peak:8.1f} MB"),
        (f"cold start to ready ({big:,} cases)", f"{cold_start:8.2f} s"),
    ])
    print()
    import_section(binary)
    web_upload_section(binary, big_dir, big_accounts, big)
    htcds_section(binary, big_dir, big_accounts, big)


if __name__ == "__main__":
    main()
