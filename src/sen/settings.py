"""SEN settings. Everything that differs per deployment comes from the environment
through the typed helpers in `sen.core.env`; see `.env.example` for the list.

SEN_ENV selects the defaults:
- demo (default): embedded SQLite in var/, demo mail outbox, for `make demo`;
- test: fast hashing, in-memory SQLite unless DATABASE_URL is set, tasks run inline;
- production: PostgreSQL expected, secure cookies, HSTS; SECRET_KEY and ALLOWED_HOSTS required.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from sen.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the repository root
SRC_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("SEN_VAR_DIR", str(BASE_DIR / "var")))

SEN_ENV = env_choice("SEN_ENV", "demo", ("demo", "test", "production"))
PRODUCTION = SEN_ENV == "production"
TESTING = SEN_ENV == "test"
DEMO = SEN_ENV == "demo"

DEBUG = env_bool("DEBUG", False)

_insecure_key = "sen-demo-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _insecure_key)
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY must be set to at least 50 random characters in production"
    )
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) in production")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production: it shows stack traces")
    if not env_str("DATABASE_URL"):
        raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "sen.core",
    "sen.audit",
    "sen.accounts",
    "sen.network",
    "sen.catalogue",
    "sen.placements",
    "sen.agreements",
    "sen.logbook",
    "sen.assessment",
    "sen.portfolio",
    "sen.messaging",
]

MIDDLEWARE = [
    "sen.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sen.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sen.core.middleware.ActorMiddleware",
    "sen.accounts.middleware.MfaRequiredMiddleware",
    "sen.core.middleware.PrivateCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sen.urls"
WSGI_APPLICATION = "sen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sen.core.context_processors.sen",
                "sen.messaging.context_processors.unread",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
_default_db_url = "sqlite:///:memory:" if TESTING else f"sqlite:///{VAR_DIR / 'demo.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", _default_db_url)
if DEMO and not env_str("DATABASE_URL"):
    # A fresh clone has no var/ yet; SQLite cannot create the folder itself.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
_db = parse_database_url(DATABASE_URL, base_dir=BASE_DIR)
# Persistent connections: without them every request pays for a new connection
# (measured: 147 vs 1472 req/s on PostgreSQL, see STACK-NOTES).
_db["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0 if TESTING else 600)
_db["CONN_HEALTH_CHECKS"] = True
_db["ATOMIC_REQUESTS"] = False
if _db["ENGINE"].endswith("postgresql"):
    _db["TEST"] = {"NAME": env_str("SEN_TEST_DB_NAME", f"test_{_db['NAME']}")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tasks --------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING and not env_bool("SEN_TEST_DB_TASKS", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create thousands of users; the real hasher is tested in tests/accounts.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# OWASP ASVS 5.0: 6.2.1 at least 8 (15 recommended), 6.2.9 at least 64 allowed,
# 6.2.5 no composition rules, 6.2.4/6.2.12 common and breached passwords, 6.2.11 context words.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "sen.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "sen.accounts.passwords.ContextWordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# django-axes: lock the (user, IP) pair, not the account, so nobody can lock a
# colleague out from elsewhere; the lock lifts by itself after a short cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind a reverse proxy, SEN_TRUSTED_PROXY_COUNT says how many proxies append to
# X-Forwarded-For; the client is the entry that many hops from the right. Without
# it only REMOTE_ADDR counts, so clients cannot spoof their address (ASVS 4.1.3).
SEN_TRUSTED_PROXY_COUNT = env_int("SEN_TRUSTED_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = SEN_TRUSTED_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if SEN_TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Sessions: absolute lifetime 12 h, idle timeout 30 min (ASVS 7.3.1/7.3.2).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SEN_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SEN_SESSION_IDLE_SECONDS = env_int("SEN_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Two-factor authentication is mandatory for staff roles. The demo turns the
# enforcement off so that visitors can click through with printed logins; it is
# on everywhere else and tested.
SEN_MFA_REQUIRED_FOR_STAFF = env_bool("SEN_MFA_REQUIRED_FOR_STAFF", not DEMO)
if PRODUCTION and not SEN_MFA_REQUIRED_FOR_STAFF:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Two-factor authentication for staff cannot be off in production")
OTP_TOTP_ISSUER = "SEN"

# --- Security headers ---------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [SRC_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- E-mail -------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SEN <no-reply@sen.example>")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "sen.core.mail.OutboxBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", PRODUCTION)
SEN_BASE_URL = env_str("SEN_BASE_URL", "http://127.0.0.1:8000")

# --- Logging: no personal data in logs (ASVS 16.2.5) ---------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sen.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "WARNING" if TESTING else "INFO"),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}

SEN_INVITATION_DAYS = env_int("SEN_INVITATION_DAYS", 14)
# Days a company has to decline a student after an allocation is published.
SEN_PLACEMENT_DECLINE_DAYS = env_int("SEN_PLACEMENT_DECLINE_DAYS", 10)
