"""The home page: the catalogue's newest solutions and the lab in figures."""

from dataclasses import dataclass

from sqlmodel import Session

from app.services import reference
from app.services.idea_cards import IdeaCard, showcase


@dataclass(frozen=True)
class HomePage:
    newest: list[IdeaCard]
    figures: dict[str, int]


def home_page(session: Session) -> HomePage:
    found = showcase(session)
    figures = {
        "public_solutions": found.public_solutions,
        "countries_with_solutions": found.countries_with_solutions,
        **reference.reference_figures(session),
    }
    return HomePage(newest=found.newest, figures=figures)
