"""Production settings pass Django's deployment check, and every response carries the security
headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection

from kantorentop.accounts.models import ApiClient

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Kq2" * 12,  # 60 characters, not a real key
    "DJANGO_ALLOWED_HOSTS": "kantorentop.example.nl",
}


def _production(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(PRODUCTION_ENV, **extra)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_deploy_check_is_clean_with_production_settings():
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_deploy_check_is_clean_when_the_proxy_redirects_to_https():
    # docs/operations.md allows DJANGO_SECURE_SSL_REDIRECT=0 when the proxy redirects itself.
    result = _production(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECURE_SSL_REDIRECT="0"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_create_api_client_as_documented_reads_the_environment_file(tmp_path):
    """`manage.py create_api_client` in a shell without the production variables exported reads
    them from the environment file, as the services do (docs/operations.md)."""
    database = connection.settings_dict
    env_file = tmp_path / "kantorentop.env"
    env_file.write_text(
        "".join(f"{name}={value}\n" for name, value in PRODUCTION_ENV.items())
        + f"DATABASE_URL=postgres://{database['USER']}:{database['PASSWORD'] or ''}"
        f"@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}\n"
    )
    shell = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", *PRODUCTION_ENV}
    }
    shell["DJANGO_ENV_FILE"] = str(env_file)
    result = subprocess.run(
        [sys.executable, "manage.py", "create_api_client", "Docs", "--national", "--read-only"],
        cwd=BASE_DIR,
        env=shell,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert ApiClient.objects.get(name="Docs").key_prefix == key.partition(".")[0]


@pytest.fixture(scope="module")
def production_settings() -> dict:
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_ACTIVITY_REFRESH_SECONDS",
        "SESSION_ABSOLUTE_AGE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "AXES_FAILURE_LIMIT",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env_code = f"import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; {code}"
    result = _production("-c", env_code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_host_only_and_http_only(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production_settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production_settings["CSRF_COOKIE_NAME"].startswith("__Host-")


def test_production_has_hsts_for_a_year_with_subdomains(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True


def test_production_session_timeouts(production_settings):
    assert production_settings["SESSION_COOKIE_AGE"] == 30 * 60
    # The idle timeout moves with the requests, at most once a minute (SessionLifetimeMiddleware).
    assert production_settings["SESSION_SAVE_EVERY_REQUEST"] is False
    assert production_settings["SESSION_ACTIVITY_REFRESH_SECONDS"] == 60
    assert production_settings["SESSION_ABSOLUTE_AGE"] == 10 * 60 * 60
    assert production_settings["AXES_FAILURE_LIMIT"] == 5


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/inloggen", "/gebouwen", "/api/v1/provinces", "/health"])
def test_security_headers_on_every_kind_of_page(client, url):
    response = client.get(url)
    # /health answers 503 when REDIS_URL is set and no Celery worker runs; its headers still count.
    assert response.status_code < 500 or (url == "/health" and response.status_code == 503)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/inloggen", "/gebouwen"])
def test_pages_may_not_be_framed_by_any_site(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_hsts_header_when_served_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "includeSubDomains" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_the_api_and_probes_are_never_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/api/v1/openapi.json").status_code != 301
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code != 301
    assert client.get("/gebouwen").status_code == 301


@pytest.mark.parametrize(
    "password", ["kort", "12345678901234", "password12345", "administrator"], ids=str
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_passes():
    validate_password("correct-horse-battery-staple")
