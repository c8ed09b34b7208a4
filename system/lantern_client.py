"""Talking to a running Lantern over HTTP without a browser: the JSON API client and the data
the system tests make through it.

Signing in (password and TOTP through the real HTML forms, CSRF tokens included), first-run
setup, API tokens, accounts and the TOTP clock are in ../pytools/lantern_harness.py, shared
with the browser tests and the benchmarks, and importable from here as before.
"""
from __future__ import annotations

import re
import time
from typing import Any

import requests

from lantern_harness import (CSRF_FIELD, DEMO_ROLE_LINE, DEMO_SECRET_LINE, HTTP_TIMEOUT, INVITATION_LINK,  # noqa: F401
                             NEW_TOKEN, RECOVERY_CODE, SETUP_LINK, TOTP_SECRET, Account, Browserless,
                             LanternHTTPError, TotpClock, csrf_from, parse_demo_accounts)


# --------------------------------------------------------------------------- JSON API

class Api:
    """Bearer-token client for /api/v1."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.token = token

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", HTTP_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.http.request(method, self.base_url + path, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PUT", path, **kw)

    def json(self, method: str, path: str, expect: int = 200, **kw: Any) -> Any:
        response = self.request(method, path, **kw)
        if response.status_code != expect:
            raise LanternHTTPError(f"{method} {path} (expected {expect})", response)
        return response.json()

    def cases(self, **filters: Any) -> list[dict]:
        params = {"limit": 500, **filters}
        return self.json("GET", "/api/v1/cases", params=params)["items"]


def valid_case(**overrides: Any) -> dict[str, Any]:
    """A minimal valid body for POST /api/v1/cases."""
    body: dict[str, Any] = {
        "identifiedOn": "2026-01-15",
        "ageGroup": "adult",
        "gender": "female",
        "exploitationTypes": ["labour"],
        "exploitationLocation": "uk",
        "boroughIdentified": "E09000007",
    }
    body.update(overrides)
    return body


BOROUGHS = [f"E09{n:06d}" for n in range(1, 34)]   # the 33 London boroughs' ONS codes


def add_organisation(admin: Browserless, name: str, kind: str = "charity") -> str:
    """As the platform administrator: adds a member organisation; returns its id."""
    response = admin.submit("/admin/organisations", [
        ("organisation-name", name), ("organisation-kind", kind),
        ("name", f"{name} Admin"), ("email", f"admin@{re.sub(r'[^a-z]', '', name.lower())}.example.org")],
        form_page="/admin/organisations/new")
    if response.status_code not in (200, 303):
        raise LanternHTTPError("add organisation", response)
    token = admin.create_token("organisation lookup")
    organisations = Api(admin.base_url, token).json("GET", "/api/v1/organisations")["items"]
    return next(o["id"] for o in organisations if o["name"] == name)


def populate(api: Api, partner_id: str | None, cases: int = 24, today: str | None = None) -> list[str]:
    """Creates cases with encrypted details, timeline events, referral answers, consent
    records and shares (one consent withdrawn, one share revoked); returns the references."""
    today = today or time.strftime("%Y-%m-%d", time.gmtime())
    references = []
    for i in range(cases):
        body = valid_case(firstName=f"Person{i}", lastName=f"Example{i}", dateOfBirth=f"199{i % 10}-0{1 + i % 9}-1{i % 10}",
                          nationality=["ALB", "VNM", "GBR", "ERI"][i % 4], language=["sqi", "vie", "eng", "tir"][i % 4],
                          ageGroup="adult", boroughIdentified=BOROUGHS[i % len(BOROUGHS)],
                          exploitationTypes=[["labour"], ["sexual", "criminal"], ["domestic_servitude"]][i % 3])
        reference = api.json("POST", "/api/v1/cases", expect=201, json=body)["reference"]
        references.append(reference)
        if i % 4 == 0:
            api.json("PUT", f"/api/v1/cases/{reference}/referral",
                     json={"whatHappened": f"Worked without pay, case {i}", "stillInSituation": False})
        if i % 3 == 0:
            consent = api.json("POST", f"/api/v1/cases/{reference}/consents", expect=201, json={
                "basis": "consent", "referToNRM": "yes", "organisationIDs": [partner_id] if partner_id else [],
                "scopes": ["full_case"] if partner_id else [], "purpose": "Support and safe housing",
                "obtainedHow": "in_person_verbal", "givenOn": today, "validUntil": "2030-12-31"})
            api.json("POST", f"/api/v1/cases/{reference}/events", json={"event": "referral_decision", "date": today})
            if i % 6 == 0 and partner_id:
                share = api.json("POST", f"/api/v1/cases/{reference}/shares", expect=201, json={
                    "organisationID": partner_id, "scope": "full_case", "purpose": "Support and safe housing",
                    "until": "2030-12-31", "consentID": consent["id"]})
                if i % 12 == 0:
                    api.json("POST", f"/api/v1/cases/{reference}/shares/{share['id']}/revoke")
            if i % 9 == 0:
                api.json("POST", f"/api/v1/cases/{reference}/consents/{consent['id']}/withdraw")
    return references
