"""The one Jinja2 environment of the pages; autoescaping is on for every template, and every
string a person reads goes through gettext (`_`, `ngettext`, `{% trans %}`)."""

from pathlib import Path

import jinja2
from markupsafe import Markup
from fastapi.templating import Jinja2Templates

from app import i18n
from app.labels import label

TEMPLATE_DIR = Path(__file__).parent / "templates"


def format_number(value: float | None) -> str:
    """A number for a form field: 12.0 as "12", 0.25 as "0.25", None as "" (never grouped or
    localised, so that the field reads it back). Pages show figures with the `number` filter."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _gettext(message: str, /, **values) -> Markup:
    return Markup(i18n.gettext(message)) % values


def _ngettext(singular: str, plural: str, n: int, /, **values) -> Markup:
    values.setdefault("num", n)
    return Markup(i18n.ngettext(singular, plural, n)) % values


def _pgettext(context: str, message: str, /, **values) -> Markup:
    return Markup(i18n.pgettext(context, message)) % values


def _page_globals() -> dict:
    code = i18n.current()
    return {"code": code, "dir": i18n.direction(code), "name": i18n.language_name(code, in_locale=code)}


env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# `{% trans %}` blocks join their lines with single spaces, as the catalog stores them.
env.policies["ext.i18n.trimmed"] = True
env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext)
# The same "newstyle" callables, called directly: Jinja's own wrappers pass through two layers of
# context calls per string (about 4 µs each, 150 strings a page). Autoescaping is always on here, so
# the translation is markup and the values filled into it are escaped, as Jinja's would be.
env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext)
env.globals["page_language"] = _page_globals
env.globals["languages"] = lambda: [(code, i18n.language_name(code, in_locale=code)) for code in i18n.SUPPORTED]
env.globals["language_name"] = i18n.language_name
env.filters["label"] = label
env.filters["zip"] = lambda left, right: list(zip(left, right, strict=False))
env.filters["number"] = i18n.format_number
env.filters["percent"] = i18n.format_percent
env.filters["fixed"] = i18n.format_fixed
env.filters["date"] = i18n.format_date
env.filters["datetime"] = i18n.format_datetime
templates = Jinja2Templates(env=env)
