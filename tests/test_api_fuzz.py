"""API fuzzing: schemathesis drives every operation of /openapi.json in-process (ASGI) on the
test database, and checks each answer against the documentation: no server error, every status
and content type documented, every body matching its schema, and input the schema forbids refused.

As an admin (who holds every power, so requests get past the role checks to the validation and
the services) every operation gets schemathesis' coverage phase (boundary values, wrong types,
missing and extra fields: deterministic) and then random examples. As the anonymous caller and
as each single role, every operation gets random examples only, which is enough to walk the
permission answers. The seed is fixed (derandomized) and the examples bounded: a run is
repeatable and takes well under a minute on two cores. A failure prints a curl line to replay.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, negative_data_rejection, response_schema_conformance, status_code_conformance,
)

from app.deps import get_session
from app.main import create_app
from app.models.accounts import Role
from tests.factories import make_token, make_user
from tests.idea_factories import make_idea

SEED = 20260308
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    negative_data_rejection,
]
SINGLE_ROLE_CALLERS = ["anonymous", *(role.value for role in Role if role is not Role.admin)]
FUZZ_APP = create_app()  # serving /openapi.json needs no database


def load_schema(*, phases: list[str]):
    loaded = schemathesis.openapi.from_asgi("/openapi.json", FUZZ_APP)
    loaded.config.seed = SEED
    loaded.config.generation.update(modes=["positive", "negative"], deterministic=True)
    loaded.config.phases.update(phases=phases)
    return loaded


thorough = load_schema(phases=["coverage", "fuzzing"])
quick = load_schema(phases=["fuzzing"])


@pytest.fixture
def headers_of(session):
    """`headers_of(role)`: the Authorization header of a new user holding `role` (none for
    "anonymous"), who owns an idea so that some generated identifiers hit a real object. The
    app answers on the test session, rolled back after the test."""

    def request_session():
        # Like the app's own session, end each request by dropping what it did not commit: a
        # statement PostgreSQL refused would otherwise poison every request after it.
        try:
            yield session
        finally:
            session.rollback()

    made: dict[str, dict[str, str]] = {"anonymous": {}}

    def headers(role: str) -> dict[str, str]:
        if role not in made:
            user = make_user(session, roles=[role], country="KEN")
            make_idea(session, owner=user)
            value, _token = make_token(session, user=user)
            made[role] = {"Authorization": f"Bearer {value}"}
        return made[role]

    FUZZ_APP.dependency_overrides[get_session] = request_session
    yield headers
    FUZZ_APP.dependency_overrides.clear()


FUZZ_SETTINGS = settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@thorough.parametrize()
@settings(FUZZ_SETTINGS, max_examples=12)
def test_api_answers_an_admin_as_documented(case, headers_of):
    case.call_and_validate(headers=headers_of(Role.admin.value), checks=CHECKS)


@pytest.mark.parametrize("caller", SINGLE_ROLE_CALLERS)
@quick.parametrize()
@settings(FUZZ_SETTINGS, max_examples=8)
def test_api_answers_each_role_as_documented(case, caller, headers_of):
    case.call_and_validate(headers=headers_of(caller), checks=CHECKS)
