"""Base settings: every value comes from an environment variable documented in :mod:`.env`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from . import csp, env, oidc

BASE_DIR = Path(__file__).resolve().parent.parent
HOME = env.home()

SECRET_KEY = env.secret_key(HOME)
DEBUG = env.get_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in env.get("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [h.strip() for h in env.get("CSRF_TRUSTED_ORIGINS").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "rules",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "veiligheidsbeeld.core",
    "veiligheidsbeeld.accounts",
    "veiligheidsbeeld.areas",
    "veiligheidsbeeld.frameworks",
    "veiligheidsbeeld.registrations",
    "veiligheidsbeeld.analyses",
    "veiligheidsbeeld.dashboard",
    "veiligheidsbeeld.demo",
    "veiligheidsbeeld.programmes",
    "veiligheidsbeeld.reports",
    "veiligheidsbeeld.cases",
    "veiligheidsbeeld.cyber",
    "veiligheidsbeeld.undermining",
    "veiligheidsbeeld.publicorder",
    "veiligheidsbeeld.public",  # issue 20: the public veiligheidsbeeld
    "veiligheidsbeeld.beheer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "veiligheidsbeeld.accounts.middleware.SecondFactorMiddleware",
    "veiligheidsbeeld.core.middleware.RequestSizeLimitMiddleware",
    "veiligheidsbeeld.accounts.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "veiligheidsbeeld.urls"
WSGI_APPLICATION = "veiligheidsbeeld.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veiligheidsbeeld.core.context_processors.site",
                "veiligheidsbeeld.core.context_processors.domain_modules",
            ],
        },
    }
]

_default_db = "sqlite:///{}".format(HOME / "veiligheidsbeeld.sqlite3")
DATABASES = {"default": dj_database_url.parse(env.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _sqlite_file = Path(str(DATABASES["default"]["NAME"]))
    if _sqlite_file.name not in ("", ":memory:") and _sqlite_file.parent.is_dir():
        env.private_file(_sqlite_file)  # mode 0600 before SQLite creates it (issue 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:overview"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
# The interface is Dutch for every user (no negotiation on the browser language); English is the source language.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = HOME / "uploads"
REPORTS_ROOT = HOME / "reports"
# Uploaded files 0600 and their folders 0700 (issue 15): person data never readable for other local users.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy: everything from the app itself, no inline script (django-csp 4 format); the origin
# of the optional base-map tile service is added to img-src only when it is set (conf/csp.py).
#: Tile URL template of the optional base map; empty (the default) draws no base map and allows no other origin.
TILE_URL = env.get("VEILIGHEIDSBEELD_TILE_URL") or env.get("VEILIGHEIDSBEELD_BASEMAP_URL")
TILE_ATTRIBUTION = csp.tile_attribution(TILE_URL, env.get("VEILIGHEIDSBEELD_TILE_ATTRIBUTION"))
CONTENT_SECURITY_POLICY = csp.content_security_policy(TILE_URL)

DISCLOSURE_THRESHOLD = int(env.get("VEILIGHEIDSBEELD_DISCLOSURE_THRESHOLD"))
#: Processes for the hot spot statistics of an analysis run (one theme per task).
ANALYSIS_WORKERS = max(1, int(env.get("VEILIGHEIDSBEELD_ANALYSIS_WORKERS")))
DISCLOSURE_METHOD = env.get("VEILIGHEIDSBEELD_DISCLOSURE_METHOD")
DISCLOSURE_ROUNDING_BASE = 5
NATIONAL_TRENDS_DIR = env.get("VEILIGHEIDSBEELD_NATIONAL_TRENDS_DIR")  # reports: national comparison lines
PROVINCIES = env.get("VEILIGHEIDSBEELD_PROVINCIES")  # comparison lines: GM0014:PV20 ...
REGIONALE_EENHEDEN = env.get("VEILIGHEIDSBEELD_REGIONALE_EENHEDEN")  # E33 comparison: GM0014:RE01 ...
PEER_GEMEENTEN = env.get("VEILIGHEIDSBEELD_PEER_GEMEENTEN")  # comparison lines: GM0014:GM0363,GM0599 ...
CBS_ODATA_URL = env.get("VEILIGHEIDSBEELD_CBS_ODATA_URL")  # fetch statline: politie tables (dataderden)
CBS_OPENDATA_URL = env.get("VEILIGHEIDSBEELD_CBS_OPENDATA_URL")  # fetch areas: KWB regions and inhabitants
PDOK_URL = env.get("VEILIGHEIDSBEELD_PDOK_URL")  # fetch areas: boundaries

# Security and privacy core (issue 6; docs/explanation/privacy-and-security.md).
AUTHENTICATION_BACKENDS = [
    "veiligheidsbeeld.accounts.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Optional OpenID Connect log-in (docs/how-to/oidc-login.md): only existing accounts, roles never from claims.
globals().update(oidc.settings_from_env())
if OIDC_ENABLED:  # noqa: F821 - set by the line above
    AUTHENTICATION_BACKENDS.insert(1, oidc.BACKEND)
OTP_REQUIRED_ROLES = [r.strip() for r in env.get("VEILIGHEIDSBEELD_OTP_REQUIRED_ROLES").split(",") if r.strip()]
OTP_TOTP_ISSUER = "Veiligheidsbeeld"
AXES_FAILURE_LIMIT = int(env.get("VEILIGHEIDSBEELD_LOGIN_FAILURE_LIMIT"))
AXES_COOLOFF_TIME = 0.5  # hours
# Lock-out keys on the account and, separately, on the address (issue 15): guessing one password from many
# addresses, or many accounts from one address, both stop. The address is the client's as configured by
# VEILIGHEIDSBEELD_TRUSTED_PROXY_COUNT (docs/explanation/privacy-and-security.md).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
TRUSTED_PROXY_COUNT = int(env.get("VEILIGHEIDSBEELD_TRUSTED_PROXY_COUNT"))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Lock-out guards password guessing; an OpenID Connect callback carries no password (the provider guards those).
AXES_WHITELIST_CALLABLE = "veiligheidsbeeld.accounts.backends.is_oidc_callback"
PSEUDONYM_KEY = env.get("VEILIGHEIDSBEELD_PSEUDONYM_KEY")
PSEUDONYM_KEY_FILE = env.get("VEILIGHEIDSBEELD_PSEUDONYM_KEY_FILE")
FIELD_KEY = env.get_secret("VEILIGHEIDSBEELD_FIELD_KEY")  # core.encryption; generated into HOME when empty
BEVRIJDINGSDAG = env.get("VEILIGHEIDSBEELD_BEVRIJDINGSDAG")  # core.calendar: yearly | lustrum | never
EXTRA_HOLIDAYS = [d for d in env.get("VEILIGHEIDSBEELD_EXTRA_HOLIDAYS").split(",") if d.strip()]
# Keyed audit chain (issue 15; docs/adr/0010-keyed-audit-chain.md): the key ring never lives in the database.
AUDIT_KEY = env.get("VEILIGHEIDSBEELD_AUDIT_KEY")
AUDIT_KEY_FILE = env.get("VEILIGHEIDSBEELD_AUDIT_KEY_FILE", "")  # "" = HOME/audit_keys
OTP_SEED_KEY = env.get("VEILIGHEIDSBEELD_OTP_SEED_KEY")
OTP_SEED_KEY_FILE = env.get("VEILIGHEIDSBEELD_OTP_SEED_KEY_FILE", "")  # "" = HOME/otp_seed_key
# Size limits on input (issue 15; core/limits.py), checked before anything is expanded in memory.
UPLOAD_MAX_BYTES = int(float(env.get("VEILIGHEIDSBEELD_UPLOAD_MAX_MB")) * 1024 * 1024)
API_MAX_BYTES = int(float(env.get("VEILIGHEIDSBEELD_API_MAX_MB")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BYTES  # request bodies other than files (the API's JSON)
MAPPING_MAX_BYTES = int(float(env.get("VEILIGHEIDSBEELD_MAPPING_MAX_KB")) * 1024)
XLSX_MAX_CELLS = int(env.get("VEILIGHEIDSBEELD_XLSX_MAX_CELLS"))
ZIP_MAX_MEMBER_BYTES = int(float(env.get("VEILIGHEIDSBEELD_ZIP_MAX_MEMBER_MB")) * 1024 * 1024)
ZIP_MAX_RATIO = int(env.get("VEILIGHEIDSBEELD_ZIP_MAX_RATIO"))
BOUNDARY_MAX_VERTICES = int(env.get("VEILIGHEIDSBEELD_BOUNDARY_MAX_VERTICES"))
RETENTION_DAYS = {
    "audit_events": int(env.get("VEILIGHEIDSBEELD_RETENTION_AUDIT_DAYS")),
    "rejected_rows": int(env.get("VEILIGHEIDSBEELD_RETENTION_REJECTED_ROWS_DAYS")),
    "person_references": int(env.get("VEILIGHEIDSBEELD_RETENTION_PERSON_REFERENCES_DAYS")),
    "uploads": int(env.get("VEILIGHEIDSBEELD_RETENTION_UPLOADS_DAYS")),
}
PROCESSING_REGISTER = env.get("VEILIGHEIDSBEELD_PROCESSING_REGISTER")

# Background tasks (django-tasks; docs/how-to/retention-schedule.md): `veiligheidsbeeld worker` runs them and
# enqueues the scheduled retention run every RETENTION_INTERVAL_HOURS.
TASKS = {"default": {"BACKEND": env.get("VEILIGHEIDSBEELD_TASK_BACKEND")}}
RETENTION_INTERVAL_HOURS = float(env.get("VEILIGHEIDSBEELD_RETENTION_INTERVAL_HOURS"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "veiligheidsbeeld.accounts.api.HasTokenScope",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "veiligheidsbeeld.accounts.api.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # JSON only (issue 21): no browsable HTML API; partner developers read /api/docs/ (docs/adr/0003).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Per token and per account (issue 15); 429 with Retry-After. Rates: API_THROTTLE_RATES below.
    "DEFAULT_THROTTLE_CLASSES": [
        "veiligheidsbeeld.accounts.api.TokenRateThrottle",
        "veiligheidsbeeld.accounts.api.UserRateThrottle",
    ],
}
API_THROTTLE_RATES = {
    "token": env.get("VEILIGHEIDSBEELD_API_RATE_TOKEN"),
    "user": env.get("VEILIGHEIDSBEELD_API_RATE_USER"),
}
#: Requests per client address on the public pages (issue 20, veiligheidsbeeld.public.throttle).
PUBLIC_RATE_LIMIT = env.get("VEILIGHEIDSBEELD_PUBLIC_RATE")
SPECTACULAR_SETTINGS = {
    "TITLE": "Veiligheidsbeeld API",
    "DESCRIPTION": "Areas, themes and safety indicators of Dutch municipalities.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {  # cyber (issue 19): its own names, so other apps' enum names stay as they were
        "IncidentCategoryEnum": "veiligheidsbeeld.cyber.choices.IncidentCategory",
        "ImpactEnum": "veiligheidsbeeld.cyber.choices.Impact",
        "IncidentStatusEnum": "veiligheidsbeeld.cyber.choices.IncidentStatus",
        "CategoryEnum": "veiligheidsbeeld.analyses.models.HotSpotCategory",  # the name it had before
        # publicorder (issue 17): own names, so the KPIs keep KindEnum
        "KindEnum": "veiligheidsbeeld.programmes.choices.KpiKind",
        "DemonstrationKindEnum": "veiligheidsbeeld.publicorder.choices.DemonstrationKind",
        "EventKindEnum": "veiligheidsbeeld.publicorder.choices.EventKind",
        "YouthPriorityEnum": "veiligheidsbeeld.publicorder.choices.YouthPriority",
        "DecisionKindEnum": "veiligheidsbeeld.publicorder.choices.DecisionKind",
        # cases (issue 16): their own names, so that the older "status" and "category" enums keep theirs
        "CaseStatusEnum": "veiligheidsbeeld.cases.choices.Status",
        "DisclosureCategoryEnum": "veiligheidsbeeld.cases.choices.Category",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"veiligheidsbeeld": {"handlers": ["console"], "level": env.get("LOG_LEVEL")}},
}
