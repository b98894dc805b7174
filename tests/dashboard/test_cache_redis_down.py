"""With Redis down the cache misses instead of failing: an area page (its series cache) and the
API (its throttle counters) still answer. Django's own RedisCache raises instead, which is why
the portal's cache is ResilientRedisCache (kantorentop.core.cache, docs/adr/0007)."""

import pytest
import redis

from kantorentop.core.cache import ResilientRedisCache
from tests.buildings.factories import BuildingFactory
from tests.faults.servers import free_port

pytestmark = pytest.mark.django_db


def _redis_cache_down(settings, backend: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    ResilientRedisCache._down_until = 0.0


@pytest.fixture
def area(utrecht):
    BuildingFactory(bag_id="0344100000000031", municipality=utrecht)
    return "/gemeenten/GM0344"


def test_pages_and_the_api_answer_while_the_cache_is_down(settings, client_as, area):
    _redis_cache_down(settings, "kantorentop.core.cache.ResilientRedisCache")
    try:
        assert client_as(None).get(area).status_code == 200
        assert client_as(None).get("/api/v1/provinces").status_code == 200
    finally:
        ResilientRedisCache._down_until = 0.0


def test_djangos_redis_cache_alone_would_fail_the_page(settings, client_as, area):
    _redis_cache_down(settings, "django.core.cache.backends.redis.RedisCache")
    with pytest.raises(redis.exceptions.ConnectionError):
        client_as(None).get(area)
