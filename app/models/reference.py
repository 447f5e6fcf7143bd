"""Reference data: countries, the SDGs and the challenge themes."""

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class CountryBase(SQLModel):
    code: str = Field(primary_key=True, max_length=3, description="ISO 3166-1 alpha-3")
    alpha2: str = Field(max_length=2, unique=True)
    numeric: str = Field(max_length=3)
    name: str = Field(max_length=120)
    region: str | None = Field(default=None, max_length=60, description="UN M49 region")
    subregion: str | None = Field(default=None, max_length=60, description="UN M49 sub-region")
    intermediate_region: str | None = Field(default=None, max_length=60)
    income_group: str | None = Field(default=None, max_length=20, description="World Bank income group")
    languages: list[str] = Field(default_factory=list, sa_type=sa.JSON, description="official languages (ISO 639)")
    lat: float | None = None
    lon: float | None = None


class Country(CountryBase, table=True):
    pass


class CountryPublic(CountryBase):
    pass


class Sdg(SQLModel, table=True):
    number: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    title: str = Field(max_length=80)
    description: str = Field(max_length=300)


class ThemeSdg(SQLModel, table=True):
    __tablename__ = "theme_sdg"

    theme_code: str = Field(foreign_key="theme.code", primary_key=True, max_length=40, ondelete="CASCADE")
    sdg_number: int = Field(foreign_key="sdg.number", primary_key=True)


class Theme(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=80)
    description: str = Field(max_length=300)


class SdgPublic(SQLModel):
    number: int
    title: str


class ThemePublic(SQLModel):
    code: str
    name: str
    description: str
    sdgs: list[SdgPublic]
