"""The public catalogue of solutions: full-text search and filters, a page at a time."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.errors import ValidationFailed
from app.i18n import _
from app.models.ideas import PUBLIC_STAGES, Stage
from app.routers.web import render
from app.services import idea_cards
from app.services.catalogue import IdeaFilters

router = APIRouter(include_in_schema=False)
PUBLIC_STAGE_VALUES = {stage.value for stage in PUBLIC_STAGES}


def _filters(*, q: str, theme: str, sdg: str, region: str, country: str, stage: str, language: str) -> IdeaFilters:
    """The filters of the query string; an empty choice means "any"."""
    problems = {}
    if sdg and not (sdg.isdigit() and 1 <= int(sdg) <= 17):
        problems["sdg"] = _("SDGs are numbered 1 to 17.")
    if stage and stage not in PUBLIC_STAGE_VALUES:
        problems["stage"] = _("The catalogue holds ideas at the pilot, evaluate and replicate stages.")
    if problems:
        raise ValidationFailed(_("Please check the filters: %(problems)s") % {"problems": " ".join(problems.values())},
                               fields=problems)
    return IdeaFilters(q=q.strip() or None, theme=theme or None, sdg=int(sdg) if sdg else None, region=region or None,
                       country=country or None, stage=Stage(stage) if stage else None, language=language or None)


@router.get("/solutions", response_class=HTMLResponse)
def solutions(
    request: Request, session: SessionDep,
    q: Annotated[str, Query(max_length=200)] = "", theme: Annotated[str, Query(max_length=40)] = "",
    sdg: Annotated[str, Query(max_length=2)] = "", region: Annotated[str, Query(max_length=60)] = "",
    country: Annotated[str, Query(max_length=3)] = "", stage: Annotated[str, Query(max_length=20)] = "",
    language: Annotated[str, Query(max_length=8)] = "", cursor: Annotated[str | None, Query(max_length=40)] = None,
):
    chosen = {"q": q, "theme": theme, "sdg": sdg, "region": region, "country": country.upper(), "stage": stage,
              "language": language.lower()}
    page = idea_cards.catalogue_page(session, filters=_filters(**chosen), cursor=cursor)
    kept = {name: value for name, value in chosen.items() if value}
    next_url = "/solutions?" + urlencode(kept | {"cursor": page.results.next_cursor}) if page.results.next_cursor else None
    context = {"page": page, "chosen": chosen, "next_url": next_url, "first_page": cursor is None,
               "filtered": bool(kept)}
    return render(request, "catalogue/solutions.html", context)
