"""Helpers the lab and country journeys share, on top of pages.py (which they do not change)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.pages import follow

IDEA_URL = re.compile(r"/ideas/(\d+)$")


def expect_flash(page: Page, text: str) -> None:
    """The flash message the app shows after a form it accepted."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def idea_id_of(page: Page) -> int:
    found = IDEA_URL.search(page.url.split("?")[0].split("#")[0])
    assert found, f"not an idea page: {page.url}"
    return int(found.group(1))


def expect_stage(page: Page, stage: str) -> None:
    """The idea page (or decision view) says the idea is at `stage`."""
    expect(page.locator(".badges .badge.stage")).to_have_text(f"{stage.capitalize()} stage")


def advance(page: Page, to: str, *, override_reason: str = "") -> None:
    """Press "Advance to <to>" on the idea page or the decision view, overriding the unmet review
    conditions with a written reason when one is given."""
    decide = page.locator("#advance")
    expect(decide.get_by_role("heading", name=f"Advance to {to}")).to_be_visible()
    if override_reason:
        decide.get_by_role("checkbox", name="Override unmet review conditions").check()
        decide.get_by_label("Reason for the override").fill(override_reason)
    follow(page, decide.get_by_role("button", name=f"Advance to {to}"))
    expect_flash(page, f"The idea moved to the {to} stage.")
    expect_stage(page, to)
