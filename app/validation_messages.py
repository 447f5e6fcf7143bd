"""What a person reads when their input fails validation (pydantic's error types), in their language.

One function for the HTML forms (`app.routers.web.parse_form`) and the JSON API
(`app.errors._from_validation_error`): a missing or empty field, an email address, an empty
choice read the same in both ("This field is required."). A number or a date that does not parse
says what to type in a form ("Enter a number."); the API keeps pydantic's more precise wording
("unable to parse string as an integer"). Other pydantic errors keep pydantic's wording, its English
word for word, translated for other readers. An own validator's message (a ValueError in
app/models) is translated where it is raised. An error type not listed here reads "Invalid value.".
"""

from typing import Any

from app.i18n import DEFAULT, N_, _, current, format_number, ngettext

NUMBER_TYPES = frozenset({"float_parsing", "float_type", "int_parsing", "int_type", "finite_number"})
VALUE_ERROR_PREFIX = "Value error, "

# pydantic's messages for the error types this app's inputs meet, as pydantic words them
# (its {name} placeholders written %(name)s).
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "json_invalid": N_("JSON decode error"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "int_parsing_size": N_("Unable to parse input string as an integer, exceeded maximum size"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "float_type": N_("Input should be a valid number"),
    "finite_number": N_("Input should be a finite number"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("Input should be a valid boolean"),
    "string_type": N_("Input should be a valid string"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_attributes_type": N_("Input should be a valid dictionary or object to extract fields from"),
    "date_type": N_("Input should be a valid date"),
    "datetime_type": N_("Input should be a valid datetime"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, %(error)s"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, %(error)s"),
    "date_from_datetime_inexact": N_("Datetimes provided to dates should have zero time - e.g. be exact dates"),
    "datetime_parsing": N_("Input should be a valid datetime, %(error)s"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date, %(error)s"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "multiple_of": N_("Input should be a multiple of %(multiple_of)s"),
    "enum": N_("Input should be %(expected)s"),
    "literal_error": N_("Input should be %(expected)s"),
    "string_pattern_mismatch": N_("String should match pattern '%(pattern)s'"),
}
# The same for the types whose message has a plural: (singular, plural, the context's count).
PYDANTIC_PLURALS: dict[str, tuple[str, str, str]] = {
    "string_too_short": (N_("String should have at least %(num)s character"),
                         N_("String should have at least %(num)s characters"), "min_length"),
    "string_too_long": (N_("String should have at most %(num)s character"),
                        N_("String should have at most %(num)s characters"), "max_length"),
    "too_short": (N_("List should have at least %(num)s item after validation, not %(actual_length)s"),
                  N_("List should have at least %(num)s items after validation, not %(actual_length)s"), "min_length"),
    "too_long": (N_("List should have at most %(num)s item after validation, not %(actual_length)s"),
                 N_("List should have at most %(num)s items after validation, not %(actual_length)s"), "max_length"),
}


def validation_message(item: dict[str, Any], *, form: bool = True) -> str:
    """The message of one pydantic error (an item of `ValidationError.errors()`), in the
    reader's language. `form`: for a form field, where a value that does not parse is told
    what to be; the API (form=False) keeps pydantic's wording of those."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    msg = str(item.get("msg", ""))
    if (friendly := _friendly(kind, msg, ctx, form=form)) is not None:
        return friendly
    if kind == "value_error" and msg.startswith(VALUE_ERROR_PREFIX):
        return msg.removeprefix(VALUE_ERROR_PREFIX)  # an own validator's message, translated where it was raised
    return _pydantic_message(kind, msg, ctx)


def _friendly(kind: str, msg: str, ctx: dict[str, Any], *, form: bool) -> str | None:
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return _("This field is required.")
    if kind == "value_error" and not msg.startswith(VALUE_ERROR_PREFIX) and "email" in msg.lower():
        return _("Enter a valid email address.")  # pydantic's own check of an email address
    if kind == "too_short" and ctx.get("min_length") == 1:
        return _("Choose at least one.")
    if not form:
        return None
    if kind in NUMBER_TYPES:
        return _("Enter a number.")
    if kind.startswith("date_"):
        return _("Enter a date (YYYY-MM-DD).")
    return None


def _pydantic_message(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    known = kind in PYDANTIC_MESSAGES or (kind in PYDANTIC_PLURALS and ctx.get("field_type", "List") == "List")
    if not known:
        return _("Invalid value.")
    if current() == DEFAULT and msg:
        return msg  # English is pydantic's own wording
    values = {name: _shown(value) for name, value in ctx.items()}
    try:
        if kind in PYDANTIC_PLURALS:
            singular, plural, count = PYDANTIC_PLURALS[kind]
            n = int(ctx[count])
            return ngettext(singular, plural, n) % {**values, "num": format_number(n)}
        return _(PYDANTIC_MESSAGES[kind]) % values
    except (KeyError, TypeError, ValueError):
        return msg or _("Invalid value.")


def _shown(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    return format_number(value) if isinstance(value, (int, float)) else value
