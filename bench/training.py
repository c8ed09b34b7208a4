"""Training at London's scale (issue 13): the coverage map (`/training/coverage`, and its JSON)
and the Train-the-Trainer cascade (`/training/cascade`, and its JSON) over 100,000 trained
people, on SQLite and PostgreSQL, as the demo's analyst opens them. Target: under 200 ms each
(median of 30 requests on one keep-alive connection, after 3 to warm up).

  python3 bench/training.py --binary .build-release/release/lantern [--people 100000] [--no-postgres]
                            [--before path/to/an/earlier/lantern]

With `--before`, an earlier build is measured on the same database straight after, and each
figure is given as before, after and the ratio.

The demo database (`lantern demo --cases 1000 --generate-only`) is given, in plain SQL, a
cascade four generations deep under 10 of the demo's trainers: 10 roots train 100 trainers,
who train 1,000 trainers, who between them train the rest, each completion a place attended on
a session its lead trainer ran in the last two years, in a borough and an agency drawn at
random (a tenth of them lapsed). The 1,100 trainers below the roots are accounts copied from a
demo trainer's row (new id and email), so the cascade page looks them up as it would in life."""
from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import WORK, Connection, median, pct, report, signed_in, start_server  # noqa: E402
from lantern_harness import PostgresCluster, parse_demo_accounts  # noqa: E402

BOROUGHS = [f"E090000{n:02d}" for n in range(1, 34)]
AGENCIES = ["council", "police", "nhs", "charity", "other"]
PATHS = ["/training/coverage", "/training/coverage.json", "/training/cascade", "/training/cascade.json"]


class Store:
    """The same statements on SQLite (sqlite3) or PostgreSQL (psql, one script)."""

    def __init__(self, sqlite_path: Path | None = None, cluster: PostgresCluster | None = None, database: str = ""):
        self.sqlite = sqlite3.connect(sqlite_path) if sqlite_path else None
        self.cluster, self.database = cluster, database
        self.script: list[str] = []

    def rows(self, sql: str) -> list[list[str]]:
        if self.sqlite:
            return [["" if v is None else str(v) for v in row] for row in self.sqlite.execute(sql).fetchall()]
        out = self.cluster.psql(self.database, "COPY (" + sql + ") TO STDOUT")
        return [line.split("\t") for line in out.splitlines() if line]

    def columns(self, table: str) -> list[str]:
        if self.sqlite:
            return [row[1] for row in self.sqlite.execute(f"PRAGMA table_info({table})")]
        return [r[0] for r in self.rows(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' "
                                        "AND table_schema = current_schema() ORDER BY ordinal_position")]

    def execute(self, sql: str) -> None:
        if self.sqlite:
            self.sqlite.execute(sql)
        else:
            self.script.append(sql + ";")

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        """Many rows; values are Python str/int/bool/None, or Raw for SQL text."""
        for start in range(0, len(rows), 2000):
            chunk = rows[start:start + 2000]
            values = ",\n".join("(" + ", ".join(literal(v) for v in row) + ")" for row in chunk)
            self.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n{values}")

    def commit(self) -> None:
        if self.sqlite:
            self.sqlite.commit()
            self.sqlite.execute("ANALYZE")
            self.sqlite.close()
        else:
            # One script file, one transaction (too long for a command line).
            script = WORK / f"{self.database}.sql"
            script.write_text("BEGIN;\n" + "\n".join(self.script) + "\nCOMMIT;\nANALYZE;\n", encoding="utf-8")
            result = subprocess.run([str(self.cluster.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.cluster.port), "-U", "lantern",
                                     "-d", self.database, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script)],
                                    capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
            script.unlink(missing_ok=True)
            if result.returncode != 0:
                raise RuntimeError(f"psql failed: {result.stderr[-2000:]}")


class Raw(str):
    """SQL text, put in as it is."""


def literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def populate(store: Store, people: int, today: int, seed: int) -> dict:
    rng = random.Random(seed)
    upper = store.rows("SELECT id FROM training_courses LIMIT 1")[0][0].isupper()

    def new_id() -> str:
        value = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        return value.upper() if upper else value

    trainers = [r[0] for r in store.rows("SELECT id FROM users WHERE roles LIKE '%trainer%' ORDER BY id")]
    template = trainers[0]
    course = store.rows("SELECT id, organisation_id FROM training_courses ORDER BY title LIMIT 1")[0]
    stamp = Raw("(SELECT created_at FROM training_courses LIMIT 1)")
    user_columns = store.columns("users")

    # The 1,100 trainers below the roots: a demo trainer's row, each with its own id and email.
    def copy_user(n: int) -> str:
        user_id = new_id()
        typed_id = literal(user_id) if store.sqlite else f"CAST({literal(user_id)} AS uuid)"
        chosen = [Raw(typed_id) if c == "id" else Raw(literal(f"bench.trainer{n}@example.org")) if c == "email"
                  else Raw(literal(f"bench-trainer-{n}")) if c == "email_index" else Raw(c) for c in user_columns]
        store.execute(f"INSERT INTO users ({', '.join(user_columns)}) SELECT {', '.join(chosen)} FROM users WHERE id = {literal(template)}")
        return user_id

    roots = (trainers * 10)[:10]
    generations = [roots]
    made = 0
    for size in (100, 1_000):
        generations.append([copy_user(made + i) for i in range(size)])
        made += size

    session_columns = ["id", "course_id", "held_on", "starts_at", "format", "place", "capacity", "booked_count", "waiting_seq",
                       "target_boroughs", "target_agencies", "state", "open_to_public", "organisation_id", "created_by", "created_at"]
    place_columns = ["id", "session_id", "user_id", "external_name", "external_organisation", "external_email", "organisation_id",
                     "borough_code", "agency_kind", "state", "waiting_position", "registered_by", "place_token_hash", "created_at", "updated_at"]
    completion_columns = ["id", "registration_id", "session_id", "course_id", "user_id", "trainer_user_id", "in_cascade", "completed_on",
                          "valid_until", "borough_code", "agency_kind", "recorded_by", "recorded_at"]
    sessions, session_trainers, places, completions = [], [], [], []

    def session_of(lead: str, day: int) -> str:
        session_id = new_id()
        sessions.append((session_id, course[0], day, "09:30", "face_to_face", "Bench hall", 100_000, 0, 0, "", "", "planned", False,
                         course[1], lead, stamp))
        session_trainers.append((new_id(), session_id, lead, True))
        return session_id

    def trained(session_id: str, lead: str, day: int, user_id: str | None) -> None:
        place_id = new_id()
        borough, agency = rng.choice(BOROUGHS), rng.choice(AGENCIES)
        places.append((place_id, session_id, user_id, None if user_id else "Bench trainee", None if user_id else "Bench organisation",
                       None if user_id else f"trainee{len(places)}@example.org", None, borough, agency, "attended", None, lead, None,
                       stamp, stamp))
        lapsed = rng.random() < 0.1
        completions.append((new_id(), place_id, session_id, course[0], user_id, lead, True, day,
                            today - rng.randint(1, 60) if lapsed else today + rng.randint(30, 700), borough, agency, lead, stamp))

    # Generations 1 and 2: each trainer above trains ten, on one session each.
    for level in (1, 2):
        above, below = generations[level - 1], generations[level]
        per = len(below) // len(above)
        for i, lead in enumerate(above):
            day = today - 700 + level * 100 + rng.randint(0, 50)
            session_id = session_of(lead, day)
            for trainee in below[i * per:(i + 1) * per]:
                trained(session_id, lead, day, trainee)
    # Generation 3: the rest, spread over the 1,000 trainers' sessions of 30 people each.
    rest = people - len(generations[1]) - len(generations[2])
    leads = generations[2]
    count = 0
    while count < rest:
        lead = leads[(count // 30) % len(leads)]
        day = today - rng.randint(1, 400)
        session_id = session_of(lead, day)
        for _ in range(min(30, rest - count)):
            trained(session_id, lead, day, None)
            count += 1

    store.insert("training_sessions", session_columns, sessions)
    store.insert("training_session_trainers", ["id", "session_id", "user_id", "lead"], session_trainers)
    store.insert("training_registrations", place_columns, places)
    store.insert("training_completions", completion_columns, completions)
    store.commit()
    return {"sessions": len(sessions), "people": len(completions), "trainers": made}


def timings(binary: str, directory: Path, accounts: dict, env_extra: dict) -> tuple[dict, dict]:
    """Each path's request times (seconds), and the cascade's JSON."""
    server, _ = start_server(binary, directory, env_extra=env_extra)
    try:
        analyst = signed_in(server, accounts["Analyst"])
        connection = Connection(server.port, {"Cookie": analyst.cookie_header()})
        found, cascade = {}, {}
        for path in PATHS:
            status, body = connection.get(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: see {server.log_path}")
            for _ in range(2):
                connection.get(path)
            times = []
            for _ in range(30):
                started = time.perf_counter()
                connection.get(path)
                times.append(time.perf_counter() - started)
            found[path] = times
            if path == "/training/cascade.json":
                import json
                cascade = json.loads(body)
        return found, cascade
    finally:
        server.stop()


def measure(binary: str, directory: Path, accounts: dict, env_extra: dict, before: str | None = None) -> list[tuple[str, str]]:
    after, cascade = timings(binary, directory, accounts, env_extra)
    earlier, earlier_cascade = timings(before, directory, accounts, env_extra) if before else ({}, {})
    # The same answer, whole (every trainer's name, generation and reach), or the figures mean nothing.
    if before and earlier_cascade != cascade:
        raise RuntimeError("the two builds disagree about the cascade")
    rows = []
    for path in PATHS:
        now = f"{median(after[path]) * 1000:7.1f} ms / {pct(after[path], 90) * 1000:7.1f} ms"
        if before:
            then = median(earlier[path]) * 1000
            now = f"before {then:7.1f} ms, after {now}, median before/after {then / (median(after[path]) * 1000):5.1f}x"
        rows.append((f"{path}, median / p90 (target < 200 ms)", now))
    rows.append(("cascade: people reached, generations", f"{cascade['peopleReached']:,}, {cascade['generations']}"))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--quick", action="store_true", help="10,000 trained people")
    parser.add_argument("--before", help="an earlier build, measured on the same data for a ratio")
    args, _ = parser.parse_known_args()
    if args.quick:
        args.people = 10_000
    binary = str(Path(args.binary).resolve())
    args.before = str(Path(args.before).resolve()) if args.before else None
    print(f"Training coverage and cascade over {args.people:,} trained people (target under 200 ms each)")

    today = int(time.time() // 86400)
    if not args.no_sqlite:
        sqlite_section(binary, args, today)
    if args.no_postgres:
        return
    postgres_section(binary, args, today)


def sqlite_section(binary: str, args, today: int) -> None:
    directory = WORK / f"training-{args.people}-seed-{args.seed}"
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("lantern-demo.sqlite", "lantern-demo.sqlite-wal", "lantern-demo.sqlite-shm"):
        (directory / name).unlink(missing_ok=True)
    env = dict(os.environ, PORT="8099", LANTERN_KEY_FILE=str(directory / "lantern-demo.key"))
    out = subprocess.run([binary, "demo", "--cases", "1000", "--seed", str(args.seed), "--generate-only"], cwd=directory, env=env,
                         capture_output=True, text=True, check=True)
    accounts = parse_demo_accounts(out.stdout)
    started = time.perf_counter()
    made = populate(Store(sqlite_path=directory / "lantern-demo.sqlite"), args.people, today, args.seed)
    print(f"  SQLite: {made['people']:,} trained people on {made['sessions']:,} sessions written in {time.perf_counter() - started:.1f} s")
    print("SQLite")
    report(measure(binary, directory, accounts, {}, args.before))


def postgres_section(binary: str, args, today: int) -> None:
    try:
        cluster = PostgresCluster()
    except RuntimeError as error:
        print(f"  (PostgreSQL: {error}; skipped)")
        return
    try:
        name = "lantern_bench_training"
        url = cluster.createdb(name)
        pg_dir = WORK / f"postgres-training-{args.people}"
        pg_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, PORT="8099", DATABASE_URL=url, LANTERN_KEY_FILE=str(pg_dir / "lantern-demo.key"))
        out = subprocess.run([binary, "demo", "--cases", "1000", "--seed", str(args.seed), "--generate-only"], cwd=pg_dir, env=env,
                             capture_output=True, text=True, check=True)
        started = time.perf_counter()
        populate(Store(cluster=cluster, database=name), args.people, today, args.seed)
        print(f"  PostgreSQL: written in {time.perf_counter() - started:.1f} s")
        print("PostgreSQL")
        report(measure(binary, pg_dir, parse_demo_accounts(out.stdout), {"DATABASE_URL": url}, args.before))
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
