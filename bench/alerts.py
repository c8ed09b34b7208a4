"""The alert sweep (ScheduledJobs.caseAlerts) over N synthetic cases, on SQLite and PostgreSQL:
how long the job takes (its own job_runs row) and the server's peak resident memory while it
runs. Target at 1,000,000 cases: under 10 s and 400 MB.

  python3 bench/alerts.py --binary .build-release/release/lantern [--cases 1000000] [--seed 42] [--no-postgres]

The demo database is written by `lantern demo --generate-only`; then plain SQL gives the cases
an aftercare history in the proportions below (most open cases had contact in the last 20 days;
some are in B&B, some have no recourse to public funds, some children turn 18 soon), clears any
alerts the demo raised, and starts `lantern serve` with a short job timer: the first tick runs
the sweep for today."""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import WORK, rss_mb, start_server  # noqa: E402
from lantern_harness import PostgresCluster  # noqa: E402


def populate_sql(sqlite: bool, today: int) -> list[str]:
    if sqlite:
        new_id = ("upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
                  "substr('89AB', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")
        r = "abs(random())"
    else:
        new_id = "gen_random_uuid()"
        r = "floor(random() * 1000000000)::bigint"
    open_cases = "FROM cases c WHERE c.stage <> 'closed' AND c.erased_at IS NULL"
    month = (datetime.utcfromtimestamp(today * 86400).year * 12 + datetime.utcfromtimestamp(today * 86400).month - 1)
    return [
        "DELETE FROM case_alerts",
        "DELETE FROM tasks WHERE source_key LIKE 'alert:%'",
        "DELETE FROM job_runs WHERE job = 'case_alerts'",
        # 90% of open cases: a contact in the last 20 days.
        f"INSERT INTO case_contacts (id, case_id, contact_on, method, recorded_by, recorded_at) "
        f"SELECT {new_id}, c.id, {today} - ({r} % 20), 'phone', c.created_by, c.created_at {open_cases} AND {r} % 10 <> 0",
        # 8%: bed and breakfast since up to 90 days ago; 3%: a social tenancy.
        f"INSERT INTO case_accommodation (id, case_id, kind, from_day, recorded_by, recorded_at) "
        f"SELECT {new_id}, c.id, 'bed_and_breakfast', {today} - ({r} % 90), c.created_by, c.created_at {open_cases} AND {r} % 100 < 8",
        f"INSERT INTO case_accommodation (id, case_id, kind, from_day, recorded_by, recorded_at) "
        f"SELECT {new_id}, c.id, 'social_tenancy', {today} - ({r} % 90), c.created_by, c.created_at {open_cases} AND {r} % 100 < 3",
        # 10%: an immigration status, half with no recourse to public funds; 4%: support.
        f"INSERT INTO case_status (id, case_id, immigration_status, nrpf, from_day, recorded_by, recorded_at) "
        f"SELECT {new_id}, c.id, 'no_leave', ({r} % 2 = 0), {today} - ({r} % 200), c.created_by, c.created_at {open_cases} AND {r} % 10 = 0",
        f"INSERT INTO case_support (id, case_id, kind, from_day, recorded_by, recorded_at) "
        f"SELECT {new_id}, c.id, 'charity', {today} - ({r} % 200), c.created_by, c.created_at {open_cases} AND {r} % 100 < 4",
        # A fifth of the children: the month they turn 18, within the next two years.
        f"INSERT INTO case_children (id, case_id, turns_18_month, county_lines, criminal_exploitation, recorded_by, recorded_at, updated_by, updated_at) "
        f"SELECT {new_id}, c.id, (({month} + ({r} % 24)) / 12) * 100 + ({month} + ({r} % 24)) % 12 + 1, {'0' if sqlite else 'false'}, "
        f"{'0' if sqlite else 'false'}, c.created_by, c.created_at, c.created_by, c.created_at "
        f"{open_cases} AND c.age_group <> 'Adult (18 or over)' AND {r} % 5 = 0 "
        f"AND NOT EXISTS (SELECT 1 FROM case_children x WHERE x.case_id = c.id)",
    ]


def seconds(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace("T", " ").rstrip("Z")
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z"):
        try:
            return datetime.strptime(text.split("+")[0], fmt.replace("%z", "")).timestamp()
        except ValueError:
            continue
    return float(text)


def measure(binary: str, directory: Path, query_run, env_extra: dict) -> tuple[float, float, str]:
    """Starts the server, watches for the case_alerts run; returns (seconds, the server's peak MB from
    start until the sweep finished (the same tick runs the other daily jobs first), result)."""
    server, _ = start_server(binary, directory, env_extra={"LANTERN_JOB_INTERVAL": "2", **env_extra})
    peak = 0.0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_mb(server.process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        deadline = time.time() + 3600
        while time.time() < deadline:
            row = query_run()
            if row:
                started, finished, result = row
                if finished:
                    return seconds(finished) - seconds(started), peak, result
            time.sleep(0.05)
        raise RuntimeError("the alert sweep did not finish within an hour")
    finally:
        stop.set()
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true", help="10,000 cases")
    args, _ = parser.parse_known_args()  # bench/run's other options (--runs, --reuse-data) do not apply
    if args.quick:
        args.cases = 10_000
    binary = str(Path(args.binary).resolve())
    today = int(time.time() // 86400)
    print(f"Alert sweep over {args.cases:,} synthetic cases (target under 10 s and 400 MB)")

    directory = WORK / f"alerts-{args.cases}-seed-{args.seed}"
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("lantern-demo.sqlite", "lantern-demo.sqlite-wal", "lantern-demo.sqlite-shm"):
        (directory / name).unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([binary, "demo", "--cases", str(args.cases), "--seed", str(args.seed), "--generate-only"], cwd=directory,
                   env=dict(os.environ, PORT="8099", LANTERN_KEY_FILE=str(directory / "lantern-demo.key")),
                   capture_output=True, text=True, check=True)
    print(f"  demo database written in {time.perf_counter() - started:.1f} s")
    db = sqlite3.connect(directory / "lantern-demo.sqlite")
    for statement in populate_sql(True, today):
        db.execute(statement)
    db.commit()
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("cases", "case_contacts", "case_accommodation", "case_status", "case_support", "case_children")}
    db.close()
    print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    def sqlite_run():
        con = sqlite3.connect(f"file:{directory / 'lantern-demo.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT started_at, finished_at, result FROM job_runs WHERE job = 'case_alerts'").fetchone()
        except sqlite3.OperationalError:
            return None
        finally:
            con.close()

    took, peak, result = measure(binary, directory, sqlite_run, {})
    print(f"  SQLite:     {took:6.2f} s, peak {peak:6.1f} MB  ({result})")

    if args.no_postgres:
        return
    try:
        cluster = PostgresCluster()
    except RuntimeError as error:
        print(f"  (PostgreSQL: {error}; skipped)")
        return
    try:
        name = "lantern_bench_alerts"
        url = cluster.createdb(name)
        pg_dir = WORK / f"postgres-alerts-{args.cases}"
        pg_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, PORT="8099", DATABASE_URL=url, LANTERN_KEY_FILE=str(pg_dir / "lantern-demo.key"))
        subprocess.run([binary, "demo", "--cases", str(args.cases), "--seed", str(args.seed), "--generate-only"], cwd=pg_dir,
                       env=env, capture_output=True, text=True, check=True)
        for statement in populate_sql(False, today):
            cluster.psql(name, statement, timeout=1800)
        cluster.psql(name, "ANALYZE", timeout=1800)

        def pg_run():
            out = cluster.psql(name, "SELECT extract(epoch FROM started_at), extract(epoch FROM finished_at), result "
                                     "FROM job_runs WHERE job = 'case_alerts'").strip()
            if not out:
                return None
            started, finished, result = out.split("|", 2)
            return float(started), float(finished) if finished else None, result

        took, peak, result = measure(binary, pg_dir, pg_run, {"DATABASE_URL": url})
        print(f"  PostgreSQL: {took:6.2f} s, peak {peak:6.1f} MB  ({result})")
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
