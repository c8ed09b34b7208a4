"""Shared fixtures and helpers for Lantern's browser tests.

The app is started once per test session from the already-built binary, in a fresh
temporary directory (its own lantern.sqlite and lantern.key), on a free loopback port.
"""
from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from lantern_harness import (SERVER_START_SECONDS, Account, LanternProcess, TotpClock, make_workdir,
                             remove_workdir)
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# How long to wait for things outside a single browser action (servers: lantern_harness).
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 20_000

# WCAG 2.2 level A and AA (axe-core tags). Best-practice rules are not part of the standard.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


# --------------------------------------------------------------------------- accessibility

_axe = Axe()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')} [{v.get('helpUrl', '')}]")
        for node in v.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node.get('html', '').strip()[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    """Runs axe-core with the WCAG 2.2 A/AA rules on the page as it is now."""
    page.wait_for_load_state("load")
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def _describe(page: Page, label: str | None, violations: list[dict]) -> str:
    where = f"{label or page.title()} ({page.url})"
    return f"{len(violations)} WCAG 2.2 AA violation(s) on {where}:\n{format_violations(violations)}"


def check_a11y(page: Page, label: str | None = None) -> None:
    """Fails the test at once if axe finds any WCAG 2.2 A/AA violation on the page."""
    violations = axe_violations(page)
    if violations:
        report = _describe(page, label, violations)
        print("\naxe: " + report)
        pytest.fail(report, pytrace=False)


class A11yLedger:
    """For a long journey: checks each page like check_a11y, but records violations and lets
    the journey go on, so one run reports every page's problems; assert_clean() then fails
    the test if any page had any."""

    def __init__(self) -> None:
        self.reports: list[str] = []
        self.pages_checked = 0

    def check(self, page: Page, label: str | None = None) -> None:
        self.pages_checked += 1
        violations = axe_violations(page)
        if violations:
            report = _describe(page, label, violations)
            print("\naxe: " + report)
            self.reports.append(report)

    def assert_clean(self) -> None:
        if self.reports:
            pytest.fail(f"accessibility violations on {len(self.reports)} of {self.pages_checked} pages checked:\n\n"
                        + "\n\n".join(self.reports), pytrace=False)


# --------------------------------------------------------------------------- server

class LanternServer(LanternProcess):
    """The session's `lantern serve` (lantern_harness.LanternProcess) in a fresh temporary
    directory, with the accounts made during the session, shared between tests (the one-time
    setup link works once). Account and TotpClock come from lantern_harness too."""

    def __init__(self) -> None:
        super().__init__(make_workdir("e2e"))
        self.setup_link_url: str | None = None
        self.accounts: dict[str, Account] = {}
        self.setup_started = False
        self.organisation_name = "Camden Council"

    def start(self, timeout: float = SERVER_START_SECONDS) -> "LanternServer":
        super().start(timeout)
        self.setup_link_url = self.setup_link()
        return self

    def stop(self) -> None:
        super().stop()
        remove_workdir(self.workdir)


@pytest.fixture(scope="session")
def server():
    lantern = LanternServer()
    try:
        lantern.start()
        yield lantern
    finally:
        lantern.stop()


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def totp() -> TotpClock:
    return TotpClock()


@pytest.fixture
def new_page(browser: Browser):
    """Opens a page in a fresh browser context (its own cookies); all are closed afterwards."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# --------------------------------------------------------------------------- flows

def read_totp_secret(page: Page) -> str:
    secret = page.locator("#secret-key code[data-secret]").get_attribute("data-secret")
    assert secret and re.fullmatch(r"[A-Z2-7]+=*", secret), f"unexpected TOTP secret {secret!r}"
    return secret


def enrol_authenticator(page: Page, account: Account, totp: TotpClock, check=None) -> None:
    """On /second-factor/setup: reads the key, confirms a code, keeps the recovery codes."""
    expect(page).to_have_url(re.compile(r"/second-factor/setup$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    if check:
        check(page, "second-factor setup")
    account.secret = read_totp_secret(page)
    page.get_by_label("Code from your app").fill(totp.code(account.secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authenticator is set up")
    account.recovery_codes = page.locator("ul.recovery-codes li code").all_inner_texts()
    assert len(account.recovery_codes) == 10, account.recovery_codes
    if check:
        check(page, "recovery codes")
    page.get_by_role("link", name="Continue to Lantern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {account.name}")


def complete_setup(page: Page, server: LanternServer, admin: Account, check=None) -> None:
    page.goto(server.setup_link_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up Lantern")
    if check:
        check(page, "setup")
    page.get_by_label("Organisation name").fill(server.organisation_name)
    page.get_by_label("Kind of organisation").select_option("council")
    page.locator("input[name='boroughs[]'][value='E09000007']").check()
    page.get_by_label("Full name").fill(admin.name)
    page.get_by_label("Work email address").fill(admin.email)
    page.get_by_label("Create a password").fill(admin.password)
    page.get_by_label("Confirm password").fill(admin.password)
    page.get_by_role("button", name="Create organisation and account").click()
    expect(page).to_have_url(re.compile(r"/second-factor/setup$"))


def sign_in(page: Page, server: LanternServer, account: Account, totp: TotpClock, check=None) -> None:
    page.goto(server.url("/sign-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    if check:
        check(page, "sign-in")
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    if check:
        check(page, "sign-in code")
    page.get_by_label("Security code").fill(totp.code(account.secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {account.name}")


def sign_out(page: Page, check=None) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/signed-out$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    if check:
        check(page, "signed out")


def invite(page: Page, server: LanternServer, name: str, email: str, roles: list[str], check=None) -> str:
    """Signed in as an organisation admin: creates an invitation and returns its link."""
    page.goto(server.url("/organisation/users/invite"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a user")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Work email address").fill(email)
    for role in roles:
        page.locator(f"input[name='roles[]'][value='{role}']").check()
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")
    if check:
        check(page, "invitation created")
    link = page.locator("code#invitation-link").inner_text().strip()
    assert link.startswith(server.url("/invitations/")), link
    return link


def accept_invitation(page: Page, link: str, account: Account, totp: TotpClock, check=None) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    if check:
        check(page, "invitation accept")
    page.get_by_label("Create a password").fill(account.password)
    page.get_by_label("Confirm password").fill(account.password)
    page.get_by_role("button", name="Create account").click()
    enrol_authenticator(page, account, totp, check=check)


@pytest.fixture(scope="session")
def admin(server: LanternServer, browser: Browser, totp: TotpClock) -> Account:
    """The first administrator (also platform admin). test_journey.py creates it through the
    setup page when it runs first; otherwise it is created here."""
    if "admin" in server.accounts:
        return server.accounts["admin"]
    if server.setup_started:
        pytest.fail("the one-time setup link was used by a journey that failed before finishing; see that failure")
    account = Account(name="Amara Okafor", email="amara.okafor@camden.example.org", password="harbour kettle orbit 42")
    context = browser.new_context()
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        page = context.new_page()
        server.setup_started = True
        complete_setup(page, server, account)
        enrol_authenticator(page, account, totp)
        sign_out(page)
    finally:
        context.close()
    server.accounts["admin"] = account
    return account


def pytest_collection_modifyitems(session, config, items):
    """The journey uses the one-time setup link, so it runs before everything else."""
    items.sort(key=lambda item: 0 if item.module.__name__.endswith("test_journey") else 1)
