import pytest

from app.middleware import SECURITY_HEADERS


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Solutions Lab" in response.text and "<main" in response.text


def test_countries_page_lists_by_region(client):
    response = client.get("/countries", params={"region": "Africa"})
    assert response.status_code == 200
    assert "Kenya" in response.text and "Brazil" not in response.text


def test_healthz_checks_database(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_unknown_page_shows_error_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text


def test_unknown_api_path_answers_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


@pytest.mark.parametrize("path", ["/", "/no-such-page", "/api/v1/countries/XXX"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value


def test_oversized_body_is_413(client):
    response = client.post("/api/v1/countries", content=b"x" * 2_000_001, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"
