"""Journey 4: refusals read as pages a person understands. Too many wrong passwords for one
account get a page saying so and how long to wait; a form whose security token was tampered
with gets a 403 page that explains what happened and leads back home."""

import re

import pytest
from playwright.sync_api import Page, Response, expect

from app.config import settings
from tests.e2e.pages import THROTTLED_ACCOUNT, follow, visit

pytestmark = pytest.mark.e2e
WINDOW_SECONDS = settings.signin_window_minutes * 60


def try_to_sign_in(page: Page, *, email: str, password: str) -> Response:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    return follow(page, page.get_by_role("button", name="Sign in"))


def test_too_many_wrong_passwords_show_a_page_with_the_wait(new_page):
    page = new_page()
    visit(page, "/signin")
    for attempt in range(settings.signin_max_failures):
        assert try_to_sign_in(page, email=THROTTLED_ACCOUNT, password=f"wrong guess {attempt}").status == 401
        expect(page.get_by_role("alert")).to_be_visible()

    response = try_to_sign_in(page, email=THROTTLED_ACCOUNT, password="another wrong guess")
    assert response.status == 429
    expect(page).to_have_title(re.compile("^Too many attempts"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    wait = re.search(r"Please try again in (\d+) seconds\.", page.get_by_role("main").inner_text())
    assert wait, "the page does not say how long to wait"
    assert int(wait.group(1)) == int(response.headers["retry-after"])
    assert 0 < int(wait.group(1)) <= WINDOW_SECONDS + 1


def test_a_tampered_form_gets_a_403_page_that_explains_and_leads_home(new_page):
    page = new_page()
    visit(page, "/signin")
    page.evaluate("document.querySelector('form[action=\"/signin\"] input[name=csrf_token]').value = 'tampered'")

    assert try_to_sign_in(page, email="someone@example.org", password="any password at all").status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_role("main")).to_contain_text("The form's security token is missing or wrong.")
    expect(page.get_by_role("main")).to_contain_text("Go back, reload the page and try again.")

    assert follow(page, page.get_by_role("link", name="Back to the home page")).status == 200
    expect(page).to_have_url(re.compile(r"/$"))
