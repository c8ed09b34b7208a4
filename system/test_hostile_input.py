"""Hostile input: every form and every JSON field, against a running Lantern.

A fresh `lantern serve` (SQLite, its own directory) with real data. The forms are not listed
by hand: the test signs in (as a person holding every role an organisation administrator can
give, and as the platform administrator), walks every page it can reach by links, and reads
every <form> on them (fields, options, defaults), so a form added later is attacked too. The
JSON fields come from the OpenAPI document the server publishes. Before sign-in, the sign-in,
code, first-run setup, invitation and authenticator forms are attacked the same way.

Each field in turn, with every other field holding an acceptable value, receives:
HTML and script, SQL fragments, control characters (NUL, ESC, BEL, DEL, C1), invalid UTF-8
(percent-encoded and as raw bytes), a 1 MB string, a 200,000-character string, huge numbers
(also as raw JSON numbers: 1e400, 40 digits) and out-of-range or impossible dates.

Rules, for every one of those requests:
- never a 5xx;
- refused with a 4xx when the value cannot be right for the field: anything hostile in a
  date, choice (radio, select, checkbox), email or id field or in a typed JSON field; control
  characters, invalid UTF-8 and oversized strings anywhere. Free text (names, narratives) may
  hold markup, SQL-looking text, digits and date-looking text: a person's words are stored
  as written, so there it may be accepted, and then must come back escaped;
- a refused request leaves the database exactly as it was (every table's content compared,
  except sessions, the audit log and sign-in counters);
- no response carries the markup unescaped (the raw `<script>alert(` or `<img ... onerror`
  never appears in an HTML page), and no page carries raw control characters;
- afterwards every page reachable by the two sessions is read again: the stored markup
  appears only escaped (and does appear, so the check is not vacuous), `lantern audit
  verify` says intact, and the server never logged an unhandled error.

Forms that only filter (method GET) must never fail or reflect markup; they may answer 200
with the filter refused on the page.
"""
from __future__ import annotations

import datetime
import hashlib
import html
import json
import itertools
import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, quote_from_bytes, urlsplit

import pytest
import requests

from harness import Deployment, LanternProcess, audit_verify, make_workdir, new_key, remove_workdir
from lantern_client import (Account, Api, Browserless, TotpClock, add_organisation, csrf_from, populate,
                            valid_case)

# Survivor voice's public form is attacked like any other: no minimum time to write it, and
# no hourly limit in the way (VoiceHTTPTests holds both).
QUIET = {"LANTERN_JOB_INTERVAL": "1000000000", "LANTERN_VOICE_MINIMUM_SECONDS": "0",
         "LANTERN_VOICE_LIMIT_PER_ADDRESS": "10000", "LANTERN_VOICE_LIMIT_PER_HOUR": "1000000",
         "LANTERN_PUBLIC_TRAINING_MINIMUM_SECONDS": "0", "LANTERN_PUBLIC_TRAINING_LIMIT_PER_ADDRESS": "10000",
         "LANTERN_PUBLIC_TRAINING_LIMIT_PER_HOUR": "1000000"}
ALL_ROLES = ["organisation_admin", "modern_slavery_lead", "case_worker", "analyst", "board_secretariat",
             "trainer", "read_only"]
TIMEOUT = 60
TODAY = datetime.date.today().isoformat()


# --------------------------------------------------------------------------- the hostile values

@dataclass(frozen=True)
class Hostile:
    kind: str                       # html, sql, control, utf8, megabyte, long, number, date
    text: str = ""
    raw: bytes | None = None        # invalid UTF-8: the bytes themselves
    json_raw: bytes | None = None   # a JSON token to put in place of the value (numbers)

    @property
    def label(self) -> str:
        shown = self.raw if self.raw is not None else (self.json_raw or self.text)
        return f"{self.kind}:{shown[:40]!r}" + (f"…({len(self.text)} chars)" if len(self.text) > 40 else "")


SCRIPT = '<script>alert("lantern-xss")</script>'
IMG = '"><img src=x onerror=alert(1) data-lantern-xss>'
RAW_MARKERS = ('<script>alert("lantern-xss")', '<img src=x onerror=alert(1) data-lantern-xss')
ESCAPED_MARKER = "&lt;script&gt;alert("

HOSTILE: list[Hostile] = [
    Hostile("html", SCRIPT),
    Hostile("html", IMG),
    Hostile("sql", "x' OR '1'='1'; DROP TABLE cases; --"),
    Hostile("sql", "1) UNION SELECT password_hash FROM users --"),
    Hostile("control", "nul\x00byte"),
    Hostile("control", "esc\x1b[31m bell\x07"),
    Hostile("control", "del\x7f c1\x85 bs\x08"),
    Hostile("utf8", raw=b"\xff\xfe bad bytes"),
    Hostile("utf8", raw=b"surrogate \xed\xa0\x80"),
    Hostile("utf8", raw=b"overlong \xc0\xaf"),
    Hostile("megabyte", "M" * (1 << 20)),
    Hostile("long", "L" * 200_000),
    Hostile("number", "9" * 40, json_raw=b"9" * 40),
    Hostile("number", "-1e309", json_raw=b"1e400"),
    Hostile("date", "0000-00-00"),
    Hostile("date", "9999-12-31"),
    Hostile("date", "-0001-01-01"),
    Hostile("date", "2026-02-30"),
    Hostile("date", "+275760-09-13"),
]
ALWAYS_REFUSED = {"control", "utf8", "megabyte", "long"}
ONCE_PER_FORM = {"megabyte"}        # refused by size before any field is read: once per form is enough


def refused_for(kind: str, free_text: bool) -> bool:
    """Whether a value of this kind must be refused in this kind of field."""
    return kind in ALWAYS_REFUSED or not free_text


# --------------------------------------------------------------------------- reading pages and forms

@dataclass
class Field:
    name: str
    kind: str                       # text, textarea, password, email, date, number, select, radio, checkbox, hidden…
    options: list[str] = field(default_factory=list)
    default: list[str] = field(default_factory=list)
    multiple: bool = False

    @property
    def free_text(self) -> bool:
        return self.kind in ("text", "textarea", "password", "search", "tel", "url") and not self.options


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict[str, Field]

    def attackable(self) -> list[Field]:
        return [f for f in self.fields.values() if f.name != "_csrf" and f.kind not in ("hidden", "submit", "button")]


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option_selected = False

    def _add(self, name: str, kind: str) -> Field:
        assert self._form is not None
        return self._form.fields.setdefault(name, Field(name=name, kind=kind))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(page="", method=(a.get("method") or "get").lower(), action=a.get("action", ""), fields={})
            self.forms.append(self._form)
        elif self._form is None or not a.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            f = self._add(a["name"], kind)
            if kind in ("radio", "checkbox"):
                f.options.append(a.get("value", "on"))
                f.multiple = kind == "checkbox"
                if "checked" in a:
                    f.default.append(a.get("value", "on"))
            elif a.get("value"):
                f.default = [a["value"]]
        elif tag == "textarea":
            self._add(a["name"], "textarea")
        elif tag == "select":
            self._select = self._add(a["name"], "select")
            self._select.multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.default.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(page: str, text: str) -> list[Form]:
    parser = FormParser()
    parser.feed(text)
    for form in parser.forms:
        form.page = page
        form.action = html.unescape(form.action) or page
    return parser.forms


def route_of(path: str) -> str:
    """A path with its record ids taken out: one pattern per route."""
    path = re.sub(r"LNT-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", ":reference", path)
    path = re.sub(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", ":id", path)
    return re.sub(r"/(setup|invitations)/[A-Za-z0-9_\-]{20,}", r"/\1/:token", path)


LINK = re.compile(r'href="(/[^"#]*)"')
# Forms that end something (a session, an account, a share); they carry no field but the token.
DESTRUCTIVE = re.compile(r"/(sign-out|disable|reset-second-factor|revoke|withdraw|remove)$")
SKIP_LINKS = re.compile(r"^/(static/|sign-out)")


def crawl(session: Browserless, start: str = "/", limit: int = 400, one_per_route: bool = True) -> dict[str, requests.Response]:
    """Every page reachable from `start` by links (GET only), at most one per route pattern
    (query strings count as their own route) unless one_per_route is False."""
    pages: dict[str, requests.Response] = {}
    routes: set[str] = set()
    queue = [start]
    while queue and len(pages) < limit:
        path = queue.pop(0)
        key = route_of(path) if one_per_route else path
        if path in pages or key in routes:
            continue
        routes.add(key)
        response = session.get(path, timeout=TIMEOUT)
        pages[path] = response
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        for link in LINK.findall(response.text):
            link = html.unescape(link)
            if not SKIP_LINKS.match(link) and link not in pages:
                queue.append(link)
    return pages


# --------------------------------------------------------------------------- the database, before and after

VOLATILE_TABLES = {"sessions", "audit_entries", "audit_head", "job_runs", "attempt_counters"}
VOLATILE_COLUMNS = {"users": {"totp_last_step", "failed_attempts", "locked_until"},
                    "api_tokens": {"last_used_at"}}


def database_digest(path: Path) -> dict[str, str]:
    """{table: sha256 of its rows}, read-only, leaving out what every request may change."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        digest = {}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            if table in VOLATILE_TABLES:
                continue
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')
                       if r[1] not in VOLATILE_COLUMNS.get(table, set())]
            listed = ", ".join(f'"{c}"' for c in columns)
            h = hashlib.sha256()
            for row in con.execute(f'SELECT {listed} FROM "{table}" ORDER BY {listed}'):
                h.update(repr(row).encode() + b"\n")
            digest[table] = h.hexdigest()
        return digest
    finally:
        con.close()


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


# --------------------------------------------------------------------------- the judge

@dataclass
class Verdicts:
    server: LanternProcess
    problems: list[str] = field(default_factory=list)
    sent: int = 0
    refused: int = 0
    accepted: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)

    def digest(self) -> dict[str, str]:
        return database_digest(self.server.workdir / "lantern.sqlite")

    def problem(self, text: str) -> None:
        if len(self.problems) < 400:
            self.problems.append(text)

    def check_response(self, where: str, response: requests.Response) -> None:
        """No 5xx, no unescaped markup in a page, no raw control characters in a page."""
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            self.problem(f"{where}: {response.status_code} {response.text[:300]}")
        content_type = response.headers.get("content-type", "")
        if "html" in content_type:
            body = response.text
            for marker in RAW_MARKERS:
                if marker in body:
                    i = body.index(marker)
                    self.problem(f"{where}: markup reflected unescaped: …{body[max(0, i - 120):i + 80]!r}…")
            control = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", body)
            if control:
                self.problem(f"{where}: raw control character {control.group()!r} in the page")
        elif response.content and response.status_code >= 400 and "json" not in content_type:
            self.problem(f"{where}: error answered as {content_type!r}, neither a page nor problem JSON")

    def judge(self, where: str, response: requests.Response, must_refuse: bool, before: dict[str, str] | None,
              refusal_ok: Callable[[requests.Response], bool] | None = None) -> bool:
        """Applies the rules to one attack; returns whether the server accepted it."""
        self.sent += 1
        self.check_response(where, response)
        refused = 400 <= response.status_code < 500 or bool(refusal_ok and refusal_ok(response))
        if refused:
            self.refused += 1
            if before is not None:
                after = self.digest()
                if after != before:
                    self.problem(f"{where}: refused with {response.status_code} but changed {changed_tables(before, after)}")
        elif response.status_code < 500:
            self.accepted += 1
            if must_refuse:
                self.problem(f"{where}: accepted with {response.status_code} "
                             f"{response.headers.get('location', '')}; it must be refused with a 4xx")
        return not refused and response.status_code < 500


# --------------------------------------------------------------------------- sending forms

def form_body(pairs: list[tuple[str, str | Hostile]], raw_bytes: bool = False) -> bytes:
    """application/x-www-form-urlencoded; invalid UTF-8 percent-encoded, or (raw_bytes) as is."""
    parts = []
    for name, value in pairs:
        key = quote(name, safe="")
        if isinstance(value, Hostile):
            if value.raw is not None:
                encoded = value.raw if raw_bytes else quote_from_bytes(value.raw, safe="").encode()
                parts.append(key.encode() + b"=" + encoded)
            else:
                parts.append(key.encode() + b"=" + quote(value.text, safe="").encode())
        else:
            parts.append(key.encode() + b"=" + quote(value, safe="").encode())
    return b"&".join(parts)


Baseline = Callable[[Form], dict[str, list[str]]]


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def generic_baseline(form: Form, overrides: dict[str, Callable[[], list[str]]] | None = None) -> dict[str, list[str]]:
    """Acceptable values for every field: the page's own defaults, the first real option of
    each choice, and plausible text; `overrides` (by field name) win."""
    values: dict[str, list[str]] = {}
    for f in form.fields.values():
        if f.name == "_csrf":
            continue
        if overrides and f.name in overrides:
            values[f.name] = overrides[f.name]()
        elif f.default and any(f.default):
            values[f.name] = [d for d in f.default if d]
        elif f.kind in ("radio", "select"):
            real = [o for o in f.options if o]
            values[f.name] = real[:1]
        elif f.kind == "checkbox":
            values[f.name] = f.options[:1]
        elif f.kind == "date":
            values[f.name] = [TODAY]
        elif f.kind == "email":
            values[f.name] = [unique("person.") + "@camden.example.org"]
        elif f.kind in ("text", "textarea"):
            values[f.name] = ["Sample text"]
        else:
            values[f.name] = []
    return values


class FormAttacker:
    def __init__(self, verdicts: Verdicts, session: Browserless) -> None:
        self.verdicts = verdicts
        self.session = session

    def send(self, form: Form, pairs: list[tuple[str, str | Hostile]], raw_bytes: bool = False) -> requests.Response:
        body = form_body(pairs, raw_bytes)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if form.method == "get":
            return self.session.get(form.action.split("?")[0] + "?" + body.decode("latin-1"), timeout=TIMEOUT)
        return self.session.post(form.action, data=body, headers=headers, timeout=TIMEOUT)

    def pairs(self, form: Form, values: dict[str, list[str]], csrf: str | None,
              attacked: str | None = None, hostile: Hostile | None = None) -> list[tuple[str, str | Hostile]]:
        pairs: list[tuple[str, str | Hostile]] = [("_csrf", csrf)] if csrf is not None and form.method == "post" else []
        for name, vals in values.items():
            if name == attacked:
                pairs.append((name, hostile))
                # Checkbox groups: the hostile value beside a good one, so only the hostile one is wrong.
                if form.fields[name].kind == "checkbox" and vals:
                    pairs.append((name, vals[0]))
            else:
                pairs.extend((name, v) for v in vals)
        return pairs

    def attack(self, form: Form, baseline: Callable[[], dict[str, list[str]]], csrf: Callable[[], str | None],
               expect_baseline: bool = True, after_accept: Callable[[dict[str, list[str]]], None] | None = None,
               only: set[str] | None = None, refusal_ok: Callable[[requests.Response], bool] | None = None,
               skip: set[str] = frozenset()) -> None:
        """The baseline first (it must be accepted, so refusals below are about the hostile
        value), then every field × every hostile value."""
        route = f"{form.method.upper()} {route_of(form.action.split('?')[0])}"
        checked = form.method == "post"
        if expect_baseline:
            values = baseline()
            response = self.send(form, self.pairs(form, values, csrf()))
            self.verdicts.check_response(f"{route} baseline", response)
            if not (200 <= response.status_code < 400):
                errors = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', response.text)
                self.verdicts.problem(f"{route}: the acceptable baseline was refused ({response.status_code}: {errors[:4]}); "
                                      f"fix its values in test_hostile_input.py so the attacks below mean something")
            elif after_accept and checked:
                after_accept(values)
        for f in form.attackable():
            if f.name in skip:
                continue
            self.verdicts.fields.add(f"{route} {f.name}")
            for i, hostile in enumerate(HOSTILE):
                if only is not None and hostile.kind not in only:
                    continue
                if hostile.kind in ONCE_PER_FORM and f is not form.attackable()[0]:
                    continue
                if not checked and hostile.kind in ("megabyte", "long"):
                    continue        # no URL carries these: the server's URL limit answers first
                variants = [False, True] if hostile.raw is not None and checked and f is form.attackable()[0] else [False]
                for raw_bytes in variants:
                    values = baseline()
                    before = self.verdicts.digest() if checked else None
                    response = self.send(form, self.pairs(form, values, csrf(), f.name, hostile), raw_bytes)
                    where = f"{route} [{f.name}] {hostile.label}{' raw' if raw_bytes else ''}"
                    must = refused_for(hostile.kind, f.free_text) and checked
                    accepted = self.verdicts.judge(where, response, must, before, refusal_ok)
                    if accepted and after_accept and checked:
                        after_accept({**values, f.name: [hostile.text]})


# --------------------------------------------------------------------------- sending JSON

PLACEHOLDER = "\u2603hostile\u2603"


def json_body(body: dict[str, Any], path: tuple[str | int, ...], hostile: Hostile, as_number: bool) -> bytes:
    """The body with the value at `path` replaced by the hostile value, encoded by hand where
    JSON itself cannot say it (invalid UTF-8, numbers beyond any type)."""
    doc = json.loads(json.dumps(body))
    target = doc
    for step in path[:-1]:
        target = target[step]
    if hostile.raw is not None or as_number:
        target[path[-1]] = PLACEHOLDER
        text = json.dumps(doc, ensure_ascii=False).encode()
        token = b'"' + hostile.raw + b'"' if hostile.raw is not None else hostile.json_raw
        return text.replace(json.dumps(PLACEHOLDER, ensure_ascii=False).encode(), token)
    target[path[-1]] = hostile.text
    return json.dumps(doc).encode()


def schema_admits(schema: dict[str, Any], hostile: Hostile) -> bool:
    """Whether the documented schema itself allows this (text) value, e.g. digits where the
    pattern is [a-z0-9_.]*: then accepting it is right."""
    if hostile.raw is not None or hostile.kind in ALWAYS_REFUSED:
        return False
    text = hostile.text
    if "enum" in schema:
        return text in schema["enum"]
    if not is_string_schema(schema) or schema.get("format"):
        return False
    if len(text) > schema.get("maxLength", 1 << 30) or len(text) < schema.get("minLength", 0):
        return False
    return "pattern" not in schema or re.search(schema["pattern"], text) is not None


def is_string_schema(schema: dict[str, Any]) -> bool:
    """A string, or a string that may be null (`"type": ["string", "null"]`)."""
    kind = schema.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind and set(kind) <= {"string", "null"})


def is_free_text_schema(schema: dict[str, Any]) -> bool:
    return (is_string_schema(schema) and not schema.get("enum") and not schema.get("format")
            and not schema.get("pattern"))


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


# --------------------------------------------------------------------------- the deployment

@dataclass
class World:
    server: LanternProcess
    deployment: Deployment
    totp: TotpClock
    partner: str
    references: list[str]
    hostile: Account = None  # type: ignore[assignment]
    session: Browserless = None  # type: ignore[assignment]
    api: Api = None  # type: ignore[assignment]

    def fresh_case(self, consent: bool = False) -> str:
        """A new case (and, if asked, a consent record covering the partner), made through the API."""
        reference = self.api.json("POST", "/api/v1/cases", expect=201, json=valid_case(
            firstName="Fresh", lastName="Case", dateOfBirth="1990-05-05", confirmedNew=True))["reference"]
        if consent:
            self.api.json("POST", f"/api/v1/cases/{reference}/consents", expect=201, json={
                "basis": "consent", "referToNRM": "yes", "organisationIDs": [self.partner],
                "scopes": ["full_case", "decision_status"], "purpose": "Support and safe housing",
                "obtainedHow": "in_person_verbal", "givenOn": TODAY, "validUntil": "2030-12-31"})
        return reference


# Everything a child's NRM referral needs before it can be marked ready (as the API takes it).
CHILD_REFERRAL = {
    "reportLocation": "England", "localAuthorityContactName": "Duty social worker",
    "localAuthorityContactPhone": "020 7000 0000", "whatHappened": "Moved between flats and made to sell drugs",
    "howItStarted": "Approached outside school", "stillInSituation": False, "indicators": "Unexplained cash",
    "interviewDetails": "At school with an advocate", "ukPlaces": "London, Southend", "currentLocation": "London",
    "exploiters": "An older group", "futureExploitationRisk": True, "firstName": "Submitted", "lastName": "Referral",
    "dateOfBirth": "2010-05-01", "interpreterNeeded": False, "decisionLetterRecipient": "Children's services",
    "decisionLetterContact": "Safe address held by council", "firstResponderName": "Casey Worker",
    "firstResponderRole": "Social worker", "firstResponderPhone": "020 7000 0001"}


class JsonTargets:
    """What the JSON operations act on besides a case, each made afresh after an accepted
    attack: agenda items of a case conference meeting held today and chaired by the API's case
    worker (nominated, for the chair's decision; accepted, for outcomes and actions), and
    shares to a partner whose case worker answers them through their own token."""

    def __init__(self, world: World) -> None:
        self.world = world
        api = world.api
        me = api.json("GET", "/api/v1/me")
        self.chair = me["id"]
        lead = world.deployment.invite(Account(role="lead", email=unique("conference.lead.") + "@camden.example.org",
                                               password="harbour lantern meadow 52", name="Conference Lead"),
                                       ["modern_slavery_lead"])
        made = lead.submit("/conferences/new", {"name": "Hostile input MACC", "borough": "E09000007", "kind": "macc",
                                                "accessDays": "7"}, form_page="/conferences/new")
        assert made.status_code == 303, f"conference series: {made.status_code} {made.text[:400]}"
        series = re.search(r"/conferences/([0-9A-Fa-f-]{36})/meetings/new", made.headers["Location"]).group(1)
        made = lead.submit(f"/conferences/{series}/meetings/new", {"heldOn": TODAY, "chair": self.chair},
                           form_page=f"/conferences/{series}/meetings/new")
        assert made.status_code == 303, f"conference meeting: {made.status_code} {made.text[:400]}"
        self.meeting = re.search(r"/conference-meetings/([0-9A-Fa-f-]{36})", made.headers["Location"]).group(1)
        # A partner organisation whose case worker answers the shares made to it.
        admin, admin_session = world.deployment.add_organisation(unique("Answering Charity "))
        worker = Account(role="partner worker", email=unique("answering.worker.") + "@answering.example.org",
                         password="copper meadow signal 73", name="Answering Worker")
        self.answerer = Api(world.server.base_url, world.deployment.invite(worker, ["case_worker"], admin=admin_session)
                            .create_token("answers shares"))
        self.answering_organisation = self.answerer.json("GET", "/api/v1/me")["organisation"]["id"]

    def submitted(self) -> str:
        """A child's case whose NRM referral was submitted eight days ago (so it can be followed up)."""
        api = self.world.api
        today = datetime.date.today()
        reference = api.json("POST", "/api/v1/cases", expect=201, json=valid_case(
            identifiedOn=(today - datetime.timedelta(days=60)).isoformat(), ageGroup="child", gender="male",
            nationality="GBR", exploitationTypes=["criminal"], countyLines=True, confirmedNew=True))["reference"]
        path = f"/api/v1/cases/{reference}"
        api.json("POST", f"{path}/events", json={"event": "referral_decision",
                                                 "date": (today - datetime.timedelta(days=10)).isoformat()})
        api.json("PUT", f"{path}/referral", json=CHILD_REFERRAL)
        for event, days_ago in (("referral_marked_ready", 9), ("referral_submitted", 8)):
            api.json("POST", f"{path}/events", json={"event": event,
                                                     "date": (today - datetime.timedelta(days=days_ago)).isoformat()})
        return reference

    def nominated(self) -> str:
        reference = self.world.fresh_case()
        return self.world.api.json("POST", f"/api/v1/cases/{reference}/conferences/nominations", expect=201, json={
            "meetingId": self.meeting, "reason": "Exploited again since the last review", "riskLevel": "high"})["id"]

    def accepted(self) -> str:
        item = self.nominated()
        self.world.api.json("POST", f"/api/v1/conference-agenda/{item}/decision", json={"decision": "accept"})
        return item

    def share(self) -> str:
        api = self.world.api
        reference = self.world.fresh_case()
        consent = api.json("POST", f"/api/v1/cases/{reference}/consents", expect=201, json={
            "basis": "consent", "referToNRM": "yes", "organisationIDs": [self.answering_organisation],
            "scopes": ["case_without_identity"], "purpose": "Support and safe housing", "obtainedHow": "in_person_verbal",
            "givenOn": TODAY, "validUntil": "2030-12-31"})["id"]
        return api.json("POST", f"/api/v1/cases/{reference}/shares", expect=201, json={
            "organisationID": self.answering_organisation, "scopes": ["case_without_identity"],
            "purpose": "Support and safe housing", "until": "2030-06-30", "consentID": consent,
            "purposeKind": "support"})["id"]


@pytest.fixture(scope="module")
def world(lantern_bin, totp):
    workdir = make_workdir("hostile")
    server = LanternProcess(workdir, env={"LANTERN_KEY": new_key(), **QUIET}, name="hostile")
    server.start()
    try:
        verdicts = Verdicts(server)
        attack_setup_form(server, verdicts)
        deployment = Deployment(server, totp)
        partner = add_organisation(deployment.admin_session, "Hope Charity Hostile")
        references = populate(deployment.api, partner, cases=6)
        w = World(server=server, deployment=deployment, totp=totp, partner=partner, references=references)
        w.hostile = Account(role="every role", email="hostile@camden.example.org", password="quartz lantern meadow 88",
                            name="Hostile Tester")
        w.session = deployment.invite(w.hostile, ALL_ROLES)
        # The case worker's token: the forms test changes the hostile tester's password.
        w.api = deployment.api
        w.verdicts = verdicts  # type: ignore[attr-defined]
        yield w
    finally:
        server.stop()
        remove_workdir(workdir)


def attack_setup_form(server: LanternProcess, verdicts: Verdicts) -> None:
    """The first-run setup form, before it is used: only values that must be refused (an
    accepted one would complete the setup)."""
    link = server.setup_link()
    session = Browserless(server.base_url)
    path = urlsplit(link).path
    page = session.get(path)
    assert page.status_code == 200, f"setup page: {page.status_code}"
    (form,) = [f for f in forms_on(path, page.text) if f.method == "post"]
    csrf = csrf_from(page.text)
    password = "harbour kettle orbit 42"

    def baseline() -> dict[str, list[str]]:
        return generic_baseline(form, {"password": lambda: [password], "password-confirmation": lambda: [password],
                                       "organisation-name": lambda: ["Camden Council"]})

    attacker = FormAttacker(verdicts, session)
    for f in form.attackable():
        verdicts.fields.add(f"POST /setup/:token {f.name}")
        for hostile in HOSTILE:
            if not refused_for(hostile.kind, f.free_text) or (hostile.kind in ONCE_PER_FORM and f is not form.attackable()[0]):
                continue
            pairs = attacker.pairs(form, baseline(), csrf, f.name, hostile)
            if f.name == "password":
                pairs = [(n, hostile if n == "password-confirmation" else v) for n, v in pairs]
            before = verdicts.digest()
            response = attacker.send(form, pairs)
            verdicts.judge(f"POST /setup/:token [{f.name}] {hostile.label}", response, True, before)


# --------------------------------------------------------------------------- the tests

def case_bound(action: str) -> bool:
    return bool(re.match(r"^/cases/LNT-[A-Z0-9-]+/", action))


def test_every_form_field_refuses_or_escapes_hostile_input(world: World):
    verdicts: Verdicts = world.verdicts  # type: ignore[attr-defined]
    admin = world.deployment.admin_session
    fresh = world.fresh_case(consent=True)

    # Every form either session can reach, one per route; case forms from a fresh case first
    # (it can be remade after each accepted attack), then any other case's.
    found: dict[str, tuple[Form, Browserless]] = {}
    for session, start in ((world.session, f"/cases/{fresh}"), (world.session, "/"), (admin, "/")):
        for path, response in crawl(session, start).items():
            verdicts.check_response(f"GET {path}", response)
            if response.status_code == 200 and "text/html" in response.headers.get("content-type", ""):
                for form in forms_on(path, response.text):
                    key = f"{form.method} {route_of(form.action.split('?')[0])}"
                    if DESTRUCTIVE.search(form.action):
                        continue
                    if form.attackable() and key not in found:
                        found[key] = (form, session)
    routes = sorted(found)
    print(f"\nforms found: {len(routes)}\n  " + "\n  ".join(routes))
    for expected in ("post /cases/new", "post /cases/:reference/referral", "post /cases/:reference/consents/new",
                     "post /cases/:reference/shares/new", "post /organisation/users/invite", "post /account/tokens",
                     "post /account/password", "post /admin/organisations", "get /cases"):
        assert expected in found, f"the crawl did not find the form {expected}; found {routes}"

    password = {"current": world.hostile.password}

    def after_password_change(values: dict[str, list[str]]) -> None:
        password["current"] = values["password"][0]

    state = {"case": fresh}
    forms_by_page: dict[str, list[Form]] = {}

    def remake_case(_: dict[str, list[str]]) -> None:
        state["case"] = world.fresh_case(consent=True)

    for key in routes:
        form, session = found[key]
        csrf_token = csrf_from(session.get("/account").text)
        overrides: dict[str, Callable[[], list[str]]] = {}
        after_accept = None
        expect_baseline = form.method == "post"
        skip: set[str] = set()
        if key == "post /account/password":
            overrides = {"current-password": lambda: [password["current"]],
                         "password": lambda: [unique("new lantern password ")],
                         "password-confirmation": lambda: ["(same as password)"]}
            after_accept = after_password_change
        elif key in ("post /organisation/users/invite", "post /admin/organisations"):
            overrides = {"name": lambda: ["Invited Person"], "organisation-name": lambda: [unique("Partner Org ")],
                         "email": lambda: [unique("invited.") + "@camden.example.org"]}
        elif key == "post /cases/:reference/shares/new":
            overrides = {"purpose": lambda: ["Support and safe housing"], "until": lambda: ["2030-06-30"],
                         "organisationID": lambda: [world.partner]}
        elif key == "post /cases/:reference/consents/new":
            overrides = {"referToNRM": lambda: ["yes"], "purpose": lambda: ["Support and safe housing"],
                         "validUntil": lambda: ["2030-06-30"], "interpreterLanguage": lambda: []}
        elif key == "post /cases/:reference/referral":
            overrides = {"firstResponderPhone": lambda: ["020 7946 0000"], "dateOfBirth": lambda: ["1990-05-05"]}
        elif key == "post /retention/holds":
            # A hold is placed on a case of the same organisation; a new case each time, so
            # an accepted baseline never meets "already held".
            overrides = {"reference": lambda: [world.fresh_case()],
                         "reason": lambda: ["Proceedings at the Crown Court need the details kept."]}
        elif key == "post /groups/new":
            # A slug is unique: a new one for each accepted baseline.
            overrides = {"slug": lambda: [unique("group-").lower().replace(" ", "-").replace(".", "-")]}
        elif key in ("post /cases/:reference/pillars/new", "post /cases/:reference/homelessness/new"):
            # A decision day only once decided: the baseline leaves the decision pending.
            overrides = {"decidedOn": lambda: []}
        elif key in ("post /concerns/new", "post /cases/:reference/concerns/new", "post /cases/:reference/housing-requests/new"):
            # Routed through the contacts directory, which this world leaves empty: every
            # baseline is refused ("no directory entry for the borough", nothing written), so
            # the attacks below must be refused or escaped without a baseline to compare.
            expect_baseline = False
        elif key == "post /cases/:reference/workers":
            # One worker and no second: the baseline never names the same person twice.
            overrides = {"secondWorker": lambda: [""]}
        elif key == "post /cases/:reference/conferences/nominate":
            # This world holds no case conference, so no planned meeting can be chosen: every
            # baseline is refused ("Choose a planned meeting", nothing written), and the attacks
            # below must be refused or escaped without a baseline to compare.
            expect_baseline = False
        elif key == "post /training/courses/new":
            # A course that is not Train-the-Trainer: minutes as a number, no commitment.
            overrides = {"duration": lambda: ["180"], "commitSessions": lambda: [], "commitMonths": lambda: [],
                         "qualification": lambda: ["first-responder"]}
        elif key == "post /events/new":
            # Times the form's time inputs would send, and an event in person (no link).
            overrides = {"startTime": lambda: ["10:00"], "endTime": lambda: ["12:00"], "link": lambda: [], "capacity": lambda: ["40"]}
        elif key == "post /training/exemptions":
            # This world sets no training requirement, so no exemption can be granted: every
            # baseline is refused in words, and the attacks below must be refused or escaped too.
            expect_baseline = False
        elif key == "post /surveys/new":
            # A survey goes to a group the organisation hosts, and the form was read by the
            # crawl before any group existed: every baseline is refused in words ("Choose a
            # group your organisation hosts", nothing written), and the attacks below must be
            # refused or escaped too. SurveysHTTPTests covers the accepted survey. The rows of
            # questions after the first are checked by the same rule as the first: attacked once.
            expect_baseline = False
            skip = {f"q{row}{part}" for row in range(1, 20) for part in ("", "kind", "options")}
        elif key == "post /voice":
            # The hidden trap field is left empty and the stamp as a page drew it (a value in
            # the trap, or another stamp, is a machine's: thanked, nothing kept); the sender
            # says whether they may be quoted.
            # A stamp is spent by the message it keeps: each send draws the form afresh.
            def fresh_ticket(session=session) -> list[str]:
                found_ticket = re.search(r'name="ticket" value="([^"]*)"', session.get("/voice").text)
                return [found_ticket.group(1) if found_ticket else ""]
            overrides = {"quote": lambda: ["no"], "leave_this_blank": lambda: [""], "ticket": fresh_ticket}
            skip = {"leave_this_blank", "ticket"}
        elif key == "post /training/open/:sessionID":
            # Booking on the public site: the trap left empty, a stamp drawn afresh for each
            # send (a booking spends it), and a new email each time (one place per email).
            def fresh_open_ticket(session=session, action=form.action) -> list[str]:
                found_ticket = re.search(r'name="ticket" value="([^"]*)"', session.get(action).text)
                return [found_ticket.group(1) if found_ticket else ""]
            emails = itertools.count()
            overrides = {"leave_this_blank": lambda: [""], "ticket": fresh_open_ticket,
                         "email": lambda: [f"hostile{next(emails)}@example.org"]}
            skip = {"leave_this_blank", "ticket"}
        elif key == "post /voice/messages/:messageID":
            # A moderator's filing: kept under one theme, no excerpt.
            overrides = {"state": lambda: ["kept"], "themes[]": lambda: ["housing"], "excerpt": lambda: []}
        elif key == "post /intelligence/new":
            overrides = {"ward": lambda: ["Kentish Town"], "text": lambda: ["Several people seen sleeping at the car wash."]}
        elif key == "post /profile/datasets/upload":
            # A form that carries a file: sent url-encoded it has none, so every attack is
            # refused for that, and still shows whether a hostile value breaks the page or escapes.
            expect_baseline = False
        elif key == "post /profile/agreements/new":
            # A valid agreement names people of its parties other than whoever records it (here
            # the hostile tester, who holds every role): which ones depends on who works where
            # in this world, so every baseline may be refused in words and the attacks below
            # must be refused or escaped without one. DataSharingAgreementHTTPTests covers the
            # accepted agreement. Dates as the form asks for them.
            in_a_month = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
            overrides = {"parties[]": lambda form=form: form.fields["parties[]"].options[:2],
                         "from": lambda: [TODAY], "until": lambda: [in_a_month]}
            expect_baseline = False
        elif key.startswith("get /"):
            expect_baseline = False
        if form.method == "post" and case_bound(form.action) and route_of(form.action).startswith("/cases/:reference"):
            # Bind the form to the current fresh case (read from its own page, so ids in its
            # options are that case's), and make a new case after each acceptance.
            template = form
            original_case = re.match(r"^/cases/(LNT-[A-Z0-9-]+)/", form.action).group(1)
            if original_case == fresh:
                after_accept = remake_case

                def bound(template=template, original_case=original_case, session=session) -> Form:
                    case = state["case"]
                    page = template.page.replace(original_case, case)
                    if page not in forms_by_page:
                        forms_by_page[page] = forms_on(page, session.get(page).text)
                    action = template.action.replace(original_case, case)
                    matches = [f for f in forms_by_page[page] if f.action == action]
                    assert matches, f"{action} is not on {page}, which has {[f.action for f in forms_by_page[page]]}"
                    return matches[0]
            else:
                def bound(template=template) -> Form:
                    return template
                expect_baseline = False
        else:
            def bound(form=form) -> Form:
                return form

        class Bound(FormAttacker):
            def send(self, form_, pairs, raw_bytes=False):  # noqa: ANN001
                if key == "post /account/password":
                    # The confirmation repeats the new password unless it is the field attacked.
                    new = next((v for n, v in pairs if n == "password"), None)
                    pairs = [(n, new if n == "password-confirmation" and v == "(same as password)" else v) for n, v in pairs]
                return super().send(bound(), pairs, raw_bytes)

        attacker = Bound(verdicts, session)
        attacker.attack(form, lambda: generic_baseline(bound(), overrides), lambda: csrf_token,
                        expect_baseline=expect_baseline, after_accept=after_accept, skip=skip)

    report(verdicts, "forms", since=0)


def test_sign_in_invitation_and_authenticator_forms_refuse_hostile_input(world: World):
    verdicts: Verdicts = world.verdicts  # type: ignore[attr-defined]
    since = len(verdicts.problems)
    server = world.server

    def back_to_sign_in(response: requests.Response) -> bool:
        # A refused step of signing in may send the person back to the start instead.
        return response.status_code == 303 and response.headers.get("location", "").endswith("/sign-in")

    # Sign-in: hostile email with a wrong password, hostile password for an unknown email.
    anonymous = Browserless(server.base_url)
    page = anonymous.get("/sign-in")
    (form,) = [f for f in forms_on("/sign-in", page.text) if f.method == "post"]
    csrf = csrf_from(page.text)
    FormAttacker(verdicts, anonymous).attack(
        form, lambda: {"email": ["nobody@camden.example.org"], "password": ["not the password 1"]}, lambda: csrf,
        expect_baseline=False, refusal_ok=back_to_sign_in)

    # The code step, for a person whose password was right. Wrong codes count towards the
    # lock-out (five), so each person takes at most four, and sign-in starts again for each.
    code_form = Form(page="/sign-in/code", method="post", action="/sign-in/code",
                     fields={"code": Field(name="code", kind="text")})
    people: list[Account] = []
    for n, hostile in enumerate(HOSTILE):
        if n % 4 == 0:
            person = Account(role="code", email=unique("code.step.") + "@camden.example.org",
                             password="copper lantern river 31", name="Code Step")
            world.deployment.invite(person, ["read_only"])
            people.append(person)
        signing_in = Browserless(server.base_url)
        page = signing_in.get("/sign-in")
        response = signing_in.post("/sign-in", data={"_csrf": csrf_from(page.text), "email": people[-1].email,
                                                      "password": people[-1].password})
        assert response.status_code == 303 and response.headers["location"].endswith("/sign-in/code"), \
            f"password step: {response.status_code} {response.headers.get('location')}"
        code_csrf = csrf_from(signing_in.get("/sign-in/code").text)
        before = verdicts.digest()
        response = FormAttacker(verdicts, signing_in).send(code_form, [("_csrf", code_csrf), ("code", hostile)])
        verdicts.judge(f"POST /sign-in/code [code] {hostile.label}", response, True, before, back_to_sign_in)
        if response.status_code in (401, 403):
            verdicts.problem(f"POST /sign-in/code [code] {hostile.label}: {response.status_code}, "
                             "the code step was not reached (locked out or session lost): the attack proved nothing")

    # An invitation: the password fields, then the authenticator code of the new account.
    state: dict[str, Any] = {}

    def new_invitation() -> None:
        account = Account(role="invited", email=unique("invitee.") + "@camden.example.org",
                          password="meadow lantern quartz 64", name="Invited Person")
        response = world.deployment.admin_session.submit(
            "/organisation/users/invite", [("name", account.name), ("email", account.email), ("roles[]", "read_only")])
        link = re.search(r'<code id="invitation-link">([^<]+)</code>', response.text).group(1).strip()
        state["path"] = urlsplit(link).path
        state["session"] = Browserless(server.base_url)
        state["csrf"] = csrf_from(state["session"].get(state["path"]).text)

    new_invitation()
    invitation_form = [f for f in forms_on(state["path"], state["session"].get(state["path"]).text) if f.method == "post"][0]
    enrolling: list[Browserless] = []

    def accepted_invitation(_: dict[str, list[str]]) -> None:
        enrolling.append(state["session"])
        new_invitation()

    class InvitationAttacker(FormAttacker):
        def send(self, form_, pairs, raw_bytes=False):  # noqa: ANN001
            self.session = state["session"]
            pairs = [(n, state["csrf"]) if n == "_csrf" else (n, v) for n, v in pairs]
            password = next(v for n, v in pairs if n == "password")
            if isinstance(password, Hostile):   # the confirmation repeats a hostile password
                pairs = [(n, password if n == "password-confirmation" else v) for n, v in pairs]
            return super().send(Form(form_.page, form_.method, state["path"], form_.fields), pairs, raw_bytes)

    InvitationAttacker(verdicts, state["session"]).attack(
        invitation_form, lambda: {"password": ["meadow lantern quartz 64"], "password-confirmation": ["meadow lantern quartz 64"]},
        lambda: state["csrf"], after_accept=accepted_invitation)
    assert enrolling, "no invitation was accepted, so the authenticator form was not reached"
    enrolment = enrolling[0]
    page = enrolment.get("/second-factor/setup")
    assert page.status_code == 200, f"second-factor setup page: {page.status_code}"
    (factor_form,) = [f for f in forms_on("/second-factor/setup", page.text) if f.action == "/second-factor/setup"]
    csrf = csrf_from(page.text)
    FormAttacker(verdicts, enrolment).attack(factor_form, lambda: {"code": ["000000"]}, lambda: csrf,
                                             expect_baseline=False, refusal_ok=back_to_sign_in)
    report(verdicts, "sign-in, invitation and authenticator forms", since)


def test_every_json_field_refuses_hostile_input(world: World):
    verdicts: Verdicts = world.verdicts  # type: ignore[attr-defined]
    since = len(verdicts.problems)
    api = world.api
    document = api.json("GET", "/api/openapi.json")
    targets = JsonTargets(world)

    def consent_id(reference: str) -> str:
        return api.json("GET", f"/api/v1/cases/{reference}/consents")["items"][0]["id"]

    # Each baseline is given what its path names ({reference}, {itemID}, {shareID}).
    baselines: dict[tuple[str, str], Callable[[dict[str, str]], dict[str, Any]]] = {
        ("post", "/api/v1/cases"): lambda t: valid_case(firstName="Json", lastName="Person", nickname="JP",
                                                        nationality="ALB", language="sqi",
                                                        dateOfBirth="1991-02-03", boroughExploited="E09000001",
                                                        ageGroupAtExploitation="adult", interpreterNeeded=True,
                                                        countyLines=False, confirmedNew=True),
        ("post", "/api/v1/cases/{reference}/events"): lambda t: {"event": "referral_decision", "date": TODAY},
        ("put", "/api/v1/cases/{reference}/referral"): lambda t: {
            "whatHappened": "Worked without pay", "firstName": "Json", "dateOfBirth": "1991-02-03",
            "stillInSituation": False, "firstResponderPhone": "020 7946 0000"},
        ("post", "/api/v1/cases/{reference}/consents"): lambda t: {
            "basis": "consent", "referToNRM": "yes", "organisationIDs": [world.partner], "scopes": ["full_case"],
            "purpose": "Support and safe housing", "obtainedHow": "through_interpreter", "interpreterLanguage": "Albanian",
            "givenOn": TODAY, "validUntil": "2030-12-31"},
        ("post", "/api/v1/cases/{reference}/shares"): lambda t: {
            "organisationID": world.partner, "scope": "full_case", "purpose": "Support and safe housing",
            "until": "2030-06-30", "consentID": consent_id(t["reference"])},
        ("post", "/api/v1/cases/{reference}/notes"): lambda t: {
            "kind": "visit", "on": TODAY, "note": "Visited at the safe house; settled and eating well."},
        ("post", "/api/v1/cases/{reference}/tasks"): lambda t: {
            "title": "Book the interpreter for the GP visit", "owner": targets.chair, "due": "2030-01-15"},
        ("put", "/api/v1/cases/{reference}/workers"): lambda t: {"worker": targets.chair, "secondWorker": None},
        ("put", "/api/v1/cases/{reference}/referral-follow-up"): lambda t: {
            "homeOfficeReference": "NRM-2026-000123", "acknowledgedOn": TODAY},
        ("post", "/api/v1/cases/{reference}/referral-follow-up/chases"): lambda t: {
            "chasedOn": TODAY, "method": "email", "note": "Asked the Single Competent Authority for the decision date."},
        ("post", "/api/v1/cases/{reference}/conferences/nominations"): lambda t: {
            "meetingId": targets.meeting, "reason": "Exploited again since the last review", "riskLevel": "high"},
        ("post", "/api/v1/conference-agenda/{itemID}/decision"): lambda t: {"decision": "accept"},
        ("post", "/api/v1/conference-agenda/{itemID}/outcome"): lambda t: {
            "riskLevel": "high", "decisions": "Move to a safe house outside the borough", "reviewOn": "2030-01-15"},
        ("post", "/api/v1/conference-agenda/{itemID}/actions"): lambda t: {
            "what": "Find a bed outside the borough", "owner": f"person:{targets.chair}", "dueOn": "2030-01-15"},
        ("post", "/api/v1/shares/{shareID}/answer"): lambda t: {"decision": "decline", "reason": "No bed until spring"},
    }
    # What each path acts on, made afresh after an acceptance; and who asks, when not the
    # case worker who holds the cases.
    fresh_targets: dict[tuple[str, str], Callable[[], dict[str, str]]] = {
        ("post", "/api/v1/conference-agenda/{itemID}/decision"): lambda: {"itemID": targets.nominated()},
        ("post", "/api/v1/conference-agenda/{itemID}/outcome"): lambda: {"itemID": targets.accepted()},
        ("post", "/api/v1/conference-agenda/{itemID}/actions"): lambda: {"itemID": targets.accepted()},
        ("post", "/api/v1/shares/{shareID}/answer"): lambda: {"shareID": targets.share()},
        ("put", "/api/v1/cases/{reference}/referral-follow-up"): lambda: {"reference": targets.submitted()},
        ("post", "/api/v1/cases/{reference}/referral-follow-up/chases"): lambda: {"reference": targets.submitted()},
    }
    askers: dict[tuple[str, str], Api] = {("post", "/api/v1/shares/{shareID}/answer"): targets.answerer}
    operations = [(method, path, op) for path, item in document["paths"].items() for method, op in item.items()
                  if method in ("post", "put", "patch") and "requestBody" in op]
    missing = [f"{m.upper()} {p}" for m, p, o in operations if (m, p) not in baselines
               and resolve(document, op_schema(document, o)).get("properties")]
    assert not missing, f"JSON operations with fields but no acceptable baseline in this test: {missing}"

    for method, path, op in operations:
        if (method, path) not in baselines:
            continue
        schema = resolve(document, op_schema(document, op))
        properties = dict(schema.get("properties") or {})
        if not properties:      # the referral: any form field name; attack the ones in the baseline
            properties = {name: {"type": "string", "maxLength": 10000}
                          for name in baselines[(method, path)]({"reference": ""})}
            properties["dateOfBirth"] = {"type": "string", "format": "date"}
            properties["stillInSituation"] = {"type": "boolean"}
        remake = fresh_targets.get((method, path), lambda: {"reference": world.fresh_case(consent=True)})
        asker = askers.get((method, path), api)
        state = {"target": remake()}

        def url() -> str:
            filled = path
            for name, value in state["target"].items():
                filled = filled.replace("{" + name + "}", value)
            assert "{" not in filled, f"{path}: nothing to put in {filled}"
            return filled

        route = f"{method.upper()} {path}"
        good = baselines[(method, path)](state["target"])
        response = asker.request(method.upper(), url(), json=good)
        verdicts.check_response(f"{route} baseline", response)
        if not 200 <= response.status_code < 300:
            verdicts.problem(f"{route}: the acceptable baseline was refused ({response.status_code}: {response.text[:300]})")
        state["target"] = remake()

        for name, prop in properties.items():
            prop = resolve(document, prop)
            verdicts.fields.add(f"{route} {name}")
            items = resolve(document, prop.get("items", {}))
            attacked: list[tuple[tuple[str | int, ...], dict[str, Any]]] = [((name,), prop)]
            if prop.get("type") == "array":
                attacked.append(((name, 0), items))
            for target, target_schema in attacked:
                free_text = is_free_text_schema(target_schema)
                for hostile in HOSTILE:
                    as_numbers = [False, True] if hostile.json_raw is not None else [False]
                    for as_number in as_numbers:
                        body = baselines[(method, path)](state["target"])
                        if len(target) == 2 and not body.get(name):
                            body[name] = ["placeholder"]
                        elif len(target) == 1 and name not in body:
                            body[name] = None
                        before = verdicts.digest()
                        response = asker.request(method.upper(), url(), data=json_body(body, target, hostile, as_number),
                                                 headers={"Content-Type": "application/json"})
                        where = f"{route} [{'.'.join(map(str, target))}] {hostile.label}{' as a number' if as_number else ''}"
                        must = as_number or (refused_for(hostile.kind, free_text)
                                             and not schema_admits(target_schema, hostile))
                        if verdicts.judge(where, response, must, before):
                            state["target"] = remake()
                        if response.status_code >= 400 and "json" not in response.headers.get("content-type", ""):
                            verdicts.problem(f"{where}: the API answered {response.status_code} without problem JSON")

    # Query parameters of every GET operation (filters, limits, dates), as the person with
    # every role, so no operation is refused before its parameters are read.
    api = Api(world.server.base_url, world.session.create_token("hostile queries"))
    reference = world.fresh_case(consent=True)
    for path, item in document["paths"].items():
        op = item.get("get")
        if not op:
            continue
        for parameter in op.get("parameters", []):
            if parameter.get("in") != "query":
                continue
            schema = resolve(document, parameter.get("schema", {}))
            free_text = is_free_text_schema(schema)
            url_path = re.sub(r"\{reference\}", reference, path)
            url_path = re.sub(r"\{organisationID\}", api.json("GET", "/api/v1/me")["organisation"]["id"], url_path)
            verdicts.fields.add(f"GET {path} ?{parameter['name']}")
            for hostile in HOSTILE:
                if hostile.kind in ("megabyte", "long"):
                    continue        # no URL carries these: the server's URL limit answers first
                value = quote_from_bytes(hostile.raw, safe="") if hostile.raw is not None else quote(hostile.text, safe="")
                response = api.get(f"{url_path}?{quote(parameter['name'])}={value}")
                where = f"GET {path} [?{parameter['name']}] {hostile.label}"
                must = refused_for(hostile.kind, free_text) and not schema_admits(schema, hostile)
                verdicts.judge(where, response, must, None)
    report(verdicts, "JSON fields", since)


def op_schema(document: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    return op["requestBody"]["content"]["application/json"]["schema"]


def test_stored_markup_is_shown_escaped_everywhere_and_the_audit_chain_holds(world: World):
    verdicts: Verdicts = world.verdicts  # type: ignore[attr-defined]
    since = len(verdicts.problems)
    escaped_seen = 0
    pages = 0
    for session in (world.session, world.deployment.admin_session):
        for path, response in crawl(session, "/", limit=600, one_per_route=False).items():
            pages += 1
            verdicts.check_response(f"GET {path} (after the attacks)", response)
            escaped_seen += response.text.count(ESCAPED_MARKER)
    print(f"\nread {pages} pages again; escaped markup shown {escaped_seen} times")
    assert escaped_seen > 0, "no stored markup was found on any page: the escaping check proved nothing"
    world.server.stop()
    audit_verify(world.server)
    unhandled = [line for line in world.server.log_text().splitlines() if "unhandled error" in line]
    assert not unhandled, "the server logged unhandled errors:\n" + "\n".join(unhandled[:20])
    problems = verdicts.problems[since:]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60]) + save(verdicts, problems)


def save(verdicts: Verdicts, problems: list[str]) -> str:
    path = verdicts.server.workdir / "hostile-problems.txt"
    with open(path, "a") as out:
        out.write("\n".join(problems) + "\n\n")
    return f"\n(all {len(problems)} in {path}; keep it with LANTERN_SYSTEM_KEEP=1)"


def report(verdicts: Verdicts, what: str, since: int) -> None:
    print(f"\n{what}: {verdicts.sent} hostile requests so far over {len(verdicts.fields)} fields; "
          f"{verdicts.refused} refused, {verdicts.accepted} accepted (free text); statuses {dict(sorted(verdicts.statuses.items()))}")
    problems = verdicts.problems[since:]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60]) + save(verdicts, problems)
