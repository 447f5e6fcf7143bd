"""Journey 3: Bangladesh's country officer keeps the challenge profile (changes a description, adds
a challenge), reads the partner ranking, proposes replicating a proven solution from Peru with an
indicator of its own, plans it, records a progress update with a value for that indicator, and
finds the replication on the office dashboard and in the table beside the flow map."""

from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.lab_helpers import expect_flash
from tests.e2e.pages import OFFICER_BANGLADESH, follow, sign_in_as, visit

pytestmark = pytest.mark.e2e

SOLUTION = "Frost early warning by SMS for Andean potato farmers"
FLOODS = "Floods and cyclones wash away harvests, homes and roads in 19 coastal districts every monsoon."
HEAT = "Heatwaves fill district hospitals with outdoor workers and older people."
INDICATOR = "Farmers who get flood warnings by SMS"


def edit_the_challenge_profile(page: Page) -> None:
    profile = page.locator("#profile")
    page.get_by_text("Edit the challenge profile").click()
    first = profile.get_by_role("group", name="Challenge 1", exact=True)
    expect(first.get_by_label("Theme")).to_have_value("climate-adaptation")
    first.get_by_label("Description").fill(FLOODS)
    added = profile.get_by_role("group", name="Challenge 4", exact=True)
    expect(added.get_by_label("Theme")).to_have_value("")  # the first blank row
    added.get_by_label("Theme").select_option(label="Health")
    added.get_by_label("Priority").select_option("3")
    added.get_by_label("Description").fill(HEAT)
    follow(page, profile.get_by_role("button", name="Save the challenge profile"))
    expect_flash(page, "The challenge profile is saved.")
    table = page.locator("#profile").get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="Climate adaptation")).to_contain_text(FLOODS)
    expect(table.get_by_role("row").filter(has_text="Health")).to_contain_text("3 · ")
    expect(table.get_by_role("row").filter(has_text="Health")).to_contain_text(HEAT)
    expect(table.locator("tbody tr")).to_have_count(4)


def propose_the_replication(page: Page) -> None:
    visit(page, "/solutions?q=frost")
    follow(page, page.get_by_role("link", name=SOLUTION, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(SOLUTION)
    follow(page, page.get_by_role("link", name="Propose a replication", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a replication")
    expect(page.get_by_label("Adopting country")).to_have_value("BGD")  # the officer's own country, chosen
    page.get_by_label("Adaptation notes").fill("Warnings in Bangla, for floods rather than frost, through union councils.")
    start = date.today() + timedelta(days=14)
    page.get_by_label("Starts on").fill(start.isoformat())
    page.get_by_label("Ends on").fill((start + timedelta(days=365)).isoformat())
    page.get_by_label("Budget (US dollars)").fill("45000")
    page.get_by_label("Partners").fill("Bangladesh Meteorological Department; BRAC")
    row = page.get_by_role("group", name="Indicator 1", exact=True)
    row.get_by_label("Name").fill(INDICATOR)
    row.get_by_label("Unit").fill("farmers")
    row.get_by_label("Baseline").fill("0")
    row.get_by_label("Target").fill("5000")
    follow(page, page.get_by_role("button", name="Propose the replication"))
    expect_flash(page, "The replication is proposed.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(SOLUTION)


def plan_and_record_progress(page: Page) -> None:
    follow(page, page.get_by_role("button", name="Mark as planned"))
    expect_flash(page, "The replication is planned.")
    expect(page.get_by_role("region", name="Status history")).to_contain_text("Proposed → planned")
    page.get_by_text("Record progress", exact=True).click()
    page.get_by_label("What happened").fill("Union councils in two districts signed up 1,200 farmers.")
    page.get_by_label("On", exact=True).fill(date.today().isoformat())
    page.get_by_label(f"{INDICATOR} (farmers)").fill("1200")
    follow(page, page.get_by_role("button", name="Record the update"))
    expect_flash(page, "The progress update is recorded.")
    updates = page.get_by_role("region", name="Progress updates")
    expect(updates).to_contain_text("Union councils in two districts signed up 1,200 farmers.")
    expect(updates).to_contain_text(f"{INDICATOR}: 1,200 farmers")  # figures as English writes them
    indicators = page.get_by_role("region", name="Indicators", exact=True).get_by_role("row").filter(has_text=INDICATOR)
    expect(indicators).to_contain_text("1,200")


def test_country_officer_keeps_the_profile_and_replicates_a_proven_solution(new_page):
    page = sign_in_as(new_page, OFFICER_BANGLADESH)
    visit(page, "/countries/BGD")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bangladesh")
    edit_the_challenge_profile(page)

    follow(page, page.get_by_role("link", name="All partner countries"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner countries for Bangladesh")
    assert page.locator("table.ranking tbody tr").count() >= 1, "no partner country is ranked"

    propose_the_replication(page)
    replication_path = urlparse(page.url).path
    plan_and_record_progress(page)

    visit(page, "/dashboard")
    mine = page.get_by_role("region", name="Replications in Bangladesh")
    expect(mine.get_by_role("link", name=SOLUTION)).to_have_attribute("href", replication_path)

    visit(page, "/map")
    row = page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("link", name=SOLUTION)).filter(
        has_text="Bangladesh")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Peru")
    expect(row).to_contain_text("Planned")
