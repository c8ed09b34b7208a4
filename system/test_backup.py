"""`lantern backup` / `lantern restore` round-trip to identical content, on SQLite and PostgreSQL.

For each database: a fresh Lantern gets real data through its API (cases with encrypted
details, timeline events, referral answers, consent records, shares, a withdrawal and a
revocation), `lantern backup --output DATA --keys-output KEYS` runs while the server is still
up, the server stops, and `lantern restore --input DATA --keys-input KEYS` puts the backup into
a fresh, empty location. Every table's row count and a checksum of its rows ordered by primary
key must be identical between the source and the restored copy, and between the source and
the backup except the case keys, which a data backup never holds (they are in KEYS);
`lantern audit verify` must say `intact` on the restored copy with the same key; the restored
copy must serve the same cases to the same API token. Restoring over data, without the case
keys, or with the wrong key, must be refused.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from harness import Deployment, LanternProcess, audit_verify, new_key
from lantern_client import Api, add_organisation, populate

# One job window for the whole test, so no scheduled job writes between backup and compare.
QUIET = {"LANTERN_JOB_INTERVAL": "1000000000"}


@pytest.fixture(scope="module", autouse=True)
def backup_commands_registered(lantern_bin, tmp_path_factory):
    """Fails (not skips) with the exact fix when the commands are not registered yet."""
    scratch = tmp_path_factory.mktemp("backup-help")
    missing = []
    for command in ("backup", "restore"):
        result = subprocess.run([lantern_bin, command, "--help"], capture_output=True, text=True, timeout=60,
                                cwd=scratch, stdin=subprocess.DEVNULL, env={**os.environ, "LANTERN_KEY": new_key()})
        if result.returncode != 0 or "Unknown command" in result.stdout + result.stderr:
            missing.append(command)
    if missing:
        pytest.fail(f"`lantern {' / '.join(missing)}` not registered in {lantern_bin}. Add to registerCommands in "
                    "Sources/LanternApp/Commands/Commands.swift:\n"
                    '    app.asyncCommands.use(BackupCommand(), as: "backup")\n'
                    '    app.asyncCommands.use(RestoreCommand(), as: "restore")\n'
                    "and rebuild (swift build).", pytrace=False)


# --------------------------------------------------------------------------- table digests

def sqlite_digest(path: Path) -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of rows ordered by primary key)} plus the schema itself."""
    con = sqlite3.connect(str(path))
    try:
        schema = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                             "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
        digest = {"(schema)": (len(schema), hashlib.sha256(repr(schema).encode()).hexdigest())}
        tables = [r[1] for r in schema if r[0] == "table"]
        for table in tables:
            columns = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            key = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5] > 0] or [c[1] for c in columns]
            rows = con.execute(f'SELECT * FROM "{table}" ORDER BY ' + ", ".join(f'"{c}"' for c in key)).fetchall()
            h = hashlib.sha256()
            for row in rows:
                h.update(repr(row).encode() + b"\n")
            digest[table] = (len(rows), h.hexdigest())
        return digest
    finally:
        con.close()


def sqlite_integrity(path: Path) -> str:
    result = subprocess.run(["sqlite3", str(path), "PRAGMA integrity_check;"], capture_output=True, text=True, timeout=120)
    return (result.stdout + result.stderr).strip()


# Left out of a PostgreSQL backup: the restore counts them again from the rows it restores.
DERIVED_TABLES = {"profile_cells", "profile_cuboids"}


def postgres_digest(postgres, database: str) -> dict[str, tuple[int, str]]:
    tables = postgres.psql(database, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1").split()
    columns = postgres.psql(database, "SELECT table_name || ':' || string_agg(column_name || ' ' || data_type, ',' "
                                      "ORDER BY ordinal_position) FROM information_schema.columns "
                                      "WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name")
    digest = {"(schema)": (len(tables), hashlib.sha256(columns.encode()).hexdigest())}
    for table in tables:
        if table in DERIVED_TABLES:
            # Counted again from the cases by the restore (its cells emptied by earlier
            # changes are not kept): compared with `lantern profile verify` instead.
            continue
        key = postgres.psql(database, "SELECT string_agg(quote_ident(a.attname), ',' ORDER BY array_position(i.indkey::int2[], a.attnum)) "
                                      "FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                                      f"WHERE i.indrelid = '\"{table}\"'::regclass AND i.indisprimary").strip()
        order = ", ".join(f"t.{c}" for c in key.split(",")) if key else "t::text"
        line = postgres.psql(database, f'SELECT count(*) || \' \' || md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY {order}), \'\')) '
                                       f'FROM "{table}" t').strip()
        count, md5 = line.split()
        digest[table] = (int(count), md5)
    return digest


def describe_difference(a: dict, b: dict) -> str:
    lines = []
    for table in sorted(set(a) | set(b)):
        if a.get(table) != b.get(table):
            lines.append(f"  {table}: {a.get(table)} != {b.get(table)}")
    return "\n".join(lines)


def entries(verify_output: str) -> int:
    return int(re.search(r"intact \((\d+) entries\)", verify_output).group(1))


# --------------------------------------------------------------------------- data

def build_source(server: LanternProcess, totp) -> tuple[Deployment, list[dict]]:
    server.start()
    deployment = Deployment(server, totp)
    partner = add_organisation(deployment.admin_session, f"Hope Charity {server.port}")
    populate(deployment.api, partner, cases=24)
    cases = deployment.api.cases()
    assert len(cases) == 24
    return deployment, cases


def references(cases: list[dict]) -> list[str]:
    return sorted(c["reference"] for c in cases)


def without_case_keys(digest: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    return {table: value for table, value in digest.items() if table != "case_keys"}


# --------------------------------------------------------------------------- tests

def test_sqlite_backup_and_restore_round_trip(workdir, servers, totp):
    key = new_key()
    (workdir / "source").mkdir()
    source = LanternProcess(workdir / "source", env={"LANTERN_KEY": key, **QUIET}, name="source")
    servers.append(source)
    deployment, cases = build_source(source, totp)

    backup = workdir / "lantern-backup.sqlite"
    keys = workdir / "lantern-case-keys.jsonl"
    result = source.cli("backup", "--output", str(backup), "--keys-output", str(keys), check=True)     # while serving
    assert "backup written" in result.stdout and "case keys written" in result.stdout, result.stdout
    assert oct(backup.stat().st_mode & 0o777) == oct(0o600), "a backup holds everything: owner-only"
    assert oct(keys.stat().st_mode & 0o777) == oct(0o600), "the case keys: owner-only"
    refused = source.cli("backup", "--output", str(backup))
    assert refused.returncode != 0 and "already exists" in refused.stderr, "an existing file must not be overwritten"
    source.stop()
    source_verify = audit_verify(source)
    source_digest = sqlite_digest(source.workdir / "lantern.sqlite")

    assert sqlite_integrity(backup) == "ok"
    backup_digest = sqlite_digest(backup)
    assert without_case_keys(backup_digest) == without_case_keys(source_digest), \
        "backup differs from the source:\n" + describe_difference(source_digest, backup_digest)
    assert backup_digest["case_keys"][0] == 0 and source_digest["case_keys"][0] == 24, "no case key in a data backup"

    (workdir / "restored").mkdir()
    restored = LanternProcess(workdir / "restored", env={"LANTERN_KEY": key, **QUIET}, name="restored")
    servers.append(restored)
    no_keys = restored.cli("restore", "--input", str(backup))
    assert no_keys.returncode != 0 and "--keys-input" in no_keys.stderr, f"a restore without the case keys must be refused:\n{no_keys.stderr}"
    result = restored.cli("restore", "--input", str(backup), "--keys-input", str(keys), check=True)
    assert "restored" in result.stdout and "24 case keys restored" in result.stdout, result.stdout
    restored_file = restored.workdir / "lantern.sqlite"
    assert sqlite_integrity(restored_file) == "ok"
    restored_digest = sqlite_digest(restored_file)
    assert restored_digest == source_digest, \
        "restored copy differs from the source:\n" + describe_difference(source_digest, restored_digest)
    assert set(source_digest) >= {"cases", "case_events", "consent_records", "case_shares", "audit_entries", "users"}
    assert source_digest["cases"][0] == 24
    cells = restored.cli("profile", "verify")
    assert cells.returncode == 0 and cells.stdout.startswith("exact"), f"the restored summary table:\n{cells.stdout}{cells.stderr}"

    restored_verify = audit_verify(restored)
    assert entries(restored_verify) == entries(source_verify)

    # The restored copy serves the same cases to the same token.
    restored.start()
    assert references(Api(restored.base_url, deployment.token).cases()) == references(cases)
    restored.stop()

    again = restored.cli("restore", "--input", str(backup), "--keys-input", str(keys))
    assert again.returncode != 0 and "not empty" in again.stderr, f"restore over data must be refused:\n{again.stderr}"

    (workdir / "wrong-key").mkdir()
    wrong = LanternProcess(workdir / "wrong-key", env={"LANTERN_KEY": new_key(), **QUIET}, name="wrong-key")
    refused = wrong.cli("restore", "--input", str(backup), "--keys-input", str(keys))
    assert refused.returncode != 0 and "key" in refused.stderr, f"restore with another key must be refused:\n{refused.stderr}"


def test_postgres_backup_and_restore_round_trip(postgres, workdir, servers, totp):
    key = new_key()
    source_db, source_url = postgres.database("backup_source")
    target_db, target_url = postgres.database("backup_target")
    wrong_db, wrong_url = postgres.database("backup_wrong_key")
    env = {"LANTERN_KEY": key, "DATABASE_URL": source_url, **QUIET}
    (workdir / "source").mkdir()
    source = LanternProcess(workdir / "source", env=env, name="source")
    servers.append(source)
    deployment, cases = build_source(source, totp)

    backup = workdir / "lantern-backup.jsonl"
    keys = workdir / "lantern-case-keys.jsonl"
    result = source.cli("backup", "--output", str(backup), "--keys-output", str(keys), check=True)     # while serving
    assert "backup written" in result.stdout and "(24 keys)" in result.stdout, result.stdout
    assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
    assert oct(keys.stat().st_mode & 0o777) == oct(0o600)
    written = backup.read_bytes()
    assert b'"rows":0,"table":"case_keys"' in written and b'"sealed_key":"' not in written, "no case key in a data backup"
    source.stop()
    source_verify = audit_verify(source)
    source_digest = postgres_digest(postgres, source_db)

    (workdir / "target").mkdir()
    target = LanternProcess(workdir / "target", name="target",
                            env={"LANTERN_KEY": key, "DATABASE_URL": target_url, **QUIET})
    servers.append(target)
    no_keys = target.cli("restore", "--input", str(backup))
    assert no_keys.returncode != 0 and "--keys-input" in no_keys.stderr, f"a restore without the case keys must be refused:\n{no_keys.stderr}"
    result = target.cli("restore", "--input", str(backup), "--keys-input", str(keys), check=True)
    assert "restored" in result.stdout and "24 case keys restored" in result.stdout, result.stdout
    target_digest = postgres_digest(postgres, target_db)
    assert target_digest == source_digest, \
        "restored copy differs from the source:\n" + describe_difference(source_digest, target_digest)
    assert source_digest["cases"][0] == 24
    cells = target.cli("profile", "verify")
    assert cells.returncode == 0 and cells.stdout.startswith("exact"), f"the restored summary table:\n{cells.stdout}{cells.stderr}"
    assert entries(audit_verify(target)) == entries(source_verify)

    target.start()
    assert references(Api(target.base_url, deployment.token).cases()) == references(cases)
    target.stop()

    again = target.cli("restore", "--input", str(backup), "--keys-input", str(keys))
    assert again.returncode != 0 and "not empty" in again.stderr, f"restore over data must be refused:\n{again.stderr}"

    (workdir / "wrong").mkdir()
    wrong = LanternProcess(workdir / "wrong", name="wrong",
                           env={"LANTERN_KEY": new_key(), "DATABASE_URL": wrong_url, **QUIET})
    refused = wrong.cli("restore", "--input", str(backup), "--keys-input", str(keys))
    assert refused.returncode != 0 and "key" in refused.stderr, f"restore with another key must be refused:\n{refused.stderr}"
    assert postgres.psql(wrong_db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").strip() == "0", \
        "a refused restore must leave the target untouched"
