"""Settings of the WCR platform, all from the environment.

Every value can also be given as ``NAME_FILE`` (a path whose content is the value), for secrets
mounted as files. Bad values fail loudly, naming the variable. Without ``DEBUG=true`` the platform
refuses an insecure configuration (see ``_refuse_insecure``).
"""

from __future__ import annotations

import hmac
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value, or the content of the file named by ``NAME_FILE``, or ``default``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def mailers_from_url(url: str) -> dict[str, dict[str, Any]]:
    """Translate ``EMAIL_URL`` (``smtp://user:pass@host:port``, ``smtp+tls://…``, ``smtps://…``,
    ``console://``, ``memory://``) into Django's ``MAILERS`` setting."""
    parts = urlsplit(url)
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "memory": "django.core.mail.backends.locmem.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not supported: use one of {', '.join(backends)}."
        )
    options: dict[str, object] = {}
    if parts.scheme.startswith("smtp"):
        query = parse_qs(parts.query)
        try:
            port = parts.port or 25
            timeout = int(query.get("timeout", ["10"])[0])
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"EMAIL_URL has an invalid port or timeout: {url!r}"
            ) from exc
        options = {
            "host": parts.hostname or "localhost",
            "port": port,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtps",
            "timeout": timeout,
        }
    return {"default": {"BACKEND": backends[parts.scheme], "OPTIONS": options}}


# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
# Demo mode: seeded demo accounts with one known password, second factor optional. Never in
# production: refused without DEBUG.
DEMO_MODE = env_bool("DEMO_MODE", False)
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "")
SECRET_KEY = env_str("SECRET_KEY", "") or ""
# Earlier keys, comma-separated (also _FILE): sessions, reset links and queued mail made under them
# stay valid while a new SECRET_KEY is rolled out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")


def _refuse_insecure() -> None:
    if DEBUG:
        return
    problems = []
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        problems.append("SECRET_KEY (at least 50 random characters)")
    if DEMO_MODE:
        problems.append("DEMO_MODE (must be false outside DEBUG)")
    if DEMO_PASSWORD:
        problems.append("DEMO_PASSWORD (demo passwords are not allowed outside DEBUG; unset it)")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS (the host names the platform is served under)")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with an insecure configuration (DEBUG is false). Set: "
            + "; ".join(problems)
        )


_refuse_insecure()

# --- ESF+ reporting ------------------------------------------------------------------------------

# Keys for the GDPR Art. 9 items of the ESF+ participant data (disability, minority): base64url
# AES keys (16 or 32 bytes), comma-separated, newest first (also ESF_FIELD_KEYS_FILE). New values are
# sealed under the first; older keys still open what they sealed until `reencrypt_participants`
# has run (docs/reporting.md). Unset: one key derived from SECRET_KEY (demo and tests).
ESF_FIELD_KEYS = env_list("ESF_FIELD_KEYS", [])
# A case counts its person as an ESF+ participant from this many hours of counselling contacts;
# below, the person is one of the "other persons reached" (shared/specs/esf-indicators.md).
ESF_PARTICIPANT_MIN_HOURS = env_int("ESF_PARTICIPANT_MIN_HOURS", 2)
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production-0123456789"  # noqa: S105

# --- Audit chain ---------------------------------------------------------------------------------
# The audit trail and access log are chained with HMAC-SHA-256 under a key kept outside the
# database. AUDIT_CHAIN_KEY is "ID:SECRET", the key that signs new entries; AUDIT_CHAIN_OLD_KEYS
# lists retired keys ("ID:SECRET,ID:SECRET"), kept only to verify the entries they signed.
# AUDIT_CHAIN_KEYS maps each key id to its secret, the signing key first.

_AUDIT_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
_AUDIT_KEY_HELP = (
    '"ID:SECRET" with an ID of letters, digits, - or _ (at most 16) and a SECRET of at least '
    "32 characters without commas or spaces, e.g. "
    "k1:$(python -c 'import secrets; print(secrets.token_urlsafe(32))')"
)


def audit_chain_keys(current: str, old: str) -> dict[str, bytes]:
    """Parse AUDIT_CHAIN_KEY and AUDIT_CHAIN_OLD_KEYS into {key id: secret}, current first."""
    keys: dict[str, bytes] = {}
    items = [("AUDIT_CHAIN_KEY", current)] + [
        ("AUDIT_CHAIN_OLD_KEYS", item.strip()) for item in old.split(",") if item.strip()
    ]
    for name, item in items:
        key_id, colon, secret = item.partition(":")
        if not colon or not _AUDIT_KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(f"{name}: {item[:20]!r}… is not {_AUDIT_KEY_HELP}.")
        if len(secret) < 32 or any(char in secret for char in ", \t\n"):
            raise ImproperlyConfigured(
                f"{name}: the secret of key {key_id!r} is not {_AUDIT_KEY_HELP}."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{name}: key id {key_id!r} is given twice.")
        keys[key_id] = secret.encode()
    return keys


_audit_chain_key = env_str("AUDIT_CHAIN_KEY", "") or ""
if not _audit_chain_key:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Refusing to start with an insecure configuration (DEBUG is false). Set: "
            f"AUDIT_CHAIN_KEY (or AUDIT_CHAIN_KEY_FILE), {_AUDIT_KEY_HELP}"
        )
    # Development and demo only: a key derived from SECRET_KEY, so the demo needs no setting.
    _audit_chain_key = (
        "dev:" + hmac.new(SECRET_KEY.encode(), b"wcr audit chain", "sha256").hexdigest()
    )
AUDIT_CHAIN_KEYS = audit_chain_keys(_audit_chain_key, env_str("AUDIT_CHAIN_OLD_KEYS", "") or "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "wcr.core",
    "wcr.accounts",
    "wcr.privacy",
    "wcr.region",
    "wcr.cases",
    "wcr.api",
    "wcr.navigator",
    "wcr.partners",
    "wcr.portal",
    "wcr.referrals",
    "wcr.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wcr.core.middleware.staff_language_middleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 for GET answers that may be stored (never with no-store: the staff area).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wcr.core.middleware.session_lifetime_middleware",
    "wcr.core.middleware.second_factor_middleware",
    "wcr.accounts.middleware.membership_middleware",
    "wcr.core.middleware.staff_cache_control_middleware",
    "wcr.core.middleware.method_not_allowed_middleware",
]

ROOT_URLCONF = "wcr.urls"
WSGI_APPLICATION = "wcr.wsgi.application"
ASGI_APPLICATION = "wcr.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wcr.core.context_processors.platform",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", "") or f"sqlite:///{DATA_DIR / 'wcr.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE transactions serialise writers up front, so the hash chains of the audit trail
    # and access log never fork and concurrent writers wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too (not shared-cache memory), so concurrent writers behave as in
    # production; one per test process, so two test runs in one checkout never collide.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (rate limits, throttled logins) that works across processes without a server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wcr_cache",
    }
}

# Public pages that are the same for every visitor (wcr/core/public_cache.py): seconds a browser
# may keep them (0 = no caching), and whether the rendered page is also kept in CACHES["default"].
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 300)
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail"],
    }
}
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)
TASK_RETRY_BASE_SECONDS = env_int("TASK_RETRY_BASE_SECONDS", 60)

# --- Authentication -------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:home"

ACCOUNT_ADAPTER = "wcr.accounts.adapter.StaffAccountAdapter"
ACCOUNT_FORMS = {"login": "wcr.accounts.forms.StaffLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # Failed logins: per IP and per account; on reaching the limit allauth refuses further
    # attempts with a message until the window has passed.
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "WCR Rheinisches Revier")
MFA_RECOVERY_CODE_COUNT = 10

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Inactivity timeout: the session expires this many seconds after the last request.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
# Absolute lifetime: a session ends this many seconds after login, however active.
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_LIFETIME", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security -------------------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# models.W040: SQLite ignores the INCLUDE columns of a covering index (the ESF+ report's sealed
# items, wcr/reporting/models.py); the index still serves as a plain partial index there.
SILENCED_SYSTEM_CHECKS: list[str] = ["models.W040"]

# --- Mail -----------------------------------------------------------------------------------------

MAILERS = mailers_from_url(
    env_str("EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25") or ""
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "WCR <no-reply@welcome-rheinisches-revier.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages and time ---------------------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("tr", _("Turkish")),
]
# The staff area speaks German and English; the public portal and the navigator all of LANGUAGES.
STAFF_LANGUAGES = ("de", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# Dates in the reader's language; wcr/formats/ overrides Django's where they do not fit (English
# day first: "1 December 2026"; input formats that match each date field's hint).
FORMAT_MODULE_PATH = ["wcr.formats"]
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Serve static files straight from their sources (no collectstatic): development and tests.
STATIC_FROM_FINDERS = env_bool("STATIC_FROM_FINDERS", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_FINDERS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = STATIC_FROM_FINDERS
WHITENOISE_AUTOREFRESH = STATIC_FROM_FINDERS

# --- Documents ------------------------------------------------------------------------------------

# Largest accepted upload; files are stored below DATA_DIR/documents, outside the web root.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Public navigator API: requests per client address and minute (0 switches the limit off).
NAVIGATOR_RATE_LIMIT = env_int("NAVIGATOR_RATE_LIMIT", 60)
# The navigator's PDF (about a second of CPU each): downloads per client address and minute.
NAVIGATOR_PDF_RATE_LIMIT = env_int("NAVIGATOR_PDF_RATE_LIMIT", 10)
# Public portal API: requests per client address and hour (0 switches the limit off).
PORTAL_RATE_LIMIT = env_int("PORTAL_RATE_LIMIT", 300)
# Requests for counselling: the reference's prefix (``WCR-2026-00042``) and how many days a
# request never accepted is kept (``purge_portal_requests``, daily).
PORTAL_REFERENCE_PREFIX = env_str("PORTAL_REFERENCE_PREFIX", "WCR")
PORTAL_REQUEST_RETENTION_DAYS = env_int("PORTAL_REQUEST_RETENTION_DAYS", 90)
# The address links in mails start with (a booking's manage link, sent also by the worker):
# by default the first of ALLOWED_HOSTS over https (http://localhost:8000 in development).
SITE_URL = (
    env_str("SITE_URL", "")
    or ("http://localhost:8000" if DEBUG else f"https://{(ALLOWED_HOSTS or ['localhost'])[0]}")
).rstrip("/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Region ---------------------------------------------------------------------------------------

# District keys (Kreisschlüssel) inside the network's service area. Kreis Euskirchen (05366)
# belongs to the Rheinisches Revier but not to the JTF area, so it is outside by default.
SERVICE_AREA_DISTRICTS = env_list(
    "SERVICE_AREA_DISTRICTS", ["05334", "05358", "05370", "05362", "05162", "05116"]
)

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs each layout step and fontTools each subset at INFO (wcr.core.pdf).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
