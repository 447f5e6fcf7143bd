"""Reference data: reading countries and themes, and loading them from app/data."""

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from app import i18n
from app.errors import NotFound
from app.i18n import N_, _
from app.models.reference import Country, Sdg, SdgPublic, Theme, ThemePublic, ThemeSdg

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


# Reference data changes only when `solutions-lab seed` runs, yet nearly every page lists it:
# each process keeps a copy for a few minutes (detached objects, safe to share).
CACHE_SECONDS = 300
_cache: dict[tuple[str, str], tuple[float, Any]] = {}
T = TypeVar("T")


def _cached(session: Session, name: str, load: Callable[[], T]) -> T:
    key = (str(session.get_bind().engine.url), name)
    hit = _cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = load()
    _cache[key] = (time.monotonic(), value)
    return value


def list_countries(session: Session) -> list[Country]:
    """Every country, named and sorted in the reader's language."""
    def load() -> list[Country]:
        rows = session.exec(select(Country).order_by(Country.name))
        return [Country(**row.model_dump()) for row in rows]

    def localise() -> list[Country]:
        named = [Country(**{**c.model_dump(), "name": i18n.country_name(c.alpha2, c.name)})
                 for c in _cached(session, "countries", load)]
        return sorted(named, key=lambda c: i18n.sort_key(c.name))

    return _cached(session, f"countries/{i18n.current()}", localise)


def get_country(session: Session, code: str) -> Country:
    country = session.get(Country, code.upper()) if len(code) == 3 else None
    if country is None:
        raise NotFound(_("No country with code %(code)s.") % {"code": repr(code)})
    return Country(**{**country.model_dump(), "name": i18n.country_name(country.alpha2, country.name)})


def list_themes(session: Session) -> list[ThemePublic]:
    """Themes with their SDGs, in the reader's language (names come from the catalog)."""
    def localise() -> list[ThemePublic]:
        themes = [ThemePublic(code=t.code, name=_(t.name), description=_(t.description),
                              sdgs=[SdgPublic(number=g.number, title=_(g.title)) for g in t.sdgs])
                  for t in _cached(session, "themes", lambda: _load_themes(session))]
        return sorted(themes, key=lambda t: i18n.sort_key(t.name))

    return _cached(session, f"themes/{i18n.current()}", localise)


def _load_themes(session: Session) -> list[ThemePublic]:
    """Themes with their SDGs, in two queries whatever their number."""
    sdgs = {sdg.number: sdg for sdg in session.exec(select(Sdg))}
    links: dict[str, list[SdgPublic]] = {}
    for link in session.exec(select(ThemeSdg).order_by(ThemeSdg.sdg_number)):
        sdg = sdgs[link.sdg_number]
        links.setdefault(link.theme_code, []).append(SdgPublic(number=sdg.number, title=sdg.title))
    themes = session.exec(select(Theme).order_by(Theme.name))
    return [ThemePublic(code=t.code, name=t.name, description=t.description, sdgs=links.get(t.code, [])) for t in themes]


def list_sdgs(session: Session) -> list[Sdg]:
    def load() -> list[Sdg]:
        return [Sdg(**row.model_dump()) for row in session.exec(select(Sdg).order_by(Sdg.number))]

    def localise() -> list[Sdg]:
        return [Sdg(number=g.number, title=_(g.title), description=_(g.description)) for g in _cached(session, "sdgs", load)]

    return _cached(session, f"sdgs/{i18n.current()}", localise)


def written_language_codes(session: Session) -> frozenset[str]:
    """The languages an idea may be written in: every official language of a country, and the
    six of the interface."""
    def load() -> frozenset[str]:
        codes = {code for c in list_countries(session) for code in c.languages} | set(i18n.SUPPORTED)
        return frozenset(codes & i18n.locale(i18n.DEFAULT).languages.keys())  # those CLDR can name

    return _cached(session, "written-languages", load)


def written_languages(session: Session) -> list[tuple[str, str]]:
    """(code, name in the reader's language) for the language choosers, sorted by name."""
    named = [(code, i18n.language_name(code)) for code in written_language_codes(session)]
    return sorted(named, key=lambda pair: i18n.sort_key(pair[1]))


def country_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The names of the given countries (from the cached reference list)."""
    wanted = set(codes)
    return {c.code: c.name for c in list_countries(session) if c.code in wanted}


def theme_names(session: Session) -> dict[str, str]:
    return {t.code: t.name for t in list_themes(session)}


def read_data_file(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@dataclass
class SeedCount:
    added: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated"


def seed_reference_data(session: Session) -> dict[str, SeedCount]:
    """Load countries, SDGs and themes from the data files; running it twice changes nothing."""
    counts = {
        "countries": _upsert(session, Country, read_data_file("countries.json")["countries"]),
        "sdgs": _upsert(session, Sdg, [_pick(g, "number", "title", "description") for g in read_data_file("sdgs.json")["goals"]]),
    }
    themes = read_data_file("themes.json")["themes"]
    counts["themes"] = _upsert(session, Theme, [_pick(t, "code", "name", "description") for t in themes])
    links = [{"theme_code": t["code"], "sdg_number": n} for t in themes for n in t["sdgs"]]
    counts["theme_sdgs"] = _upsert(session, ThemeSdg, links)
    session.commit()
    _cache.clear()
    return counts


def _pick(row: dict, *keys: str) -> dict:
    return {key: row[key] for key in keys}


def _upsert(session: Session, model: type[SQLModel], rows: list[dict]) -> SeedCount:
    count = SeedCount()
    key_names = [column.name for column in model.__table__.primary_key]
    existing = {tuple(getattr(obj, k) for k in key_names): obj for obj in session.exec(select(model))}
    for row in rows:
        current = existing.get(tuple(row[k] for k in key_names))
        if current is None:
            session.add(model(**row))
            count.added += 1
        elif any(getattr(current, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(current, k, v)
            count.updated += 1
    session.flush()
    return count


@dataclass
class CountryListing:
    regions: list[str]
    groups: dict[str, list[Country]]
    total: int


def countries_by_region(session: Session, *, region: str = "") -> CountryListing:
    """Countries grouped by UN M49 region, optionally one region only."""
    countries = list_countries(session)
    regions = regions_in_reading_order(countries)
    groups: dict[str, list[Country]] = {}
    for country in countries:
        if region and country.region != region:
            continue
        groups.setdefault(country.region or N_("No M49 region"), []).append(country)
    ordered = sorted(groups.items(), key=lambda item: i18n.sort_key(_(item[0])))
    return CountryListing(regions=regions, groups=dict(ordered), total=sum(map(len, groups.values())))


def regions_in_reading_order(countries: list[Country]) -> list[str]:
    """The UN M49 regions (their English names, the filters' values), in the order of their
    names in the reader's language."""
    return sorted({c.region for c in countries if c.region}, key=lambda region: i18n.sort_key(_(region)))


def reference_figures(session: Session) -> dict[str, int]:
    countries = list_countries(session)
    return {
        "countries": len(countries),
        "regions": len({c.region for c in countries if c.region}),
        "themes": len(list_themes(session)),
    }
