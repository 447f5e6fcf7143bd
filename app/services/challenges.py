"""Country challenge profiles: read by everyone, kept by the country's officers and lab managers."""

from sqlalchemy import delete
from sqlmodel import Session, select

from app.errors import Forbidden, ValidationFailed
from app.i18n import _, ngettext
from app.models.accounts import User
from app.models.countries import ChallengeIn, ChallengePublic, CountryChallenge
from app.models.reference import Theme
from app.services import rules
from app.services.reference import get_country

MAX_CHALLENGES = 30


def list_challenges(session: Session, *, code: str) -> list[ChallengePublic]:
    country = get_country(session, code)
    rows = session.exec(select(CountryChallenge).where(CountryChallenge.country_code == country.code)
                        .order_by(CountryChallenge.priority, CountryChallenge.position))
    return [ChallengePublic(theme=r.theme_code, priority=r.priority, description=r.description) for r in rows]


def can_edit_profile(user: User | None, code: str) -> bool:
    return rules.is_country_officer_of(user, code) or rules.is_lab_manager(user)


def replace_challenges(session: Session, *, actor: User, code: str, items: list[ChallengeIn]) -> list[ChallengePublic]:
    """The whole profile is replaced at once, so a half-saved list never exists."""
    country = get_country(session, code)
    if not can_edit_profile(actor, country.code):
        raise Forbidden(_("Only this country's officers and lab managers keep its challenge profile."))
    if len(items) > MAX_CHALLENGES:
        raise ValidationFailed(ngettext("At most %(num)s challenge.", "At most %(num)s challenges.", MAX_CHALLENGES)
                               % {"num": MAX_CHALLENGES}, fields={"challenges": _("too many")})
    known = set(session.exec(select(Theme.code)))
    unknown = sorted({item.theme for item in items} - known)
    duplicates = sorted({i.theme for i in items if sum(1 for j in items if j.theme == i.theme) > 1})
    if unknown or duplicates:
        detail = (_("unknown themes %(themes)s") % {"themes": unknown} if unknown
                  else _("themes listed twice %(themes)s") % {"themes": duplicates})
        raise ValidationFailed(_("Please check the challenges."), fields={"challenges": detail, **_item_errors(items, known)})
    session.exec(delete(CountryChallenge).where(CountryChallenge.country_code == country.code))
    for position, item in enumerate(items):
        session.add(CountryChallenge(country_code=country.code, theme_code=item.theme, priority=item.priority,
                                     description=item.description.strip(), position=position))
    session.commit()
    return list_challenges(session, code=country.code)


def _item_errors(items: list[ChallengeIn], known: set[str]) -> dict[str, str]:
    """Which items are wrong, as "challenges.<position>.theme", for forms to show next to the row."""
    errors, seen = {}, set()
    for position, item in enumerate(items):
        if item.theme not in known:
            errors[f"challenges.{position}.theme"] = _("Not a known theme: choose one from the list.")
        elif item.theme in seen:
            errors[f"challenges.{position}.theme"] = _("This theme is listed already.")
        seen.add(item.theme)
    return errors
