"""FrontNet settings: one file, driven by environment variables.

SQLite in the project folder is the default so the app runs with no server;
set DATABASE_URL (postgres://...) for PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key is only for development and tests; deployments must set DJANGO_SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# config/wsgi.py refuses to serve with DJANGO_DEBUG=0 and this key (frontnet.core.deploy).
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "frontnet.core",
    "frontnet.audit",
    "frontnet.units",
    "frontnet.accounts",
    "frontnet.cadres",
    "frontnet.pages",
    "frontnet.workbooks",
    "frontnet.monitoring",
    "frontnet.scoring",
    "frontnet.reports",
    "frontnet.notifications",
    "frontnet.pagestats",
    "frontnet.support",
    "frontnet.campaigns",
    "frontnet.demo",
    "frontnet.reform",
    "frontnet.privacy",
    "frontnet.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontnet.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "frontnet.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "frontnet.core.middleware.DatabaseBusyMiddleware",
    "frontnet.core.middleware.LoginThrottleMiddleware",
    # Axes must be last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontnet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker or command writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            # A 64 MB page cache keeps a large import's index pages in memory.
            "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        # The busy time-out, chosen: a request waits this long for a writer (a long import
        # commit) to finish, then gets the "try again in a moment" page (503), never a 500.
        "timeout": int(os.environ.get("FRONTNET_SQLITE_BUSY_SECONDS", "15")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling pays off for long analytic queries, not for a page's: on the national
    # benchmark (bench/national.py) it added about a second to the dashboard's rollup.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "frontnet.accounts.validators.VietnameseMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One-time activation and reset links (frontnet/accounts/tokens.py) expire after 7 days.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600
# The app's address, for links in e-mails and in the workbook of activation links.
FRONTNET_BASE_URL = os.environ.get("FRONTNET_BASE_URL", "http://127.0.0.1:8000")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttle by username and by address together, so one office NAT does not lock out the province.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Password spraying (one address, many usernames): past this many failures from one address
# within the cool-off, whatever the usernames, the same lockout page (frontnet.core.middleware).
FRONTNET_LOGIN_IP_LIMIT = int(os.environ.get("FRONTNET_LOGIN_IP_LIMIT", "30"))

# Sessions live in the database so any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "frontnet.core.views.csrf_failure"

# HTTPS, each switched on from the environment (README, Deploying), so that a plain-HTTP run
# on loopback with DJANGO_DEBUG=0 still works. Behind a proxy that terminates TLS set
# DJANGO_PROXY_SSL_HEADER=1 (it must set X-Forwarded-Proto and strip it from clients).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if env_bool("DJANGO_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (Django's own middleware, the successor of django-csp): scripts
# and styles from this site only; an inline script needs the request's nonce
# ({{ csp_nonce }}). Nothing comes from elsewhere: the app runs on closed networks.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Files from outside (frontnet.core.uploads, frontnet.core.filesafety). An upload past its
# limit is stopped while it streams in; a spreadsheet past the others is refused before it is
# parsed, and parsed in a child process with a memory limit and a time-out.
FRONTNET_UPLOAD_MAX_BYTES = int(os.environ.get("FRONTNET_UPLOAD_MAX_BYTES", 30 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "frontnet.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file, not memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the form fields besides files
FRONTNET_SHEET_MAX_ROWS = int(os.environ.get("FRONTNET_SHEET_MAX_ROWS", 200_000))
FRONTNET_SHEET_MAX_COLS = int(os.environ.get("FRONTNET_SHEET_MAX_COLS", 200))
FRONTNET_UNPACKED_MAX_BYTES = int(os.environ.get("FRONTNET_UNPACKED_MAX_BYTES", 200 * 1024 * 1024))
FRONTNET_UNPACKED_MAX_RATIO = int(os.environ.get("FRONTNET_UNPACKED_MAX_RATIO", 200))
FRONTNET_SHEET_PARSE_MAX_BYTES = int(
    os.environ.get("FRONTNET_SHEET_PARSE_MAX_BYTES", 2048 * 1024 * 1024)
)
FRONTNET_SHEET_PARSE_TIMEOUT = int(os.environ.get("FRONTNET_SHEET_PARSE_TIMEOUT", 120))
# Rejections kept per import batch (the count stays exact); files that could not be read are
# removed after this many days (the batch, with its sha256, stays).
FRONTNET_REJECTIONS_KEPT = int(os.environ.get("FRONTNET_REJECTIONS_KEPT", 1000))
FRONTNET_UNREADABLE_RETENTION_DAYS = int(os.environ.get("FRONTNET_UNREADABLE_RETENTION_DAYS", 30))
# A running import batch with no sign of life for this long was left by a process that died
# (the longest commit measured, 200,000 rows, takes about 71 s).
FRONTNET_BATCH_STALE_SECONDS = int(os.environ.get("FRONTNET_BATCH_STALE_SECONDS", 900))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# dd/mm/yyyy typed and shown in every language (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontnet" / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

TASKS = {
    "default": {
        # Inline in development and tests; the database worker where work must leave the request.
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# E-mail from one URL: `console:` (the default: printed), `smtp://user:pass@host:587`
# (STARTTLS on port 587, SSL with `smtps://` or port 465), `file:///path/to/dir` (tests).
EMAIL_URL = os.environ.get("EMAIL_URL", "console:")


def mailer_from_url(url: str) -> dict:
    """Django 6.1's MAILERS entry for an e-mail URL, parsed by dj-email-url."""
    parsed = dj_email_url.parse(url)
    backend = parsed["EMAIL_BACKEND"]
    if url.startswith("file://"):
        # dj-email-url drops the leading slash of an absolute path.
        return {"BACKEND": backend, "OPTIONS": {"file_path": url[len("file://") :]}}
    if not backend.endswith("smtp.EmailBackend"):
        return {"BACKEND": backend}
    use_ssl = parsed["EMAIL_USE_SSL"] or parsed["EMAIL_PORT"] == 465
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "host": parsed["EMAIL_HOST"],
            "port": parsed["EMAIL_PORT"] or 587,
            "username": parsed["EMAIL_HOST_USER"] or "",
            "password": parsed["EMAIL_HOST_PASSWORD"] or "",
            "use_ssl": use_ssl,
            "use_tls": not use_ssl,  # STARTTLS unless the connection is SSL from the start
            "timeout": parsed["EMAIL_TIMEOUT"] or 20,
        },
    }


MAILERS = {"default": mailer_from_url(EMAIL_URL)}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "FrontNet <no-reply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

AUTH_USER_MODEL = "accounts.User"

# Personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP; see docs/architecture.md, "Personal
# data"). Days to carry out a data subject's request, from its receipt. 15 days for withdrawal,
# restriction and objection are Decree 356's (as reported by law firms' summaries); the other
# kinds could not be confirmed from the text here and are settings to check ("*": any kind).
PRIVACY_REQUEST_DAYS = {
    "withdrawal": int(os.environ.get("PRIVACY_DAYS_WITHDRAWAL", 15)),
    "restriction": int(os.environ.get("PRIVACY_DAYS_RESTRICTION", 15)),
    "objection": int(os.environ.get("PRIVACY_DAYS_OBJECTION", 15)),
    "access": int(os.environ.get("PRIVACY_DAYS_ACCESS", 15)),
    "correction": int(os.environ.get("PRIVACY_DAYS_CORRECTION", 15)),
    "deletion": int(os.environ.get("PRIVACY_DAYS_DELETION", 15)),
    "*": int(os.environ.get("PRIVACY_DAYS_OTHER", 15)),
}
# Months after a cadre's end before their personal data is anonymised, for a province that
# has not set its own period on its privacy page (issue #17 asks for 24 by default).
PRIVACY_RETENTION_MONTHS = int(os.environ.get("PRIVACY_RETENTION_MONTHS", 24))
# Hours from a breach's discovery to notifying the authority (72 in Decree 13/2023 and, as
# reported, in Law 91/2025; a setting until checked against the official text).
PRIVACY_BREACH_NOTIFY_HOURS = int(os.environ.get("PRIVACY_BREACH_NOTIFY_HOURS", 72))

# --- API (/api/v1/) --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "frontnet.api.authentication.BearerTokenAuthentication",
        # The browser's session, with CSRF on every write.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["frontnet.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("FRONTNET_API_RATE", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "frontnet.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "frontnet.api.problems.handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FrontNet API",
    "DESCRIPTION": "API của FrontNet: đơn vị, cán bộ, trang cộng đồng, nhập biểu mẫu, "
    "theo dõi và chấm điểm thi đua, cùng phạm vi, quy tắc và nhật ký như giao diện web.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "frontnet.api.schema.add_problem_responses",
    ],
    # Several models have a "status": each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PageStatusEnum": "frontnet.pages.models.PageStatus",
        "BatchStatusEnum": "frontnet.workbooks.models.BatchStatus",
        "FollowStatusEnum": "frontnet.cadres.models.FollowStatus",
        "TargetMeasureEnum": "frontnet.monitoring.models.Measure",
        "CriterionMeasureEnum": "frontnet.scoring.models.Measure",
    },
}

# A shared cache (API rate limits, cached fragments) must be one for every app server:
# Redis in deployment (CACHE_URL=redis://host:6379/0); in-process memory for one server.
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
