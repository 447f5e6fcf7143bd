"""Bad input gets a clear 4xx, never a 500, and the OpenAPI document says so (the defects the API
fuzzing in tests/test_api_fuzz.py found): NUL bytes and invalid UTF-8 anywhere in a request are
400; identifiers the database cannot hold are 400; bodies past the limit are 413, however they
are sent; every operation documents the errors the layers around every route can answer
(and tests/routers/test_csrf.py the 403 of a session-cookie call without the CSRF header)."""

import pytest

from app.config import settings
from app.models.accounts import Role
from tests.clients import csrf_token
from tests.factories import make_token, make_user

NEW_IDEA = {
    "title": "Clay water filters made by local potters", "summary": "Potters make ceramic filters.",
    "problem": "Unsafe drinking water in peri-urban settlements.", "solution": "Silver-lined clay filters sold at cost.",
    "origin_country": "NIC", "themes": ["water-sanitation"], "sdgs": [6],
}
NUL_REFUSED = {"error": "BadRequest", "detail": "The request contains a NUL byte, which no field accepts."}
UTF8_REFUSED = {"error": "BadRequest", "detail": "The request is not valid UTF-8."}
JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def submitter_headers(session):
    value, _ = make_token(session, user=make_user(session, roles=[Role.submitter]))
    return {"Authorization": f"Bearer {value}"}


# ---- NUL bytes and invalid UTF-8: 400 ----

@pytest.mark.parametrize("body", [
    b'{"title": "Clay\\u0000filters"}',  # the JSON escape of NUL
    b'{"title": "Clay\\\\\\u0000filters"}',  # an escaped backslash, then the escape of NUL
    b'{"title": "Clay\x00filters"}',  # a raw NUL byte
])
def test_json_body_with_a_nul_is_400(client, submitter_headers, body):
    response = client.post("/api/v1/ideas", content=body, headers={**JSON, **submitter_headers})
    assert (response.status_code, response.json()) == (400, NUL_REFUSED)


def test_json_text_that_only_spells_a_nul_escape_is_accepted(client, submitter_headers):
    title = "How to write \\u0000 in JSON"  # a backslash, then the letters: text, not a NUL
    response = client.post("/api/v1/ideas", json={**NEW_IDEA, "title": title}, headers=submitter_headers)
    assert (response.status_code, response.json()["title"]) == (201, title)


def test_json_body_of_invalid_utf8_is_400(client, submitter_headers):
    response = client.post("/api/v1/ideas", content=b'{"title": "caf\xe9"}', headers={**JSON, **submitter_headers})
    assert (response.status_code, response.json()) == (400, UTF8_REFUSED)


@pytest.mark.parametrize(("query", "expected"), [("q=water%00", NUL_REFUSED), ("q=caf%E9", UTF8_REFUSED)])
def test_query_string_with_a_nul_or_invalid_utf8_is_400(client, query, expected):
    response = client.get(f"/api/v1/ideas?{query}")
    assert (response.status_code, response.json()) == (400, expected)


@pytest.mark.parametrize(("path", "expected"), [("/api/v1/countries/KE%00", NUL_REFUSED),
                                                 ("/api/v1/countries/KE%FF", UTF8_REFUSED)])
def test_path_with_a_nul_or_invalid_utf8_is_400(client, path, expected):
    response = client.get(path)
    assert (response.status_code, response.json()) == (400, expected)


def test_form_with_a_nul_is_400_with_an_error_page(client):
    token = csrf_token(client)
    response = client.post("/signin", content=f"email=ada%00@example.org&password=x&csrf_token={token}", headers=FORM)
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "The request contains a NUL byte, which no field accepts." in response.text


def test_form_of_invalid_utf8_is_400(client):
    token = csrf_token(client)
    response = client.post("/signin", content=f"email=caf%E9@example.org&password=x&csrf_token={token}", headers=FORM)
    assert response.status_code == 400
    assert "The request is not valid UTF-8." in response.text


def test_multipart_form_with_a_raw_nul_is_400(client):
    response = client.post("/signin", files={"email": (None, b"ada\x00@example.org")})
    assert response.status_code == 400


# ---- numbers the database cannot hold: 400, on SQLite as on PostgreSQL ----

@pytest.mark.parametrize("path", [f"/api/v1/ideas/{2**64}", f"/api/v1/ideas/{-2**64}/history"])
def test_identifier_past_any_integer_column_is_400_not_500(client, path):
    response = client.get(path)
    assert (response.status_code, response.json()) == (400, {"error": "BadRequest",
                                                              "detail": "A value in the request is out of range."})


def test_identifier_past_any_integer_column_on_a_page_is_an_error_page(client):
    response = client.get(f"/ideas/{2**64}")
    assert response.status_code == 400
    assert "A value in the request is out of range." in response.text


# ---- oversized bodies: 413, declared or streamed ----

def test_streamed_body_past_the_limit_is_413(client):
    chunks = (b"x" * 100_000 for _ in range(settings.max_body_bytes // 100_000 + 1))  # no content-length
    response = client.post("/api/v1/ideas", content=chunks, headers=JSON)
    assert (response.status_code, response.json()["error"]) == (413, "PayloadTooLarge")


def test_body_just_under_the_limit_reaches_the_route(client, submitter_headers):
    padded = {**NEW_IDEA, "problem": "p" * (settings.max_body_bytes - 1000)}
    response = client.post("/api/v1/ideas", json=padded, headers=submitter_headers)
    assert response.status_code == 422  # the route's own limit on the field, not the body limit
    assert list(response.json()["fields"]) == ["problem"]


# ---- the OpenAPI document lists these answers ----

@pytest.fixture
def operations(client):
    document = client.get("/openapi.json").json()
    return [(method.upper(), path, operation) for path, item in document["paths"].items()
            for method, operation in item.items()]


def test_every_operation_documents_bad_input_unknown_token_and_busy_database(operations):
    undocumented = [(method, path) for method, path, operation in operations
                    if not {"400", "401", "503"} <= operation["responses"].keys()]
    assert undocumented == []


def test_every_operation_with_a_body_documents_413(operations):
    undocumented = [(method, path) for method, path, operation in operations
                    if "requestBody" in operation and "413" not in operation["responses"]]
    assert undocumented == []


def test_every_unsafe_operation_documents_the_csrf_refusal(operations):
    undocumented = [(method, path) for method, path, operation in operations
                    if method not in ("GET", "HEAD", "OPTIONS") and "403" not in operation["responses"]]
    assert undocumented == []


def test_every_documented_error_has_the_error_body_shape(operations):
    for method, path, operation in operations:
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


def test_operations_with_parameters_document_422(operations):
    undocumented = [(method, path) for method, path, operation in operations
                    if (operation.get("parameters") or "requestBody" in operation) and "422" not in operation["responses"]]
    assert undocumented == []


def test_validation_error_answers_the_documented_error_body(client, submitter_headers):
    response = client.get("/api/v1/ideas/not-a-number", headers=submitter_headers)
    assert response.status_code == 422
    assert response.json() == {"error": "ValidationFailed", "detail": "Please check your input",
                               "fields": {"idea_id": "Input should be a valid integer, unable to parse string as an integer"}}
