"""API authentication: `Authorization: Token <key>` for API clients, and who may write.

A key is `<prefix>.<secret>`. The prefix finds the client; only a SHA-256 hash of the whole key is
stored and compared in constant time. The secret has 256 random bits, so a fast hash suffices (a
slow password hash would only slow down every API call).
"""

import datetime
import hashlib
import hmac
import secrets
from typing import NoReturn

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from kantorentop.accounts.models import ApiClient
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.throttling import FailedAuthenticationThrottle

KEYWORD = "Token"
PREFIX_START = "kt_"
HASH_ALGORITHM = "sha256"
# last_used_at is written at most this often per client, so reads do not become writes.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
CLIENT_CACHE_SECONDS = 30


def api_key_generate() -> tuple[str, str]:
    """A new (prefix, key) pair; the key starts with the prefix and a dot."""
    prefix = PREFIX_START + secrets.token_hex(4)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


def api_key_hash(key: str) -> str:
    return f"{HASH_ALGORITHM}${hashlib.sha256(key.encode()).hexdigest()}"


def _cache_key(key_hash: str) -> str:
    return f"api-client-{key_hash}"


def _key_cache() -> BaseCache | None:
    """The cache that keeps clients found by their keys: only one that every process shares
    (Redis). A cache of each process's own could not be told of a revocation in another process,
    so without Redis every call reads the client from the database."""
    shared = caches[DEFAULT_CACHE_ALIAS]
    return None if isinstance(shared, LocMemCache) else shared


def api_client_forget(client: ApiClient) -> None:
    """Drop the client from the key cache (on every save and delete of a client: a revoked key
    or a changed scope holds from the next request on)."""
    if (key_cache := _key_cache()) is not None:
        key_cache.delete(_cache_key(client.key_hash))


def api_client_for_key(key: str) -> ApiClient | None:
    """The active client that owns `key`, or None (unknown, wrong secret, or revoked).

    A known client is kept in the cache (Redis), by the hash of its key, for CLIENT_CACHE_SECONDS
    and dropped whenever the client is saved or deleted (api_client_forget): one cache read per
    API call instead of a query and its model instances. Without Redis there is no such cache."""
    prefix, dot, secret = key.partition(".")
    if not dot or not secret or len(prefix) > 12:
        return None
    hashed = api_key_hash(key)
    key_cache = _key_cache()
    cached = key_cache.get(_cache_key(hashed)) if key_cache is not None else None
    if isinstance(cached, ApiClient) and cached.is_active:
        return cached
    client = ApiClient.objects.select_related("province").filter(key_prefix=prefix).first()
    if client is None:
        # Compare anyway, so a wrong prefix takes as long as a wrong secret.
        hmac.compare_digest(api_key_hash(key), api_key_hash(""))
        return None
    if not hmac.compare_digest(hashed, client.key_hash) or not client.is_active:
        return None
    if key_cache is not None:
        key_cache.set(_cache_key(hashed), client, CLIENT_CACHE_SECONDS)
    return client


class ApiClientUser:
    """The `request.user` of a call with an API client's key: authenticated, not a portal user."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, client: ApiClient) -> None:
        self.api_client = client
        self.username = f"api-client:{client.name}"

    def __str__(self) -> str:
        return self.username

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False


class ApiClientTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>`; a wrong, unknown or revoked key is a 401."""

    def authenticate(self, request):  # type: ignore[no-untyped-def]
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            self._failed(request, _("Send 'Authorization: Token <key>'."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        client = api_client_for_key(key) if key else None
        if client is None:
            self._failed(request, _("Unknown, wrong or revoked key."))
        self._touch(client)
        return ApiClientUser(client), client

    @staticmethod
    def _failed(request, detail: str) -> NoReturn:  # type: ignore[no-untyped-def]
        """401, or 429 once the caller's address has failed too often (guessing keys, or
        flooding the audit trail)."""
        throttle = FailedAuthenticationThrottle()
        if not throttle.failure_allowed(request):
            raise exceptions.Throttled(wait=throttle.wait())
        raise exceptions.AuthenticationFailed(detail)

    def authenticate_header(self, request):  # type: ignore[no-untyped-def]
        return KEYWORD

    @staticmethod
    def _touch(client: ApiClient) -> None:
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at >= LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
            client.last_used_at = now
            if (key_cache := _key_cache()) is not None:
                key_cache.set(_cache_key(client.key_hash), client, CLIENT_CACHE_SECONDS)


class ApiClientTokenScheme(OpenApiAuthenticationExtension):
    """Documents the key in the OpenAPI document."""

    target_class = ApiClientTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "Sleutel van een API-client als `Token <key>` (aan te maken met "
                "`manage.py create_api_client`). / An API client's key as `Token <key>`."
            ),
        }


class ScopeAllowsWrites(BasePermission):
    """Reads for every authenticated caller; writes not for read-only scopes (403)."""

    message = _("This key may only read.")

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or not request_scope(request).read_only


@receiver([post_save, post_delete], sender=ApiClient, dispatch_uid="api-client-forget")
def _client_changed(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
    api_client_forget(instance)
