"""Ideas as cards for the list pages (the catalogue, my ideas, the home page), each page in a
fixed number of queries whatever the number of ideas on it."""

from dataclasses import dataclass

from sqlalchemy import distinct, func
from sqlmodel import Session, select

from app import i18n

from app.models.accounts import User
from app.models.ideas import PUBLIC_STAGES, Idea, Stage
from app.models.reference import Country, Sdg, ThemePublic
from app.services import catalogue, reference
from app.services.catalogue import IdeaFilters
from app.services.idea_access import visibility_clause
from app.services.ideas import CATALOGUE_PAGE_SIZE

NEWEST_SOLUTIONS = 6


@dataclass(frozen=True)
class IdeaCard:
    idea: Idea
    country_name: str
    theme_names: list[str]


@dataclass(frozen=True)
class CardPage:
    cards: list[IdeaCard]
    next_cursor: str | None


@dataclass(frozen=True)
class CatalogueChoices:
    themes: list[ThemePublic]
    sdgs: list[Sdg]
    regions: list[str]
    countries: list[Country]
    languages: list[tuple[str, str]]  # (code, name) of the languages the solutions are written in
    stages: tuple[Stage, ...] = PUBLIC_STAGES


@dataclass(frozen=True)
class CataloguePage:
    results: CardPage
    choices: CatalogueChoices


def as_cards(session: Session, ideas: list[Idea]) -> list[IdeaCard]:
    """Country and theme names for a list of ideas, in two queries (themes come with the ideas)."""
    if not ideas:
        return []
    countries = reference.country_names(session, [idea.origin_country for idea in ideas])
    return named_cards(ideas, countries=countries, themes=reference.theme_names(session))


def named_cards(ideas: list[Idea], *, countries: dict[str, str], themes: dict[str, str]) -> list[IdeaCard]:
    return [
        IdeaCard(idea=idea, country_name=countries.get(idea.origin_country, idea.origin_country),
                 theme_names=[themes.get(code, code) for code in idea.themes])
        for idea in ideas
    ]


def catalogue_page(session: Session, *, filters: IdeaFilters, cursor: str | None = None) -> CataloguePage:
    """The public catalogue page: a page of solutions and the choices of its filters."""
    found = catalogue.catalogue(session, filters=filters, cursor=cursor, limit=CATALOGUE_PAGE_SIZE)
    countries, themes = reference.list_countries(session), reference.list_themes(session)
    choices = CatalogueChoices(
        themes=themes, sdgs=reference.list_sdgs(session), regions=reference.regions_in_reading_order(countries),
        countries=countries,
        languages=sorted(((code, i18n.language_name(code)) for code in catalogue.catalogue_languages(session)),
                         key=lambda pair: i18n.sort_key(pair[1])),
    )
    cards = named_cards(found.items, countries={c.code: c.name for c in countries}, themes={t.code: t.name for t in themes})
    return CataloguePage(results=CardPage(cards, found.next_cursor), choices=choices)


def my_ideas(session: Session, *, user: User, cursor: str | None = None) -> CardPage:
    """The signed-in user's own ideas, drafts included, newest first."""
    found = catalogue.list_ideas(session, viewer=user, filters=IdeaFilters(owner_id=user.id), cursor=cursor,
                                 limit=CATALOGUE_PAGE_SIZE)
    return CardPage(as_cards(session, found.items), found.next_cursor)


@dataclass(frozen=True)
class Showcase:
    newest: list[IdeaCard]
    public_solutions: int
    countries_with_solutions: int


def showcase(session: Session) -> Showcase:
    """The catalogue's newest solutions and how many there are, from how many countries."""
    newest = catalogue.catalogue(session, filters=IdeaFilters(), limit=NEWEST_SOLUTIONS).items
    counted = select(func.count(Idea.id), func.count(distinct(Idea.origin_country))).where(visibility_clause(None))
    solutions, countries = session.exec(counted).one()
    return Showcase(newest=as_cards(session, newest), public_solutions=solutions, countries_with_solutions=countries)
