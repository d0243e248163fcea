"""Hooklane settings, read from the environment (defaults point at the local `make run` stack)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from hooklane.core.encryption import check_keys, development_key
from hooklane.core.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent

DEV_SECRET_KEY = "dev-insecure-hooklane-secret-key-change-me"  # noqa: S105 - refused when DEBUG is off
# What .env.example ships: a deployment that copied the file without filling it in.
EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters-from-a-password-generator"  # noqa: S105

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [PUBLIC_BASE_URL])

if not DEBUG:
    if SECRET_KEY in (DEV_SECRET_KEY, EXAMPLE_SECRET_KEY) or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off"
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list real host names when DEBUG is off")

# Signing secrets at rest (hooklane/core/encryption.py): Fernet keys, comma-separated; the
# first encrypts, every one decrypts. Development derives one from SECRET_KEY so that
# `make run` and the tests need no step; production must say its own.
SECRETS_ENCRYPTION_KEYS = check_keys(
    env_list("SECRETS_ENCRYPTION_KEYS", [] if not DEBUG else [development_key(SECRET_KEY)])
)
if not DEBUG and development_key(DEV_SECRET_KEY) in SECRETS_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("SECRETS_ENCRYPTION_KEYS must not hold the development key")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "hooklane.core",
    "hooklane.accounts",
    "hooklane.webhooks",
    "hooklane.delivery",
    "hooklane.stream",
]

MIDDLEWARE = [
    # Every response, ingest's included, carries X-Request-ID; every log line its id.
    "hooklane.core.request_id.RequestIdMiddleware",
    # Answers POST /in/<key> itself: webhooks need none of the middleware below.
    "hooklane.webhooks.middleware.IngestMiddleware",
    # API requests only (ingest was answered above): statements past the timeout end in 503.
    "hooklane.core.query_timeout.ApiStatementTimeoutMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so the dashboard's files carry the policy too.
    "hooklane.core.security_headers.ContentSecurityPolicyMiddleware",
    # Only sets a header on the way out, so its place does not matter: here, probes get it.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers /healthz and /readyz: probes need none of the middleware below.
    "hooklane.core.health_middleware.HealthMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "accounts.User"
# Sessions of a deactivated organization authenticate no one (hooklane/accounts/backends.py).
AUTHENTICATION_BACKENDS = ["hooklane.accounts.backends.ActiveOrganizationBackend"]

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
            ],
        },
    },
]

# Database -------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "postgres://hooklane@127.0.0.1:5433/hooklane")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)
# Prepared statements: Django turns them off (for transaction-mode poolers; PgBouncer 1.21+
# handles them with max_prepared_statements) and the ORM binds on the client, so only the
# hot paths' statements are prepared (hooklane/core/db.py). Each looks rows up by key, so
# one generic plan serves every call instead of a fresh plan per call.
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
DATABASES["default"]["OPTIONS"]["options"] = "-c plan_cache_mode=force_generic_plan"
# Celery workers' commits: "off" (the default) does not wait for the WAL flush, "on" does;
# web processes always wait (config/celery.py says why this is safe for workers).
WORKER_SYNCHRONOUS_COMMIT = env_str("WORKER_SYNCHRONOUS_COMMIT", "off")
if WORKER_SYNCHRONOUS_COMMIT not in ("on", "off", "local"):
    raise ImproperlyConfigured("WORKER_SYNCHRONOUS_COMMIT must be on, off or local")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, sessions, tokens, rate limits and the Celery broker -----------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6380/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hl",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }
}
# cached_db sessions whose rows also carry the user id, so deactivating a user can delete
# exactly that user's sessions (hooklane/accounts/sessions.py).
SESSION_ENGINE = "hooklane.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The live feed (hooklane/core/live.py, hooklane/stream) -------------------------
# What happens in each organization (a log accepted, an attempt made) goes onto a Redis
# stream of its own on the broker's Redis (ingest adds it in the same round trip that queues
# the webhook), keeping about this many entries per organization for resuming clients.
LIVE_REDIS_URL = env_str("LIVE_REDIS_URL", "")
LIVE_RETAIN_PER_ORG = env_int("LIVE_RETAIN_PER_ORG", 10_000)
# GET /api/v1/stream/logs is served by the ASGI process (uvicorn, `make run` port 8001);
# clients are told this URL (empty: the same origin, behind a proxy that routes the path).
STREAM_PUBLIC_URL = env_str("STREAM_PUBLIC_URL", "").rstrip("/")
STREAM_PING_SECONDS = env_float("STREAM_PING_SECONDS", 15.0)
STREAM_BACKFILL_BATCH = env_int("STREAM_BACKFILL_BATCH", 500)
# Open streams per API key or user; each holds a slot leased for a few pings, renewed while
# it lives, so a process that dies gives its slots back when the lease runs out.
STREAM_MAX_PER_PRINCIPAL = env_int("STREAM_MAX_PER_PRINCIPAL", 5)
STREAM_SLOT_LEASE_SECONDS = env_int("STREAM_SLOT_LEASE_SECONDS", 60)

# Celery -----------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
# redis:// brokers use kombu's Redis transport with one client object per channel
# (hooklane/core/broker.py); any other broker URL picks its transport from its scheme.
CELERY_BROKER_TRANSPORT = (
    "hooklane.core.broker:Transport" if CELERY_BROKER_URL.startswith("redis://") else None
)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
LIVE_REDIS_URL = LIVE_REDIS_URL or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else REDIS_URL
)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_QUEUES = [Queue("ingest"), Queue("deliveries"), Queue("email"), Queue("default")]
CELERY_TASK_DEFAULT_QUEUE = "default"
# One queue per work class, each consumed by its own worker pool (scripts/run.py,
# docker-compose.yml), so a class that is slow or stuck cannot take another's processes:
# ingest processing, deliveries, email, and maintenance (`default`: beat's sweeps, replays).
CELERY_TASK_ROUTES = {
    # Exact names win over the patterns below: routing a stored webhook is ingest work, an
    # alert is an email, and the sweeps and bulk work are maintenance.
    "hooklane.delivery.tasks.process_webhook": {"queue": "ingest"},
    "hooklane.delivery.tasks.notify_issue": {"queue": "email"},
    "hooklane.delivery.tasks.send_channel_message": {"queue": "email"},
    "hooklane.delivery.tasks.dispatch_due_deliveries": {"queue": "default"},
    "hooklane.delivery.tasks.run_replay_job": {"queue": "default"},
    "hooklane.delivery.tasks.prune_expired_logs": {"queue": "default"},
    "hooklane.webhooks.tasks.requeue_stuck_logs": {"queue": "default"},
    "hooklane.webhooks.tasks.refresh_stored_bytes": {"queue": "default"},
    "hooklane.webhooks.tasks.index_logs_for_search": {"queue": "default"},
    "hooklane.webhooks.tasks.advance_log_rollup": {"queue": "default"},
    "hooklane.webhooks.tasks.verify_awaiting_logs": {"queue": "default"},
    # An outbound GET to the sender: never on the ingest queue, where it could hold webhooks.
    "hooklane.webhooks.tasks.confirm_subscription": {"queue": "default"},
    "hooklane.webhooks.tasks.*": {"queue": "ingest"},
    "hooklane.delivery.tasks.*": {"queue": "deliveries"},
    "hooklane.accounts.tasks.*": {"queue": "email"},
}
# A task acknowledged only after it ran is redelivered if its worker dies mid-way.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Celery's Django fixup closes every database connection before and after each task unless
# this is set, and a fresh PostgreSQL connection per task costs more than a delivery does;
# config/celery.py closes them the way Django's request cycle does instead (CONN_MAX_AGE).
CELERY_DB_REUSE_MAX = 10**9
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # Publishing gives up after one quick retry instead of kombu's default of retrying for
    # seconds: ingest has already committed the row, and the requeue sweep sends it later.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    # Logs whose enqueue failed (broker down) or whose worker died are queued again.
    "requeue-stuck-logs": {"task": "hooklane.webhooks.tasks.requeue_stuck_logs", "schedule": 30.0},
    # Due retries and deliveries whose worker died are queued again (see delivery/README.md).
    "dispatch-due-deliveries": {
        "task": "hooklane.delivery.tasks.dispatch_due_deliveries",
        "schedule": float(env_int("DELIVERY_DISPATCH_INTERVAL_SECONDS", 5)),
        "options": {"expires": 30},
    },
    "prune-expired-logs": {
        "task": "hooklane.delivery.tasks.prune_expired_logs",
        "schedule": 3600.0,
        "options": {"queue": "default", "expires": 3000},
    },
}


# Time limits: every task has a soft limit (SoftTimeLimitExceeded is raised inside it) and a
# hard one (its pool process is killed), enforced by the prefork pool (`--pool solo`
# enforces none). They travel in each task's message, as the publisher's settings give them.
def time_limits_from_env(soft_name: str, soft: int, hard_name: str, hard: int) -> dict[str, int]:
    soft, hard = env_int(soft_name, soft), env_int(hard_name, hard)
    if soft < 1 or hard <= soft:
        raise ImproperlyConfigured(
            f"{soft_name} ({soft}) must be at least 1 and {hard_name} ({hard}) longer, so "
            "a task has time to stop before it is killed"
        )
    return {"soft_time_limit": soft, "time_limit": hard}


_DEFAULT_LIMITS = time_limits_from_env(
    "CELERY_TASK_SOFT_TIME_LIMIT", 60, "CELERY_TASK_TIME_LIMIT", 90
)
CELERY_TASK_SOFT_TIME_LIMIT = _DEFAULT_LIMITS["soft_time_limit"]
CELERY_TASK_TIME_LIMIT = _DEFAULT_LIMITS["time_limit"]
# An attempt ends at its destination's timeout (at most 30 s, delivery/sender.py); its task
# adds the database work around it. A delivery stopped by either limit stays `delivering`
# until its lease runs out, then the dispatcher's claim records it `interrupted` and retries.
DELIVERY_TASK_LIMITS = time_limits_from_env(
    "DELIVERY_TASK_SOFT_TIME_LIMIT", 40, "DELIVERY_TASK_TIME_LIMIT", 50
)
# Bulk replays and retention work through big tables in short transactions; a limit stops
# one between or inside a batch, and the next run carries on from the committed ones.
MAINTENANCE_TASK_LIMITS = time_limits_from_env(
    "MAINTENANCE_TASK_SOFT_TIME_LIMIT", 900, "MAINTENANCE_TASK_TIME_LIMIT", 960
)
CELERY_TASK_ANNOTATIONS = {
    "hooklane.delivery.tasks.deliver_webhook": DELIVERY_TASK_LIMITS,
    "hooklane.delivery.tasks.run_replay_job": MAINTENANCE_TASK_LIMITS,
    "hooklane.delivery.tasks.prune_expired_logs": MAINTENANCE_TASK_LIMITS,
    "hooklane.webhooks.tasks.refresh_stored_bytes": MAINTENANCE_TASK_LIMITS,
}

# Email --------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For the file backend (tests and the browser journey read the login emails from here).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "") or None
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hooklane <no-reply@hooklane.localhost>")

# Static files and the built SPA ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
FRONTEND_DIST = Path(env_str("FRONTEND_DIST", str(REPO_DIR / "frontend" / "dist")))
# WhiteNoise serves the SPA's hashed assets from the site root (/assets/...).
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hooklane.accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "hooklane.core.permissions.HasWriteScope",
    ],
    "DEFAULT_PAGINATION_CLASS": "hooklane.core.pagination.NewestFirstCursorPagination",
    "DEFAULT_PARSER_CLASSES": [
        "hooklane.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["hooklane.core.throttling.ApiThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hooklane.core.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hooklane API",
    "DESCRIPTION": "Receive, verify, store, forward and replay webhooks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # /api/docs/ loads Swagger UI from Hooklane's own static files, never from a CDN, and
    # its start-up script from a URL of its own (SpectacularSwaggerSplitView), so the page
    # works offline and under the Content-Security-Policy, which allows no inline script.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "persistAuthorization": True,
        "displayOperationId": True,
        # Swagger UI would otherwise send the schema's URL to validator.swagger.io.
        "validatorUrl": None,
    },
    # Several models have a `status`; name each enum after its model so clients read well.
    "ENUM_NAME_OVERRIDES": {
        "LogStatusEnum": "hooklane.webhooks.db_models.webhook_log_model.WebhookLog.Status",
        "LogVerificationEnum": (
            "hooklane.webhooks.db_models.webhook_log_model.WebhookLog.Verification"
        ),
        "ProviderTypeVerificationEnum": (
            "hooklane.webhooks.serializers.provider_types.VERIFICATIONS"
        ),
        "DeliveryStatusEnum": "hooklane.delivery.db_models.delivery_model.Delivery.Status",
        "ReplayJobStatusEnum": "hooklane.delivery.db_models.replay_job_model.ReplayJob.Status",
        "CircuitStateEnum": "hooklane.delivery.db_models.destination_model.Destination.Circuit",
        "CircuitReasonEnum": (
            "hooklane.delivery.db_models.circuit_transition_model.CircuitTransition.Reason"
        ),
        "IssueKindEnum": "hooklane.delivery.db_models.issue_model.Issue.Kind",
        "IssueStateEnum": "hooklane.delivery.db_models.issue_model.Issue.State",
        "NotificationChannelTypeEnum": (
            "hooklane.delivery.db_models.notification_channel_model.NotificationChannel.Type"
        ),
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hooklane.core.openapi.add_error_responses",
    ],
}

# Hooklane ---------------------------------------------------------------------------
# Requests per minute through the API; 0 turns a limit off.
API_RATE_LIMIT_PER_KEY = env_int("API_RATE_LIMIT_PER_KEY", 600)
API_RATE_LIMIT_PER_USER = env_int("API_RATE_LIMIT_PER_USER", 1200)
API_RATE_LIMIT_ANONYMOUS = env_int("API_RATE_LIMIT_ANONYMOUS", 300)
INGEST_MAX_BODY_BYTES = env_int("INGEST_MAX_BODY_BYTES", 1024 * 1024)
INGEST_REJECTED_ROWS_PER_MINUTE = env_int("INGEST_REJECTED_ROWS_PER_MINUTE", 20)
INGEST_REQUEUE_AFTER_SECONDS = env_int("INGEST_REQUEUE_AFTER_SECONDS", 60)
INGEST_PROVIDER_CACHE_SECONDS = env_int("INGEST_PROVIDER_CACHE_SECONDS", 60)
# Forwarding loops: a request whose Hooklane-Hops header says this deployment already
# forwarded it more than this many times is refused at ingest (508, kept as rejected).
INGEST_MAX_HOPS = env_int("INGEST_MAX_HOPS", 3)
if INGEST_MAX_HOPS < 0:
    raise ImproperlyConfigured("INGEST_MAX_HOPS must be 0 or more")
PROVIDER_SECRET_GRACE_SECONDS = env_int("PROVIDER_SECRET_GRACE_SECONDS", 24 * 3600)
# A sender that signs no timestamp (GitHub, Shopify, Twilio, generic HMAC, none): a body it
# already sent this recently, under a new event id, is flagged as a probable replay. A day
# catches a captured request sent again soon, while identical bodies sent days apart on
# purpose (pings, heartbeats) stay unflagged; 0 turns the check off.
INGEST_REPLAY_WINDOW_SECONDS = env_int("INGEST_REPLAY_WINDOW_SECONDS", 24 * 3600)
# Only behind a proxy that sets X-Forwarded-Proto/-Host/-For itself may they be believed.
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", False)

# Ingest quotas per organization (README "Quotas"); each organization may carry its own
# values, set by staff. 0 turns a limit off. Checked in one Redis script per webhook; while
# Redis is unreachable ingest admits everything (fail open), as it did before quotas.
INGEST_RATE_PER_SECOND = env_int("INGEST_RATE_PER_SECOND", 100)
INGEST_RATE_BURST = env_int("INGEST_RATE_BURST", 1000)
INGEST_STORED_BYTES_QUOTA = env_int("INGEST_STORED_BYTES_QUOTA", 10 * 1024**3)
# How often beat recounts each organization's stored bytes from PostgreSQL (ingest adds to
# the count in Redis as it stores; the recount corrects duplicates, retention and restarts).
INGEST_USAGE_REFRESH_SECONDS = env_int("INGEST_USAGE_REFRESH_SECONDS", 300)
# Search documents of the logs no worker routes (rejected, handshakes, captured, held).
CELERY_BEAT_SCHEDULE["index-logs-for-search"] = {
    "task": "hooklane.webhooks.tasks.index_logs_for_search",
    "schedule": 10.0,
    "options": {"queue": "default", "expires": 30},
}
# The hourly rollup behind stats over days (webhooks/services/rollup.py).
CELERY_BEAT_SCHEDULE["advance-log-rollup"] = {
    "task": "hooklane.webhooks.tasks.advance_log_rollup",
    "schedule": 60.0,
    "options": {"queue": "default", "expires": 120},
}
CELERY_BEAT_SCHEDULE["refresh-stored-bytes"] = {
    "task": "hooklane.webhooks.tasks.refresh_stored_bytes",
    "schedule": float(INGEST_USAGE_REFRESH_SECONDS),
    "options": {"queue": "default", "expires": INGEST_USAGE_REFRESH_SECONDS},
}

# HTTPS and browser policy -------------------------------------------------------------
# Off by default: HSTS pins browsers to HTTPS for its whole max-age, so a deployment turns
# it on once HTTPS works (README, Deploying). The redirect and is_secure() trust
# X-Forwarded-Proto only behind TRUSTED_PROXY, like the rest of Hooklane.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers probe over plain HTTP; ingest never reaches SecurityMiddleware anyway.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
# One policy for every page Hooklane serves (the dashboard, its files, the API docs and
# the API); a response that sets its own (a raw body's sandbox) keeps it. No inline or
# remote script anywhere. Styles allow 'unsafe-inline' because Mantine and Swagger UI
# inject <style> elements at run time (see SECURITY.md for what that leaves open).
# The dashboard may also connect to the live stream's origin (STREAM_PUBLIC_URL).
_STREAM_ORIGIN = "/".join(STREAM_PUBLIC_URL.split("/")[:3])  # scheme://host:port, or ""
_CONNECT_SRC = f"'self' {_STREAM_ORIGIN}".strip()
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data:; font-src 'self' data:; connect-src {_CONNECT_SRC}; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# Delivery: forwarding to destinations (hooklane/delivery/README.md explains each one).
# Private, loopback and link-local destination addresses are refused unless this is on.
DELIVERY_ALLOW_PRIVATE_DESTINATIONS = env_bool("DELIVERY_ALLOW_PRIVATE_DESTINATIONS", DEBUG)
# Test runs and benchmarks: deliver to loopback only, resolving no other name (no DNS query).
DELIVERY_LOOPBACK_ONLY = env_bool("DELIVERY_LOOPBACK_ONLY", False)
# A connection to a receiver is kept alive between attempts for at most this long idle
# (under the usual servers' own keep-alive timeouts; delivery/sender.py).
DELIVERY_KEEPALIVE_IDLE_SECONDS = env_float("DELIVERY_KEEPALIVE_IDLE_SECONDS", 4.0)
# Multiplies the retry schedule (5 s … 10 h); tests and demos compress time with e.g. 0.001.
# Senders that sign with a published certificate (PayPal, AWS SNS): the URLs it may come
# from, {sender: [regex, ...]}, overriding each scheme's own (its sender's hosts). Tests only.
WEBHOOKS_CERTIFICATE_URLS: dict[str, list[str]] = {}
DELIVERY_SCHEDULE_SCALE = env_float("DELIVERY_SCHEDULE_SCALE", 1.0)
# Issues (delivery/README.md): channels hear of an issue when it opens, then at most once per
# this interval while it stays open; each message to a chat or webhook has this deadline.
DELIVERY_ALERT_INTERVAL_SECONDS = env_int("DELIVERY_ALERT_INTERVAL_SECONDS", 3600)
DELIVERY_NOTIFY_TIMEOUT_SECONDS = env_int("DELIVERY_NOTIFY_TIMEOUT_SECONDS", 10)
# A worker holds a delivery for its timeout plus this; past that it is presumed dead.
DELIVERY_LEASE_MARGIN_SECONDS = env_int("DELIVERY_LEASE_MARGIN_SECONDS", 30)
# A `hooklane listen` session that reports no answer (nor a heartbeat) this long expires.
LISTEN_SESSION_IDLE_SECONDS = env_int("LISTEN_SESSION_IDLE_SECONDS", 3600)
# A queued delivery task this late is presumed lost and queued again by the dispatcher.
DELIVERY_DISPATCH_GRACE_SECONDS = env_int("DELIVERY_DISPATCH_GRACE_SECONDS", 60)
# The windows that keep one organization from holding every worker (delivery/services/
# dispatch.py): deliveries queued or in flight at once, per destination and per organization;
# the rest wait in PostgreSQL and are queued as places free up, organizations in turn. Keep
# the organization's below the deliveries pool (CELERY_DELIVERIES_CONCURRENCY, 8 by default),
# so one organization never holds every delivery process.
DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION = env_int("DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION", 3)
DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION = env_int("DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION", 6)
if not 1 <= DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION <= DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION:
    raise ImproperlyConfigured(
        "DELIVERY_MAX_IN_FLIGHT_PER_DESTINATION must be at least 1 and at most "
        "DELIVERY_MAX_IN_FLIGHT_PER_ORGANIZATION"
    )
# Retries due sooner than this ride a Celery countdown; later ones wait for the dispatcher
# (kept far below CELERY_VISIBILITY_TIMEOUT, past which Redis hands a waiting task out twice).
DELIVERY_COUNTDOWN_MAX_SECONDS = env_int("DELIVERY_COUNTDOWN_MAX_SECONDS", 60)
DELIVERY_SECRET_ROTATION_GRACE_SECONDS = env_int("DELIVERY_SECRET_ROTATION_GRACE_SECONDS", 86400)
REPLAY_BATCH_SIZE = env_int("REPLAY_BATCH_SIZE", 100)
RETENTION_BATCH_SIZE = env_int("RETENTION_BATCH_SIZE", 1000)

# Bounds per tenant request (issue 14): an /api/ statement running longer than this is
# cancelled and the request answers 503 `query_timeout` (0 turns it off). Not ingest, not tasks.
API_STATEMENT_TIMEOUT_MS = env_int("API_STATEMENT_TIMEOUT_MS", 10_000)

# Metrics: GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (404 while it is
# unset). Per-organization series exist for the slugs listed here; the rest count as `other`.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
if METRICS_TOKEN and len(METRICS_TOKEN) < 16:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 16 characters (or unset)")
METRICS_ORGANIZATIONS = env_list("METRICS_ORGANIZATIONS", [])
METRICS_ORGANIZATIONS_MAX = 50
if len(METRICS_ORGANIZATIONS) > METRICS_ORGANIZATIONS_MAX:
    raise ImproperlyConfigured(
        f"METRICS_ORGANIZATIONS lists {len(METRICS_ORGANIZATIONS)} slugs; at most "
        f"{METRICS_ORGANIZATIONS_MAX} keep the per-organization series few"
    )

# Passwordless login: magic links and one-time codes live in Redis for this long.
MAGIC_LINK_TTL_SECONDS = env_int("MAGIC_LINK_TTL_SECONDS", 15 * 60)
INVITE_LINK_TTL_SECONDS = env_int("INVITE_LINK_TTL_SECONDS", 3 * 24 * 3600)
OTP_TTL_SECONDS = env_int("OTP_TTL_SECONDS", 5 * 60)
OTP_MAX_TRIES = env_int("OTP_MAX_TRIES", 5)
# Requests for a link or code (signup, magic-link, otp) per email and per client IP, and
# verification attempts per IP, within one window.
AUTH_RATE_LIMIT_WINDOW_SECONDS = env_int("AUTH_RATE_LIMIT_WINDOW_SECONDS", 15 * 60)
AUTH_RATE_LIMIT_PER_EMAIL = env_int("AUTH_RATE_LIMIT_PER_EMAIL", 5)
AUTH_RATE_LIMIT_PER_IP = env_int("AUTH_RATE_LIMIT_PER_IP", 30)
AUTH_VERIFY_RATE_LIMIT_PER_IP = env_int("AUTH_VERIFY_RATE_LIMIT_PER_IP", 30)
# Invitations (each one emails a stranger) per inviting user and per organization, per window.
INVITE_RATE_LIMIT_WINDOW_SECONDS = env_int("INVITE_RATE_LIMIT_WINDOW_SECONDS", 3600)
INVITE_RATE_LIMIT_PER_INVITER = env_int("INVITE_RATE_LIMIT_PER_INVITER", 20)
INVITE_RATE_LIMIT_PER_ORGANIZATION = env_int("INVITE_RATE_LIMIT_PER_ORGANIZATION", 50)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# One formatter for every logger (ours, Django's, Celery's): JSON lines, or readable text for
# development, each with the request id and what else is known (hooklane/core/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"()": "hooklane.core.logs.formatter", "fmt": LOG_FORMAT}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default handlers print the raw message a second time under DEBUG,
        # past the formatter that hides ingest keys: its lines go to the root's only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}
