"""Retention in a browser: a modern slavery lead finds the retention page from the navigation,
sees a long-closed case due for erasure, is told clearly what is wrong with an incomplete
legal hold, places one, and releases it. Every distinct page is checked with axe (WCAG 2.2
A/AA), with no JavaScript involved: plain forms, each with its CSRF token.
"""
from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from conftest import (ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, A11yLedger, Account, LanternServer, TotpClock,
                      accept_invitation, invite, sign_in)


def test_a_lead_sees_what_is_due_and_places_and_releases_a_legal_hold(server: LanternServer, browser: Browser,
                                                                      admin: Account, totp: TotpClock):
    a11y = A11yLedger()
    lead = Account(name="Lena Okoro", email="lena.okoro@camden.example.org", password="walnut signal meadow 2718")
    contexts = []

    def open_page():
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    try:
        admin_page = open_page()
        sign_in(admin_page, server, admin, totp)
        link = invite(admin_page, server, lead.name, lead.email, ["modern_slavery_lead"])
        page = open_page()
        accept_invitation(page, link, lead, totp)

        # A case closed long ago, recorded through the API with the lead's own token.
        page.goto(server.url("/account"))
        page.get_by_label("Token name").fill("retention test")
        page.get_by_role("button", name="Create token").click()
        token = page.locator("code#new-token").inner_text().strip()
        api = page.context.request
        headers = {"Authorization": f"Bearer {token}"}
        created = api.post(server.url("/api/v1/cases"), headers=headers, data={
            "identifiedOn": "2014-03-10", "ageGroup": "adult", "gender": "female", "exploitationTypes": ["labour"],
            "exploitationLocation": "uk", "boroughIdentified": "E09000007"})
        assert created.status == 201, created.text()
        reference = created.json()["reference"]
        closed = api.post(server.url(f"/api/v1/cases/{reference}/events"), headers=headers,
                          data={"event": "closed", "date": "2015-01-20", "reason": "Moved away"})
        assert closed.status == 200, closed.text()

        # From the navigation to the retention page.
        page.goto(server.url("/"))
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Retention").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Retention and legal holds")
        due = page.get_by_role("table", name=re.compile("will be erased by"))
        expect(due).to_contain_text(reference)
        expect(due).to_contain_text("Due now")
        a11y.check(page, "retention page")

        # A hold without a reason: an error summary linked to the field.
        due.get_by_role("link", name=re.compile(f"Place a legal hold on {reference}")).click()
        expect(page.get_by_label("Case reference")).to_have_value(reference)
        page.get_by_role("button", name="Place legal hold").click()
        expect(page).to_have_title(re.compile("^Error: "))
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Enter the reason for the legal hold")
        a11y.check(page, "retention page with errors")
        expect(summary.get_by_role("link", name="Enter the reason for the legal hold")).to_have_attribute("href", "#reason")

        page.get_by_label("Reason for the hold").fill("Civil claim against the employer, Central London County Court")
        page.get_by_role("button", name="Place legal hold").click()
        expect(page.get_by_role("status")).to_contain_text("Legal hold placed")
        held = page.get_by_role("table", name="Cases kept by a legal hold")
        expect(held).to_contain_text(reference)
        expect(held).to_contain_text("Civil claim against the employer")
        expect(held).to_contain_text(lead.name)
        a11y.check(page, "retention page with a hold")

        held.get_by_role("button", name=f"Release the hold on {reference}").click()
        expect(page.get_by_role("status")).to_contain_text("Legal hold released")
        expect(page.get_by_role("table", name="Cases kept by a legal hold")).to_have_count(0)
        a11y.check(page, "retention page after release")
        a11y.assert_clean()
    finally:
        for context in contexts:
            context.close()
