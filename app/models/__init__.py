"""All tables, imported here so that Alembic and the tests see one complete metadata."""

from app.models.base import SQLModel
from app.models.accounts import ApiToken, SigninAttempt, User, UserExpertise, UserRole, WebSession
from app.models.audit import AuditEvent
from app.models.countries import CountryChallenge
from app.models.ideas import (
    Idea, IdeaCoauthor, IdeaSdg, IdeaTheme, PilotIndicator, PilotPlan, Revision, Transition,
)
from app.models.notifications import Notification, OutboxEmail
from app.models.replications import (
    ProgressUpdate, ProgressValue, Replication, ReplicationIndicator, ReplicationLead, ReplicationTransition,
)
from app.models.reviews import Assignment, DeclaredConflict, Review, ReviewScore, Rubric, RubricCriterion
from app.models.reference import Country, Sdg, Theme, ThemeSdg

__all__ = [
    "SQLModel", "Country", "Sdg", "Theme", "ThemeSdg",
    "User", "UserRole", "UserExpertise", "WebSession", "ApiToken", "SigninAttempt",
    "Idea", "IdeaTheme", "IdeaSdg", "IdeaCoauthor", "Transition", "Revision", "PilotPlan", "PilotIndicator",
    "Rubric", "RubricCriterion", "Assignment", "Review", "ReviewScore", "DeclaredConflict",
    "Notification", "OutboxEmail", "CountryChallenge", "AuditEvent",
    "Replication", "ReplicationLead", "ReplicationIndicator", "ProgressUpdate", "ProgressValue", "ReplicationTransition",
]
