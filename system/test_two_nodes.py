"""Two Lantern nodes on one PostgreSQL share sessions, tokens and one audit chain.

Node A migrates and serves; node B starts with `--no-migrate` on the same DATABASE_URL and the
same LANTERN_KEY. A person signs in on A; the same cookie is signed in on B; signing out on B
ends the session on A too (sessions live in the database, not in a node's memory). Both
nodes run the scheduled overdue-stage job on a one-second window; each window runs once.
"""
from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from harness import Deployment, LanternProcess, audit_verify, new_key
from lantern_client import Api, Browserless, csrf_from, valid_case

SESSION_COOKIE = "lantern-session"


JOB = "stage_deadlines"
JOB_INTERVAL = 1          # seconds per window; each node tries every half window


@pytest.fixture
def two_nodes(postgres, workdir, servers, totp):
    name, url = postgres.database("two_nodes")
    env = {"DATABASE_URL": url, "LANTERN_KEY": new_key(), "LANTERN_JOB_INTERVAL": str(JOB_INTERVAL)}
    (workdir / "a").mkdir()
    (workdir / "b").mkdir()
    node_a = LanternProcess(workdir / "a", env={**env, "LANTERN_NODE_NAME": "node-a"}, name="node-a")
    servers.append(node_a)
    node_a.start()
    deployment = Deployment(node_a, totp)          # setup link printed by A, migrations by A
    node_b = LanternProcess(workdir / "b", args=("serve", "--no-migrate"),
                            env={**env, "LANTERN_NODE_NAME": "node-b"}, name="node-b")
    servers.append(node_b)
    node_b.start()
    assert "Migrator" not in node_b.log_text(), "node B was started with --no-migrate but migrated"
    deployment.database = name
    return node_a, node_b, deployment


def cookie_session(base_url: str, token: str) -> Browserless:
    """A client on `base_url` that carries only the given session cookie."""
    session = Browserless(base_url)
    session.http.headers["Cookie"] = f"{SESSION_COOKIE}={token}"
    return session


def test_a_session_from_one_node_works_on_the_other_and_sign_out_ends_it_everywhere(two_nodes, totp):
    node_a, node_b, deployment = two_nodes
    on_a = Browserless(node_a.base_url)
    on_a.sign_in(deployment.worker, totp)
    token = on_a.http.cookies.get(SESSION_COOKIE)
    assert token, f"no {SESSION_COOKIE} cookie after signing in on node A"
    assert on_a.get("/account").status_code == 200

    on_b = cookie_session(node_b.base_url, token)
    account = on_b.get("/account")
    assert account.status_code == 200, f"the session from node A is not signed in on node B: {account.status_code}"
    assert deployment.worker.email in account.text

    # Sign out on B (its own page gives the CSRF token: the session's, wherever it is read).
    signed_out = on_b.post("/sign-out", data={"_csrf": csrf_from(account.text)})
    assert signed_out.status_code == 303 and signed_out.headers["location"].endswith("/signed-out"), signed_out.status_code

    for node, label in ((node_a, "A"), (node_b, "B")):
        after = cookie_session(node.base_url, token).get("/account")
        assert after.status_code == 303 and re.search(r"/sign-in$", after.headers.get("location", "")), \
            f"the signed-out session still works on node {label}: {after.status_code} {after.headers.get('location')}"


def test_tokens_and_the_audit_chain_are_shared_by_both_nodes(two_nodes):
    node_a, node_b, deployment = two_nodes
    api_a, api_b = deployment.api, Api(node_b.base_url, deployment.token)
    made_on_a = api_a.json("POST", "/api/v1/cases", expect=201, json=valid_case(nationality="ALB"))
    made_on_b = api_b.json("POST", "/api/v1/cases", expect=201, json=valid_case(nationality="VNM"))
    for api in (api_a, api_b):
        seen = {c["reference"] for c in api.cases()}
        assert {made_on_a["reference"], made_on_b["reference"]} <= seen
    # Both nodes appended to one audit log; the chain must still verify.
    node_a.stop()
    node_b.stop()
    audit_verify(node_a)


def duplicate_claims(postgres) -> int:
    """How many times PostgreSQL refused a second claim of a (job, window): the losing node's
    INSERT INTO job_runs, logged by the server as a unique violation."""
    log = (postgres.datadir / "server.log").read_text(errors="replace")
    return len(re.findall(r'duplicate key value violates unique constraint "[^"]*job_runs[^"]*"', log))


def test_a_scheduled_job_runs_once_per_window_across_both_nodes(two_nodes, postgres):
    node_a, node_b, deployment = two_nodes
    refused_before = duplicate_claims(postgres)
    time.sleep(8 * JOB_INTERVAL)                   # both nodes poll twice in each window
    node_a.stop()
    node_b.stop()

    rows = [line.split("|") for line in postgres.psql(
        deployment.database, f"SELECT window_start, node, id, coalesce(result, '') FROM job_runs WHERE job = '{JOB}'"
    ).splitlines()]
    per_window = Counter(window for window, _, _, _ in rows)
    twice = {w: n for w, n in per_window.items() if n > 1}
    assert not twice, f"windows run more than once: {twice}"
    assert len(per_window) >= 6, f"too few windows ran to prove anything ({len(per_window)} in 8 s): {rows}"
    assert all(result.startswith("overdue=") for _, _, _, result in rows), f"a run did not finish: {rows}"
    assert {node for _, node, _, _ in rows} <= {"node-a", "node-b"}

    # One audit entry per run, pointing at its run.
    audited = Counter(postgres.psql(
        deployment.database, f"SELECT lower(record_id) FROM audit_entries WHERE action = 'job.{JOB}'").split())
    assert audited == Counter(run_id.lower() for _, _, run_id, _ in rows), \
        f"audit entries for job.{JOB} do not match the runs one to one: {len(audited)} entries, {len(rows)} runs"

    # Both nodes really competed: the loser's claim of a window was refused by the database.
    assert duplicate_claims(postgres) > refused_before, \
        "no second claim of a window was refused: the nodes never competed, so 'once' is not proven"
    audit_verify(node_a)
