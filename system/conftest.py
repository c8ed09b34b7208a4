"""Shared fixtures for Lantern's system tests ("proof under pressure"). The machinery they
use (server processes, the throwaway PostgreSQL, accounts) is in harness.py."""
from __future__ import annotations

import pytest

from harness import LanternProcess, PostgresCluster, make_workdir, remove_workdir, wait_for_binary
from lantern_client import TotpClock


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def lantern_bin() -> str:
    return wait_for_binary()


@pytest.fixture(scope="session")
def totp() -> TotpClock:
    return TotpClock()


@pytest.fixture(scope="session")
def postgres():
    cluster = PostgresCluster()
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def workdir(request):
    path = make_workdir(request.node.name[:40].replace("[", "-").replace("]", ""))
    yield path
    remove_workdir(path)


@pytest.fixture
def servers():
    """Collects LanternProcess objects made by a test and stops them all afterwards."""
    started: list[LanternProcess] = []
    yield started
    for server in started:
        server.stop()
