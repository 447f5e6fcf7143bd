"""The one Jinja2 environment of the pages; autoescaping is on for every template."""

from pathlib import Path

from fastapi.templating import Jinja2Templates

TEMPLATE_DIR = Path(__file__).parent / "templates"


def format_number(value: float | None) -> str:
    """12.0 as "12", 0.25 as "0.25", None as "": figures read as people write them."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


templates = Jinja2Templates(directory=TEMPLATE_DIR)
templates.env.autoescape = True
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
templates.env.filters["zip"] = lambda left, right: list(zip(left, right, strict=False))
templates.env.filters["number"] = format_number
