import pytest


def test_countries_list_has_region_and_income_group(client):
    response = client.get("/api/v1/countries")
    assert response.status_code == 200
    countries = response.json()
    assert isinstance(countries, list) and len(countries) >= 240
    kenya = next(c for c in countries if c["code"] == "KEN")
    assert kenya["region"] == "Africa" and kenya["subregion"] == "Sub-Saharan Africa"
    assert kenya["income_group"] == "Lower middle" and "sw" in kenya["languages"]


@pytest.mark.parametrize("code", ["KEN", "ken"])
def test_country_by_alpha3(client, code):
    response = client.get(f"/api/v1/countries/{code}")
    assert response.status_code == 200
    assert response.json()["name"] == "Kenya"


@pytest.mark.parametrize("code", ["XXX", "KE", "KENYA"])
def test_unknown_country_is_404_json(client, code):
    response = client.get(f"/api/v1/countries/{code}")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_themes_carry_their_sdgs(client):
    themes = {t["code"]: t for t in client.get("/api/v1/themes").json()}
    assert "water-sanitation" in themes
    assert 6 in [s["number"] for s in themes["water-sanitation"]["sdgs"]]


def test_openapi_is_served(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v1/countries/{code}" in spec["paths"]
    assert "404" in spec["paths"]["/api/v1/countries/{code}"]["get"]["responses"]
