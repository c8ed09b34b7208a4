"""The pages after the decision in a browser, as a council's people use them: on `lantern demo`
(stays in B&B and settled homes, support, status and housing requests, children's checklists and
missing episodes, Duty to Notify reports, concerns routed through the directory, the day's
alerts), the modern slavery lead and the case worker walk from their alerts, concerns and
housing requests into the cases and every page those cases link to, in English and Arabic.
Every distinct page (one per route, ids and references aside) is checked with axe (WCAG 2.2
A/AA); no page may fail to load.
"""
from __future__ import annotations

import re
import time
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, A11yLedger
from lantern_harness import LanternProcess, TotpClock, make_workdir, parse_demo_accounts, remove_workdir

AREAS = ("/cases/", "/alerts", "/concerns", "/housing-requests", "/profile/after-the-decision")
ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|LNT(-[0-9A-Z]{4}){3}|E09\d{6}")
NOT_PAGES = re.compile(r"\.(csv|json)$")


@pytest.fixture(scope="module")
def demo():
    workdir = make_workdir("e2e-aftercare")
    server = LanternProcess(workdir, args=("demo", "--cases", "60", "--seed", "5"), name="aftercare")
    server.start(timeout=180)
    try:
        accounts = {}
        for _ in range(100):
            accounts = parse_demo_accounts(server.log_text())
            if "Case worker" in accounts and "Modern slavery lead" in accounts:
                break
            time.sleep(0.1)
        assert "Case worker" in accounts, server.log_tail()
        yield server, accounts
    finally:
        server.stop()
        remove_workdir(workdir)


def pattern(path: str) -> str:
    return ID.sub(":id", path.split("?")[0])


def crawl(page: Page, base: str, starts: list[str], a11y: A11yLedger, label: str, limit: int = 90) -> set[str]:
    """Breadth first over same-site links in the areas: up to two pages per route pattern, axe on
    the first of each. Returns the patterns seen."""
    seen: set[str] = set()
    visits: dict[str, int] = {}
    visited: set[str] = set()
    queue = list(starts)
    while queue and len(visited) < limit:
        path = queue.pop(0)
        key = pattern(path)
        if path in visited or visits.get(key, 0) >= 2:
            continue
        visits[key] = visits.get(key, 0) + 1
        visited.add(path)
        response = page.goto(urljoin(base, path))
        assert response is not None and response.status == 200, f"{label}: {path} answered {response.status if response else '?'}"
        if key not in seen:
            a11y.check(page, f"{label} {key}")
        seen.add(key)
        for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            parsed = urlparse(urljoin(urljoin(base, path), href))
            if parsed.netloc != urlparse(base).netloc:
                continue
            link = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if NOT_PAGES.search(parsed.path) or not parsed.path.startswith(AREAS) or link in visited:
                continue
            if visits.get(pattern(link), 0) >= 2:
                continue
            queue.append(link)
    return seen


def sign_in(page: Page, base: str, account, totp: TotpClock) -> None:
    page.goto(urljoin(base, "/sign-in"))
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code$"))
    page.get_by_label("Security code").fill(totp.code(account.secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


@pytest.mark.parametrize("language", ["en-GB", "ar"])
def test_every_page_after_the_decision_is_accessible(demo, browser: Browser, totp: TotpClock, language: str):
    server, accounts = demo
    a11y = A11yLedger()
    seen_total: set[str] = set()
    for role in ("Modern slavery lead", "Case worker"):
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        try:
            page = context.new_page()
            sign_in(page, server.base_url, accounts[role], totp)
            if language != "en-GB":
                context.add_cookies([{"name": "lantern_lang", "value": language, "url": server.base_url}])
            starts = ["/alerts", "/concerns", "/housing-requests", "/profile/after-the-decision"]
            seen_total |= crawl(page, server.base_url, starts, a11y, f"{role} ({language})")
            if language == "ar":
                assert page.locator("html").get_attribute("dir") == "rtl"
        finally:
            context.close()
    # The walk reached the pages after the decision, from the lists into the cases.
    for expected in ("/alerts", "/concerns", "/cases/:id", "/cases/:id/accommodation", "/cases/:id/status"):
        assert expected in seen_total, f"never reached {expected}: {sorted(seen_total)}"
    a11y.assert_clean()
