"""The partnership's pages in a browser, as its people use them: on `lantern demo` (a fictional
board, leads network and data sub-group with meetings, minutes and actions in every state, a
strategy, and the 33 boroughs' contacts directory), the board secretariat and the modern
slavery lead walk every page the partnership module added, by following links from the
navigation, in English and in Arabic (right to left); the public does the same without
signing in. Every distinct page (one per route, ids aside) is checked with axe (WCAG 2.2
A/AA); no page may fail to load, and Arabic pages must say they are right to left.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, A11yLedger
from lantern_harness import LanternProcess, TotpClock, make_workdir, parse_demo_accounts, remove_workdir

SIGNED_IN_AREAS = ("/groups", "/meetings/", "/minutes/", "/partnership-actions/", "/strategy", "/contacts/manage")
PUBLIC_AREAS = ("/partnership", "/contacts", "/get-help")
ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|E09\d{6}")
# Downloads and feeds are not pages.
NOT_PAGES = re.compile(r"\.(csv|json|ics|atom)$|/papers/")


@pytest.fixture(scope="module")
def demo():
    workdir = make_workdir("e2e-partnership")
    server = LanternProcess(workdir, args=("demo", "--cases", "20", "--seed", "3"), name="partnership")
    server.start(timeout=180)
    try:
        accounts = {}
        for _ in range(100):
            accounts = parse_demo_accounts(server.log_text())
            if "Board secretariat" in accounts:
                break
            import time
            time.sleep(0.1)
        assert "Board secretariat" in accounts, server.log_tail()
        yield server, accounts
    finally:
        server.stop()
        remove_workdir(workdir)


def pattern(path: str) -> str:
    return ID.sub(":id", path)


def crawl(page: Page, base: str, starts: list[str], areas: tuple[str, ...], suffix: str, a11y: A11yLedger, label: str,
          limit: int = 120) -> set[str]:
    """Visits start pages and, breadth first, same-site links in the areas: up to three pages
    per route pattern (a group's meetings differ: one has minutes, another not yet), axe on
    the first of each. Returns the patterns seen."""
    seen: set[str] = set()
    visits: dict[str, int] = {}
    visited: set[str] = set()
    queue = list(starts)
    while queue and len(visited) < limit:
        path = queue.pop(0)
        key = pattern(path)
        if path in visited or visits.get(key, 0) >= 3:
            continue
        visits[key] = visits.get(key, 0) + 1
        visited.add(path)
        first = key not in seen
        seen.add(key)
        target = urljoin(base, path)
        if suffix:
            target += ("&" if "?" in target else "?") + suffix
        response = page.goto(target)
        assert response is not None and response.status == 200, f"{label}: {path} answered {response.status if response else '?'}"
        if "lang=ar" in suffix or "ar" == suffix:
            assert page.locator("html").get_attribute("dir") == "rtl", f"{label}: {path} is not right to left in Arabic"
        if first:
            a11y.check(page, f"{label} {key}")
        for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            parsed = urlparse(urljoin(target, href))
            if parsed.netloc != urlparse(base).netloc:
                continue
            link = parsed.path
            if NOT_PAGES.search(link) or not link.startswith(areas) or link in visited or visits.get(pattern(link), 0) >= 3:
                continue
            queue.append(link + (f"?{parsed.query}" if parsed.query and "lang=" not in parsed.query else ""))
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
def test_every_partnership_page_is_accessible_to_its_people(demo, browser: Browser, totp: TotpClock, language: str):
    server, accounts = demo
    a11y = A11yLedger()
    seen_total: set[str] = set()
    for role in ("Board secretariat", "Modern slavery lead"):
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        try:
            page = context.new_page()
            sign_in(page, server.base_url, accounts[role], totp)
            if language != "en-GB":
                context.add_cookies([{"name": "lantern_lang", "value": language, "url": server.base_url}])
            seen = crawl(page, server.base_url, ["/groups", "/strategy", "/contacts/manage"], SIGNED_IN_AREAS, "",
                         a11y, f"{role} ({language})")
            if language == "ar":
                assert page.locator("html").get_attribute("dir") == "rtl"
            seen_total |= seen
        finally:
            context.close()
    # The walk reached the whole module: groups, terms, meetings, minutes, actions, strategy, directory.
    for expected in ("/groups/:id", "/meetings/:id", "/minutes/:id", "/partnership-actions/:id", "/strategy/:id",
                     "/contacts/manage/:id"):
        assert any(p.startswith(expected) for p in seen_total), f"never reached {expected}: {sorted(seen_total)}"
    a11y.assert_clean()


@pytest.mark.parametrize("language", ["en-GB", "ar", "ro", "zh-Hans"])
def test_every_public_page_is_accessible_without_signing_in(demo, browser: Browser, language: str):
    server, _ = demo
    a11y = A11yLedger()
    # JavaScript stays on only for axe itself: the pages carry none (no <script> is served).
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        page = context.new_page()
        suffix = "" if language == "en-GB" else f"lang={language}"
        seen = crawl(page, server.base_url, ["/partnership", "/contacts", "/get-help"], PUBLIC_AREAS, suffix, a11y,
                     f"public ({language})", limit=40)
        for expected in ("/partnership", "/contacts", "/get-help", "/contacts/:id"):
            assert expected in seen, f"never reached {expected}: {sorted(seen)}"
        page.goto(urljoin(server.base_url, "/partnership") + (f"?{suffix}" if suffix else ""))
        expect(page.locator("html")).to_have_attribute("lang", re.compile(language.split("-")[0], re.I))
    finally:
        context.close()
    a11y.assert_clean()
