"""Demo data for a new installation: users of every role and ideas across all stages.
Added only to a database that has no users yet."""

from sqlmodel import Session, select

from app.config import settings
from app.models.accounts import Role, SignUp, User, UserExpertise
from app.services.accounts import create_user
from app.services.demo_ideas import seed_demo_ideas
from app.services.demo_lab import seed_demo_profiles, seed_demo_replications

# email, name, roles, country, organisation
DEMO_USERS = [
    ("admin@demo.solutions-lab.org", "Amina Diallo", {Role.admin}, "SEN", "Solutions Lab"),
    ("manager@demo.solutions-lab.org", "Rafael Gomes", {Role.lab_manager}, "BRA", "Solutions Lab"),
    ("reviewer1@demo.solutions-lab.org", "Priya Raman", {Role.reviewer}, "IND", "Chennai Institute of Public Health"),
    ("reviewer2@demo.solutions-lab.org", "Tomás Herrera", {Role.reviewer}, "COL", "Universidad de los Andes"),
    ("reviewer3@demo.solutions-lab.org", "Nguyen Thi Lan", {Role.reviewer}, "VNM", "Mekong Delta Research Centre"),
    ("reviewer4@demo.solutions-lab.org", "Kwame Mensah", {Role.reviewer}, "GHA", "University of Ghana"),
    ("officer.ken@demo.solutions-lab.org", "Wanjiru Kamau", {Role.country_officer}, "KEN", "Country office Kenya"),
    ("officer.bgd@demo.solutions-lab.org", "Farhana Akter", {Role.country_officer}, "BGD", "Country office Bangladesh"),
    ("innovator@demo.solutions-lab.org", "Joseph Okello", {Role.submitter}, "UGA", "Kampala Water Makers"),
    ("innovator2@demo.solutions-lab.org", "Lucía Fernández", {Role.submitter}, "PER", "Andes Agro Cooperative"),
]

EXPERTISE = {
    "reviewer1@demo.solutions-lab.org": (["health", "water-sanitation", "social-protection"], ["en", "ta"]),
    "reviewer2@demo.solutions-lab.org": (["food-security", "climate-adaptation", "education"], ["es", "en"]),
    "reviewer3@demo.solutions-lab.org": (["climate-adaptation", "water-sanitation", "energy"], ["vi", "en", "fr"]),
    "reviewer4@demo.solutions-lab.org": (["digital-transformation", "education", "health"], ["en", "fr"]),
}


def seed_demo(session: Session) -> list[str]:
    """Add the demo data when the database has no users; returns lines to print."""
    if session.exec(select(User.id).limit(1)).first() is not None:
        return ["demo data: skipped (the database already has accounts)"]
    users = _seed_users(session)
    session.commit()
    by_email = {user.email: user for user in users}
    manager = by_email["manager@demo.solutions-lab.org"]
    demo_ideas = seed_demo_ideas(session, users=by_email, manager=manager)
    profiles = seed_demo_profiles(session, manager=manager)
    replicated = seed_demo_replications(session, users=by_email, manager=manager)
    lines = [f"demo ideas: {len(demo_ideas)} across all stages",
             f"demo country challenge profiles: {profiles}; demo replications: {replicated}",
             f"demo accounts (password: {settings.demo_password}):"]
    lines += [f"  {u.email:<38} {', '.join(sorted(r.value for r in u.roles))}" for u in users]
    return lines


def _seed_users(session: Session) -> list[User]:
    users = []
    for email, name, roles, country, organisation in DEMO_USERS:
        data = SignUp(email=email, name=name, password=settings.demo_password, organisation=organisation, country=country)
        user = create_user(session, data=data, roles=roles)
        themes, languages = EXPERTISE.get(email, ([], ["en"]))
        user.expertise_rows = [UserExpertise(theme_code=code) for code in themes]
        user.languages = languages
        users.append(user)
    session.flush()
    return users
