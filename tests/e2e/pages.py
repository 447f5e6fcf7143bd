"""What every browser journey uses: the checks run on every page a journey visits (`visit` and
`follow` run them), signing in as a demo account, and the demo accounts themselves (seeded by
`solutions-lab seed --demo`).

A journey with several people opens one page per person, each its own browser with its own
cookies: `manager = sign_in_as(new_page, LAB_MANAGER)`, `reviewer = sign_in_as(new_page,
REVIEWERS[0])`, then moves between them. All journeys share one server and its database for the
whole run: a journey works on objects it made itself (or on demo data no other journey changes),
so that the journeys pass in any order.
"""

from playwright.sync_api import Locator, Page, Response, expect

DEMO_PASSWORD = "demo-pass-2026"
ADMIN = "admin@demo.solutions-lab.org"
LAB_MANAGER = "manager@demo.solutions-lab.org"
REVIEWERS = [f"reviewer{n}@demo.solutions-lab.org" for n in range(1, 5)]
OFFICER_KENYA = "officer.ken@demo.solutions-lab.org"
OFFICER_BANGLADESH = "officer.bgd@demo.solutions-lab.org"
INNOVATOR = "innovator@demo.solutions-lab.org"
# The throttle journey locks this account out for the sign-in window: no other journey uses it.
THROTTLED_ACCOUNT = "innovator2@demo.solutions-lab.org"

# Form fields a person fills in, and how each one is named for assistive technology.
_UNLABELLED_FIELDS = """() => {
  const fields = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea');
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const labelled = (el) =>
    (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el.closest('label') ||
    (el.getAttribute('aria-label') || '').trim() ||
    (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some((id) => id && document.getElementById(id));
  return [...fields].filter((el) => visible(el) && !labelled(el)).map((el) => el.outerHTML.slice(0, 120));
}"""
_PAGE_FACTS = """() => ({
  mains: document.querySelectorAll('main').length,
  title: document.title.trim(),
  imagesWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map((img) => img.outerHTML.slice(0, 120)),
  scrollWidth: document.scrollingElement.scrollWidth,
})"""


def check_page(page: Page) -> None:
    """The basics every page keeps, at any width: each visible form field has a label (label[for],
    a wrapping label, aria-label or aria-labelledby), one <main>, a title, alt on every image,
    and nothing wider than the window (no sideways scrolling, on a phone too)."""
    facts = page.evaluate(_PAGE_FACTS)
    where, width = page.url, page.viewport_size["width"]  # a phone zooms out to fit: not window.innerWidth
    assert page.evaluate(_UNLABELLED_FIELDS) == [], f"fields without a label on {where}"
    assert facts["mains"] == 1, f"{facts['mains']} <main> elements on {where}"
    assert facts["title"], f"no title on {where}"
    assert facts["imagesWithoutAlt"] == [], f"images without alt on {where}"
    assert facts["scrollWidth"] <= width, f"{where} is {facts['scrollWidth']} px wide in a {width} px window"


def visit(page: Page, path: str) -> Response:
    """Open `path`, and check the page."""
    response = page.goto(path)
    check_page(page)
    return response


def follow(page: Page, target: Locator) -> Response:
    """Click a link or button that leads to another page, wait until that page has loaded (a
    click returns before it has), and check it. The answer to the request that led there."""
    with page.expect_navigation() as navigation:
        target.click()
    check_page(page)
    return navigation.value


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form, as someone whose password is right."""
    visit(page, "/signin")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_in_as(new_page, email: str, **page_options) -> Page:
    """A fresh browser signed in as `email` (a demo account): the start of most journeys."""
    page = new_page(**page_options)
    sign_in(page, email)
    return page
