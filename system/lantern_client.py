"""Talking to a running Lantern over HTTP without a browser.

Sign-in with email, password and TOTP through the real HTML forms (CSRF tokens included),
first-run setup through the one-time setup link, personal access tokens from the account
page, and a small JSON API client. Used by every module in system/.
"""
from __future__ import annotations

import html
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import pyotp
import requests

HTTP_TIMEOUT = 30  # seconds for any single request made by these helpers

CSRF_FIELD = re.compile(r'<input type="hidden" name="_csrf" value="([^"]*)"')
NEW_TOKEN = re.compile(r'<code id="new-token">(lt_[^<]+)</code>')
TOTP_SECRET = re.compile(r'data-secret="([A-Z2-7]+=*)"')
RECOVERY_CODE = re.compile(r"<li><code>([^<]+)</code></li>")
SETUP_LINK = re.compile(r"(https?://\S+/setup/[A-Za-z0-9_\-]+)")
INVITATION_LINK = re.compile(r'<code id="invitation-link">([^<]+)</code>')


class LanternHTTPError(AssertionError):
    """A step of a flow did not answer as expected; carries enough to see why."""

    def __init__(self, step: str, response: requests.Response) -> None:
        body = response.text[:800] if response is not None else ""
        super().__init__(f"{step}: HTTP {response.status_code} {response.request.method} {response.url}\n{body}")
        self.response = response


# --------------------------------------------------------------------------- accounts and TOTP

@dataclass
class Account:
    role: str
    email: str
    password: str
    secret: str = ""
    name: str = ""
    recovery_codes: list[str] = field(default_factory=list)


class TotpClock:
    """Lantern accepts each 30-second TOTP step once per account, so a second sign-in in the
    same step waits for the next one (at most ~30 s). Thread-safe."""

    def __init__(self) -> None:
        self._last_step: dict[str, int] = {}
        self._lock = threading.Lock()

    @staticmethod
    def step(at: float | None = None) -> int:
        return int((time.time() if at is None else at) // 30)

    def used(self, secret: str, at: float | None = None) -> None:
        """Records that the step at `at` (now) has been used for this secret (e.g. at enrolment)."""
        with self._lock:
            self._last_step[secret] = max(self._last_step.get(secret, -1), self.step(at))

    def is_fresh(self, secret: str) -> bool:
        with self._lock:
            return self.step() > self._last_step.get(secret, -1)

    def code(self, secret: str) -> str:
        with self._lock:
            last = self._last_step.get(secret)
            deadline = time.monotonic() + 40
            while last is not None and self.step() <= last and time.monotonic() < deadline:
                time.sleep(max(0.05, (last + 1) * 30 - time.time() + 0.2))
            now = time.time()
            self._last_step[secret] = self.step(now)
            return pyotp.TOTP(secret).at(now)


DEMO_ROLE_LINE = re.compile(r"^  (\S.*?)\s{2,}(\S+@\S+)\s*$")
DEMO_SECRET_LINE = re.compile(r"^\s+password (.+?)\s{3}TOTP secret ([A-Z2-7]+=*)\s*$")


def parse_demo_accounts(text: str) -> dict[str, Account]:
    """Reads the accounts `lantern demo` prints: {"Case worker": Account(...), ...}."""
    accounts: dict[str, Account] = {}
    pending: tuple[str, str] | None = None
    for line in text.splitlines():
        role_match = DEMO_ROLE_LINE.match(line)
        if role_match and "password" not in line:
            pending = (role_match.group(1).strip(), role_match.group(2))
            continue
        secret_match = DEMO_SECRET_LINE.match(line)
        if secret_match and pending:
            role, email = pending
            accounts[role] = Account(role=role, email=email, password=secret_match.group(1), secret=secret_match.group(2))
            pending = None
    return accounts


# --------------------------------------------------------------------------- page helpers

def csrf_from(page: str) -> str:
    match = CSRF_FIELD.search(page)
    if not match:
        raise AssertionError(f"no _csrf field in page:\n{page[:600]}")
    return html.unescape(match.group(1))


class Browserless:
    """A cookie session on one Lantern node (a requests.Session that does not follow redirects)."""

    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def get(self, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", HTTP_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.http.get(self.url(path), **kw)

    def post(self, path: str, data: Any = None, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", HTTP_TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.http.post(self.url(path), data=data, **kw)

    def csrf(self, path: str) -> str:
        """GETs a page with a form and returns its CSRF token."""
        response = self.get(path)
        if response.status_code != 200:
            raise LanternHTTPError(f"GET {path} for its form", response)
        return csrf_from(response.text)

    def submit(self, path: str, fields: dict[str, Any] | list[tuple[str, Any]], form_page: str | None = None) -> requests.Response:
        """Posts a form the way a browser would: the CSRF token from the form's page first."""
        token = self.csrf(form_page or path)
        body = list(fields.items()) if isinstance(fields, dict) else list(fields)
        return self.post(path, data=[("_csrf", token)] + body)

    # ----------------------------------------------------------------------- flows

    def sign_in(self, account: Account, totp: TotpClock, allow_recovery_code: bool = True) -> None:
        """Email and password, then a TOTP code (or, when this account's current TOTP step is
        already used and a recovery code is at hand, a recovery code instead of waiting)."""
        response = self.submit_password(account.email, account.password)
        if response.status_code != 303 or not response.headers.get("location", "").endswith("/sign-in/code"):
            raise LanternHTTPError("sign-in with password", response)
        if allow_recovery_code and account.recovery_codes and not totp.is_fresh(account.secret):
            code = account.recovery_codes.pop()
        else:
            code = totp.code(account.secret)
        response = self.submit("/sign-in/code", {"code": code})
        if response.status_code != 303:
            raise LanternHTTPError("sign-in code", response)

    def submit_password(self, email: str, password: str) -> requests.Response:
        """The first step of signing in only; a right password answers 303 to the code step
        (or to /second-factor/setup when no authenticator is set up)."""
        return self.submit("/sign-in", {"email": email, "password": password})

    def sign_out(self) -> requests.Response:
        page = self.get("/account")
        token = csrf_from(page.text)
        return self.post("/sign-out", data={"_csrf": token})

    def create_token(self, name: str = "system tests") -> str:
        response = self.submit("/account/tokens", {"token-name": name}, form_page="/account")
        match = NEW_TOKEN.search(response.text)
        if response.status_code != 200 or not match:
            raise LanternHTTPError("create API token", response)
        return html.unescape(match.group(1))

    def complete_setup(self, setup_link: str, admin: Account, totp: TotpClock,
                       organisation: str = "Camden Council", kind: str = "council",
                       boroughs: tuple[str, ...] = ("E09000007",)) -> Account:
        """First run: creates the organisation and its administrator through the one-time link,
        enrols the authenticator (admin.secret, admin.recovery_codes filled in) and leaves
        this session signed in."""
        path = setup_link[len(self.base_url):] if setup_link.startswith(self.base_url) else setup_link
        fields: list[tuple[str, str]] = [
            ("organisation-name", organisation), ("organisation-kind", kind),
            *[("boroughs[]", code) for code in boroughs],
            ("name", admin.name or "Amara Okafor"), ("email", admin.email),
            ("password", admin.password), ("password-confirmation", admin.password),
        ]
        response = self.submit(path, fields)
        if response.status_code != 303 or not response.headers.get("location", "").endswith("/second-factor/setup"):
            raise LanternHTTPError("setup form", response)
        self.enrol_second_factor(admin, totp)
        return admin

    def enrol_second_factor(self, account: Account, totp: TotpClock) -> None:
        page = self.get("/second-factor/setup")
        match = TOTP_SECRET.search(page.text)
        if page.status_code != 200 or not match:
            raise LanternHTTPError("second-factor setup page", page)
        account.secret = match.group(1)
        response = self.post("/second-factor/setup",
                             data={"_csrf": csrf_from(page.text), "code": totp.code(account.secret)})
        if response.status_code != 200 or "Your authenticator is set up" not in response.text:
            raise LanternHTTPError("second-factor confirmation", response)
        account.recovery_codes = RECOVERY_CODE.findall(response.text)


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
