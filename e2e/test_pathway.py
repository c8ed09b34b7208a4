"""The referral pathway in a browser: a council case worker records an adult who declines (a
Duty to Notify) and a child referred through to a positive Conclusive Grounds decision, shares
only the decision status with a housing team, whose read-only officer looks it up by reference,
and withdrawing the consent ends that access at once. Every distinct page is checked with axe
(WCAG 2.2 A/AA).

The tests share one module-scoped set of people (a second organisation, its administrator and
read-only officer, a case worker in the first organisation), each in a browser context of their
own that stays signed in, so only the platform administrator signs in with a code. They run in
file order; a later test fails at once, naming the earlier one, if what it builds on is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import (ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, A11yLedger, Account, LanternServer, TotpClock,
                      accept_invitation, invite, sign_in)

HOUSING_TEAM = "Hackney Housing Team (test)"
CASE_PAGE = re.compile(r"/cases/(LNT-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})(\?[^#]*)?(#.*)?$")

# Case B: the child. Names and narrative are unusual so their absence can be checked.
CHILD_FIRST, CHILD_LAST, CHILD_DOB = "Zephyrine", "Quillfeather", "2010-05-01"
NARRATIVE = {
    "whatHappened": "Approached outside school by older boys near Larkspur Road and made to carry parcels.",
    "howItStarted": "Offered trainers and a phone, then told the debt had to be worked off.",
    "indicators": "Unexplained cash, missing episodes, injuries consistent with assault.",
    "interviewDetails": "Spoke at the youth hub with a trusted youth worker present.",
    "exploiters": "Two young men known as Bluejay and Foxglove, aged about 20.",
    "decisionLetterContact": "c/o Hackney Children's Services, 1 Hillman Street, London E8 1DY",
}
REFERRAL_TEXT = {
    "reportLocation": "England",
    "localAuthorityContactName": "Priya Natarajan",
    "localAuthorityContactPhone": "020 7946 0123",
    "localAuthorityContactEmail": "priya.natarajan@camden.example.org",
    "lastContactWithExploiters": "Two weeks before being identified",
    "professionalInsight": "Pattern matches county lines grooming seen in the borough.",
    "ukPlaces": "London, Norwich",
    "currentLocation": "London",
    "policeForce": "Metropolitan Police",
    "crimeReference": "CAD1234/21",
    "decisionLetterRecipient": "Hackney Children's Services",
    "firstResponderName": "Tomasz Wright",
    "firstResponderRole": "Case worker",
    "firstResponderPhone": "020 7946 0456",
    **NARRATIVE,
}
REFERRAL_YES_NO = {"stillInSituation": "no", "futureExploitationRisk": "yes", "otherPotentialVictims": "yes",
                   "interpreterNeeded": "no"}


def london_today() -> date:
    """Lantern's 'today' is the calendar day in London."""
    return datetime.now(ZoneInfo("Europe/London")).date()


def long_date(day: date) -> str:
    """A day as the case pages write it in British English: "3 March 2026"."""
    return f"{day.day} {day.strftime('%B %Y')}"


# --------------------------------------------------------------------------- shared people

@dataclass
class Pathway:
    worker: Account
    housing_admin: Account
    officer: Account
    worker_page: Page
    officer_page: Page
    contexts: list[BrowserContext] = field(default_factory=list)
    case_a: str | None = None
    case_b: str | None = None
    case_b_cg_on: date | None = None
    case_b_shared: bool = False


def _open_page(browser: Browser, contexts: list[BrowserContext]) -> Page:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    contexts.append(context)
    return context.new_page()


@pytest.fixture(scope="module")
def pathway(server: LanternServer, browser: Browser, admin: Account, totp: TotpClock):
    """Steps 1 and 2: the housing team with its administrator and read-only officer, and a case
    worker in the first organisation. Everyone stays signed in in their own context."""
    contexts: list[BrowserContext] = []
    housing_admin = Account(name="Dalia Haddad", email="dalia.haddad@hackney-housing.example.org",
                            password="copper lantern violet 519")
    officer = Account(name="Femi Adeyemi", email="femi.adeyemi@hackney-housing.example.org",
                      password="gravel orchard pillow 88")
    worker = Account(name="Tomasz Wright", email="tomasz.wright@camden.example.org", password="marble ferry tulip 3307")
    try:
        # The platform administrator adds the housing team and invites its first administrator.
        admin_page = _open_page(browser, contexts)
        sign_in(admin_page, server, admin, totp)
        admin_page.goto(server.url("/admin/organisations/new"))
        expect(admin_page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
        admin_page.get_by_label("Organisation name").fill(HOUSING_TEAM)
        admin_page.get_by_label("Kind of organisation").select_option("council")
        admin_page.locator("input[name='boroughs[]'][value='E09000012']").check()
        admin_page.get_by_label("Full name").fill(housing_admin.name)
        admin_page.get_by_label("Work email address").fill(housing_admin.email)
        admin_page.get_by_role("button", name="Add organisation and invite administrator").click()
        expect(admin_page.get_by_role("heading", level=1)).to_have_text("Invitation created")
        housing_admin_link = admin_page.locator("code#invitation-link").inner_text().strip()
        assert housing_admin_link.startswith(server.url("/invitations/")), housing_admin_link

        # The first organisation's administrator (the same person) invites a case worker.
        worker_link = invite(admin_page, server, worker.name, worker.email, ["case_worker"])
        admin_page.context.close()
        contexts.remove(admin_page.context)

        # The housing administrator accepts, then invites a read-only housing officer: organisation
        # administrators do not see cases; read-only officers see those shared with them.
        housing_page = _open_page(browser, contexts)
        accept_invitation(housing_page, housing_admin_link, housing_admin, totp)
        expect(housing_page.locator("main")).to_contain_text(HOUSING_TEAM)
        expect(housing_page.get_by_role("navigation", name="Main").get_by_role("link", name="Shared with us")).to_have_count(0)
        officer_link = invite(housing_page, server, officer.name, officer.email, ["read_only"])
        housing_page.context.close()
        contexts.remove(housing_page.context)

        officer_page = _open_page(browser, contexts)
        accept_invitation(officer_page, officer_link, officer, totp)
        expect(officer_page.locator("main")).to_contain_text(HOUSING_TEAM)

        worker_page = _open_page(browser, contexts)
        accept_invitation(worker_page, worker_link, worker, totp)
        expect(worker_page.locator("main")).to_contain_text("as Case worker")

        server.accounts.update(housing_admin=housing_admin, housing_officer=officer, pathway_worker=worker)
        state = Pathway(worker=worker, housing_admin=housing_admin, officer=officer, worker_page=worker_page,
                        officer_page=officer_page, contexts=contexts)
        yield state
    finally:
        for context in contexts:
            context.close()


# --------------------------------------------------------------------------- page helpers

def h1(page: Page):
    return page.get_by_role("heading", level=1)


def stage_tag(page: Page):
    row = page.locator("div.summary-list__row").filter(has=page.locator("dt", has_text=re.compile(r"^Stage$")))
    return row.locator("dd strong.tag").first


def submit(page: Page, button) -> int:
    """Clicks a form's submit button, waits for the page it leads to (after any redirect) and
    returns that page's HTTP status. A fresh form refused as expired is an app bug: say which."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    page.wait_for_load_state("load")
    status = response.status if response else 0
    if status == 403 and h1(page).inner_text().strip() == "This form has expired":
        sent = response.request.post_data_buffer or b""
        pytest.fail(f"Lantern refused a form it had just served ({response.request.method} {response.request.url}, "
                    f"{len(sent)}-byte body) as 'This form has expired' (403). The CSRF token was right: "
                    "CSRFMiddleware reads request.content before the body is collected, so a body that arrives in "
                    "more than one read (request head + body over about 2 KB) has no readable _csrf. "
                    "See test_long_referral_details_can_be_saved.", pytrace=False)
    return status


def case_reference(page: Page) -> str:
    match = CASE_PAGE.search(page.url)
    assert match, f"not on a case page: {page.url}"
    return match.group(1)


def fill_new_case(page: Page, *, identified_on: date | None = None, age: str, age_then: str | None = None, gender: str,
                  nationality: str, language: str, interpreter: bool = False, borough_identified: str | None = None,
                  borough_exploited: str | None = None, types: list[str], county_lines: bool = False, location: str,
                  first_name: str | None = None, last_name: str | None = None, nickname: str | None = None,
                  date_of_birth: str | None = None) -> None:
    if identified_on is not None:
        page.get_by_label("Date identified").fill(identified_on.isoformat())
    page.locator(f"input[name='ageGroup'][value='{age}']").check()
    page.locator(f"input[name='ageGroupAtExploitation'][value='{age_then or age}']").check()
    page.locator(f"input[name='gender'][value='{gender}']").check()
    # Codes of Lantern's lists (ISO 3166-1 alpha-3, ISO 639-3), chosen from selects.
    page.get_by_label("Nationality").select_option(nationality)
    page.get_by_label("Main language").select_option(language)
    if interpreter:
        page.locator("input[name='interpreterNeeded[]'][value='true']").check()
    if borough_identified:
        page.get_by_label("Borough where identified").select_option(borough_identified)
    if borough_exploited:
        page.get_by_label("Borough where exploited").select_option(borough_exploited)
    for t in types:
        page.locator(f"input[name='exploitationTypes[]'][value='{t}']").check()
    if county_lines:
        page.locator("input[name='countyLines[]'][value='true']").check()
    page.locator(f"input[name='exploitationLocation'][value='{location}']").check()
    for name, value in (("firstName", first_name), ("lastName", last_name), ("nickname", nickname),
                        ("dateOfBirth", date_of_birth)):
        if value is not None:
            page.locator(f"input[name='{name}']").fill(value)


def submit_new_case(page: Page) -> str:
    assert submit(page, page.get_by_role("button", name="Record potential victim")) == 200
    expect(page).to_have_url(CASE_PAGE)
    assert "created=1" in page.url, page.url
    expect(page.get_by_role("status")).to_contain_text("Potential victim recorded")
    reference = case_reference(page)
    expect(page.get_by_role("status")).to_contain_text(reference)
    expect(h1(page)).to_have_text(f"Case {reference}")
    return reference


def event_form(page: Page, event: str):
    return page.locator(f"form[action$='/events/{event}']")


def record_event(page: Page, event: str, on: date, outcome: str | None = None) -> int:
    """Fills and submits one of the case page's 'Next steps' forms; returns the final status."""
    form = event_form(page, event)
    expect(form).to_have_count(1)
    field_id = event.replace("_", "-")
    if outcome:
        form.locator(f"input[name='outcome'][value='{outcome}']").check()
    form.locator(f"#{field_id}-date").fill(on.isoformat())
    return submit(page, form.get_by_role("button", name="Record"))


def record_consent(page: Page, *, basis: str, refer: str | None, organisations: list[str], scopes: list[str], purpose: str,
                   obtained: str | None, interpreter_language: str | None = None, check=None) -> None:
    """From the case page: the consent form, filled and saved; back on the case page."""
    reference = case_reference(page)
    page.get_by_role("link", name="Record consent").click()
    expect(page).to_have_url(re.compile(rf"/cases/{reference}/consents/new$"))
    expect(h1(page)).to_have_text("Record consent")
    expect(page.get_by_label("Date consent was given")).to_have_value(london_today().isoformat())
    expect(page.get_by_label("Consent ends on")).not_to_have_value("")
    if check:
        check(page, "consent form")
    page.locator(f"input[name='basis'][value='{basis}']").check()
    if refer:
        page.locator(f"input[name='referToNRM'][value='{refer}']").check()
    for name in organisations:
        page.get_by_role("checkbox", name=name, exact=True).check()
    for scope in scopes:
        page.locator(f"input[name='scopes[]'][value='{scope}']").check()
    page.get_by_label("What the information will be used for").fill(purpose)
    if obtained:
        page.locator(f"input[name='obtainedHow'][value='{obtained}']").check()
    else:   # safeguarding a child is not consent: the question is hidden, not asked
        expect(page.locator("input[name='obtainedHow']").first).to_be_hidden()
    if interpreter_language:
        page.get_by_label("Interpreter's language (if one was used)").fill(interpreter_language)
    assert submit(page, page.get_by_role("button", name="Record consent")) == 200
    expect(page).to_have_url(re.compile(rf"/cases/{reference}\?recorded=1#consent$"))
    expect(page.get_by_role("table", name="Consent records")).to_contain_text("In force")


def need(state: Pathway, attribute: str, test_name: str):
    value = getattr(state, attribute)
    if not value:
        pytest.fail(f"{test_name} did not finish, so this test has nothing to build on", pytrace=False)
    return value


# --------------------------------------------------------------------------- tests

def test_case_list_and_new_case_form_with_errors(server, pathway):
    a11y = A11yLedger()
    page = pathway.worker_page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases", exact=True).click()
    expect(page).to_have_url(server.url("/cases"))
    expect(h1(page)).to_have_text(re.compile(r"^Cases in "))
    a11y.check(page, "case list")

    page.get_by_role("link", name="Record a potential victim").click()
    expect(page).to_have_url(server.url("/cases/new"))
    expect(h1(page)).to_have_text("Record a potential victim")
    expect(page.get_by_label("Date identified")).to_have_value(london_today().isoformat())
    a11y.check(page, "new case form")

    # Nothing chosen: the page comes back with 422 and an error summary linking to each field.
    assert submit(page, page.get_by_role("button", name="Record potential victim")) == 422
    expect(page).to_have_title(re.compile(r"^Error: Record a potential victim"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    for target, message in (("#ageGroup", "Select their age group now"), ("#gender", "Select their gender"),
                            ("#exploitationTypes", "Select at least one type of exploitation"),
                            ("#exploitationLocation", "Select where the exploitation happened")):
        expect(summary.get_by_role("link", name=re.compile(re.escape(message)))).to_have_attribute("href", target)
        expect(page.locator(target)).to_have_count(1)
    expect(page.locator("#gender-error")).to_contain_text("Select their gender")
    a11y.check(page, "new case form with errors (422)")

    # A date in the future is refused too, and what was typed is kept.
    fill_new_case(page, identified_on=london_today() + timedelta(days=3), age="adult", gender="female",
                  nationality="ALB", language="sqi", types=["labour"], location="uk")
    assert submit(page, page.get_by_role("button", name="Record potential victim")) == 422
    expect(page.get_by_role("alert")).to_contain_text("must be today or in the past")
    expect(page.get_by_label("Nationality")).to_have_value("ALB")
    expect(page.get_by_label("Main language")).to_have_value("sqi")
    expect(page.locator("input[name='ageGroup'][value='adult']")).to_be_checked()
    a11y.assert_clean()


def test_adult_who_declines_gets_duty_to_notify(server, pathway):
    a11y = A11yLedger()
    page = pathway.worker_page
    today = london_today()

    page.goto(server.url("/cases/new"))
    fill_new_case(page, age="adult", gender="female", nationality="VNM", language="vie", interpreter=True,
                  borough_identified="E09000007", borough_exploited="E09000012", types=["labour", "sexual"],
                  location="uk_and_overseas", nickname="Lan")
    reference = submit_new_case(page)
    pathway.case_a = reference
    expect(stage_tag(page)).to_have_text("Identified")
    expect(page.locator("main")).to_contain_text("Vietnam")     # names, not codes
    expect(page.locator("main")).to_contain_text("Vietnamese (interpreter needed)")
    a11y.check(page, "case page: identified (adult)")

    # The adult declines a referral: recorded as consent with referToNRM = no.
    record_consent(page, basis="consent", refer="no", organisations=[], scopes=[],
                   purpose="Explained the NRM; they decline referral for now.", obtained="through_interpreter",
                   interpreter_language="Vietnamese", check=a11y.check)
    expect(page.get_by_role("table", name="Consent records")).to_contain_text("declined NRM referral")

    form = event_form(page, "referral_decision")
    expect(form.locator("#referral-decision-date")).to_have_value(today.isoformat())
    status = record_event(page, "referral_decision", today)
    assert status == 200, status
    expect(stage_tag(page)).to_have_text("Duty to Notify made")
    expect(page.locator("ol.timeline")).to_contain_text("Adult declined: Duty to Notify")
    expect(page.get_by_role("status")).to_contain_text("Recorded")
    # Only closing is offered now: no referral to mark ready or submit.
    expect(event_form(page, "referral_submitted")).to_have_count(0)
    expect(event_form(page, "referral_marked_ready")).to_have_count(0)
    expect(event_form(page, "referral_decision")).to_have_count(0)
    expect(event_form(page, "closed")).to_have_count(1)
    a11y.check(page, "case page: Duty to Notify")

    # Forcing the transition anyway (a form the page does not offer) is refused with a reason.
    token = page.locator("form[action$='/events/closed'] input[name='_csrf']").get_attribute("value")
    with page.expect_navigation() as navigation:
        page.evaluate("""([action, token, day]) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = action;
            for (const [name, value] of [['_csrf', token], ['date', day]]) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""", [f"/cases/{reference}/events/referral_submitted", token, today.isoformat()])
    assert navigation.value.status == 422, navigation.value.status
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Only a referral being prepared can be submitted")
    expect(summary).to_contain_text("Duty to Notify made")
    expect(stage_tag(page)).to_have_text("Duty to Notify made")
    a11y.check(page, "case page: refused transition (422)")

    page.goto(server.url(f"/cases/{reference}"))
    expect(page.locator("ol.timeline li")).to_have_count(2)
    a11y.assert_clean()


def test_child_referred_to_positive_conclusive_grounds(server, pathway):
    a11y = A11yLedger()
    page = pathway.worker_page
    today = london_today()
    identified = today - timedelta(days=60)

    page.goto(server.url("/cases/new"))
    fill_new_case(page, identified_on=identified, age="child", gender="male", nationality="GBR", language="eng",
                  borough_identified="E09000007", borough_exploited="E09000012", types=["criminal"], county_lines=True,
                  location="uk", first_name=CHILD_FIRST, last_name=CHILD_LAST, date_of_birth=CHILD_DOB)
    reference = submit_new_case(page)
    expect(page.locator("main")).to_contain_text(f"{CHILD_FIRST} {CHILD_LAST}")
    expect(page.locator("main")).to_contain_text(long_date(identified))
    a11y.check(page, "case page: identified (child)")

    # Children are referred without consent: the decision to refer moves the case on.
    expect(event_form(page, "referral_decision")).to_contain_text("Children are always referred")
    assert record_event(page, "referral_decision", identified) == 200
    expect(stage_tag(page)).to_have_text("Preparing referral")
    expect(page.locator("ol.timeline")).to_contain_text("Decision to refer to the NRM")
    missing = page.locator("main ul.list li")
    expect(page.locator("main")).to_contain_text("Still needed before it can be marked ready")
    assert missing.count() > 5, missing.all_inner_texts()
    a11y.check(page, "case page: preparing referral (details missing)")

    # Marking ready while details are missing is refused, naming what is missing.
    assert record_event(page, "referral_marked_ready", identified + timedelta(days=1)) == 422
    expect(page.get_by_role("alert")).to_contain_text("The referral cannot be marked ready. Still missing:")
    expect(page.get_by_role("alert")).to_contain_text("the modern slavery indicators you saw")
    expect(page.get_by_role("alert").get_by_role("link")).to_have_attribute("href", "#referral-marked-ready-date")
    expect(page.locator("#referral-marked-ready-date")).to_have_count(1)
    a11y.check(page, "case page: marking ready refused (422)")

    # The referral details form: every question the child's referral needs.
    page.goto(server.url(f"/cases/{reference}"))
    page.get_by_role("link", name="Add or change referral details").click()
    expect(page).to_have_url(server.url(f"/cases/{reference}/referral"))
    expect(h1(page)).to_have_text("Referral details")
    expect(page.locator("input[name='firstName']")).to_have_value(CHILD_FIRST)
    expect(page.locator("input[name='dateOfBirth']")).to_have_value(CHILD_DOB)
    expect(page.locator("input[name='underAgeAtExploitation']")).to_have_count(0)   # adults only
    expect(page.locator("input[name='wantsSupport']")).to_have_count(0)             # adults only
    a11y.check(page, "referral details form")
    for name, value in REFERRAL_TEXT.items():
        page.locator(f"[name='{name}']").fill(value)
    for name, value in REFERRAL_YES_NO.items():
        page.locator(f"input[name='{name}'][value='{value}']").check()

    # A date of birth in the future is refused, and everything typed comes back.
    page.locator("input[name='dateOfBirth']").fill((today + timedelta(days=1)).isoformat())
    assert submit(page, page.get_by_role("button", name="Save referral details")) == 422
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=re.compile("date of birth must be today or in the past", re.I))) \
        .to_have_attribute("href", "#dateOfBirth")
    expect(page.locator("[name='whatHappened']")).to_have_value(NARRATIVE["whatHappened"])
    expect(page.locator("input[name='futureExploitationRisk'][value='yes']")).to_be_checked()
    a11y.check(page, "referral details form with errors (422)")
    page.locator("input[name='dateOfBirth']").fill(CHILD_DOB)
    assert submit(page, page.get_by_role("button", name="Save referral details")) == 200
    expect(page).to_have_url(re.compile(rf"/cases/{reference}\?recorded=1$"))
    expect(page.locator("main strong.tag", has_text="Complete")).to_be_visible()
    expect(page.locator("main")).to_contain_text("The referral has every detail the competent authority needs.")
    a11y.check(page, "case page: preparing referral (complete)")

    # Ready, submitted, Reasonable Grounds.
    assert record_event(page, "referral_marked_ready", identified + timedelta(days=2)) == 200
    expect(page.locator("ol.timeline")).to_contain_text("Referral marked ready to submit")
    expect(event_form(page, "referral_submitted")).to_have_count(1)
    assert record_event(page, "referral_submitted", identified + timedelta(days=3)) == 200
    expect(stage_tag(page)).to_have_text("Awaiting Reasonable Grounds decision")
    a11y.check(page, "case page: awaiting Reasonable Grounds")

    rg_on = identified + timedelta(days=5)
    expect(page.locator("#reasonable-grounds-decision-outcome")).to_have_attribute("value", "positive")
    assert record_event(page, "reasonable_grounds_decision", rg_on, outcome="positive") == 200
    expect(stage_tag(page)).to_have_text("Recovery period")
    expect(page.locator("main")).to_contain_text(f"Positive, {long_date(rg_on)}")
    a11y.check(page, "case page: recovery period")

    # A Conclusive Grounds decision inside the 30-day recovery period is refused, clearly.
    assert record_event(page, "conclusive_grounds_decision", rg_on + timedelta(days=10), outcome="positive") == 422
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("30-day recovery period")
    expect(summary).to_contain_text((rg_on + timedelta(days=30)).isoformat())
    expect(summary.get_by_role("link")).to_have_attribute("href", "#conclusive-grounds-decision-date")
    expect(page.locator("#conclusive-grounds-decision-date")).to_have_attribute("aria-describedby",
                                                                                 re.compile(r"conclusive-grounds-decision-date-error"))
    expect(stage_tag(page)).to_have_text("Recovery period")
    a11y.check(page, "case page: Conclusive Grounds refused (422)")

    cg_on = identified + timedelta(days=40)
    assert record_event(page, "conclusive_grounds_decision", cg_on, outcome="positive") == 200
    expect(stage_tag(page)).to_have_text("Supported by children's services")
    expect(page.locator("ol.timeline")).to_contain_text("Positive Conclusive Grounds decision")
    expect(page.locator("main")).to_contain_text(f"Positive, {long_date(cg_on)}")
    pathway.case_b, pathway.case_b_cg_on = reference, cg_on
    a11y.check(page, "case page: supported by children's services")

    # The printable summary, in the NRM form's order.
    page.get_by_role("link", name="Printable referral summary").click()
    expect(page).to_have_url(server.url(f"/cases/{reference}/referral/summary"))
    expect(h1(page)).to_have_text("NRM referral summary")
    expect(page.locator("main")).to_contain_text("Ready to copy into the NRM referral form.")
    headings = page.locator("main h2").all_inner_texts()
    assert headings == ["Your report", "Age", "What happened", "Your assessment", "Where", "Exploiters",
                        "Types of exploitation", "Risk", "About the potential victim", "Decision letters", "About you"], headings
    expect(page.locator("main")).to_contain_text(NARRATIVE["whatHappened"])
    expect(page.locator("main")).to_contain_text(CHILD_LAST)
    a11y.check(page, "printable referral summary")

    # The case list shows both cases at their stages.
    page.goto(server.url("/cases"))
    table = page.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text=reference)).to_contain_text("Supported by children's services")
    if pathway.case_a:
        expect(table.get_by_role("row").filter(has_text=pathway.case_a)).to_contain_text("Duty to Notify made")
    a11y.check(page, "case list with cases")
    a11y.assert_clean()


def test_decision_status_shared_with_housing_team(server, pathway):
    a11y = A11yLedger()
    reference = need(pathway, "case_b", "test_child_referred_to_positive_conclusive_grounds")
    page = pathway.worker_page
    page.goto(server.url(f"/cases/{reference}"))

    # A safeguarding basis for the child, covering the decision status for the housing team.
    page.get_by_role("link", name="Record consent").click()
    expect(h1(page)).to_have_text("Record consent")
    expect(page.locator("input[name='basis'][value='child_safeguarding']")).to_have_count(1)
    # Missing purpose: refused with the reason. Safeguarding a child is not consent, so how
    # consent was obtained is not asked.
    page.locator("input[name='basis'][value='child_safeguarding']").check()
    assert submit(page, page.get_by_role("button", name="Record consent")) == 422
    expect(page.get_by_role("alert")).to_contain_text("Enter what the information will be used for")
    expect(page.get_by_role("alert")).not_to_contain_text("Select how consent was obtained")
    a11y.check(page, "consent form with errors (422)")
    page.goto(server.url(f"/cases/{reference}"))
    record_consent(page, basis="child_safeguarding", refer=None, organisations=[HOUSING_TEAM], scopes=["decision_status"],
                   purpose="Housing application", obtained=None, check=a11y.check)
    expect(page.get_by_role("table", name="Consent records")).to_contain_text(HOUSING_TEAM)

    # Share the decision status only.
    page.get_by_role("link", name="Share this case").click()
    expect(page).to_have_url(server.url(f"/cases/{reference}/shares/new"))
    expect(h1(page)).to_have_text("Share this case")
    expect(page.locator("input[name='scopes[]'][value='decision_status']")).to_be_checked()
    expect(page.locator("input[name='consentID']").first).to_be_checked()
    a11y.check(page, "share form")
    page.get_by_label("Share with").select_option(label=HOUSING_TEAM)
    page.locator("input[name='scopes[]'][value='decision_status']").check()
    page.get_by_label("Purpose").fill("Housing application: confirm NRM decision")
    page.locator("input[name='consentID']").first.check()
    assert submit(page, page.get_by_role("button", name="Share", exact=True)) == 200
    expect(page).to_have_url(re.compile(rf"/cases/{reference}\?recorded=1#sharing$"))
    shares = page.get_by_role("table", name="Shares")
    expect(shares).to_contain_text(HOUSING_TEAM)
    expect(shares).to_contain_text("Decision status")
    expect(shares.locator("strong.tag")).to_have_text("Active")
    a11y.check(page, "case page: shared")
    pathway.case_b_shared = True

    # The housing officer: the shared list, the look-up, the decision and nothing else.
    officer = pathway.officer_page
    officer.goto(server.url("/"))
    officer.get_by_role("navigation", name="Main").get_by_role("link", name="Shared with us").click()
    expect(officer).to_have_url(server.url("/shared-cases"))
    expect(h1(officer)).to_have_text("Cases shared with your organisation")
    expect(officer.get_by_role("table", name="Shares in force")).to_contain_text(reference)
    a11y.check(officer, "shared cases")

    officer.get_by_label("Look up a case reference you were given").fill(reference)
    officer.get_by_role("button", name="Look up").click()
    expect(officer).to_have_url(server.url(f"/cases/{reference}"))
    expect(h1(officer)).to_have_text(f"Decision status for {reference}")
    main = officer.locator("main")
    expect(main).to_contain_text("Positive Conclusive Grounds decision")
    expect(main).to_contain_text(f"Positive Conclusive Grounds decision on {long_date(pathway.case_b_cg_on)}")
    expect(main).to_contain_text("Housing application: confirm NRM decision")
    html = officer.content()
    for secret in (CHILD_FIRST, CHILD_LAST, CHILD_DOB, *NARRATIVE.values(), REFERRAL_TEXT["localAuthorityContactName"]):
        assert secret not in html, f"the decision-status page shows {secret!r}"
    for heading in ("Timeline", "Referral", "Consent", "Sharing", "Next steps"):
        expect(officer.get_by_role("heading", name=heading, exact=True)).to_have_count(0)
    a11y.check(officer, "decision status (shared)")

    # A reference not shared with them: 404 with an error summary.
    officer.goto(server.url("/shared-cases"))
    officer.get_by_label("Look up a case reference you were given").fill("LNT-AAAA-BBBB-CCCC")
    assert submit(officer, officer.get_by_role("button", name="Look up")) == 404
    summary = officer.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("No case with this reference is shared with your organisation")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#reference")
    expect(officer.get_by_label("Look up a case reference you were given")).to_have_value("LNT-AAAA-BBBB-CCCC")
    expect(officer).to_have_title(re.compile(r"^Error: "))
    a11y.check(officer, "shared cases look-up not found (404)")

    # The owner's adult case is not shared: it answers like one that does not exist.
    if pathway.case_a:
        response = officer.goto(server.url(f"/cases/{pathway.case_a}"))
        assert response is not None and response.status == 404, response and response.status
        expect(h1(officer)).to_have_text("Page not found")

    # Back with the case worker: the housing team's view is listed.
    page.goto(server.url(f"/cases/{reference}"))
    views = page.get_by_role("table", name="Views by other organisations")
    expect(views).to_contain_text(HOUSING_TEAM)
    expect(views).to_contain_text("Viewed the case's decision status")
    a11y.check(page, "case page: with partner views")
    a11y.assert_clean()


def test_withdrawing_consent_ends_the_share(server, pathway):
    a11y = A11yLedger()
    reference = need(pathway, "case_b", "test_child_referred_to_positive_conclusive_grounds")
    need(pathway, "case_b_shared", "test_decision_status_shared_with_housing_team")
    page = pathway.worker_page
    page.goto(server.url(f"/cases/{reference}"))
    consents = page.get_by_role("table", name="Consent records")
    assert submit(page, consents.get_by_role("button", name=re.compile(r"^Record withdrawal"))) == 200
    expect(page).to_have_url(re.compile(rf"/cases/{reference}\?recorded=1#consent$"))
    expect(page.get_by_role("table", name="Consent records").locator("strong.tag")).to_have_text("Withdrawn")
    expect(page.get_by_role("table", name="Shares").locator("strong.tag")).to_have_text("Ended")
    a11y.check(page, "case page: consent withdrawn")

    officer = pathway.officer_page
    response = officer.goto(server.url(f"/cases/{reference}"))
    assert response is not None and response.status == 404, response and response.status
    expect(h1(officer)).to_have_text("Page not found")
    html = officer.content()
    assert CHILD_FIRST not in html and "Conclusive Grounds" not in html
    a11y.check(officer, "case page after withdrawal (404)")

    officer.goto(server.url("/shared-cases"))
    expect(officer.locator("main")).not_to_contain_text(reference)
    expect(officer.locator("main")).to_contain_text("Nothing is shared with your organisation at the moment.")
    a11y.check(officer, "shared cases (none)")
    a11y.assert_clean()


def test_long_referral_details_can_be_saved(server, pathway):
    """A first responder's account of what happened can run to pages (the limit is 10,000
    characters). Saving it must work like saving a short one."""
    page = pathway.worker_page
    page.goto(server.url("/cases/new"))
    fill_new_case(page, age="unknown", gender="female", nationality="ERI", language="tir", types=["domestic_servitude"],
                  location="uk_and_overseas")
    reference = submit_new_case(page)
    page.get_by_role("link", name="Add or change referral details").click()
    expect(h1(page)).to_have_text("Referral details")
    account = " ".join(f"Paragraph {n}: she describes the journey through Libya and the house in Ealing where she worked "
                       f"without pay, her passport held by the family." for n in range(1, 51))
    assert 5_000 < len(account) < 10_000, len(account)
    page.locator("[name='whatHappened']").fill(account)
    page.locator("[name='reportLocation']").fill("England")
    assert submit(page, page.get_by_role("button", name="Save referral details")) == 200
    expect(page).to_have_url(re.compile(rf"/cases/{reference}\?recorded=1$"))
    page.get_by_role("link", name="Add or change referral details").click()
    expect(page.locator("[name='whatHappened']")).to_have_value(account)
