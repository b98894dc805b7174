"""schemathesis over every operation of the OpenAPI document, without and with a key: no server
error, and every answer matches the document (status, media type, schema, headers). The writes
create objects from the document's limits alone (issue 11, item 18)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

# Small, so the whole run takes about a minute on two cores.
SETTINGS = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


# The contract answers 400 for schema-valid values that name nothing (an unknown municipality,
# two areas at once), which positive_data_acceptance calls a rejection; and it ignores an empty
# query parameter, which negative_data_rejection calls an acceptance. Every other check runs:
# no 5xx, statuses, media types, response schemas and headers as documented.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Calls go to the WSGI application itself, which would close the database connection (and
    with it the test's transaction) after each request; Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_without_credentials(case):
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_with_a_national_key(case, national_key):
    case.call_and_validate(
        headers={"Authorization": f"Token {national_key}"}, excluded_checks=EXCLUDED
    )


def _in_utrecht(case):  # type: ignore[no-untyped-def]
    """The generated building in a municipality that exists, without references to objects a
    fuzzer cannot know (an owner, a designated area); every other value is the document's."""
    body = dict(case.body)
    body["municipality"] = "GM0344"
    body.pop("owner", None)
    body.pop("designatedArea", None)
    case.body = body
    return case


@pytest.mark.slow
@pytest.mark.django_db
def test_generated_buildings_are_created(national_key):
    """POST /buildings from the document's limits (BAG id pattern, areas, years, coordinates):
    no server error, every answer as documented, and generated objects are created (201)."""
    statuses: list[int] = []

    @given(case=schema["/buildings"]["POST"].as_strategy().map(_in_utrecht))
    @settings(SETTINGS, max_examples=40)
    def create(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call_and_validate(
            headers={"Authorization": f"Token {national_key}"}, excluded_checks=EXCLUDED
        )
        statuses.append(response.status_code)

    create()
    assert statuses.count(201) >= 5, statuses
