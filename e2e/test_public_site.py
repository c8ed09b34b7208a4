"""The public site in a browser, without signing in, on `lantern demo`: every page of
/partnership (its groups and published minutes), /get-help (with a borough chosen) and
/contacts, and both feeds. Two checks:

- the leak test: the demo's confidential agenda item, its minutes text and the name withheld
  from the public version ("Jordan Example") appear on no public page or feed, in any of the
  public languages (pages read with JavaScript off: they are served complete);
- axe (WCAG 2.2 A/AA) finds nothing on any of those pages in English and in Arabic, which is
  right to left (`dir="rtl"` on html), and every page names its language and links to the
  others by `hreflang`.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page

from conftest import ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, A11yLedger
from lantern_harness import LanternProcess, make_workdir, remove_workdir

CONFIDENTIAL = [
    "Case review: lessons from a multi-agency response",   # the demo's confidential agenda item
    "The board discussed a multi-agency response in detail",  # its minutes text
    "Jordan Example",                                        # the name withheld from the public version
]
LANGUAGES = ["en-GB", "sq", "ro", "vi", "zh-Hans", "ar", "pt"]
FEEDS = ["/partnership/meetings.ics", "/partnership/minutes.atom"]


@pytest.fixture(scope="module")
def demo():
    workdir = make_workdir("e2e-public-site")
    server = LanternProcess(workdir, args=("demo", "--cases", "20", "--seed", "5"), name="public-site")
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()
        remove_workdir(workdir)


def with_language(url: str, language: str) -> str:
    return url if language == "en-GB" else url + ("&" if "?" in url else "?") + f"lang={language}"


def public_pages(page: Page, base: str) -> list[str]:
    """The public pages: the two start pages, a borough chosen, and every group and minutes
    page /partnership links to."""
    page.goto(urljoin(base, "/partnership"))
    links = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    pages = ["/partnership", "/get-help", "/get-help?borough=E09000007", "/contacts", "/contacts/E09000007"]
    for href in links:
        path = urlparse(urljoin(base, href)).path
        if re.fullmatch(r"/partnership/(groups/[a-z0-9-]+|minutes/[0-9a-f-]{36})", path) and path not in pages:
            pages.append(path)
    return pages


def test_no_public_page_or_feed_shows_a_confidential_item_or_a_withheld_name(demo, browser: Browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", java_script_enabled=False)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        page = context.new_page()
        pages = public_pages(page, demo.base_url)
        assert any(p.startswith("/partnership/minutes/") for p in pages), f"the demo's published minutes are not linked: {pages}"
        assert any(p.startswith("/partnership/groups/") for p in pages), pages
        problems = []
        for language in LANGUAGES:
            for path in pages:
                response = page.goto(with_language(urljoin(demo.base_url, path), language))
                assert response is not None and response.status == 200, f"{path} ({language}) answered {response and response.status}"
                text = page.content()
                problems += [f"{path} ({language}) shows {secret!r}" for secret in CONFIDENTIAL if secret in text]
            for feed in FEEDS:
                response = page.request.get(with_language(urljoin(demo.base_url, feed), language))
                assert response.status == 200, feed
                body = response.text()
                problems += [f"{feed} ({language}) shows {secret!r}" for secret in CONFIDENTIAL if secret in body]
        assert not problems, "\n".join(problems)
        # The published minutes do say that something was withheld.
        minutes = next(p for p in pages if p.startswith("/partnership/minutes/"))
        page.goto(urljoin(demo.base_url, minutes))
        assert "withheld from this public version" in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en-GB", "ar"])
def test_every_public_page_passes_axe_in_english_and_arabic(demo, browser: Browser, language: str):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    a11y = A11yLedger()
    try:
        page = context.new_page()
        pages = public_pages(page, demo.base_url)
        for path in pages:
            response = page.goto(with_language(urljoin(demo.base_url, path), language))
            assert response is not None and response.status == 200, f"{path} ({language})"
            html = page.locator("html")
            if path.startswith(("/partnership", "/get-help")):
                assert html.get_attribute("lang") == language, f"{path}: lang={html.get_attribute('lang')}"
                assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), path
                hreflangs = set(page.locator("a[hreflang]").evaluate_all("links => links.map(a => a.getAttribute('hreflang'))"))
                assert hreflangs == set(LANGUAGES) - {language}, f"{path}: {sorted(hreflangs)}"
            a11y.check(page, f"public {path} ({language})")
        # A bad borough is refused with a message, and the page is still accessible.
        response = page.goto(with_language(urljoin(demo.base_url, "/get-help?borough=nowhere"), language))
        assert response is not None and response.status == 400
        assert page.locator(".error-summary").count() == 1
        a11y.check(page, f"public /get-help with an error ({language})")
    finally:
        context.close()
    a11y.assert_clean()
