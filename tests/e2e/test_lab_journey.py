"""Journey 2: an innovator submits a fresh idea; the lab manager assigns reviewers automatically at
the submit stage; two of the reviewers it chose accept and score the idea on the rubric; the lab
manager then takes the idea through every gate to replicate: incubate (the reviews meet the gate),
a pilot plan, pilot, a pilot report, evaluate, and replicate by overriding the evaluation reviews
with a written reason. The idea page ends at the replicate stage with every step in its history."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.lab_helpers import advance, expect_flash, expect_stage, idea_id_of
from tests.e2e.pages import INNOVATOR, LAB_MANAGER, REVIEWERS, follow, sign_in_as, visit

pytestmark = pytest.mark.e2e

TITLE = "Rooftop rain tanks shared by school and clinic"
IDEA = {
    "Summary": "Schools and clinics share rooftop rain tanks and a caretaker paid by both.",
    "The problem": "Rural schools and clinics close in the dry season for want of clean water.",
    "The solution": "Gutters, a 10,000 litre tank and a filter per building; 25 sites run for three years.",
}
OVERRIDE_REASON = "The evaluation panel met in person and agreed the pilot results speak for themselves."


def submit_idea(new_page) -> int:
    page = sign_in_as(new_page, INNOVATOR)
    visit(page, "/ideas/new")
    page.get_by_label("Title").fill(TITLE)
    for label, text in IDEA.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("Country of origin").select_option("UGA")
    page.get_by_role("group", name="Themes (one to five)").get_by_role("checkbox", name="Water and sanitation").check()
    page.get_by_role("checkbox", name="6. Clean water and sanitation").check()
    follow(page, page.get_by_role("button", name="Submit idea"))
    expect_flash(page, "Your idea is submitted")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    return idea_id_of(page)


def assign_automatically(manager: Page, stage: str) -> int:
    """The board's automatic assignment at `stage`; how many new assignments went to the idea."""
    visit(manager, "/board")
    form = manager.locator(f"#auto-{stage}")
    follow(manager, form.get_by_role("button", name=f"Assign reviewers at the {stage} stage"))
    expect(manager.get_by_role("heading", level=1)).to_have_text(f"Reviewers assigned automatically: {stage} stage")
    made = manager.get_by_role("table").get_by_role("row").filter(has=manager.get_by_role("link", name=TITLE, exact=True))
    return made.count()


def review_as_an_assigned_reviewer(new_page, skip: set[str]) -> str:
    """The first reviewer (not in `skip`) with an open assignment for the idea accepts it and
    scores it: 5 on every criterion but the first (4), "advance", and comments. Their email."""
    for email in REVIEWERS:
        if email in skip:
            continue
        page = sign_in_as(new_page, email)
        visit(page, "/reviews")
        card = page.locator("li.assignment").filter(has=page.get_by_role("link", name=TITLE, exact=True))
        if card.count() == 0:
            continue
        expect(card).to_contain_text("Waiting for an answer")
        follow(page, card.get_by_role("button", name="Accept"))
        expect_flash(page, "You accepted the assignment")
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        criteria = page.locator("#scoring-form fieldset.criterion")
        assert criteria.count() >= 1, "the rubric form has no criteria"
        for index in range(criteria.count()):
            criteria.nth(index).locator(f"input[type=radio][value='{4 if index == 0 else 5}']").check()
        # The live total, drawn by the page's script from its translated sentences.
        expect(page.locator("#rubric-total")).to_have_text(re.compile(r"^[45]\.\d\d of 5$"))
        page.get_by_role("radio", name="Advance to the next stage").check()
        page.get_by_label("Comment to the submitter").fill("A sound, cheap idea; say more about tank maintenance.")
        page.get_by_label("Confidential comment to the lab").fill("I know the region: the need is real.")
        follow(page, page.get_by_role("button", name="Submit the review"))
        expect_flash(page, "Your review is submitted")
        expect(page.get_by_role("main")).to_contain_text("Submitted reviews cannot be changed.")
        return email
    raise AssertionError(f"no reviewer left with an open assignment for {TITLE!r} (skipped {sorted(skip)})")


def plan_the_pilot(manager: Page) -> None:
    follow(manager, manager.get_by_role("link", name="Plan the pilot"))
    expect(manager.get_by_role("heading", level=1)).to_have_text("Pilot plan")
    manager.get_by_label("Host country").select_option("KEN")
    start = date.today() + timedelta(days=30)
    manager.get_by_label("Starts on").fill(start.isoformat())
    manager.get_by_label("Ends on").fill((start + timedelta(days=180)).isoformat())
    row = manager.get_by_role("group", name="Indicator 1", exact=True)
    row.get_by_label("Name").fill("Days a year the school has water")
    row.get_by_label("Unit").fill("days")
    row.get_by_label("Baseline").fill("120")
    row.get_by_label("Target").fill("300")
    follow(manager, manager.get_by_role("button", name="Save the pilot plan"))
    expect_flash(manager, "The pilot plan is saved.")
    expect(manager.get_by_role("region", name="Pilot plan")).to_contain_text("Hosted in Kenya")


def report_the_pilot(manager: Page) -> None:
    follow(manager, manager.get_by_role("link", name="Report the pilot's results"))
    expect(manager.get_by_role("heading", level=1)).to_have_text("Pilot report")
    manager.get_by_label("Actual value: Days a year the school has water (days)").fill("310")
    manager.get_by_label("Summary of the pilot").fill("Twelve schools kept water all year; caretakers need training.")
    follow(manager, manager.get_by_role("button", name="Save the report"))
    expect_flash(manager, "The pilot report is saved.")
    expect(manager.get_by_role("region", name="Pilot plan")).to_contain_text("Twelve schools kept water all year")


def test_lab_manager_takes_a_fresh_idea_through_every_gate_to_replicate(new_page):
    idea_id = submit_idea(new_page)

    manager = sign_in_as(new_page, LAB_MANAGER)
    assert assign_automatically(manager, "submit") >= 2, "the automatic assignment gave the idea fewer than 2 reviewers"

    first = review_as_an_assigned_reviewer(new_page, skip=set())
    review_as_an_assigned_reviewer(new_page, skip={first})

    visit(manager, f"/board/ideas/{idea_id}")
    gate = manager.get_by_role("region", name="Gate to the next stage")
    expect(gate.locator(".badge.bad")).to_have_count(0)
    expect(gate).to_contain_text("At least 2 submitted reviews (has 2)")
    advance(manager, "incubate")  # from the decision view, which it returns to

    visit(manager, f"/ideas/{idea_id}")
    plan_the_pilot(manager)
    advance(manager, "pilot")
    report_the_pilot(manager)
    advance(manager, "evaluate")
    advance(manager, "replicate", override_reason=OVERRIDE_REASON)

    visit(manager, f"/ideas/{idea_id}")
    expect_stage(manager, "replicate")
    expect(manager.get_by_role("list", name="Stages of this idea").locator("[aria-current=step]")).to_have_text("Replicate")
    timeline = manager.locator("ol.timeline > li")
    expect(timeline.locator("strong")).to_have_text([
        "Submitted", "Moved from submit to incubate", "Moved from incubate to pilot", "Moved from pilot to evaluate",
        "Moved from evaluate to replicate",
    ])
    replicated = timeline.filter(has_text="Moved from evaluate to replicate")
    expect(replicated).to_contain_text("gate overridden")
    expect(replicated).to_contain_text(OVERRIDE_REASON)
