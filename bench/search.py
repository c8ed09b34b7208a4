"""Finding a case by name (issue 12): `/cases/search` over N synthetic cases, on SQLite and
PostgreSQL, as a case worker of the demo's largest organisation would search: a first and a
family name (some such people exist, most combinations do not), now and then with a year of
birth. One client's median over 200 searches, then wrk with 32 connections for 20 s cycling
through 500 different searches: median (p50) and p99. Target at 1,000,000 cases: p99 under 50 ms.

  python3 bench/search.py --binary .build-release/release/lantern [--cases 1000000] [--seed 42] [--no-postgres]

The names are drawn from the same lists the generator uses (LanternCore/CaseSearch/
SyntheticNames.swift); the index holds only keyed hashes, so a search is the only way in."""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import WORK, Connection, median, pct, report, signed_in, start_server  # noqa: E402
from lantern_harness import PostgresCluster, parse_demo_accounts  # noqa: E402

SOURCE = Path(__file__).resolve().parent.parent / "Sources/LanternCore/CaseSearch/SyntheticNames.swift"


def name_lists() -> tuple[list[str], list[str], list[str]]:
    text = SOURCE.read_text(encoding="utf-8")

    def words(name: str) -> list[str]:
        block = re.search(rf"static let {name} = \[(.*?)\]", text, re.S).group(1)
        return re.findall(r'"([^"]+)"', block)
    return words("firstNames"), words("familyStems"), words("familyEndings")


def searches(count: int, seed: int) -> list[str]:
    firsts, stems, endings = name_lists()
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        name = f"{rng.choice(firsts)} {rng.choice(stems)}{rng.choice(endings)}"
        query = {"name": name}
        if i % 4 == 0:
            query["dob"] = str(rng.randint(1966, 2015))
        paths.append("/cases/search?" + urllib.parse.urlencode(query))
    return paths


def wrk_script(paths: list[str], directory: Path) -> Path:
    script = directory / "search-paths.lua"
    quoted = ",\n".join(f'  "{p}"' for p in paths)
    script.write_text("paths = {\n" + quoted + "\n}\ncounter = 0\n"
                      "request = function()\n  counter = counter + 1\n"
                      "  return wrk.format(\"GET\", paths[(counter % #paths) + 1])\nend\n")
    return script


def measure(binary: str, directory: Path, accounts: dict, paths: list[str], env_extra: dict) -> list[tuple[str, str]]:
    server, _ = start_server(binary, directory, env_extra=env_extra)
    try:
        worker = signed_in(server, accounts["Case worker"])
        cookie = worker.cookie_header()
        single = Connection(server.port, {"Cookie": cookie})
        status, body = single.get(paths[0])
        if status != 200:
            raise RuntimeError(f"{paths[0]} answered {status}: see {server.log_path}")
        found = 0
        times = []
        for path in paths[:200]:
            started = time.perf_counter()
            status, body = single.get(path)
            times.append(time.perf_counter() - started)
            found += body.count('href="/cases/LNT-')
        rows = [("single client, median / p99", f"{median(times) * 1000:6.1f} ms / {pct(times, 99) * 1000:6.1f} ms"),
                ("cases found by 200 searches", f"{found}")]
        if shutil.which("wrk"):
            out = subprocess.run(["wrk", "-t2", "-c32", "-d20s", "--latency", "-H", f"Cookie: {cookie}",
                                  "-s", str(wrk_script(paths, directory)), f"http://127.0.0.1:{server.port}/"],
                                 capture_output=True, text=True, check=True).stdout
            lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
            rps = re.search(r"Requests/sec:\s+(\S+)", out)
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            rows += [("wrk 32 connections, median (p50)", lat.get("50", "?")),
                     ("wrk 32 connections, p99 (target < 50 ms)", lat.get("99", "?")),
                     ("throughput", f"{rps.group(1) if rps else '?'} searches/s"),
                     ("non-2xx responses", non2xx.group(1) if non2xx else "0")]
        else:
            rows.append(("wrk", "not installed: skipped"))
        return rows
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true", help="10,000 cases")
    parser.add_argument("--reuse-data", action="store_true", help="keep a SQLite demo database written before (same size, seed)")
    args, _ = parser.parse_known_args()
    if args.quick:
        args.cases = 10_000
    binary = str(Path(args.binary).resolve())
    paths = searches(500, args.seed)
    print(f"Name search over {args.cases:,} synthetic cases (target p99 under 50 ms at 32 connections)")

    directory = WORK / f"search-{args.cases}-seed-{args.seed}"
    directory.mkdir(parents=True, exist_ok=True)
    saved = directory / "accounts.txt"
    if not (args.reuse_data and saved.exists() and (directory / "lantern-demo.sqlite").exists()):
        for name in ("lantern-demo.sqlite", "lantern-demo.sqlite-wal", "lantern-demo.sqlite-shm"):
            (directory / name).unlink(missing_ok=True)
        started = time.perf_counter()
        out = subprocess.run([binary, "demo", "--cases", str(args.cases), "--seed", str(args.seed), "--generate-only"], cwd=directory,
                             env=dict(os.environ, PORT="8099", LANTERN_KEY_FILE=str(directory / "lantern-demo.key")),
                             capture_output=True, text=True, check=True)
        saved.write_text(out.stdout)
        print(f"  demo database written in {time.perf_counter() - started:.1f} s")
    accounts = parse_demo_accounts(saved.read_text())
    print("SQLite")
    report(measure(binary, directory, accounts, paths, {}))

    if args.no_postgres:
        return
    try:
        cluster = PostgresCluster()
    except RuntimeError as error:
        print(f"  (PostgreSQL: {error}; skipped)")
        return
    try:
        name = "lantern_bench_search"
        url = cluster.createdb(name)
        pg_dir = WORK / f"postgres-search-{args.cases}"
        pg_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, PORT="8099", DATABASE_URL=url, LANTERN_KEY_FILE=str(pg_dir / "lantern-demo.key"))
        started = time.perf_counter()
        out = subprocess.run([binary, "demo", "--cases", str(args.cases), "--seed", str(args.seed), "--generate-only"], cwd=pg_dir,
                             env=env, capture_output=True, text=True, check=True)
        print(f"  PostgreSQL demo database written in {time.perf_counter() - started:.1f} s")
        cluster.psql(name, "ANALYZE", timeout=1800)
        print("PostgreSQL")
        report(measure(binary, pg_dir, parse_demo_accounts(out.stdout), paths, {"DATABASE_URL": url}))
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
