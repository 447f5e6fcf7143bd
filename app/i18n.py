"""The interface's language: which one a request is served in, its translations, and CLDR formats.

The current language lives in a context variable, set once per request (LocaleMiddleware from
the cookie and Accept-Language, then the signed-in user's own setting) and for each e-mail
(`use_locale`). `_` reads it at call time, so a service raising an error or a template
rendering a label speaks the reader's language without passing it around.
"""

import datetime as dt
import unicodedata
from decimal import Decimal
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.core import negotiate_locale
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"
# The six official languages of the United Nations, in the order the switcher lists them.
SUPPORTED = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_COOKIE = "lab_lang"

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT)


def current() -> str:
    return _current.get()


def set_current(code: str) -> None:
    _current.set(code if code in SUPPORTED else DEFAULT)


@contextmanager
def use_locale(code: str | None) -> Iterator[None]:
    """Speak `code` inside the block (an e-mail in its recipient's language, say)."""
    token = _current.set(code if code in SUPPORTED else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def negotiate(*, cookie: str | None, accept_language: str | None) -> str:
    """The visitor's language: the switcher's cookie, else the browser's preference, else English."""
    if cookie in SUPPORTED:
        return cookie
    preferred = [part.split(";")[0].strip().replace("-", "_") for part in (accept_language or "").split(",")]
    return negotiate_locale([p for p in preferred if p], SUPPORTED) or DEFAULT


@cache
def translations(code: str) -> NullTranslations:
    if code == DEFAULT:
        # English is the source language: its catalog holds the source strings, so reading it
        # would only cost time.
        return NullTranslations()
    return Translations.load(LOCALE_DIR, [code], DOMAIN)


def gettext(message: str) -> str:
    return translations(_current.get()).ugettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ungettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """For a word that reads differently by its use ("Name" of a person, of an indicator)."""
    return translations(_current.get()).upgettext(context, message)


_ = gettext


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined; it is translated where it is shown."""
    return message


@cache
def locale(code: str) -> Locale:
    return Locale.parse(code)


def direction(code: str | None = None) -> str:
    return locale(code or current()).text_direction


def country_name(alpha2: str, fallback: str) -> str:
    """A country's name in the reader's language (CLDR). English keeps the UN names of the
    reference data ("Bolivia (Plurinational State of)"), which CLDR shortens."""
    code = current()
    if code == DEFAULT:
        return fallback
    return locale(code).territories.get(alpha2.upper(), fallback)


def language_name(code: str, *, in_locale: str | None = None) -> str:
    """A language's name: by default in the reader's language, or in its own (for the switcher)."""
    # CLDR names fewer languages in some locales than in English: then the English name.
    name = locale(in_locale or current()).languages.get(code) or locale(DEFAULT).languages.get(code)
    if not name:
        return code
    return name[:1].upper() + name[1:]


def format_date(value: dt.date | dt.datetime | None, form: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return dates.format_date(value, format=form, locale=locale(current()))


def format_datetime(value: dt.datetime | None, form: str = "medium") -> str:
    """Date and time in UTC, as stored: the pages say "UTC" beside it."""
    if value is None:
        return ""
    code = current()
    when = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    time = dates.format_time(when, format="short", tzinfo=dt.timezone.utc, locale=locale(code))
    # The language's own way of joining a date and a time ("{1}, {0}", "{1} {0}", …), without seconds.
    pattern = dates.get_datetime_format(form, locale=locale(code))
    return pattern.replace("{1}", format_date(when, form)).replace("{0}", time)


def format_number(value: float | int | None, *, digits: int = 3) -> str:
    """12.0 as "12", 0.25 as "0.25", 12345 as "12,345" (or "12 345", "١٢٬٣٤٥" by the language)."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return numbers.format_decimal(round(value, digits), format="#,##0.###", locale=locale(current()))
    return numbers.format_decimal(int(value), locale=locale(current()))


def format_percent(value: float | None) -> str:
    return "" if value is None else numbers.format_percent(value, locale=locale(current()))


def sort_key(text: str) -> str:
    """Alphabetical order close to what readers expect without a collation library: accents
    fold onto their letters ("Égypte" beside "Egypte"), case is ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def format_fixed(value: float | None, places: int = 2) -> str:
    """A figure with a fixed number of decimals (scores: "0.45", "0,45"), rounded as Python's
    "%.2f" rounds it, so that every page and message shows the same figure."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return numbers.format_decimal(Decimal(f"{value:.{places}f}"), format=pattern, locale=locale(current()))
