"""Erasure leaves nothing readable, on SQLite and PostgreSQL, against real `lantern serve`
processes and the command line.

A case with a canary name, closed long ago (so due for erasure), and a case still open are
recorded through the API. `lantern backup --output DATA --keys-output KEYS` runs while serving
(the data backup must hold no case key). The lead's retention page lists the due case;
`lantern retention erase-due` erases it (its key destroyed, its audit entry written); the case
page and the API say so instead of failing. Then `lantern backup --keys-output` writes the key
file as it is now, the server stops, and the *old* data backup is restored into a fresh
location with the *current* keys: the erased case's details cannot be read (410, no canary
anywhere in the answers or, on SQLite, in the restored file), and the other case reads fine.
A restore without the key file is refused.
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from harness import Deployment, LanternProcess, audit_verify, new_key
from lantern_client import Account, Api, valid_case

QUIET = {"LANTERN_JOB_INTERVAL": "1000000000"}
CANARY = "Canarybright"
KEEPER = "Keepsafe"


def record_case(api: Api, first_name: str, identified: str, closed: str | None) -> str:
    body = valid_case(identifiedOn=identified, firstName=first_name, lastName="Testcase", dateOfBirth="1990-02-03")
    reference = api.json("POST", "/api/v1/cases", expect=201, json=body)["reference"]
    api.json("PUT", f"/api/v1/cases/{reference}/referral", json={"whatHappened": f"{first_name} was made to work unpaid"})
    if closed:
        api.json("POST", f"/api/v1/cases/{reference}/events", json={"event": "closed", "date": closed, "reason": f"{first_name} moved"})
    return reference


def sealed_key(query, reference: str) -> str:
    return query(f"SELECT k.sealed_key FROM case_keys k JOIN cases c ON c.id = k.case_id WHERE c.reference = '{reference}'").strip()


def run_erasure_round_trip(kind: str, workdir: Path, servers: list, totp, postgres=None) -> None:
    key = new_key()
    env = {"LANTERN_KEY": key, **QUIET}
    source_db = target_db = None
    if postgres:
        source_db, env["DATABASE_URL"] = postgres.database("erasure_source")
        query = lambda sql: postgres.psql(source_db, sql)                      # noqa: E731
    else:
        def query(sql: str) -> str:
            with closing(sqlite3.connect(str(workdir / "source" / "lantern.sqlite"), timeout=30)) as con:
                return "\n".join("|".join("" if v is None else str(v) for v in row) for row in con.execute(sql).fetchall())
    (workdir / "source").mkdir()
    source = LanternProcess(workdir / "source", env=env, name="source")
    servers.append(source)
    source.start()
    deployment = Deployment(source, totp)
    lead_account = Account(role="Modern slavery lead", email=f"lead.{source.port}@camden.example.org",
                           password="beacon rowan thistle 93", name="Lee Lead")
    lead = deployment.invite(lead_account, ["modern_slavery_lead"])

    erased = record_case(deployment.api, CANARY, "2014-03-10", "2015-01-20")      # due since 2021
    kept = record_case(deployment.api, KEEPER, "2026-01-05", None)
    erased_key, kept_key = sealed_key(query, erased), sealed_key(query, kept)
    assert erased_key.startswith("v1.") and kept_key.startswith("v1.")

    data = workdir / ("data.sqlite" if kind == "sqlite" else "data.jsonl")
    keys_before = workdir / "keys-before.jsonl"
    result = source.cli("backup", "--output", str(data), "--keys-output", str(keys_before), check=True)   # while serving
    assert "backup written" in result.stdout and "case keys written" in result.stdout, result.stdout
    for path in (data, keys_before):
        assert oct(path.stat().st_mode & 0o777) == oct(0o600), f"{path.name} must be owner-only"
    backup_bytes = data.read_bytes()
    assert erased_key.encode() not in backup_bytes and kept_key.encode() not in backup_bytes, "a data backup holds no case key"
    assert kept_key.encode() in keys_before.read_bytes()

    # The lead sees what is due, then the command line erases it.
    page = lead.get("/retention")
    assert page.status_code == 200 and erased in page.text and "Due now" in page.text, page.text[:2000]
    result = source.cli("retention", "erase-due", check=True)
    assert "1 cases erased" in result.stdout, result.stdout
    assert query(f"SELECT count(*) FROM case_keys k JOIN cases c ON c.id = k.case_id WHERE c.reference = '{erased}'").strip() == "0"
    assert query(f"SELECT sealed_referral FROM cases WHERE reference = '{erased}'").strip() == ""
    assert int(query("SELECT count(*) FROM audit_entries WHERE action = 'case.erased'").strip()) == 1

    shown = deployment.worker_session.get(f"/cases/{erased}")
    assert shown.status_code == 200 and "were erased on" in shown.text and CANARY not in shown.text
    referral = deployment.api.get(f"/api/v1/cases/{erased}/referral")
    assert referral.status_code == 410 and "erased" in referral.json()["detail"]
    assert deployment.api.json("GET", f"/api/v1/cases/{erased}")["case"]["erasedOn"]

    keys_after = workdir / "keys-after.jsonl"
    result = source.cli("backup", "--keys-output", str(keys_after), check=True)
    assert re.search(r"case keys written: .* \(1 keys\)", result.stdout), result.stdout
    key_file = keys_after.read_bytes()
    assert erased_key.encode() not in key_file and kept_key.encode() in key_file
    source.stop()
    audit_verify(source)
    if kind == "sqlite":
        live = b"".join(p.read_bytes() for p in (workdir / "source").glob("lantern.sqlite*"))
        assert CANARY.encode() not in live
        assert erased_key.encode() not in live, "the erased key must be overwritten in the database file, not just unlinked"

    # Restore the OLD data backup with the CURRENT keys into a fresh location.
    (workdir / "restored").mkdir()
    restored_env = {"LANTERN_KEY": key, **QUIET}
    if postgres:
        target_db, restored_env["DATABASE_URL"] = postgres.database("erasure_target")
    restored = LanternProcess(workdir / "restored", env=restored_env, name="restored")
    servers.append(restored)
    refused = restored.cli("restore", "--input", str(data))
    assert refused.returncode != 0 and "--keys-input" in refused.stderr, f"a restore without the keys must be refused:\n{refused.stderr}"
    result = restored.cli("restore", "--input", str(data), "--keys-input", str(keys_after), check=True)
    assert "1 case keys restored" in result.stdout and "1 cases without a key" in result.stdout, result.stdout
    if kind == "sqlite":
        assert CANARY.encode() not in (workdir / "restored" / "lantern.sqlite").read_bytes()
    restored.start()
    api = Api(restored.base_url, deployment.token)
    gone = api.get(f"/api/v1/cases/{erased}/referral")
    assert gone.status_code == 410 and CANARY not in gone.text
    assert CANARY not in api.get(f"/api/v1/cases/{erased}").text
    other = api.get(f"/api/v1/cases/{kept}/referral")
    assert other.status_code == 200 and KEEPER in other.text, "other cases read fine"
    restored.stop()
    audit_verify(restored)


def test_sqlite_erasure_survives_no_backup(workdir, servers, totp):
    run_erasure_round_trip("sqlite", workdir, servers, totp)


def test_postgres_erasure_survives_no_backup(postgres, workdir, servers, totp):
    run_erasure_round_trip("postgresql", workdir, servers, totp, postgres=postgres)
