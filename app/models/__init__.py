"""All tables, imported here so that Alembic and the tests see one complete metadata."""

from app.models.base import SQLModel
from app.models.reference import Country, Sdg, Theme, ThemeSdg

__all__ = ["SQLModel", "Country", "Sdg", "Theme", "ThemeSdg"]
