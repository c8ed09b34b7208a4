"""Training (issue 13) in a browser, on `lantern demo`: the trainer walks the training pages —
the overview, a course, a session with its register, a certificate, the Train-the-Trainer
cascade (drawn, and written out for those who cannot see the drawing) — adds a course
through the form (first with a mistake, so the error summary is checked too), and a case
worker books the last-but-one place on next month's session. Every distinct page is checked
with axe (WCAG 2.2 A/AA); a training page that does not answer 200 fails the test.
"""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, A11yLedger
from lantern_harness import LanternProcess, TotpClock, make_workdir, parse_demo_accounts, remove_workdir

ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
NOT_PAGES = re.compile(r"\.(csv|json)$")


@pytest.fixture(scope="module")
def demo():
    workdir = make_workdir("e2e-training")
    server = LanternProcess(workdir, args=("demo", "--cases", "20", "--seed", "11"), name="training")
    server.start(timeout=180)
    try:
        accounts = {}
        for _ in range(100):
            accounts = parse_demo_accounts(server.log_text())
            if all(role in accounts for role in ("Trainer", "Case worker", "Board secretariat", "Organisation administrator", "Voice moderator")):
                break
            time.sleep(0.1)
        assert "Trainer" in accounts, server.log_tail()
        yield server, accounts
    finally:
        server.stop()
        remove_workdir(workdir)


@contextmanager
def visitor(browser: Browser, locale: str = "en-GB") -> Iterator[Page]:
    """A page in a fresh browser context (London time, in `locale`), signed in as nobody; the
    context is closed afterwards."""
    context = browser.new_context(locale=locale, timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def signed_in(browser: Browser, base: str, account, totp: TotpClock) -> Iterator[Page]:
    """A page in a fresh browser context (London time, British English), signed in as
    `account`; the context is closed afterwards."""
    with visitor(browser) as page:
        sign_in(page, base, account, totp)
        yield page


def sign_in(page: Page, base: str, account, totp: TotpClock) -> None:
    page.goto(urljoin(base, "/sign-in"))
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code$"))
    page.get_by_label("Security code").fill(totp.code(account.secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def crawl(page: Page, base: str, a11y: A11yLedger, seen: set[str], label: str, limit: int = 30) -> None:
    """Breadth first over the training pages linked from /training (one visit per route pattern)."""
    queue, done = ["/training"], set()
    while queue and len(done) < limit:
        path = queue.pop(0)
        key = ID.sub(":id", path.split("?")[0])
        if key in done:
            continue
        done.add(key)
        response = page.goto(urljoin(base, path))
        assert response is not None and response.status == 200, f"{label}: {path} answered {response.status if response else '?'}"
        a11y.check(page, f"{label} {key}")
        seen.add(key)
        for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            parsed = urlparse(urljoin(urljoin(base, path), href))
            if parsed.netloc == urlparse(base).netloc and parsed.path.startswith("/training") and not NOT_PAGES.search(parsed.path):
                queue.append(parsed.path)


def test_the_training_pages_are_reachable_and_accessible(demo, browser: Browser, totp: TotpClock):
    server, accounts = demo
    base = server.base_url
    a11y = A11yLedger()
    seen: set[str] = set()
    with signed_in(browser, base, accounts["Trainer"], totp) as page:
        crawl(page, base, a11y, seen, "Trainer")
        page.goto(urljoin(base, "/training/cascade"))
        expect(page.locator("main svg")).to_be_visible()
        expect(page.locator("#cascade-text")).to_be_visible()
        # The demo's cascade: the read-only member, trained three levels below the first
        # trainer, trained others in turn (so the tree is four levels deep).
        expect(page.locator("main ul.cascade-tree")).to_contain_text("generation 4")

        # A course through the form: a mistake first (no duration), then right.
        page.goto(urljoin(base, "/training/courses/new"))
        page.get_by_label("Title").fill("Civil orders: STPOs and STROs (fictional)")
        page.get_by_label("Who it is for").fill("Police and council officers")
        page.get_by_label("Face to face").check()
        page.get_by_label("Learning outcomes").fill("Know when to apply\nKnow who applies")
        page.get_by_role("button", name="Add the course").click()
        expect(page.locator(".error-summary")).to_contain_text("Enter the duration in minutes")
        a11y.check(page, "Trainer new course with an error")
        page.get_by_label("Duration").fill("90")
        page.get_by_role("button", name="Add the course").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Civil orders")
        a11y.check(page, "Trainer course page")
        page.get_by_role("link", name="Add a session").click()
        a11y.check(page, "Trainer new session")
        page.get_by_label("Day").fill(time.strftime("%Y-%m-%d", time.gmtime(time.time() + 14 * 86_400)))
        page.get_by_label("Where").fill("Lambeth Town Hall (fictional)")
        page.get_by_role("button", name="Add the session").click()
        expect(page.locator(".error-summary")).to_have_count(0)
        expect(page.get_by_role("heading", level=2, name="Register")).to_be_visible()
        a11y.check(page, "Trainer session with its register")
        session_url = page.url

    with signed_in(browser, base, accounts["Case worker"], totp) as page:
        page.goto(session_url)
        page.get_by_role("button", name="Book a place").click()
        expect(page.get_by_text("Your place is booked")).to_be_visible()
        a11y.check(page, "Case worker session after booking")
        page.goto(urljoin(base, "/training"))
        expect(page.locator("main")).to_contain_text("Civil orders")
        # The demo case worker was trained in the cascade: their certificate opens.
        certificate = page.locator("main a[href$='/certificate']").first
        expect(certificate).to_be_visible()
        certificate.click()
        expect(page.locator("main")).to_contain_text("Certificate of training")
        a11y.check(page, "Case worker certificate")
        # The refresher they came to last week: its anonymous evaluation, a mistake first.
        page.goto(urljoin(base, "/training"))
        # The last such link: the first is next month's session of the same course, in "Coming up".
        refresher = page.locator("main a[href^='/training/sessions/']").filter(has_text="Identifying and responding").last
        refresher.click()
        page.get_by_role("link", name="Evaluate this session (anonymous)").click()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.locator(".error-summary")).to_contain_text("Choose how confident you were before the course")
        a11y.check(page, "Case worker evaluation with an error")
        page.locator("input[name=before][value='2']").check()
        page.locator("input[name=after][value='4']").check()
        page.locator("input[name=outcomes][value=yes]").check()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_text("your anonymous answers are saved")).to_be_visible()
    for expected in ("/training", "/training/cascade", "/training/coverage", "/training/evaluations", "/training/courses/:id",
                     "/training/sessions/:id", "/training/courses/new"):
        assert expected in seen, f"never reached {expected}: {sorted(seen)}"
    a11y.assert_clean()


def test_events_and_exemptions_are_usable_and_accessible(demo, browser: Browser, totp: TotpClock):
    """The board secretariat adds an event (a mistake first), a case worker books next month's
    conference and adds it to their calendar, and the organisation administrator opens the
    exemptions page (no requirement is in force in the demo by default)."""
    server, accounts = demo
    base = server.base_url
    a11y = A11yLedger()
    with signed_in(browser, base, accounts["Board secretariat"], totp) as page:
        page.goto(urljoin(base, "/events"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Events")
        expect(page.locator("main")).to_contain_text("Anti-Slavery Day")
        a11y.check(page, "Secretariat events")
        page.get_by_role("link", name="Add an event").click()
        page.get_by_label("Webinar").check()
        page.get_by_label("Title").fill("Duty to Notify in practice (fictional)")
        page.get_by_role("button", name="Add the event").click()
        expect(page.locator(".error-summary")).to_be_visible()
        a11y.check(page, "Secretariat new event with an error")
        page.get_by_label("Day", exact=True).fill(time.strftime("%Y-%m-%d", time.gmtime(time.time() + 20 * 86_400)))
        page.get_by_label("Starts (London time)").fill("13:00")
        page.get_by_label("Ends (London time)").fill("14:00")
        page.get_by_label("Link to join online").fill("https://meet.example.org/fictional")
        page.get_by_role("button", name="Add the event").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Duty to Notify in practice")
        a11y.check(page, "Secretariat event page")
        # Last month's presentation: six answers, so its feedback shows (to its organisers).
        page.goto(urljoin(base, "/events"))
        page.get_by_role("link", name=re.compile("Presentation to the board")).click()
        expect(page.locator("main")).to_contain_text("6 answers")
        a11y.check(page, "Secretariat past event with feedback")

    with signed_in(browser, base, accounts["Case worker"], totp) as page:
        page.goto(urljoin(base, "/events"))
        page.get_by_role("link", name=re.compile("annual conference")).click()
        page.get_by_role("button", name="Book a place").click()
        expect(page.get_by_text("Your place is booked")).to_be_visible()
        a11y.check(page, "Case worker event after booking")
        calendar = page.request.get(urljoin(base, page.get_by_role("link", name="Add to my calendar (iCalendar)").get_attribute("href")))
        assert calendar.ok and "BEGIN:VEVENT" in calendar.text()

    with signed_in(browser, base, accounts["Organisation administrator"], totp) as page:
        page.goto(urljoin(base, "/training/exemptions"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Training exemptions")
        a11y.check(page, "Administrator exemptions")
    public = browser.new_context(locale="en-GB")
    try:
        feed = public.request.get(urljoin(base, "/partnership/events.ics"))
        assert feed.ok and "annual conference" in feed.text() and "Civil orders" not in feed.text()
    finally:
        public.close()
    a11y.assert_clean()


def test_surveys_are_usable_and_accessible(demo, browser: Browser, totp: TotpClock):
    """The board secretariat reads last season's closed survey (results with small counts
    withheld, and the CSV) and starts a new one (a mistake first); a case worker answers this
    season's survey: a missing answer first, then all of them."""
    server, accounts = demo
    base = server.base_url
    a11y = A11yLedger()
    with signed_in(browser, base, accounts["Board secretariat"], totp) as page:
        page.goto(urljoin(base, "/surveys"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Surveys")
        a11y.check(page, "Secretariat surveys")
        page.get_by_role("link", name=re.compile("member survey, spring")).click()
        expect(page.locator("main")).to_contain_text("Average: 4.5 out of 5")
        expect(page.locator("main")).to_contain_text("Its counts are withheld [c]")
        expect(page.get_by_role("link", name="Download the results (CSV)")).to_be_visible()
        a11y.check(page, "Secretariat survey results")
        results = page.request.get(urljoin(base, page.get_by_role("link", name="Download the results (CSV)").get_attribute("href") or ""))
        assert results.ok and results.text().startswith("question_number,question,kind,answer,count,answered") and "[c]" in results.text()
        page.goto(urljoin(base, "/surveys/new"))
        page.get_by_label("Title").fill("Conference feedback (fictional)")
        page.get_by_role("button", name="Save the survey").click()
        expect(page.locator(".error-summary")).to_be_visible()
        a11y.check(page, "Secretariat new survey with an error")

    with signed_in(browser, base, accounts["Case worker"], totp) as page:
        page.goto(urljoin(base, "/surveys"))
        page.get_by_role("link", name=re.compile("Answer.*autumn")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("autumn")
        a11y.check(page, "Case worker survey to answer")
        page.get_by_role("button", name="Send my answers").click()
        expect(page.locator(".error-summary")).to_contain_text("Question 1: choose an answer")
        a11y.check(page, "Case worker survey with an error")
        page.get_by_role("group", name="The network's meetings help me in my work").get_by_label("Agree", exact=True).check()
        page.get_by_role("group", name=re.compile("make a referral")).get_by_label("Strongly agree").check()
        page.get_by_role("group", name=re.compile("work on first")).get_by_label("Data and figures").check()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_text("Thank you: your answers are in")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Answered, thank you")
        a11y.check(page, "Case worker surveys after answering")
    a11y.assert_clean()


def test_survivor_voice_is_usable_and_accessible(demo, browser: Browser, totp: TotpClock):
    """Someone with no account writes to the partnership from the public form in Arabic
    (right to left): a mistake first, then the message; the voice moderator files a waiting
    message under a theme; the themes page shows counts per quarter and the shared excerpts."""
    server, accounts = demo
    base = server.base_url
    a11y = A11yLedger()
    with visitor(browser, "ar") as page:
        page.goto(urljoin(base, "/voice?lang=ar"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_role("heading", level=1)).to_have_text("أخبرنا بما ساعدك وما لم يساعدك")
        a11y.check(page, "Public voice form (ar)")
        page.get_by_role("button", name="إرسال دون ذكر الاسم").click()
        expect(page.locator(".error-summary")).to_contain_text("اكتب رسالتك")
        a11y.check(page, "Public voice form with errors (ar)")
        page.get_by_label("رسالتك").fill("ساعدتني الجمعية في إيجاد مكان آمن.")
        page.get_by_label("لا، لا تشاركوا كلماتي").check()
        # A person takes a few seconds to write; a form sent sooner comes back to be checked.
        time.sleep(3.5)
        page.get_by_role("button", name="إرسال دون ذكر الاسم").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("شكرًا لك: تم إرسال رسالتك")
        a11y.check(page, "Public voice thanks (ar)")
        page.goto(urljoin(base, "/voice"))
        a11y.check(page, "Public voice form (en-GB)")

    with signed_in(browser, base, accounts["Voice moderator"], totp) as page:
        page.goto(urljoin(base, "/voice/messages"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Survivor voice")
        expect(page.locator("main")).to_contain_text("The police officer who found me")
        a11y.check(page, "Moderator list")
        page.get_by_role("link", name=re.compile("Read and file")).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Message received on")
        a11y.check(page, "Moderator message")
        page.get_by_role("group", name="What to do with it").get_by_label("Kept", exact=True).check()
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".error-summary")).to_contain_text("Choose at least one theme")
        a11y.check(page, "Moderator message with an error")
        page.get_by_label("Police and justice").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Message filed")).to_be_visible()
        page.goto(urljoin(base, "/voice/themes"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Survivor voice: themes")
        expect(page.locator("main")).to_contain_text("My support worker explained every letter to me.")
        a11y.check(page, "Survivor voice themes")
    a11y.assert_clean()


def test_booking_a_public_session_is_usable_and_accessible(demo, browser: Browser, totp: TotpClock):
    """Someone with no account finds a session open to the public, makes a mistake, books a
    place (Lantern does not email here, so the place's own link is shown), and gives it up by
    that link; the trainer sees them on the register, marked as booked on the public site.
    The public pages are checked in English and in Arabic (right to left)."""
    server, accounts = demo
    base = server.base_url
    a11y = A11yLedger()
    with visitor(browser, "en-GB") as page:
        page.goto(urljoin(base, "/training/open?lang=ar"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        a11y.check(page, "Public training list (ar)")
        page.locator("main table a").first.click()
        a11y.check(page, "Public training session (ar)")
        page.goto(urljoin(base, "/training/open"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Training open to everyone")
        a11y.check(page, "Public training list")
        page.locator("main table a").first.click()
        session_url = page.url
        page.get_by_role("button", name=re.compile("Book my place|Join the waiting list")).click()
        expect(page.locator(".error-summary")).to_contain_text("Enter your name")
        a11y.check(page, "Public training booking with errors")
        page.get_by_label("Your name").fill("Ada Okafor")
        page.get_by_label("Your organisation").fill("Brixton Hill Surgery")
        page.get_by_label("The borough you work in").select_option(label="Lambeth")
        page.get_by_label("The kind of organisation").select_option(label="NHS or health")
        page.get_by_label("Your email address").fill("ada@surgery.example.org")
        # A person takes a few seconds to fill the form; a form sent sooner comes back to be checked.
        time.sleep(3.5)
        page.get_by_role("button", name=re.compile("Book my place|Join the waiting list")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your training place")
        expect(page.locator("main")).to_contain_text("Your place is booked")
        a11y.check(page, "Public training place")
        page.get_by_role("button", name="Give up my place").click()
        expect(page.locator("main")).to_contain_text("Your place was given up")
        a11y.check(page, "Public training place given up")
        session_id = ID.search(session_url).group(0)

    with signed_in(browser, base, accounts["Trainer"], totp) as page:
        page.goto(urljoin(base, f"/training/sessions/{session_id}"))
        expect(page.locator("main")).to_contain_text("Open to the public")
    a11y.assert_clean()
