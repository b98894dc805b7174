"""Fixtures for the API tests: API clients with keys, and a clean throttle cache."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from kantorentop.accounts.services import api_client_create


@pytest.fixture(autouse=True)
def _fresh_throttle_cache(settings):
    """Throttle counters in a cache of the tests' own: each test starts with none, and clearing
    it never touches a Redis that Celery shares."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


def _client_with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def national_key(db) -> str:
    return api_client_create(name="Landelijk systeem")[1]


@pytest.fixture
def utrecht_key(db) -> str:
    return api_client_create(name="Provincie Utrecht", province_code="PV26")[1]


@pytest.fixture
def read_only_key(db) -> str:
    return api_client_create(name="Alleen lezen", read_only=True)[1]


@pytest.fixture
def national(national_key) -> APIClient:
    return _client_with_key(national_key)


@pytest.fixture
def utrecht(utrecht_key) -> APIClient:
    """A client of the province of Utrecht (PV26)."""
    return _client_with_key(utrecht_key)


@pytest.fixture
def read_only(read_only_key) -> APIClient:
    return _client_with_key(read_only_key)
