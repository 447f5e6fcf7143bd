"""The country pages: a country with its challenge profile (and the form that keeps it), partner
countries, proven solutions and replications; a country's ranking; a pair; the strongest pairs."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app.deps import CurrentUser, OptionalUser, SessionDep
from app.errors import ValidationFailed
from app.i18n import N_, _
from app.models.countries import ChallengeIn
from app.routers.web import parse_form, redirect, render
from app.services import challenges, country_pages

router = APIRouter(include_in_schema=False)

MAX_ROWS = 40
PRIORITY_ERROR = N_("Choose a priority: 1 (high), 2 or 3 (low).")


def _page(request: Request, page: country_pages.CountryPage, *, form: list[dict] | None = None,
          errors: dict[str, str] | None = None, status_code: int = 200):
    context = {"page": page, "country": page.country, "rows": page.form_rows if form is None else form,
               "errors": errors or {}}
    return render(request, "countries/country.html", context, status_code=status_code)


@router.get("/countries/{code}", response_class=HTMLResponse)
def country(code: str, request: Request, session: SessionDep, viewer: OptionalUser):
    return _page(request, country_pages.country_page(session, code=code, viewer=viewer))


def _challenge_input(form: FormData) -> tuple[list[dict[str, str]], list[tuple[int, ChallengeIn]], dict[str, str]]:
    """The rows as typed, the challenges they hold (with their row number) and the rows' errors.
    A row whose theme is left empty is no challenge: emptying the theme removes it."""
    rows = [{name: str(form.get(f"challenge-{n}-{name}", "")).strip() for name in ("theme", "priority", "description")}
            for n in range(MAX_ROWS) if f"challenge-{n}-theme" in form]
    items, errors = [], {}
    for n, row in enumerate(rows):
        if not row["theme"]:
            continue
        parsed, row_errors = parse_form(ChallengeIn, row)
        for name, message in row_errors.items():
            errors[f"challenge-{n}-{name}"] = _(PRIORITY_ERROR) if name == "priority" else message
        if parsed is not None:
            items.append((n, parsed))
    return rows, items, errors


@router.post("/countries/{code}/challenges", response_class=HTMLResponse)
async def save_challenges(code: str, request: Request, session: SessionDep, user: CurrentUser):
    rows, items, errors = _challenge_input(await request.form())
    try:
        if not errors:
            challenges.replace_challenges(session, actor=user, code=code, items=[item for _, item in items])
            return redirect(f"/countries/{code.upper()}#profile", flash=_("The challenge profile is saved."))
    except ValidationFailed as exc:
        errors = _row_errors(exc.extra.get("fields", {}), [n for n, _ in items])
    page = country_pages.country_page(session, code=code, viewer=user, editing=True)
    return _page(request, page, form=rows, errors=errors, status_code=422)


def _row_errors(fields: dict[str, Any], rows: list[int]) -> dict[str, str]:
    """The service names the n-th challenge it was given; the page names the form row it came from."""
    errors = {}
    for key, message in fields.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            errors[f"challenge-{rows[int(parts[1])]}-{parts[2]}"] = str(message)
    return errors or {"challenges": str(fields["challenges"] if "challenges" in fields else _("Please check the challenges."))}


@router.get("/countries/{code}/matches", response_class=HTMLResponse)
def country_ranking(code: str, request: Request, session: SessionDep):
    page = country_pages.ranking_page(session, code=code)
    return render(request, "countries/matches.html", {"page": page, "country": page.country})


@router.get("/pairs/{code}/{partner}", response_class=HTMLResponse)
def pair(code: str, partner: str, request: Request, session: SessionDep):
    return render(request, "countries/pair.html", {"page": country_pages.pair_page(session, code=code, partner=partner)})


@router.get("/matches", response_class=HTMLResponse)
def strongest_pairs(request: Request, session: SessionDep):
    return render(request, "countries/pairs.html", {"pairs": country_pages.strongest_pairs_page(session)})
