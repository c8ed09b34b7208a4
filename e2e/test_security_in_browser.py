"""Security behaviour that only a real browser shows: the Content-Security-Policy, CSRF
tokens on forms, and account lockout after repeated wrong passwords."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import (ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, Account, accept_invitation, check_a11y, invite,
                      sign_out, sign_in)

GENERIC_FAILURE = ("The email address, password or code is not right, or the account is locked for a while. "
                   "Check and try again.")


@pytest.fixture(scope="module")
def admin_page(server, browser, admin, totp):
    """A browser signed in as the first administrator, shared by this module's tests."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, server, admin, totp)
    yield page
    context.close()


def test_content_security_policy_blocks_inline_script(server, new_page):
    page = new_page()
    response = page.goto(server.url("/sign-in"))
    assert response is not None and response.ok
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp

    result = page.evaluate("""async () => {
        const seen = [];
        document.addEventListener('securitypolicyviolation',
            e => seen.push(e.effectiveDirective || e.violatedDirective));
        // 1. Markup injected as HTML: a script tag and an inline event handler.
        const holder = document.createElement('div');
        holder.innerHTML = '<script>window.__x = 1<\\/script>'
            + '<img alt="" src="/static/no-such-image.png" onerror="window.__y = 1">';
        document.body.appendChild(holder);
        // 2. A script element built by DOM calls (innerHTML scripts never run; this one would).
        const script = document.createElement('script');
        script.textContent = 'window.__z = 1';
        document.body.appendChild(script);
        for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise(r => setTimeout(r, 100));
        return {x: window.__x, y: window.__y, z: window.__z, seen};
    }""")
    assert result.get("x") is None, "script injected with innerHTML ran"
    assert result.get("z") is None, "inline <script> element added with createElement ran despite the CSP"
    assert result.get("y") is None, "inline onerror handler ran despite the CSP"
    assert "script-src-elem" in result["seen"], f"no CSP violation reported for the inline script: {result['seen']}"
    assert "script-src-attr" in result["seen"], f"no CSP violation reported for the inline handler: {result['seen']}"


def test_form_post_without_csrf_token_is_refused(server, admin_page):
    page = admin_page
    form = {"name": "Cy Rowe", "email": "cy.rowe@camden.example.org", "roles[]": "case_worker"}

    refused = page.request.post(server.url("/organisation/users/invite"), form=form, max_redirects=0)
    assert refused.status == 403, refused.status
    assert "This form has expired" in refused.text()

    forged = page.request.post(server.url("/organisation/users/invite"),
                               form={**form, "_csrf": "not-the-token"}, max_redirects=0)
    assert forged.status == 403, forged.status

    # Nothing was created, and the session itself still works.
    page.goto(server.url("/organisation/users"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Users in "))
    expect(page.locator("main")).not_to_contain_text("cy.rowe@camden.example.org")

    # The same request with the page's token is accepted: the 403s were about the token alone.
    page.goto(server.url("/organisation/users/invite"))
    token = page.locator("form[action='/organisation/users/invite'] input[name='_csrf']").get_attribute("value")
    assert token
    accepted = page.request.post(server.url("/organisation/users/invite"), form={**form, "_csrf": token},
                                 max_redirects=0)
    assert accepted.status == 200, accepted.status
    assert 'id="invitation-link"' in accepted.text()


def _submit_password(page, server, email: str, password: str) -> int:
    page.goto(server.url("/sign-in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == server.url("/sign-in")) as info:
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    return info.value.status


def test_five_wrong_passwords_lock_the_account(server, admin_page, new_page, totp):
    person = Account(name="Dev Patel", email="dev.patel@camden.example.org", password="amber river cobalt 519")
    link = invite(admin_page, server, person.name, person.email, ["case_worker"])
    page = new_page()
    accept_invitation(page, link, person, totp)
    sign_out(page)

    # Unknown accounts and wrong passwords get the same answer.
    assert _submit_password(page, server, "nobody@camden.example.org", "whatever words here") == 401
    expect(page.get_by_role("alert")).to_contain_text(GENERIC_FAILURE)
    check_a11y(page, "sign-in failed")

    # Another browser gets past the password (right) before the account is locked.
    earlier = new_page()
    assert _submit_password(earlier, server, person.email, person.password) == 303
    expect(earlier).to_have_url(server.url("/sign-in/code"))

    for attempt in range(1, 6):
        status = _submit_password(page, server, person.email, f"wrong guess number {attempt}")
        assert status == 401, f"attempt {attempt}: {status}"
        expect(page).to_have_url(server.url("/sign-in"))
        expect(page.get_by_role("alert")).to_contain_text(GENERIC_FAILURE)

    # The right password is now refused with the same message; the code is never asked for.
    status = _submit_password(page, server, person.email, person.password)
    assert status == 401, status
    expect(page).to_have_url(server.url("/sign-in"))
    expect(page.get_by_role("alert")).to_contain_text(GENERIC_FAILURE)
    page.goto(server.url("/sign-in/code"))
    expect(page).to_have_url(server.url("/sign-in"))

    # And the browser that had already given the right password cannot finish with a right code.
    earlier.get_by_label("Security code").fill(totp.code(person.secret))
    with earlier.expect_response(lambda r: r.request.method == "POST" and r.url == server.url("/sign-in/code")) as info:
        earlier.get_by_role("button", name="Sign in").click()
    assert info.value.status == 401, info.value.status
    expect(earlier.get_by_role("alert")).to_contain_text(GENERIC_FAILURE)
    earlier.goto(server.url("/account"))
    expect(earlier).to_have_url(server.url("/sign-in"))

    # The administrator sees the lock in the audit trail.
    admin_page.goto(server.url("/organisation/audit?action=account.locked"))
    rows = admin_page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(person.name)
    admin_page.goto(server.url("/organisation/audit?action=sign_in.locked"))
    expect(admin_page.locator("table.table tbody tr").first).to_contain_text(person.name)
