"""The problem profile in a browser: an analyst imports nothing by hand — the Home Office police
table is imported with `lantern import` into the running server's database — then chooses
figures on the dashboard, sees the controlled table, the London map and the trend, downloads
the CSV, opens the annual report, and records a soft intelligence report that then appears
beside the figures for its borough. The public statistics page needs no sign-in. Every page is
checked with axe (WCAG 2.2 A/AA)."""
from __future__ import annotations

import datetime
import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from conftest import (ACTION_TIMEOUT_MS, A11yLedger, Account, LanternServer, TotpClock, accept_invitation,
                      invite, sign_in)

# An excerpt of the real table (four forces; Tests/Fixtures/README.md says which and why).
POLICE_TABLE = Path(__file__).resolve().parent.parent / "Tests/Fixtures/nrm-statistics/nrm_referrals_police_2022_q2.csv"


@pytest.fixture(scope="module")
def analyst_page(server: LanternServer, browser: Browser, admin: Account, totp: TotpClock):
    analyst = Account(name="Ines Carvalho", email="ines.carvalho@camden.example.org", password="saffron tunnel maple 61")
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        admin_page = context.new_page()
        sign_in(admin_page, server, admin, totp)
        link = invite(admin_page, server, analyst.name, analyst.email, ["analyst", "modern_slavery_lead"])
        admin_page.close()
        context.clear_cookies()
        page = context.new_page()
        accept_invitation(page, link, analyst, totp)
        server.accounts["analyst"] = analyst
        yield page
    finally:
        context.close()


def test_the_public_sees_controlled_figures_without_signing_in(server: LanternServer, new_page):
    a11y = A11yLedger()
    page = new_page()
    page.goto(server.url("/statistics"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Modern slavery in London: the figures")
    expect(page.locator("svg#public-map")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Potential victims by borough"))).to_be_visible()
    a11y.check(page, "public statistics")
    a11y.assert_clean()


def test_an_analyst_explores_imported_figures_and_cases(server: LanternServer, analyst_page):
    a11y = A11yLedger()
    result = server.cli("import", str(POLICE_TABLE), "--period", "2022-Q2", "--title", "NRM referrals by police force")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "figures stored" in result.stdout

    page = analyst_page
    page.goto(server.url("/profile"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem profile")
    expect(page.locator("svg#map")).to_be_visible()
    a11y.check(page, "dashboard (cases by borough)")

    # Imported Home Office figures: police forces by age at exploitation, 2022 Q2, for all
    # the areas the national table covers (London alone is the default).
    page.get_by_label("Figures", exact=True).select_option("imported:nrm_referrals")
    page.get_by_label("Area", exact=True).select_option("national")
    page.get_by_label("Rows", exact=True).select_option("first_responder")
    page.get_by_label("Columns", exact=True).select_option("age_group_at_exploitation")
    page.get_by_label("From quarter", exact=True).fill("2022-Q2")
    page.get_by_label("To quarter", exact=True).fill("2022-Q2")
    page.get_by_role("button", name="Show figures").click()
    table = page.locator("table#figures-0")
    met = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Metropolitan Police Service", exact=True))
    expect(met.locator("td").last).to_have_text("163")
    expect(table.locator("tfoot td").last).to_have_text("230")
    expect(page.locator("main")).to_contain_text("[c]")
    a11y.check(page, "dashboard (imported figures)")

    # The CSV download is what the page shows, with its metadata.
    href = page.get_by_role("link", name="CSV").get_attribute("href")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text()
    assert text.startswith("# NRM referrals"), text[:200]
    assert "Metropolitan Police Service," in text and text.rstrip().endswith(",230"), text[-200:]
    assert href.startswith("/profile/download.csv?")

    # A bad question is answered with the form and a message, not figures.
    page.get_by_label("From quarter", exact=True).fill("next year")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a quarter like")
    a11y.check(page, "dashboard (error)")

    page.goto(server.url("/profile/annual-report"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("annual report")
    expect(page.get_by_role("heading", name=re.compile("by police Basic Command Unit"))).to_be_visible()
    a11y.check(page, "annual report")

    page.goto(server.url("/profile/datasets"))
    expect(page.locator("main")).to_contain_text("NRM referrals by police force")
    a11y.check(page, "datasets")

    # Outcome measures from the cases: every table, by borough and by quarter.
    page.goto(server.url("/profile"))
    page.get_by_role("link", name=re.compile("Outcome measures")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome measures")
    expect(page.locator("table#outcome-rg-time")).to_be_visible()
    expect(page.locator("table#outcome-detention")).to_be_visible()
    a11y.check(page, "outcome measures")
    page.get_by_label("Count by").select_option("quarter")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator("table#outcome-rg-pending")).to_contain_text("Q")
    a11y.check(page, "outcome measures by quarter")
    a11y.assert_clean()


# A partner's return as the Met might send it: boroughs by exploitation type, one row per
# quarter with each year's total, and a location column of which only the totals are wanted.
CRIMES_RETURN = """Borough,Year,Quarter,Location,Labour,Sexual,Total
Camden,2022,Q1,Total,2,1,3
Camden,2022,Q1,Street,1,0,1
Camden,2022,Q2,Total,0,4,4
Camden,2022,Total,Total,2,5,7
Hackney,2022,Q1,Total,5,0,5
Hackney,2022,Q2,Total,1,1,2
Hackney,2022,Total,Total,6,1,7
"""
CRIMES_MAPPING = """{"name": "met-crimes-return", "measure": "crimes", "columns": {"Borough": "borough"},
 "period": {"year": "Year", "quarter": "Quarter"},
 "wide": {"dimension": "exploitation_type", "columns": ["Labour", "Sexual", "Total"]},
 "keepRows": {"Location": "Total"}}"""


def test_an_analyst_uploads_a_partners_return_on_the_web(server: LanternServer, analyst_page):
    a11y = A11yLedger()
    page = analyst_page
    page.goto(server.url("/profile/datasets"))
    page.get_by_role("link", name="Upload a table").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a statistics table")
    a11y.check(page, "upload form")

    # A year's total that disagrees with its quarters: every problem by line and column, nothing stored.
    wrong = CRIMES_RETURN.replace("Hackney,2022,Total,Total,6,1,7", "Hackney,2022,Total,Total,6,2,8")
    page.set_input_files("#file", files=[{"name": "met-return.csv", "mimeType": "text/csv", "buffer": wrong.encode()}])
    page.get_by_label("How the columns are read (the mapping)").select_option("written")
    page.get_by_label("Mapping (JSON)").fill(CRIMES_MAPPING)
    page.get_by_label("The Met and City of London Police").check()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".error-summary")).to_contain_text("met-return.csv was not stored")
    expect(page.locator("main table")).to_contain_text("the year's total (8) does not match the sum of its quarters (7)")
    a11y.check(page, "upload refused")

    # Corrected: the preview, then stored.
    page.set_input_files("#file", files=[{"name": "met-return.csv", "mimeType": "text/csv", "buffer": CRIMES_RETURN.encode()}])
    page.get_by_label("Title").fill("Met modern slavery crimes 2022")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the table before it is stored")
    expect(page.locator("main")).to_contain_text("2022 Q1 to 2022 Q2")
    expect(page.locator("main")).to_contain_text("Only rows where it is Total are kept")
    a11y.check(page, "upload preview")
    page.get_by_role("button", name="Store this dataset").click()
    expect(page.locator("main")).to_contain_text("Dataset stored")
    expect(page.locator("main")).to_contain_text("Met modern slavery crimes 2022")
    a11y.check(page, "datasets after upload")
    a11y.assert_clean()


def test_soft_intelligence_sits_beside_the_figures(server: LanternServer, analyst_page):
    a11y = A11yLedger()
    page = analyst_page
    page.goto(server.url("/intelligence/new"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record soft intelligence")
    a11y.check(page, "intelligence form")
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose the borough")
    a11y.check(page, "intelligence form (errors)")
    page.get_by_label("Borough").select_option("E09000030")
    page.get_by_label("Ward (optional)").fill("Bow East")
    page.locator("input[name='exploitationTypes[]'][value='labour']").check()
    page.locator("input[name='indicators[]'][value='car_wash_or_nail_bar']").check()
    page.get_by_label("Member of the community").check()
    page.get_by_label("2 – Untested").check()
    page.get_by_label("C – Known indirectly", exact=True).check()
    page.get_by_label("P – Lawful sharing permitted", exact=True).check()
    page.get_by_label("What was seen or reported").fill("Workers at a hand car wash sleep on site and are driven away at night.")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Soft intelligence INT-")
    reference = page.get_by_role("heading", level=1).inner_text().split()[-1]
    a11y.check(page, "intelligence report")
    page.goto(server.url("/profile?borough=E09000030"))
    expect(page.locator("main")).to_contain_text(reference)
    page.goto(server.url("/intelligence"))
    expect(page.locator("main")).to_contain_text(reference)
    a11y.check(page, "intelligence list")
    a11y.assert_clean()


def test_an_agreement_lets_the_analyst_it_names_see_exact_figures(server: LanternServer, browser: Browser, admin: Account,
                                                                   totp: TotpClock, analyst_page):
    """The platform administrator records a data-sharing agreement (refused field by field
    first), naming the analyst and covering Camden; the analyst opens the exact view from the
    list, sees the warning and no download, and the administrator sees the view recorded."""
    a11y = A11yLedger()
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, server, admin, totp)
        # A second party to sign it.
        page.goto(server.url("/admin/organisations/new"))
        page.get_by_label("Organisation name").fill("Metropolitan Police Service (agreements)")
        page.get_by_label("Kind of organisation").select_option("police")
        page.get_by_label("Full name").fill("Priya Natarajan")
        page.get_by_label("Work email address").fill("priya.natarajan@met.example.org")
        page.get_by_role("button", name="Add organisation and invite administrator").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")

        page.goto(server.url("/profile/agreements"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Data-sharing agreements")
        a11y.check(page, "agreements")
        page.get_by_role("link", name="Record an agreement").click()
        page.get_by_role("button", name="Record the agreement").click()
        expect(page.locator(".error-summary")).to_contain_text("Enter the agreement's name")
        a11y.check(page, "record an agreement (errors)")

        page.get_by_label("Name of the agreement").fill("Camden and Met data sub-group ISA")
        parties = page.get_by_role("group", name="Parties")
        parties.get_by_label(server.organisation_name, exact=True).check()
        parties.get_by_label("Metropolitan Police Service (agreements)", exact=True).check()
        page.get_by_label("Purpose").fill("Pooling police and council figures for the data sub-group.")
        page.get_by_label("Public task (UK GDPR Article 6(1)(e))").check()
        page.get_by_label(re.compile(r"^Substantial public interest")).check()
        today = datetime.date.today()
        page.get_by_label("First day in force").fill(today.isoformat())
        page.get_by_label("Last day in force").fill((today + datetime.timedelta(days=90)).isoformat())
        page.get_by_role("group", name="People it names").get_by_label(re.compile(r"^Ines Carvalho")).check()
        page.get_by_role("group", name="Boroughs it covers").get_by_label("Camden", exact=True).check()
        page.get_by_role("button", name="Record the agreement").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Camden and Met data sub-group ISA")
        expect(page.locator("main")).to_contain_text("In force")
        a11y.check(page, "an agreement")
        agreement_url = page.url

        analyst = analyst_page
        analyst.goto(server.url("/profile"))
        analyst.get_by_role("link", name="Data-sharing agreements and exact figures").click()
        analyst.get_by_role("link", name="See exact figures").click()
        expect(analyst.get_by_role("heading", level=1)).to_have_text("Exact figures under Camden and Met data sub-group ISA")
        expect(analyst.locator(".warning-text")).to_contain_text("These figures are exact")
        expect(analyst.locator("main")).to_contain_text("Camden")
        expect(analyst.get_by_role("link", name="CSV")).to_have_count(0)
        a11y.check(analyst, "exact figures")
        analyst.get_by_label("Rows", exact=True).select_option("age_group")
        analyst.get_by_role("button", name="Show figures").click()
        expect(analyst.locator("table#figures-0")).to_be_visible()
        expect(analyst.locator("main")).not_to_contain_text("[c]")

        page.goto(agreement_url)
        expect(page.locator("main")).to_contain_text("Ines Carvalho")
        expect(page.get_by_role("table", name="Exact views under this agreement")).to_contain_text("Ines Carvalho")

        # The secretariat writes the annual report's narrative; the report shows it, and the
        # server prints it to PDF.
        secretariat = Account(name="Grace Okafor", email="grace.okafor@camden.example.org", password="lantern harbour violet 27")
        link = invite(page, server, secretariat.name, secretariat.email, ["board_secretariat"])
        context.clear_cookies()
        accept_invitation(page, link, secretariat, totp)
        last_year = str(datetime.date.today().year - 1)
        page.goto(server.url(f"/profile/annual-report?year={last_year}"))
        page.get_by_role("link", name="Write the report's narrative").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"The annual report's narrative for {last_year}")
        a11y.check(page, "annual report narrative")
        page.get_by_label("Foreword").fill("A year of joint work across London.\n\nThanks to every partner.")
        page.get_by_label("Next steps").fill("A data-sharing agreement with the Met.")
        page.get_by_role("button", name="Save the narrative").click()
        expect(page.get_by_role("heading", name="Foreword")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Thanks to every partner.")
        expect(page.locator("main")).to_contain_text("of which London's councils made")
        a11y.check(page, "annual report with its narrative")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the report as a PDF").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    finally:
        context.close()
    a11y.assert_clean()
