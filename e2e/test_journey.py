"""A newcomer's whole journey through Lantern, in one ordered test, with an axe-core
WCAG 2.2 AA check of every distinct page on the way."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from conftest import (A11yLedger, Account, complete_setup, enrol_authenticator, read_totp_secret,
                      sign_in, sign_out)


# The audit trail shows each action in words (LanternCore's AuditWords, en-GB catalogue); the
# filter's option values stay the stable codes the log keeps.
WORDS = {
    "setup.completed": "Set up Lantern: the first organisation and its administrator",
    "second_factor.enrolled": "Set up an authenticator app",
    "user.invited": "Invited a person",
    "invitation.accepted": "Accepted an invitation",
    "sign_in.password": "Signing in: entered a password",
    "sign_in.completed": "Signed in",
    "sign_out": "Signed out",
    "api_token.created": "Created an API token",
}


def audit_actions(page) -> list[str]:
    """The action column of the audit trail table, top to bottom, in words."""
    return [text.strip() for text in page.locator("table.table tbody tr td:nth-child(3)").all_inner_texts()]


def test_newcomer_journey(server, new_page, totp):
    admin = Account(name="Amara Okafor", email="amara.okafor@camden.example.org", password="harbour kettle orbit 42")
    colleague = Account(name="Bea Castillo", email="bea.castillo@camden.example.org", password="quiet lamp meadow 7081")

    # Every page is checked with axe; violations are collected so the journey runs to the end,
    # and the test fails at the end if any page had one.
    a11y = A11yLedger()
    check_a11y = a11y.check

    # --- The one-time setup link: the first organisation and its administrator.
    page = new_page()
    server.setup_started = True
    complete_setup(page, server, admin, check=check_a11y)
    assert page.evaluate("() => [...document.styleSheets].some(s => s.href && s.href.endsWith('/static/lantern.css') && s.cssRules.length > 0)"), \
        "the stylesheet did not load, so colour checks would be meaningless"

    # --- Authenticator enrolment, recovery codes, then home.
    enrol_authenticator(page, admin, totp, check=check_a11y)
    server.accounts["admin"] = admin
    expect(page).to_have_title("Home – Lantern")
    expect(page.locator("main")).to_contain_text(f"You are signed in to {server.organisation_name}")
    check_a11y(page, "home")

    # --- Users list, the invite form, the form with validation errors, an invitation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Users in {server.organisation_name}")
    expect(page.get_by_role("table", name="People with accounts")).to_contain_text(admin.email)
    check_a11y(page, "users list")

    page.get_by_role("link", name="Invite a user").click()
    expect(page).to_have_url(re.compile(r"/organisation/users/invite$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a user")
    check_a11y(page, "invite form")

    page.get_by_role("button", name="Create invitation").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter their full name")).to_have_attribute("href", "#name")
    expect(summary.get_by_role("link", name="Enter an email address")).to_have_attribute("href", "#email")
    expect(summary.get_by_role("link", name="Select at least one role")).to_have_attribute("href", "#roles")
    expect(page).to_have_title(re.compile(r"^Error: Invite a user"))
    expect(page.get_by_label("Full name")).to_have_attribute("aria-describedby", "name-error")
    check_a11y(page, "invite form with errors")

    page.get_by_label("Full name").fill(colleague.name)
    page.get_by_label("Work email address").fill(colleague.email)
    page.get_by_role("checkbox", name="Case worker").check()
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")
    invitation_link = page.locator("code#invitation-link").inner_text().strip()
    assert re.fullmatch(re.escape(server.url("/invitations/")) + r"[A-Za-z0-9_\-]{20,}", invitation_link), invitation_link
    check_a11y(page, "invitation created")

    page.get_by_role("link", name="Back to users").click()
    expect(page.get_by_role("table", name="Invitations not yet accepted")).to_contain_text(colleague.email)

    # --- Own account: details and an API token (shown once).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".summary-list__row", has_text="Recovery codes left").locator("dd")).to_have_text("10")
    check_a11y(page, "account")
    page.get_by_label("Token name").fill("monthly report script")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("code#new-token")).to_have_text(re.compile(r"^lt_\S{20,}$"))
    expect(page.get_by_role("table", name="Your tokens")).to_contain_text("monthly report script")
    check_a11y(page, "account with new token")

    # --- Platform administration: organisations and the form to add one.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Member organisations")
    expect(page.get_by_role("table", name="Organisations")).to_contain_text(server.organisation_name)
    check_a11y(page, "admin organisations")
    page.get_by_role("link", name="Add an organisation").click()
    expect(page).to_have_url(re.compile(r"/admin/organisations/new$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    check_a11y(page, "new organisation form")
    page.get_by_label("Organisation name").fill("Islington Freedom Network")
    page.get_by_label("Kind of organisation").select_option("charity")
    page.get_by_role("checkbox", name="Islington").check()
    page.get_by_label("Full name").fill("Chidi Mensah")
    page.get_by_label("Work email address").fill("chidi.mensah@ifn.example.org")
    page.get_by_role("button", name="Add organisation and invite administrator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")
    expect(page.locator("code#invitation-link")).to_have_text(re.compile("^" + re.escape(server.url("/invitations/"))))
    check_a11y(page, "organisation added")
    page.get_by_role("link", name="Back to organisations").click()
    expect(page.get_by_role("table", name="Organisations")).to_contain_text("Islington Freedom Network")

    # --- A page that does not exist.
    response = page.goto(server.url("/no-such-page"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_a11y(page, "404")

    # --- Sign out.
    page.goto(server.url("/"))
    sign_out(page, check=check_a11y)

    # --- The colleague, in a browser of their own, accepts the invitation.
    colleague_page = new_page()
    colleague_page.goto(invitation_link)
    expect(colleague_page.get_by_role("heading", level=1)).to_have_text("Create your account")
    expect(colleague_page.locator("main")).to_contain_text(f"You have been invited to join {server.organisation_name}")
    expect(colleague_page.locator("main")).to_contain_text(colleague.email)
    check_a11y(colleague_page, "invitation accept")
    colleague_page.get_by_label("Create a password").fill(colleague.password)
    colleague_page.get_by_label("Confirm password").fill(colleague.password)
    colleague_page.get_by_role("button", name="Create account").click()
    assert read_totp_secret(colleague_page)
    enrol_authenticator(colleague_page, colleague, totp, check=check_a11y)
    server.accounts["colleague"] = colleague
    expect(colleague_page.locator("main")).to_contain_text("as Case worker")
    nav = colleague_page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)
    expect(nav.get_by_role("link", name="Audit trail")).to_have_count(0)
    check_a11y(colleague_page, "home (case worker)")
    sign_out(colleague_page)

    # The invitation link works once.
    response = colleague_page.goto(invitation_link)
    assert response is not None and response.status == 410
    check_a11y(colleague_page, "invitation link used (410)")

    # --- The administrator signs in again: password, then a code from a new time step.
    sign_in(page, server, admin, totp, check=check_a11y)
    expect(page).to_have_url(server.url("/"))

    # --- The audit trail records the journey.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    actions = audit_actions(page)
    for code, words in WORDS.items():
        assert words in actions, f"{code} ({words}) missing from the audit trail: {actions}"
        assert code not in actions, f"the raw code {code} is shown"
    check_a11y(page, "audit trail")

    today = datetime.now(timezone.utc).date()
    page.get_by_label("Action").select_option("invitation.accepted")
    page.get_by_label("From (date)").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("To (date)").fill((today + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]action=invitation\.accepted(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]from=\d{4}-\d{2}-\d{2}(&|$)"))
    expect(page.get_by_label("Action")).to_have_value("invitation.accepted")
    actions = audit_actions(page)
    assert actions == [WORDS["invitation.accepted"]], actions
    expect(page.locator("table.table tbody tr").first).to_contain_text(colleague.name)
    check_a11y(page, "audit trail filtered")

    # Dates before anything happened match nothing.
    page.get_by_label("From (date)").fill("2001-01-01")
    page.get_by_label("To (date)").fill("2001-01-31")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.table tbody tr")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("No entries match these filters.")

    page.get_by_label("Action").select_option("")
    page.get_by_label("From (date)").fill("")
    page.get_by_label("To (date)").fill("")
    page.get_by_label("Person").select_option(label=colleague.name)
    page.get_by_role("button", name="Filter").click()
    actions = audit_actions(page)
    assert WORDS["invitation.accepted"] in actions and WORDS["user.invited"] not in actions, actions

    # --- Signing out ends access.
    sign_out(page)
    page.goto(server.url("/organisation/users"))
    expect(page).to_have_url(server.url("/sign-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    page.goto(server.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lantern")
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    check_a11y(page, "start page (signed out)")

    a11y.assert_clean()
