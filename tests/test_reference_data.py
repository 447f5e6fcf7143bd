"""Reference data files: complete, sourced and dated."""

import pytest

from app.services.reference import read_data_file, seed_reference_data


@pytest.mark.parametrize("name", ["countries.json", "sdgs.json", "themes.json"])
def test_data_file_states_source_and_snapshot(name):
    data = read_data_file(name)
    assert data["source"] and data["snapshot"][:2] == "20"


def test_countries_cover_iso_3166_with_region_and_income_group():
    data = read_data_file("countries.json")
    countries = data["countries"]
    assert len(countries) >= 240
    assert len({c["code"] for c in countries}) == len(countries)
    missing_region = [c["name"] for c in countries if not c["region"]]
    missing_income = [c["code"] for c in countries if not c["income_group"]]
    # The file's notes name every gap the source has.
    for name in missing_region:
        assert name in data["notes"]
    assert len(missing_income) < 40
    assert {c["income_group"] for c in countries} <= {"Low", "Lower middle", "Upper middle", "High", None}
    assert all(-90 <= c["lat"] <= 90 and -180 <= c["lon"] <= 180 for c in countries if c["lat"] is not None)


def test_all_17_sdgs():
    assert [g["number"] for g in read_data_file("sdgs.json")["goals"]] == list(range(1, 18))


def test_every_theme_maps_to_an_sdg():
    themes = read_data_file("themes.json")["themes"]
    assert 12 <= len(themes) <= 20
    assert all(t["sdgs"] and set(t["sdgs"]) <= set(range(1, 18)) for t in themes)


def test_seeding_twice_changes_nothing(session):
    counts = seed_reference_data(session)
    assert all(c.added == 0 and c.updated == 0 for c in counts.values())
