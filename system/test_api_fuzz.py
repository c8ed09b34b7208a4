"""API fuzzing: schemathesis against /api/openapi.json on a running Lantern, with a real token.

A fresh `lantern serve` (SQLite, its own directory) gets real data through its API (cases,
timeline events, referral answers, consent records, shares with a partner organisation, a
withdrawal and a revocation), and a person holding every role an organisation administrator
can give (so no operation is refused outright) makes an API token. Then `st run` (PyPI
schemathesis) reads the OpenAPI document from the server and sends generated requests, valid
and invalid, to every operation, in its examples, fuzzing and stateful phases (sequences
that follow the document's links), for a fixed time. The coverage phase is left out by
default: schemathesis 4.32.5 now and then crashes inside it (`_negative_type`, an internal
error, not a finding), which made this test fail at random. Its boundary and wrong-type
values are what test_hostile_input sends field by field; LANTERN_FUZZ_PHASES brings it back.
Path parameters and the ids in bodies are drawn most of the time from the real references
and ids, so requests get past the 404 and into the handlers.

Passes when schemathesis reports no failure of these checks on any response:
- not_a_server_error: no 5xx;
- response_schema_conformance: every documented response body matches its schema;
- content_type_conformance: every response has the content type the document gives;
and when at least MIN_REQUESTS requests reached /api/v1, the server never logged an
unhandled error, still answers /healthz, and `lantern audit verify` says intact afterwards.

LANTERN_FUZZ_SECONDS (default 150), LANTERN_FUZZ_SEED, LANTERN_FUZZ_MIN_REQUESTS,
LANTERN_FUZZ_CHECKS (e.g. `all`, to explore) and LANTERN_FUZZ_PHASES change the budget, seed,
floor, checks and phases.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

from harness import Deployment, LanternProcess, audit_verify, http_status, new_key
from lantern_client import Account, add_organisation, populate

SECONDS = int(os.environ.get("LANTERN_FUZZ_SECONDS", "150"))
SEED = int(os.environ.get("LANTERN_FUZZ_SEED", "20261123"))
# The floor says the fuzzing meant something, not how fast the machine is: an idle 2-core
# machine makes about 9,000 requests in the budget, one busy with other builds about 2,300.
MIN_REQUESTS = int(os.environ.get("LANTERN_FUZZ_MIN_REQUESTS", "1500"))
PHASES = os.environ.get("LANTERN_FUZZ_PHASES", "examples,fuzzing,stateful")
CHECKS = os.environ.get("LANTERN_FUZZ_CHECKS", "not_a_server_error,response_schema_conformance,content_type_conformance")
ALL_ROLES = ["organisation_admin", "modern_slavery_lead", "case_worker", "analyst", "board_secretariat",
             "trainer", "read_only"]
QUIET = {"LANTERN_JOB_INTERVAL": "1000000000"}      # no scheduled job in the middle of the run
API_REQUEST = re.compile(r"route: /api/v1[^,]*, status: (\d+)")


def schemathesis_command() -> list[str]:
    """`st` from the same Python as pytest, wherever pip put its script."""
    for name in ("st", "schemathesis"):
        beside = os.path.join(os.path.dirname(sys.executable), name)
        if os.access(beside, os.X_OK):
            return [beside]
        found = shutil.which(name)
        if found:
            return [found]
    return [sys.executable, "-m", "schemathesis.cli"]


def toml_strings(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def write_config(path, references: list[str], consents: list[str], shares: list[str], organisations: list[str]) -> None:
    """Real ids for path parameters and body fields, each used with some probability so that
    generated (unknown, malformed) values are still sent the rest of the time."""
    path.write_text(f"""
[dictionaries.references]
values = {toml_strings(references)}
[dictionaries.consents]
values = {toml_strings(consents)}
[dictionaries.shares]
values = {toml_strings(shares)}
[dictionaries.organisations]
values = {toml_strings(organisations)}

[parameters]
"path.reference" = {{ dictionary = "references", probability = 0.85 }}
"path.consentID" = {{ dictionary = "consents", probability = 0.7 }}
"path.shareID" = {{ dictionary = "shares", probability = 0.7 }}
"path.organisationID" = {{ dictionary = "organisations", probability = 0.8 }}
"body.consentID" = {{ dictionary = "consents", probability = 0.6 }}
"body.organisationID" = {{ dictionary = "organisations", probability = 0.6 }}
"body.organisationIDs[*]" = {{ dictionary = "organisations", probability = 0.6 }}
""")


def failures_section(output: str) -> str:
    start = output.find("FAILURES")
    return output[start - 40: start + 6000] if start >= 0 else output[-4000:]


def test_schemathesis_finds_no_server_error_and_no_response_off_the_schema(workdir, servers, totp):
    server = LanternProcess(workdir, env={"LANTERN_KEY": new_key(), **QUIET}, name="fuzz")
    servers.append(server)
    server.start()
    deployment = Deployment(server, totp)
    partner = add_organisation(deployment.admin_session, "Hope Charity Fuzz")
    references = populate(deployment.api, partner, cases=12)

    fuzzer = Account(role="every role", email="fuzzer@camden.example.org", password="quartz lantern meadow 88",
                     name="Fuzz Tester")
    token = deployment.invite(fuzzer, ALL_ROLES).create_token("schemathesis")

    api = deployment.api
    consents = [c["id"] for r in references for c in api.json("GET", f"/api/v1/cases/{r}/consents")["items"]]
    shares = [s["id"] for r in references for s in api.json("GET", f"/api/v1/cases/{r}/shares")["items"]]
    own = api.json("GET", "/api/v1/me")["organisation"]["id"]
    assert consents and shares, "populate() made no consent records or shares to fuzz with"
    config = workdir / "schemathesis.toml"
    write_config(config, references, consents, shares, [own, partner])

    requests_before = len(API_REQUEST.findall(server.log_text()))
    report = workdir / "schemathesis-report"
    command = [*schemathesis_command(), "--config-file", str(config), "run", f"{server.base_url}/api/openapi.json",
               "--header", f"Authorization: Bearer {token}",
               "--checks", CHECKS, "--phases", PHASES, "--max-time", str(SECONDS), "--workers", "2", "--seed", str(SEED),
               "--max-examples", "200", "--request-timeout", "30", "--generation-database", "none",
               "--max-failures", "25", "--no-color", "--output-truncate", "false",
               "--report", "junit", "--report-dir", str(report)]
    run = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=SECONDS + 240,
                         stdin=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    output = run.stdout + run.stderr
    (workdir / "schemathesis.out").write_text(output)

    statuses = [int(s) for s in API_REQUEST.findall(server.log_text())[requests_before:]]
    by_class = {f"{c}xx": sum(1 for s in statuses if s // 100 == c) for c in (2, 3, 4, 5)}
    cases = re.search(r"Test cases:\s*\n\s*(.+)", output)
    print(f"\nschemathesis: {cases.group(1).strip() if cases else '?'}; {len(statuses)} requests to /api/v1 "
          f"in {SECONDS} s: {by_class}")

    assert run.returncode == 0, f"schemathesis failed (exit {run.returncode}):\n{failures_section(output)}"
    assert by_class["5xx"] == 0, f"{by_class['5xx']} server errors in the server's log"
    assert "unhandled error" not in server.log_text(), \
        "the server logged an unhandled error:\n" + "\n".join(
            line for line in server.log_text().splitlines() if "unhandled error" in line)[:2000]
    assert len(statuses) >= MIN_REQUESTS, f"only {len(statuses)} requests reached /api/v1 (at least {MIN_REQUESTS} wanted)"
    assert by_class["2xx"] >= len(statuses) // 10, f"too few requests got past validation to mean much: {by_class}"
    assert http_status(server.base_url + "/healthz") == 200, "the server stopped answering"
    server.stop()
    audit_verify(server)
