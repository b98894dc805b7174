"""Settings, all from the environment (django-environ). Every variable is listed in .env.example."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The variables may also come from a file, so `manage.py` in a shell (create_api_client, migrate,
# check --deploy) sees what the services see: `.env` in the project root, or DJANGO_ENV_FILE
# (the file systemd's EnvironmentFile= loads). Variables already set win.
ENV_FILE = Path(os.environ.get("DJANGO_ENV_FILE") or BASE_DIR / ".env")
environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# `make run`: the portal as users see it (debug off, its own error pages) on this machine over
# plain http, so without HTTPS redirects, Secure cookies and HSTS; it answers local host names only
# and never serves the public.
LOCAL_HTTP = env.bool("KANTORENTOP_LOCAL_HTTP", default=False)
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _local_secret_key() -> str:
    """A key generated once for this checkout (var/secret-key), for `make run` only."""
    path = BASE_DIR / "var" / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


if DEBUG:
    SECRET_KEY = env(
        "DJANGO_SECRET_KEY", default="development-only-key-not-for-production-" + "x" * 20
    )
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or (_local_secret_key() if LOCAL_HTTP else "")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off: set it in the environment "
            f"or in {ENV_FILE} (or name the production environment's file in DJANGO_ENV_FILE)."
        )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
if LOCAL_HTTP:
    ALLOWED_HOSTS = LOCAL_HOSTS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # ArrayField (a unit's uses)
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_htmx",
    "django_celery_beat",
    "pgtrigger",
    "pghistory",
    "axes",
    "kantorentop.core",
    "kantorentop.accounts",
    "regions",
    "events",
    "buildings",
    "covenants",
    "funds",
    "vacancy_law",
    "webhooks",
    "demo",
    "dashboard",
]

MIDDLEWARE = [
    # Before all: the probes answer whatever the Host header (the kubelet asks by address).
    "kantorentop.core.probes.ProbeMiddleware",
    # Next: they measure and name (request id) every request, also those answered early.
    "kantorentop.core.metrics.MetricsMiddleware",
    "kantorentop.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the static files, before anything reads the database: where this request's reads go.
    "kantorentop.core.replica.ReplicaMiddleware",
    # Before CommonMiddleware: /api/ never redirects, and errors there are problem+json.
    "kantorentop.core.api.middleware.ApiMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kantorentop.core.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]
# pghistory's middleware names the user and the path in the history of what a request writes.
# Reads write no tracked rows, and the context would be sent along with every statement of
# every page and API read (set_config before each statement): writing methods only.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Version models with labels of their own (the library's fields have none to translate).
PGHISTORY_BASE_MODEL = "kantorentop.core.models.Event"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Django's form templates, but select boxes written in Python (the same markup, far faster for
# the filter forms' long lists; kantorentop/core/forms_renderer.py).
FORM_RENDERER = "kantorentop.core.forms_renderer.FormRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "dashboard.context_processors.navigation",
                "dashboard.context_processors.covenant_rule",
            ],
        },
    },
]


def _database_url() -> str:
    """DATABASE_URL, else the embedded development server started by `make db`."""
    url = env("DATABASE_URL", default="")
    if url:
        return url
    url_file = BASE_DIR / "var" / "database-url"
    if url_file.exists():
        return url_file.read_text().strip()
    raise ImproperlyConfigured(
        "No database: set DATABASE_URL to a PostgreSQL server, or run `make db` to start the "
        "embedded one."
    )


# Behind PgBouncer in transaction pooling (docs/operations.md): every statement outside a
# transaction may reach another server connection, so no server-side cursors (they live in the
# session that declared them).
DATABASE_POOLED = env.bool("DATABASE_POOLED", default=False)


def _database(url: str, *, connect_timeout: int) -> dict:
    config = env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "Kantorentop runs on PostgreSQL only: DATABASE_URL must be postgres://"
        )
    config["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
    config["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails the request (503) within seconds instead of hanging.
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", connect_timeout)
    config["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLED
    return config


DATABASES = {"default": _database(_database_url(), connect_timeout=5)}
DATABASES["default"]["TEST"] = {
    "NAME": env("DJANGO_TEST_DATABASE_NAME", default="test_kantorentop")
}
# A streaming replica for the reads of pages and API GETs (kantorentop/core/replica.py); one that
# does not answer within two seconds is skipped and its reads go to the primary.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
# How long after a write its caller reads from the primary (read your own writes).
DATABASE_REPLICA_READ_YOUR_WRITES_SECONDS = env.int(
    "DATABASE_REPLICA_READ_YOUR_WRITES_SECONDS", default=10
)
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL, connect_timeout=2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kantorentop.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Dutch notation of numbers in English too (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
# WhiteNoise serves the static files, in production from STATIC_ROOT (collectstatic); under
# `make run` (debug off, where runserver serves none) straight from the apps and static/.
WHITENOISE_USE_FINDERS = DEBUG or LOCAL_HTTP
WHITENOISE_AUTOREFRESH = DEBUG or LOCAL_HTTP
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded documents are served by views that check permissions, never as static media.
MEDIA_URL = None
# Transformation-plan documents: PDF only, at most this size each (a larger upload gets 413).
PLAN_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# BAG extracts and EP-Online files uploaded on the register import page, at most this size each
# (a municipal BAG zip is 50-300 MB, EP-Online's monthly CSV about 1 GB). Django streams an upload
# to a temporary file; the proxy in front must let this page's body through (docs/operations.md).
REGISTER_UPLOAD_MAX_BYTES = env.int("KANTORENTOP_REGISTER_UPLOAD_MAX_BYTES", default=2_000_000_000)
# Where Django spools an upload larger than 2.5 MB (None: the system's temporary directory).
FILE_UPLOAD_TEMP_DIR = env("DJANGO_FILE_UPLOAD_TEMP_DIR", default=None)

# --- Redis and Celery -----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
# Longer than the longest time limit, so a running task is never handed to a second worker; an
# unacknowledged message (its worker killed) is handed out again after it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
    # An unreachable Redis fails a send within seconds (the sweeps catch up), never hangs it.
    "socket_connect_timeout": 5,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# django-celery-beat's database scheduler, touching beat's liveness file on every tick.
CELERY_BEAT_SCHEDULER = "kantorentop.core.beat:HeartbeatScheduler"
# The schedule lives in code; django-celery-beat copies it into the database on start, where the
# admin can pause an entry. Run exactly one beat process (docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    "structural-vacancy-flags-daily": {
        "task": "buildings.tasks.structural_vacancy_flags_daily",
        "schedule": crontab(hour=2, minute=0),
    },
    "flag-reminders-weekly": {
        "task": "buildings.tasks.flag_reminders_weekly",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    # Covenant commitments due within four weeks or overdue, to those not done (covenants/).
    "commitment-reminders-weekly": {
        "task": "covenants.tasks.commitment_reminders_weekly",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Compensation applications awaiting a decision, to the fund's managers (funds/).
    "application-reminders-weekly": {
        "task": "funds.tasks.application_reminders_weekly",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon"),
    },
    # The dashboard cache's data-change log, kept short (dashboard/services.py).
    "data-change-log-compact-daily": {
        "task": "dashboard.tasks.data_change_log_compact_daily",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every area page's figures computed into the cache after a data change (dashboard/).
    "area-figures-warm": {
        "task": "dashboard.tasks.area_figures_warm_task",
        "schedule": crontab(minute="*/5"),
    },
    # The Leegstandwet register: cases for unreported vacancy, reminders of overdue steps.
    "vacancy-cases-detect-daily": {
        "task": "vacancy_law.tasks.vacancy_cases_detect_daily",
        "schedule": crontab(hour=2, minute=30),
    },
    "vacancy-case-reminders-daily": {
        "task": "vacancy_law.tasks.vacancy_case_reminders_daily",
        "schedule": crontab(hour=7, minute=15),
    },
    # The sweeps that make up for lost messages and killed workers (docs/adr/0007).
    "scheduled-jobs-catch-up": {
        "task": "buildings.tasks.scheduled_jobs_catch_up_task",
        "schedule": crontab(minute="5-55/10"),
    },
    # Webhooks: new events to their subscribers, and the retries that are due (ADR 0023).
    "webhooks-deliver-due": {
        "task": "webhooks.tasks.webhooks_deliver_due",
        "schedule": crontab(minute="*"),
    },
    "notifications-email-pending": {
        "task": "kantorentop.accounts.tasks.notifications_email_pending_sweep",
        "schedule": crontab(minute="*/5"),
    },
}
# Imports and notifications have queues of their own so a large import never delays an e-mail.
CELERY_TASK_ROUTES = {
    "buildings.tasks.vacancy_records_import_job": {"queue": "imports"},
    "buildings.tasks.import_energy_labels_task": {"queue": "imports"},
    "buildings.tasks.register_import_job": {"queue": "imports"},
    "kantorentop.accounts.tasks.*": {"queue": "notifications"},
}

if REDIS_URL:
    # A cache that misses while Redis is down, so pages and the API keep answering (throttling
    # is off meanwhile); short timeouts keep a hanging Redis from hanging requests.
    CACHES = {
        "default": {
            "BACKEND": "kantorentop.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Kantorentop <noreply@kantorentop.nl>"
)

# --- Security ----------------------------------------------------------------------------------
# Over plain http (debug, `make run`) a browser drops Secure cookies, and __Host- names need Secure.
HTTPS = not (DEBUG or LOCAL_HTTP)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# __Host- cookies (Secure, path /, no Domain): no subdomain can set or read them (ASVS 3.3.3).
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
# Signed out after 30 minutes without a request and 10 hours after sign-in however active
# (SessionLifetimeMiddleware: a request moves the session's expiry when a minute has passed
# since it last did, so reading pages does not write the session every time).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_AGE = 10 * 60 * 60
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=HTTPS)
# Turning the redirect off says the proxy in front redirects plain HTTP (docs/operations.md), so
# the deployment check's warning that Django does not (security.W008) does not apply.
SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# The API never redirects to HTTPS (ASVS 4.1.2: the proxy refuses plain HTTP there); health and
# metrics are asked for by the load balancer and Prometheus inside the network.
SECURE_REDIRECT_EXEMPT = [r"^api/", r"^health$", r"^metrics$"]
# Reverse proxies in front of the portal; the audit trail takes the caller's address from the
# X-Forwarded-For entry the outermost of them added (0: REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("KANTORENTOP_TRUSTED_PROXY_COUNT", default=0)
# /metrics answers the machine itself, and others with `Authorization: Bearer <token>`.
METRICS_TOKEN = env("KANTORENTOP_METRICS_TOKEN", default="")

# Optional background tiles for the maps, e.g. PDOK BRT-Achtergrondkaart; off by default: the
# maps draw the portal's own boundaries (ADR 0024) and need nothing from outside.
MAP_TILE_URL = env("KANTORENTOP_MAP_TILE_URL", default="")
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL)) if MAP_TILE_URL else ""
# A strict Content Security Policy: scripts only from the portal with the request's nonce, no
# inline scripts or styles, nothing from a CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *([_tile_origin] if _tile_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# --- The covenant rule (domain spec: thresholds are settings with these defaults) --------------
STRUCTURAL_VACANCY_MIN_AREA_M2 = env.int("KANTORENTOP_STRUCTURAL_MIN_AREA_M2", default=5000)
# Share strictly above NUMERATOR/DENOMINATOR, compared in integers.
STRUCTURAL_VACANCY_SHARE_NUMERATOR = 4
STRUCTURAL_VACANCY_SHARE_DENOMINATOR = 5
STRUCTURAL_VACANCY_YEARS = env.int("KANTORENTOP_STRUCTURAL_YEARS", default=3)
STALE_DATA_MONTHS = 12
DEFAULT_FRICTIONAL_VACANCY_PERCENTAGE = 5
# A BAG pand is an office building from this office area (GO m2) and office share of its units'
# area on (domain spec, "The office stock from the BAG").
BAG_MIN_OFFICE_AREA_M2 = env.int("KANTORENTOP_BAG_MIN_OFFICE_AREA_M2", default=500)
BAG_MIN_OFFICE_SHARE = env.float("KANTORENTOP_BAG_MIN_OFFICE_SHARE", default=0.5)

# A compensation application still awaiting the fund's decision this many days after it came in
# is in the fund managers' weekly reminder (funds/services/reminders.py).
FUND_APPLICATION_REMINDER_DAYS = env.int("KANTORENTOP_FUND_APPLICATION_REMINDER_DAYS", default=14)

# --- The Leegstandwet register (docs/adr/0018-leegstandwet-periods.md) ----------------------------
# Defaults of a new ordinance version's periods, in months, where the law fixes no minimum (the
# reporting period's minimum of six months is the law's, art. 3(1), and a database constraint).
LEEGSTAND_CONSULTATION_MONTHS = env.int("KANTORENTOP_LEEGSTAND_CONSULTATION_MONTHS", default=3)
LEEGSTAND_DESIGNATION_MONTHS = env.int("KANTORENTOP_LEEGSTAND_DESIGNATION_MONTHS", default=12)
LEEGSTAND_COMPLIANCE_MONTHS = env.int("KANTORENTOP_LEEGSTAND_COMPLIANCE_MONTHS", default=3)

# --- Webhooks (docs/adr/0023-webhooks.md) -----------------------------------------------------
# The portal's public address: the `dataref` of a webhook's CloudEvent and the origin of its
# handshake (the feed's `dataref` comes from the request instead).
BASE_URL = env(
    "KANTORENTOP_BASE_URL", default=f"https://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}"
).rstrip("/")
# Callback hosts allowed plain http and addresses in private, loopback and link-local ranges
# (api-v1.md); every other callback must be https to a public address.
WEBHOOK_ALLOWED_HOSTS = [
    host.lower() for host in env.list("KANTORENTOP_WEBHOOK_ALLOWED_HOSTS", default=[])
]
# Tests only: loopback receivers (127.0.0.1, ::1) without naming them. Never in production.
WEBHOOK_ALLOW_LOOPBACK = env.bool("KANTORENTOP_WEBHOOK_ALLOW_LOOPBACK", default=False)
# Seconds to connect to a receiver and to wait for its answer.
WEBHOOK_TIMEOUT_SECONDS = env.float("KANTORENTOP_WEBHOOK_TIMEOUT_SECONDS", default=10)
# The pauses before each retry, in seconds: 8 retries over about 35 hours, each with up to 20%
# jitter either way. A receiver's Retry-After replaces the pause it answers.
WEBHOOK_RETRY_PAUSES = [
    int(pause)
    for pause in env.list(
        "KANTORENTOP_WEBHOOK_RETRY_PAUSES",
        default=["30", "120", "480", "1920", "7680", "30720", "43200", "43200"],
    )
]

# --- API -------------------------------------------------------------------------------------
# The contract is ../shared/spec/api-v1.md: camelCase at the edges, problem+json errors, no
# trailing slashes, pagination with page/pageSize.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["kantorentop.core.api.filters.FilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["kantorentop.core.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an unauthenticated call gets 401 with `WWW-Authenticate: Token`.
        "kantorentop.accounts.authentication.ApiClientTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "kantorentop.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["kantorentop.core.api.throttling.ClientRateThrottle"],
    # failed_authentication: wrong or malformed keys per address, then 429 (no audit flood).
    "DEFAULT_THROTTLE_RATES": {
        "client": "3600/minute",
        "anonymous": "600/minute",
        "failed_authentication": "20/minute",
    },
    "EXCEPTION_HANDLER": "kantorentop.core.api.problems.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
JSON_CAMEL_CASE = {
    # lettableFloorAreaM2 <-> lettable_floor_area_m2 (not lettable_floor_area_m_2).
    # The label-C duty statuses are keys of the statistics' `labelCDuty` as the contract writes
    # them (the same values as the `labelCDuty` filter): not camelized.
    "JSON_UNDERSCOREIZE": {"no_underscore_before_number": True, "ignore_keys": ("non_compliant",)},
}
# A request body above this answers 413 (an import of 100,000 rows is about 6 MB).
API_MAX_BODY_BYTES = 50_000_000
SPECTACULAR_SETTINGS = {
    "TITLE": "Kantorentop API",
    "VERSION": "1.1.0",
    "DESCRIPTION": (
        "Kantorentop: het convenant Aanpak leegstand kantoren (2012) op gebouwniveau. Provinciale "
        "en landelijke systemen lezen en schrijven hier gebouwen en leegstandsregistraties; "
        "statistieken en referentiedata zijn openbaar. Sleutel: `Authorization: Token <key>`. "
        "Fouten zijn `application/problem+json` (RFC 9457); elk antwoord heeft de header "
        "`API-Version`. Namen zijn Engels; docs/glossary.md geeft de Nederlandse termen.\n\n"
        "Kantorentop: the 2012 covenant against office vacancy on building-level data. "
        "Provincial and national systems read and write buildings and vacancy records here; "
        "statistics and reference data are public. Key: `Authorization: Token <key>`. Errors are "
        "`application/problem+json` (RFC 9457); every response has the `API-Version` header."
    ),
    "CONTACT": {
        "name": "Kantorentop",
        "url": "https://github.com/kantorentop/kantorentop",
        "email": "api@kantorentop.nl",
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/en/"},
    "SERVERS": [{"url": "/api/v1", "description": "Deze portal / This portal"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "BuildingStatusEnum": "buildings.choices.BuildingStatus",
        "EnergyLabelEnum": "buildings.choices.EnergyLabel",
        "RecordSourceEnum": "buildings.choices.RecordSource",
        "FlagStatusEnum": "buildings.choices.FlagStatus",
        "AreaBasisEnum": "buildings.models.building.AreaBasis",
        "LabelDutyStatusEnum": "buildings.choices.LabelCDuty",
        "EventTypeEnum": "events.choices.PUBLISHED_TYPES",
        "SubscriptionStatusEnum": "webhooks.choices.SubscriptionStatus",
        "DeliveryStatusEnum": "webhooks.choices.DeliveryStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "kantorentop.core.api.schema.add_api_conventions",
        "kantorentop.core.api.schema_enums.add_enum_varnames",
        "buildings.api.schema_limits.add_domain_limits",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Only the OpenAPI document is readable from any origin (/core/publish-openapi).
CORS_URLS_REGEX = r"^/api/v1/openapi\.(json|yaml)$"
CORS_ALLOW_ALL_ORIGINS = True

LOGIN_URL = "login"
# After signing in without a `next`: the dashboard (its menu puts the user's own areas first).
LOGIN_REDIRECT_URL = "dashboard:nation"

# One JSON object per line with the request id (text in development); every handler redacts
# passwords, tokens and keys. Django's own loggers write through the same handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "kantorentop.core.logging.RequestIdFilter"},
        "redact_secrets": {"()": "kantorentop.core.logging.RedactSecretsFilter"},
    },
    "formatters": {
        "json": {"()": "kantorentop.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "redact_secrets"],
            "formatter": env("DJANGO_LOG_FORMAT", default="text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # redis-py gives this logger a plain stderr handler unless it already exists.
        "push_response": {"handlers": [], "propagate": True},
    },
}
# Celery workers log through LOGGING too, not through a root handler of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
