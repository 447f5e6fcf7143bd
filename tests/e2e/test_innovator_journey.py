"""Journey 1: an innovator signs up, fills the idea form, is told what is missing, fixes it, saves
a draft, submits it, and finds it in "My ideas" at the submit stage, active. Run at a desktop's
width and at a phone's (390 px), where every step must be reachable without sideways scrolling
(every page is checked by `follow` and `visit`)."""

from itertools import count

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import follow, visit

pytestmark = pytest.mark.e2e
_serial = count(1)

IDEA = {
    "Summary": "Village cooperatives run solar-powered kiosks that sell filtered water at cost.",
    "The problem": "Families in dry areas walk hours to fetch unsafe water.",
    "The solution": "A solar pump, a filter and a cooperative that keeps the books; 40 kiosks so far.",
}
SDG_6 = "6. Clean water and sanitation"


def sign_up(page: Page, *, name: str, email: str) -> None:
    visit(page, "/")
    follow(page, page.get_by_role("link", name="Sign up"))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("kiosks-for-every-village")
    page.get_by_label("Country (optional)").select_option("UGA")
    follow(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My ideas")
    expect(page.get_by_role("status")).to_contain_text("Your account is ready")


def fill_idea_without_a_theme(page: Page, title: str) -> None:
    follow(page, page.get_by_role("link", name="Submit a new idea"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit an idea")
    page.get_by_label("Title").fill(title)
    for label, text in IDEA.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("Country of origin").select_option("UGA")
    page.get_by_role("checkbox", name=SDG_6).check()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_innovator_signs_up_submits_an_idea_and_finds_it_in_my_ideas(new_page, viewport):
    page = new_page(viewport=viewport)
    number = next(_serial)
    sign_up(page, name=f"Grace Nakato {number}", email=f"grace{number}-{viewport['width']}@example.org")
    title = f"Solar water kiosks run by village cooperatives ({viewport['width']} px)"
    fill_idea_without_a_theme(page, title)

    assert follow(page, page.get_by_role("button", name="Save draft")).status == 422
    themes = page.get_by_role("group", name="Themes (one to five)")
    expect(themes).to_contain_text("Choose at least one.")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the fields marked below.")
    expect(page.get_by_label("Title")).to_have_value(title)  # what was typed is kept
    expect(page.get_by_role("checkbox", name=SDG_6)).to_be_checked()

    themes.get_by_role("checkbox", name="Water and sanitation").check()
    follow(page, page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("status")).to_contain_text("Your draft is saved")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    follow(page, page.get_by_role("button", name="Submit idea"))
    expect(page.get_by_role("status")).to_contain_text("Your idea is submitted")

    follow(page, page.get_by_role("link", name="My ideas"))
    card = page.get_by_role("article").filter(has=page.get_by_role("link", name=title))
    expect(card).to_contain_text("Submit stage")
    expect(card).to_contain_text("Active")
