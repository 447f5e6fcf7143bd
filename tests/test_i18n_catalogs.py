"""The message catalogs are complete, current and compiled; no template shows text that
bypasses them. `make messages` mends the first and the last; a translator the second."""

import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n import DOMAIN, LOCALE_DIR, SUPPORTED
from app.templating import TEMPLATE_DIR, env

ROOT = Path(__file__).resolve().parent.parent


def source_messages() -> set[str | tuple[str, ...]]:
    """Every string the code and templates mark for translation, as the catalog keys them."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog(code: str):
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return read_po(handle, locale=code)


@pytest.fixture(scope="module")
def marked() -> set:
    return source_messages()


def catalog_keys(code: str) -> set:
    return {message.id if isinstance(message.id, str) else tuple(message.id) for message in catalog(code) if message.id}


@pytest.mark.parametrize("code", SUPPORTED)
def test_every_marked_string_is_in_the_catalog(code, marked):
    missing = sorted(map(str, marked - catalog_keys(code)))
    assert not missing, f"{len(missing)} strings are not in the {code} catalog (run `make messages`): {missing[:10]}"


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_catalog_holds_no_string_the_code_no_longer_uses(code, marked):
    stale = sorted(map(str, catalog_keys(code) - marked))
    assert not stale, f"{len(stale)} strings of the {code} catalog are used nowhere (run `make messages`): {stale[:10]}"


@pytest.mark.parametrize("code", SUPPORTED)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    untranslated, fuzzy = [], []
    for message in catalog(code):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"{len(untranslated)} untranslated entries in {code}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {code}: {fuzzy[:10]}"


@pytest.mark.parametrize("code", SUPPORTED)
def test_translations_keep_the_placeholders_of_their_source(code):
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog(code).check()]
    assert not problems, f"placeholder mismatches in {code}: {problems[:10]}"


@pytest.mark.parametrize("code", SUPPORTED)
def test_the_compiled_catalog_is_current(code):
    def entries(messages) -> dict:
        frozen = lambda value: tuple(value) if isinstance(value, (list, tuple)) else value  # noqa: E731
        return {(m.context, frozen(m.id)): frozen(m.string) for m in messages if m.id and not m.fuzzy}

    source = entries(catalog(code))
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        compiled = entries(read_mo(handle))
    changed = sorted(str(key) for key in source.keys() ^ compiled.keys())
    changed += sorted(str(key) for key in source.keys() & compiled.keys() if source[key] != compiled[key])
    assert not changed, f"the {code} .mo file is older than its .po (run `make messages`): {changed[:10]}"


# ---- text typed into a template without gettext ----

# Words that read the same in every language: the product's name, and signs.
NOT_TRANSLATED = {"Solutions Lab", "API", "OpenAPI", "CSV", "IATI", "XML", "SDG", "ISO", "UTC"}
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "label"}


class _TextFinder(HTMLParser):
    """Collects the text and the read-aloud attributes of template markup whose Jinja parts
    have been replaced by a placeholder."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._check(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self._check(data)

    def _check(self, text: str) -> None:
        remainder = text.replace("\x00", " ")
        for word in NOT_TRANSLATED:
            remainder = remainder.replace(word, " ")
        if LETTERS.search(remainder):
            self.found.append(" ".join(text.replace("\x00", "…").split()))


def untranslated_text(source: str) -> list[str]:
    """Text outside `{{ }}`, `{% %}` and `{# #}`: what a template prints as it is typed.
    Text inside `{% trans %}` blocks goes to the catalog and is left out."""
    pieces, in_trans = [], False
    for _line, kind, value in env.lex(source):
        if kind == "block_begin":
            pieces.append("\x00")
        if kind == "name" and value in ("trans", "pluralize"):
            in_trans = True
        if kind == "name" and value == "endtrans":
            in_trans = False
        if kind == "data" and not in_trans:
            pieces.append(value)
        elif kind == "variable_begin":
            pieces.append("\x00")
    finder = _TextFinder()
    # A tag whose name is a variable (`<{{ heading }}>`) is still a tag.
    finder.feed("".join(pieces).replace("</\x00", "</x").replace("<\x00", "<x"))
    finder.close()
    return finder.found


TEMPLATES = sorted(str(path.relative_to(TEMPLATE_DIR)) for path in TEMPLATE_DIR.rglob("*.html"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_print_no_text_that_bypasses_the_catalog(name):
    found = untranslated_text((TEMPLATE_DIR / name).read_text(encoding="utf-8"))
    assert not found, f"{name} prints text without gettext: {found[:8]}"


def test_the_text_finder_sees_typed_text_and_ignores_marked_text():
    assert untranslated_text('<p>Hello <b>{{ name }}</b></p>') == ["Hello"]
    assert untranslated_text('<img alt="A map">') == ["A map"]
    assert untranslated_text('<p>{{ _("Hello") }} · {{ n|number }}</p>') == []
    assert untranslated_text("<p>{% trans %}Hello <b>{{ who }}</b>{% endtrans %}</p>") == []
    assert untranslated_text("<title>{% block title %}Solutions Lab{% endblock %}</title>") == []
    assert untranslated_text('<{{ h }} lang="{{ code }}">{{ title }}</{{ h }}>') == []


def test_templates_compile_with_the_i18n_extension():
    for name in TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{name}: {exc}")
