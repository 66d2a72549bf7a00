"""Django settings for gongzhi. Everything deployment-specific comes from the environment
(see docs/deploy.md); production mode (DEBUG=false) refuses the development defaults."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gongzhi.core import crypto as _crypto
from gongzhi.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

# Development defaults. They are public, so production mode refuses them.
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me-0123456789abcdef"
DEV_FIELD_KEYS = "dev1:ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLSEhISE="
DEV_INDEX_KEY = "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyYnl0ZXM="

DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
# "kid:base64(32 bytes)" separated by commas; the first key encrypts, all keys decrypt.
GONGZHI_FIELD_KEYS = env("GONGZHI_FIELD_KEYS", DEV_FIELD_KEYS)
# Key of the blind index (HMAC) used to find encrypted values by exact match.
GONGZHI_INDEX_KEY = env("GONGZHI_INDEX_KEY", DEV_INDEX_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
TESTING = envbool("GONGZHI_TESTING", False)
# Set by the `gongzhi` script for makemigrations only (gongzhi.cli.SCHEMA_ONLY_COMMANDS).
SCHEMA_ONLY = envbool("GONGZHI_SCHEMA_ONLY", False)

if not DEBUG and not TESTING and not SCHEMA_ONLY:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "SECRET_KEY is unset or the development default; set a random value of 50+ characters."
        )
    if GONGZHI_FIELD_KEYS == DEV_FIELD_KEYS or DEV_FIELD_KEYS in GONGZHI_FIELD_KEYS:
        raise ImproperlyConfigured(
            "GONGZHI_FIELD_KEYS is unset or holds the development key; "
            "generate one with `gongzhi generate-field-key`."
        )
    if GONGZHI_INDEX_KEY == DEV_INDEX_KEY:
        raise ImproperlyConfigured(
            "GONGZHI_INDEX_KEY is unset or the development default; "
            "generate one with `gongzhi generate-field-key --index`."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) this server answers for.")

# Malformed keys fail at start-up, not at the first read of an encrypted value.
_crypto.parse_keys(GONGZHI_FIELD_KEYS)
_crypto.parse_index_key(GONGZHI_INDEX_KEY)

INSTALLED_APPS = [
    "gongzhi.core.admin_apps.GongzhiAdminConfig",  # django.contrib.admin, scoped (core.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, no CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # gongzhi apps, lowest layer first: apps depend only on those above them in this list.
    "gongzhi.core",
    "gongzhi.org",
    "gongzhi.workdays",
    "gongzhi.registry",
    "gongzhi.access",
    "gongzhi.services",
    "gongzhi.open311",
    "gongzhi.selfgov",
    "gongzhi.cases",
    "gongzhi.civil",
]

MIDDLEWARE = [
    # /open311/ (machine clients, api_key, no cookies) takes a lean stack of its own.
    "gongzhi.open311.middleware.Open311Middleware",
    "gongzhi.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongzhi.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongzhi.core.middleware.AuditContextMiddleware",
    "gongzhi.core.middleware.TwoFactorRequiredMiddleware",
    "gongzhi.core.middleware.PasswordRotationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongzhi.core.hostile_input.HostileInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongzhi.core.middleware.SecurityHeadersMiddleware",
    # AxesMiddleware must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongzhi.urls"
WSGI_APPLICATION = "gongzhi.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongzhi.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'gongzhi.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the task worker run beside a writer.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
    }

TASKS = {"default": {"BACKEND": env("GONGZHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- authentication and security baseline (等保 level 3) ---
AUTHENTICATION_BACKENDS = [
    "gongzhi.core.lockout.LockoutBackend",
    "gongzhi.org.backends.RoleBackend",
]
# Who holds which role where, for core (which sits below org and cannot import it).
GONGZHI_DIRECTORY = "gongzhi.org.directory.OrgDirectory"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("GONGZHI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongzhi.core.passwords.ChinesePasswordValidator"},
]
if envbool("GONGZHI_PASSWORD_CHARACTER_CLASSES", False):
    AUTH_PASSWORD_VALIDATORS.append(
        {"NAME": "gongzhi.core.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}}
    )
# Days an API token lives; 0 = until revoked or the password changes.
GONGZHI_API_TOKEN_DAYS = envint("GONGZHI_API_TOKEN_DAYS", 30)
# Days after which a password must be changed; 0 turns rotation off.
GONGZHI_PASSWORD_MAX_AGE_DAYS = envint("GONGZHI_PASSWORD_MAX_AGE_DAYS", 0)

AXES_FAILURE_LIMIT = envint("GONGZHI_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("GONGZHI_LOCKOUT_MINUTES", 30))
# Lock the (account, address) pair: locking the account itself would let anybody lock anybody
# out with 5 anonymous requests. Guessing from many addresses meets the lighter per-account
# throttle of core.lockout instead.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
GONGZHI_THROTTLE_FAILURES = envint("GONGZHI_THROTTLE_FAILURES", 20)
GONGZHI_THROTTLE_MINUTES = envint("GONGZHI_THROTTLE_MINUTES", 5)
# Proxies in front of the application that append to X-Forwarded-For (nginx as in
# docs/deploy.md: 1). 0 ignores the header. The audit log and axes read the same address.
GONGZHI_TRUSTED_PROXIES = envint("GONGZHI_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "gongzhi.core.middleware.client_ip"
SILENCED_SYSTEM_CHECKS = []
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Idle sessions expire: the expiry is pushed forward on every request.
SESSION_COOKIE_AGE = envint("GONGZHI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Roles that must pass a TOTP second factor before they can do anything.
GONGZHI_OTP_REQUIRED_ROLES = envlist("GONGZHI_OTP_REQUIRED_ROLES", "street_admin")
OTP_TOTP_ISSUER = "gongzhi"

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is the domain owner's decision (it binds every
        # subdomain for a long time), so it stays opt-in and its deploy warning is silenced.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if TESTING:
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False

# --- i18n: Simplified Chinese first, English second; store UTC, show Asia/Shanghai ---
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# Each app keeps its translations in <app>/locale (found automatically).
LOCALE_PATHS: list = []
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gongzhi.core.api_permissions.HashedTokenAuthentication",
        # The browser session counts only once it has passed the second factor.
        "gongzhi.core.api_permissions.OTPSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gongzhi.core.api_permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "gongzhi.core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "gongzhi.core.api.FieldFilterBackend",
        "gongzhi.core.api.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "gongzhi.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "gongzhi.core.api.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gongzhi (共治) API",
    "DESCRIPTION": "Community co-governance: organization, registry, services, access system.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    # `check --deploy` is the security gate; OpenAPI naming warnings are checked on their
    # own (`gongzhi spectacular --validate --fail-on-warn`), not mixed into it.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets sharing a field name ("kind", "status") get distinct, stable names:
    # automatically (core.api_schema), or as named here.
    "POSTPROCESSING_HOOKS": [
        "gongzhi.core.api_schema.postprocess_schema_enums",
        "gongzhi.core.api_schema.postprocess_error_components",
    ],
    "ENUM_NAME_OVERRIDES": {
        # subsets of a model's choices that a serializer accepts
        "RoleEnum": "gongzhi.org.roles.Role",
        "StreetRoleEnum": "gongzhi.org.roles.STREET_ROLES",
        "ReportChannelEnum": "gongzhi.cases.choices.REPORT_CHANNELS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
# Map tiles (none by default: grids on a blank base); CSP img-src gets GONGZHI_MAP_TILE_HOSTS.
GONGZHI_MAP_TILE_URL, GONGZHI_MAP_TILE_HOSTS = (
    env("GONGZHI_MAP_TILE_URL", ""),
    env("GONGZHI_MAP_TILE_HOSTS", ""),
)
# Cases: possible duplicates are the same small class within this distance and window
# (cases.duplicates; one setting for the whole installation).
GONGZHI_DUPLICATE_METRES = envint("GONGZHI_DUPLICATE_METRES", 50)
GONGZHI_DUPLICATE_HOURS = envint("GONGZHI_DUPLICATE_HOURS", 72)
