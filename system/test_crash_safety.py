"""Nothing acknowledged is lost: SIGKILL Lantern during concurrent writes, again and again.

For SQLite and for PostgreSQL: a fresh `lantern serve` (first account through the setup link,
a case worker and their API token). Then, for each of CYCLES cycles, several writer threads
send POST /api/v1/cases, each case made from a unique client-generated marker (its
borough, age group, type and nationality code are derived from it; the marker itself goes
in the sealed last name, since every clear attribute is now a code); a case is recorded as
acknowledged, by the reference the server returns, only after a 201 whose attributes are the
marker's. After a random delay (seeded RNG) the server gets SIGKILL (on PostgreSQL, every
fifth cycle PostgreSQL itself is crashed first with `pg_ctl -m immediate`), and it is started
again. At the end:

- every acknowledged reference exists exactly once, with its marker's attributes, read back
  through the API (partitioned by borough, age group and type so no list hits the 500-row
  cap) and in the database itself; the API and the database list the same cases, and there
  are no more cases than requests sent (nothing stored twice);
- no case is half-written: each has its exploitation type, its "identified" timeline entry
  and its `case.created` audit entry (all written in one transaction);
- SQLite: `PRAGMA integrity_check` is `ok` and `PRAGMA foreign_key_check` is empty;
  PostgreSQL: `pg_amcheck --heapallindexed` is clean;
- `lantern audit verify` says `intact`.

LANTERN_CRASH_CYCLES and LANTERN_CRASH_SEED change the number of cycles and the seed.
"""
from __future__ import annotations

import os
import random
import subprocess
import threading
import time
import uuid
import zlib
from collections import Counter
from dataclasses import dataclass, field

import pytest
import requests

from harness import Deployment, LanternProcess, audit_verify, new_key
from lantern_client import BOROUGHS, Api

CYCLES = int(os.environ.get("LANTERN_CRASH_CYCLES", "20"))
SEED = int(os.environ.get("LANTERN_CRASH_SEED", "20261122"))
WRITERS = 4
WRITE_SECONDS = (1.0, 3.0)          # random delay before each SIGKILL
REQUEST_TIMEOUT = 5
AGE_GROUPS = ["adult", "child", "unknown"]
TYPES = ["labour", "sexual", "criminal", "domestic_servitude", "organ_harvesting", "unknown"]
NATIONALITIES = ["ALB", "VNM", "GBR", "ERI", "SDN", "ROU", "XXA", "UNKNOWN"]
LIST_CAP = 500


def attributes(marker: str) -> tuple[str, str, str, str]:
    """Borough, age group, type and nationality derived from the marker, so the read-back can
    partition and check that each case came back as it was sent."""
    h = zlib.crc32(marker.encode())
    return (BOROUGHS[h % len(BOROUGHS)], AGE_GROUPS[(h // 33) % 3], TYPES[(h // 99) % len(TYPES)],
            NATIONALITIES[(h // 594) % len(NATIONALITIES)])


def listed_attributes(item: dict) -> tuple:
    return (item.get("boroughIdentified"), item.get("ageGroup"), tuple(item.get("exploitationTypes") or []), item.get("nationality"))


def expected_attributes(marker: str) -> tuple:
    borough, age, kind, nationality = attributes(marker)
    return borough, age, (kind,), nationality


def case_body(marker: str) -> dict:
    borough, age, kind, nationality = attributes(marker)
    return {"identifiedOn": "2026-01-15", "ageGroup": age, "gender": "unknown", "nationality": nationality,
            "exploitationTypes": [kind], "exploitationLocation": "uk", "boroughIdentified": borough,
            "firstName": "Crash", "lastName": marker[-12:]}


@dataclass
class Ledger:
    """What the writers sent and what the server acknowledged (references, and the marker each
    was made from), shared by the threads."""
    run: str
    acknowledged: list[str] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)
    sent: int = 0
    connection_errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def writer(base_url: str, token: str, ledger: Ledger, cycle: int, thread: int, stop: threading.Event, deadline: float) -> None:
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    sequence = 0
    while not stop.is_set() and time.monotonic() < deadline:
        sequence += 1
        marker = f"crash-{ledger.run}-c{cycle:02d}-w{thread}-{sequence:05d}"
        with ledger.lock:
            ledger.sent += 1
        try:
            response = http.post(base_url + "/api/v1/cases", json=case_body(marker), timeout=REQUEST_TIMEOUT)
        except requests.RequestException:
            with ledger.lock:
                ledger.connection_errors += 1
            time.sleep(0.05)
            continue
        with ledger.lock:
            ledger.statuses[response.status_code] += 1
            if response.status_code == 201:
                # Acknowledged: from here on it must survive anything.
                made = response.json()
                reference = made.get("reference")
                if not reference or listed_attributes(made) != expected_attributes(marker):
                    ledger.unexpected.append(f"201 for {marker} returned {response.text[:200]}")
                    continue
                ledger.acknowledged.append(reference)
                ledger.markers[reference] = marker
            elif response.status_code != 503:      # 503 = busy; anything else is worth a look
                ledger.unexpected.append(f"{response.status_code} for {marker}: {response.text[:300]}")


def read_back(api: Api, markers: dict[str, str]) -> Counter:
    """Every case the API lists, counted by reference, partitioned so no list reaches the cap;
    each acknowledged one must have its marker's attributes."""
    found: Counter = Counter()

    def collect(filters: dict, depth: int) -> None:
        items = api.cases(**filters)
        if len(items) >= LIST_CAP:
            assert depth < 2, f"more than {LIST_CAP} cases in one partition {filters}"
            if depth == 0:
                for age in AGE_GROUPS:
                    collect({**filters, "ageGroup": age}, 1)
            else:
                for kind in TYPES:
                    collect({**filters, "type": kind}, 2)
            return
        for item in items:
            reference = item["reference"]
            found[reference] += 1
            if reference in markers:
                assert listed_attributes(item) == expected_attributes(markers[reference]), \
                    f"case {reference} ({markers[reference]}) came back different: {item}"

    for borough in BOROUGHS:
        collect({"borough": borough}, 0)
    return found


class Database:
    """The facts the test checks straight in the database, for SQLite and PostgreSQL alike."""

    def __init__(self, kind: str, server: LanternProcess, postgres=None, name: str | None = None) -> None:
        self.kind, self.server, self.postgres, self.name = kind, server, postgres, name

    def query(self, sql: str) -> str:
        if self.kind == "sqlite":
            result = subprocess.run(["sqlite3", str(self.server.workdir / "lantern.sqlite"), sql],
                                    capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr
            return result.stdout.strip()
        return self.postgres.psql(self.name, sql).strip()

    def reference_counts(self) -> Counter:
        """Every case in the database by reference (the deployment is fresh: all are the writers')."""
        rows = self.query("SELECT reference, COUNT(*) FROM cases GROUP BY reference")
        counts: Counter = Counter()
        for line in rows.splitlines():
            reference, count = line.rsplit("|", 1)
            counts[reference] = int(count)
        return counts

    def half_written(self) -> dict[str, int]:
        return {
            "cases without their exploitation type": int(self.query(
                "SELECT COUNT(*) FROM cases c WHERE NOT EXISTS "
                "(SELECT 1 FROM case_exploitation_types t WHERE t.case_id = c.id)")),
            "cases without their 'identified' timeline entry": int(self.query(
                "SELECT COUNT(*) FROM cases c WHERE NOT EXISTS "
                "(SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.name = 'identified')")),
            "case.created audit entries minus cases": int(self.query(
                "SELECT (SELECT COUNT(*) FROM audit_entries WHERE action = 'case.created') - (SELECT COUNT(*) FROM cases)")),
        }

    def integrity(self) -> None:
        if self.kind == "sqlite":
            assert self.query("PRAGMA integrity_check") == "ok"
            assert self.query("PRAGMA foreign_key_check") == "", "foreign key violations after the crashes"
        else:
            result = self.postgres.amcheck(self.name)
            assert result.returncode == 0, f"pg_amcheck found problems:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_sigkill_during_writes_loses_nothing_acknowledged(kind, request, workdir, servers, totp):
    rng = random.Random(f"{SEED}-{kind}")
    env = {"LANTERN_KEY": new_key()}
    postgres, database_name = None, None
    if kind == "postgresql":
        postgres = request.getfixturevalue("postgres")
        database_name, url = postgres.database("crash")
        env["DATABASE_URL"] = url
    server = LanternProcess(workdir, env=env, name=f"crash-{kind}")
    servers.append(server)
    server.start()
    deployment = Deployment(server, totp)
    database = Database(kind, server, postgres, database_name)

    ledger = Ledger(run=uuid.UUID(int=rng.getrandbits(128)).hex[:8])
    history = []
    for cycle in range(CYCLES):
        if not server.running:
            server.start()
        stop = threading.Event()
        delay = rng.uniform(*WRITE_SECONDS)
        deadline = time.monotonic() + delay + 15
        threads = [threading.Thread(target=writer, args=(server.base_url, deployment.token, ledger, cycle, n, stop, deadline),
                                    daemon=True) for n in range(WRITERS)]
        acknowledged_before = len(ledger.acknowledged)
        for thread in threads:
            thread.start()
        time.sleep(delay)
        crash_postgres = postgres is not None and cycle % 5 == 4
        if crash_postgres:
            postgres.crash()
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
            assert not thread.is_alive(), "a writer thread did not stop"
        if crash_postgres:
            postgres.start()
        history.append((cycle, round(delay, 2), len(ledger.acknowledged) - acknowledged_before, crash_postgres))

    server.start()
    api_found = read_back(deployment.api, ledger.markers)
    server.stop()
    db_found = database.reference_counts()

    summary = (f"{kind}: {CYCLES} SIGKILLs, {ledger.sent} sent, {len(ledger.acknowledged)} acknowledged, "
               f"{sum(db_found.values())} stored, {ledger.connection_errors} connection errors, statuses {dict(ledger.statuses)}")
    print("\n" + summary)
    assert len(ledger.acknowledged) >= CYCLES, f"too few writes were acknowledged to prove anything: {summary}"
    assert len(set(ledger.acknowledged)) == len(ledger.acknowledged)

    lost_api = [m for m in ledger.acknowledged if api_found[m] == 0]
    lost_db = [m for m in ledger.acknowledged if db_found[m] == 0]
    duplicated = sorted(m for m, n in (api_found + db_found).items() if api_found[m] > 1 or db_found[m] > 1)
    assert not lost_db, f"{len(lost_db)} acknowledged cases are not in the database, e.g. {lost_db[:5]}\n{summary}\n{history}"
    assert not lost_api, f"{len(lost_api)} acknowledged cases are not listed by the API, e.g. {lost_api[:5]}\n{summary}"
    assert not duplicated, f"cases stored more than once: {duplicated[:5]}"
    assert sum(db_found.values()) <= ledger.sent, f"more cases than requests: a request was stored twice\n{summary}"
    assert set(api_found) == set(db_found), "the API and the database disagree about which cases exist"
    assert not ledger.unexpected, "unexpected answers while writing:\n" + "\n".join(ledger.unexpected[:10])

    half = database.half_written()
    assert all(v == 0 for v in half.values()), f"half-written cases after the crashes: {half}"
    database.integrity()
    audit_verify(server)
