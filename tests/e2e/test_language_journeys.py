"""Journey 4, in Arabic and in French: a visitor whose browser asks for English picks the language
with the footer's switcher, browses the catalogue, a solution and Kenya's country page, signs in as
the demo innovator on the translated sign-in page, opens "My ideas" and the idea form and submits it
empty once (no idea is made: the translated field errors come back); then Kenya's country officer,
in a browser of their own, picks the same language and opens the office dashboard.

Every page of the journey must read fully in the language:
- `<html lang dir>` say the language and its direction (rtl for Arabic), and the main navigation
  runs in that direction;
- no interface text is left in English: no visible text (text node, a sentence with inline markup,
  a placeholder, aria-label, title or alt, the document title) equals an English msgid whose
  translation in app/locale/<code>/LC_MESSAGES/messages.po differs from it (or is missing, or
  fuzzy), leaving out msgids with placeholders. Text inside an element whose `lang` is not the
  page's (user content, the switcher's language names) is not the interface's.
Each page is screenshotted into test-output/languages/<code>-<step>.png whether the journey passes
or not. English left-overs are collected over the whole journey and reported at its end, page by
page; everything else stops the journey where it goes wrong.

The demo accounts keep no language of their own here (only visitors' cookies change; the
signed-in switcher would store the language in the account, which the English journeys share)."""

import html
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from app.config import PROJECT_DIR
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.pages import DEMO_PASSWORD, INNOVATOR, OFFICER_KENYA, follow, visit

pytestmark = pytest.mark.e2e

LOCALE_DIR = PROJECT_DIR / "app" / "locale"
SHOTS = SCREENSHOTS / "languages"
DIRECTION = {"ar": "rtl", "fr": "ltr"}
ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr%]|\{[^}]*\}")
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")
IDEA_PAGE = re.compile(r"/ideas/\d+$")


def _normal(text: str) -> str:
    return SPACES.sub(" ", text).strip()


@cache
def english_left_overs(code: str) -> tuple[frozenset[str], frozenset[str]]:
    """The English msgids a page in `code` must not show: (plain ones, ones with inline markup as
    read on the page, tags stripped). A msgid counts when its translation is missing, fuzzy or
    differs from it ("Budget" translated "Budget" in French is no left-over), and it has no
    placeholder (the page shows it filled in)."""
    with (LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=code)
    plain, marked = set(), set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, msgid in enumerate(ids):
            translated = strings[min(index, len(strings) - 1)] if strings else ""
            if PLACEHOLDER.search(msgid) or (translated == msgid and not message.fuzzy):
                continue
            if TAG.search(msgid):
                marked.add(_normal(html.unescape(TAG.sub("", msgid))))
            else:
                plain.add(_normal(msgid))
    plain.discard("")
    marked.discard("")
    return frozenset(plain), frozenset(marked)


# What a reader sees of the page, leaving out what is in another language than the page's.
_VISIBLE_TEXT = """(pageLang) => {
  const primary = (code) => (code || '').toLowerCase().split('-')[0];
  const foreign = (el) => {
    const host = el.closest('[lang]');
    return !!host && primary(host.getAttribute('lang')) !== primary(pageLang);
  };
  const shown = (el) => (el.closest('select') || el).checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const normal = (text) => text.replace(/\\s+/g, ' ').trim();
  const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const skipped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement, text = normal(node.nodeValue);
    if (!text || !el || skipped.has(el.tagName) || foreign(el) || !shown(el)) continue;
    found.push({kind: 'text', text, where: where(el)});
  }
  // A sentence with inline markup (a link, <strong>) is one msgid but several text nodes.
  for (const el of document.body.querySelectorAll('*')) {
    if (skipped.has(el.tagName) || !el.children.length || foreign(el) || !shown(el)) continue;
    if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.nodeValue.trim())) continue;
    const text = normal(el.textContent);
    if (text.length <= 600) found.push({kind: 'sentence', text, where: where(el)});
  }
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
    if (foreign(el) || !shown(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
      const text = normal(el.getAttribute(name) || '');
      if (text) found.push({kind: name, text, where: where(el)});
    }
  }
  for (const part of document.title.split(' · ')) found.push({kind: 'document title', text: normal(part), where: 'title'});
  return found;
}"""

# Where the links of the main navigation sit, and the brand beside it.
_NAV_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
  return {
    items: [...document.querySelectorAll('header nav .nav > li')].map(box),
    brand: box(document.querySelector('header .brand')),
    nav: box(document.querySelector('header nav')),
  };
}"""


@dataclass
class Reading:
    """One journey in one language: checks each page, screenshots it, and collects what is left
    in English, by page."""

    code: str
    left_over: dict[str, list[str]] = field(default_factory=dict)
    steps: int = 0

    def __post_init__(self) -> None:
        for stale in SHOTS.glob(f"{self.code}-*.png"):  # a former run's, perhaps with other steps
            stale.unlink()

    def screenshot(self, page: Page, step: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.steps += 1
        path = SHOTS / f"{self.code}-{self.steps:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def reads_fully(self, page: Page, step: str) -> None:
        self.screenshot(page, step)  # first: a page that fails below is still on file
        where = f"{step} ({urlparse(page.url).path})"
        root = page.locator("html")
        expect(root, f"html[lang] on {where}").to_have_attribute("lang", self.code)
        expect(root, f"html[dir] on {where}").to_have_attribute("dir", DIRECTION[self.code])
        self.check_navigation_direction(page, where)
        plain, marked = english_left_overs(self.code)
        english = []
        for found in page.evaluate(_VISIBLE_TEXT, self.code):
            if found["text"] in (marked if found["kind"] == "sentence" else plain):
                english.append(f'{found["kind"]} {found["text"]!r} in {found["where"]}')
        if english:
            self.left_over[where] = list(dict.fromkeys(english))

    def check_navigation_direction(self, page: Page, where: str) -> None:
        """The main navigation's links run in the page's direction: the first one on the right
        in Arabic, on the left in French (compared along the navigation's first row), and the
        brand stands at the start of the header."""
        boxes = page.evaluate(_NAV_BOXES)
        first = boxes["items"][0]
        row = [item for item in boxes["items"] if abs(item["top"] - first["top"]) < 4]
        assert len(row) >= 2, f"fewer than two links on the navigation's first row on {where}"
        lefts = [item["left"] for item in row]
        if DIRECTION[self.code] == "rtl":
            assert lefts == sorted(lefts, reverse=True) and lefts[0] > lefts[-1], \
                f"the navigation does not run right to left on {where}: {lefts}"
            assert boxes["brand"]["left"] > boxes["nav"]["left"], f"the brand is not on the right on {where}"
        else:
            assert lefts == sorted(lefts) and lefts[0] < lefts[-1], \
                f"the navigation does not run left to right on {where}: {lefts}"
            assert boxes["brand"]["left"] < boxes["nav"]["left"], f"the brand is not on the left on {where}"

    def report(self) -> str:
        """The left-overs by page; those of every page (the header's, the footer's) once, first."""
        pages = list(self.left_over.values())
        everywhere = [text for text in pages[0] if all(text in texts for texts in pages)] if len(pages) > 1 else []
        lines = [f"on every page ({len(pages)}):", *(f"  {text}" for text in everywhere)] if everywhere else []
        for where, texts in self.left_over.items():
            rest = [text for text in texts if text not in everywhere]
            if rest:
                lines += [f"{where}:", *(f"  {text}" for text in rest)]
        return "\n".join(lines)


def english_browser(new_page) -> Page:
    page = new_page()
    page.context.set_extra_http_headers(ENGLISH_BROWSER)
    return page


def choose_language(page: Page, reading: Reading, who: str) -> None:
    """From the English home page, the footer's switcher (a visitor's GET form: a cookie)."""
    visit(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    reading.screenshot(page, f"{who}-home-in-english")
    switcher = page.locator("footer form.language-switcher")
    switcher.get_by_label("Language").select_option(reading.code)
    follow(page, switcher.get_by_role("button", name="Change language"))
    assert urlparse(page.url).path == "/", f"the switcher did not lead back home: {page.url}"
    expect(page.locator("#language-choice")).to_have_value(reading.code)
    assert any(c["name"] == "lab_lang" and c["value"] == reading.code for c in page.context.cookies())
    reading.reads_fully(page, f"{who}-home")


def sign_in(page: Page, reading: Reading, email: str, who: str) -> None:
    """Through the translated sign-in page, reached from the navigation's link. The fields and
    the button are found by what they are, not by their (translated) words."""
    follow(page, page.locator('header nav a[href="/signin"]'))
    reading.reads_fully(page, f"{who}-sign-in")
    form = page.locator('main form[action="/signin"]')
    form.locator("#email").fill(email)
    form.locator("#password").fill(DEMO_PASSWORD)
    follow(page, form.locator("button[type=submit]"))
    expect(page.locator('header form[action="/signout"] button')).to_be_visible()


def browse_as_a_visitor(page: Page, reading: Reading) -> None:
    visit(page, "/solutions")
    reading.reads_fully(page, "visitor-solutions")
    first = page.locator("main ul.cards article").first.get_by_role("link").first
    follow(page, first)
    assert IDEA_PAGE.search(page.url), f"not a solution's page: {page.url}"
    reading.reads_fully(page, "visitor-solution")
    visit(page, "/countries/KEN")
    reading.reads_fully(page, "visitor-country")


def try_an_empty_idea(page: Page, reading: Reading) -> None:
    follow(page, page.locator('header nav a[href="/my/ideas"]'))
    reading.reads_fully(page, "innovator-my-ideas")
    follow(page, page.locator('main a[href="/ideas/new"]').first)
    expect(page.locator("#language"), "the idea form proposes the reader's language").to_have_value(reading.code)
    reading.reads_fully(page, "innovator-new-idea")
    form = page.locator("main form.idea-form")
    form.evaluate("form => { form.noValidate = true; }")  # the server's own answer, not the browser's
    assert follow(page, form.locator("button[name=action][value=draft]")).status == 422  # nothing saved
    expect(page.get_by_role("alert")).to_be_visible()
    for name in ("title", "summary", "problem", "solution"):
        expect(page.locator(f"main #{name}-error.error-text"), f"no error under the empty {name}").to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    reading.reads_fully(page, "innovator-new-idea-errors")


@pytest.mark.parametrize("code", ["ar", "fr"])
def test_the_journey_reads_fully_in_the_chosen_language(new_page, code):
    reading = Reading(code)

    visitor = english_browser(new_page)
    choose_language(visitor, reading, "visitor")
    browse_as_a_visitor(visitor, reading)
    sign_in(visitor, reading, INNOVATOR, "innovator")
    reading.reads_fully(visitor, "innovator-signed-in")
    try_an_empty_idea(visitor, reading)

    officer = english_browser(new_page)
    choose_language(officer, reading, "officer")
    sign_in(officer, reading, OFFICER_KENYA, "officer")
    follow(officer, officer.locator('header nav a[href="/dashboard"]'))
    reading.reads_fully(officer, "officer-dashboard")

    if reading.left_over:
        pytest.fail(f"interface text left in English in {code}:\n{reading.report()}", pytrace=False)
