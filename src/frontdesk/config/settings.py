"""Frontdesk settings: everything that varies between deployments comes from the environment.

`FRONTDESK_ENV=production` turns on HTTPS-only behaviour and refuses to start without a
`SECRET_KEY`; anything else is a local (development, demo, test) run with a generated key kept
in `var/`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from frontdesk.config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    local_key,
    local_secret,
    var_dir,
)

VAR_DIR = var_dir()
FRONTDESK_ENV = env_str("FRONTDESK_ENV", "local")
PRODUCTION = FRONTDESK_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:  # noqa: PLR2004 - Django's own deploy check threshold
        raise ImproperlyConfigured("SECRET_KEY (50+ characters) is required in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY") or local_secret(VAR_DIR / "secret_key")

DEBUG = env_bool("FRONTDESK_DEBUG") and not PRODUCTION
# Every business's host names (`access.Host`) must be allowed here too; locally every
# `<slug>.localhost` is, which browsers resolve to loopback.
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    [] if PRODUCTION else [".localhost", "localhost", "127.0.0.1", "[::1]", "testserver"],
)
# The hosts of the platform itself (operators' pages, the list of businesses), not of any one
# business; the first is the one links to the platform use.
FRONTDESK_PLATFORM_HOSTS = env_list(
    "FRONTDESK_PLATFORM_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("FRONTDESK_SITE_URL", "http://127.0.0.1:8000")
# A business added without host names answers on `<slug>.<suffix>`.
FRONTDESK_BUSINESS_HOST_SUFFIX = env_str("FRONTDESK_BUSINESS_HOST_SUFFIX", "localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "huey.contrib.djhuey",
    "ninja",
    "frontdesk.core",
    "frontdesk.vault",
    "frontdesk.audit",
    "frontdesk.identity",
    "frontdesk.access",
    "frontdesk.web",
    "frontdesk.messaging",
    "frontdesk.privacy",
    "frontdesk.payments",
    "frontdesk.queues",
    "frontdesk.shop",
    "frontdesk.insights",
    "frontdesk.support",
    "frontdesk.licensing",
    "frontdesk.promotions",
    "frontdesk.misuse",
    "frontdesk.staff",
    "frontdesk.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The header middleware wraps everything that may answer early (static files, the rate
    # limit, the body-size limit), so every response carries the same security headers.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "frontdesk.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "frontdesk.core.middleware.RequestContextMiddleware",
    "frontdesk.web.middleware.TenantMiddleware",
    "frontdesk.vault.middleware.KeyringScopeMiddleware",
    "frontdesk.web.middleware.RateLimitMiddleware",
    "frontdesk.web.middleware.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "frontdesk.licensing.middleware.AuthenticationCookieMiddleware",
    "frontdesk.privacy.middleware.GpcMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontdesk.identity.middleware.SessionTimeoutMiddleware",
    "frontdesk.identity.middleware.AccountGateMiddleware",
    "frontdesk.staff.middleware.SecurityPolicyGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: it sees the answer to every public shop page, and keeps only what QM-15 allows.
    "frontdesk.insights.middleware.VisitMiddleware",
]

ROOT_URLCONF = "frontdesk.config.urls"
WSGI_APPLICATION = "frontdesk.config.wsgi.application"

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
                "frontdesk.web.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontdesk.sqlite3'}")


def _vault_url_default(url: str) -> str:
    """The data keys' own database: `vault.sqlite3` next to a SQLite database, or a database
    named `<name>_vault` on the same PostgreSQL server."""
    if url.startswith("sqlite"):
        return f"sqlite:///{VAR_DIR / 'vault.sqlite3'}"
    base, _, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_vault"


def _database(url: str, test_name: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE transactions take the write lock at BEGIN, so two writers never both read
        # the same "latest" row (the audit chain head, a ticket number) and then collide.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests use a file, not Django's shared in-memory connection: the browser tests' live
        # server answers several requests at once (a long poll and a click), each on its own
        # connection, as in production. One file per test process, so parallel runs never
        # share one.
        config["TEST"] = {"NAME": str(VAR_DIR / f"{test_name}-{os.getpid()}.sqlite3")}
    return config


# The data keys (`frontdesk.vault`) live in a database of their own, so backups of the main one
# hold only ciphertext and erasing a person's key makes every old copy unreadable (FD-2).
DATABASES = {
    "default": _database(DATABASE_URL, "test"),
    "vault": _database(env_str("VAULT_DATABASE_URL") or _vault_url_default(DATABASE_URL), "vault"),
}
DATABASE_ROUTERS = ["frontdesk.vault.router.VaultRouter"]

# Master keys wrap the per-person data keys (newest first, `id:key`); the index key keys the
# blind indexes. Production must set both; local runs generate them once into var/.
if PRODUCTION:
    FRONTDESK_MASTER_KEYS = env_str("FRONTDESK_MASTER_KEYS")
    FRONTDESK_INDEX_KEY = env_str("FRONTDESK_INDEX_KEY")
    if not (FRONTDESK_MASTER_KEYS and FRONTDESK_INDEX_KEY):
        raise ImproperlyConfigured(
            "FRONTDESK_MASTER_KEYS and FRONTDESK_INDEX_KEY are required in production "
            "(generate with `frontdesk vault new-key`)."
        )
else:
    FRONTDESK_MASTER_KEYS = env_str("FRONTDESK_MASTER_KEYS") or local_key(
        VAR_DIR / "master_keys", prefix="local1:"
    )
    FRONTDESK_INDEX_KEY = env_str("FRONTDESK_INDEX_KEY") or local_key(VAR_DIR / "index_key")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate limits, tasks: shared by every worker process --------------------------------
REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "frontdesk",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "frontdesk_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

HUEY = {
    "name": "frontdesk",
    "immediate": env_bool("FRONTDESK_TASKS_IMMEDIATE"),
    "consumer": {"workers": env_int("FRONTDESK_TASK_WORKERS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "tasks.sqlite3")}

# --- Identity ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "identity.User"
LOGIN_URL = "identity:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "frontdesk.identity.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {
        "NAME": "frontdesk.identity.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Lockout (QL-13, FD-4): per account, with a cool-off and an e-mailed unlock link.
AXES_FAILURE_LIMIT = env_int("FRONTDESK_LOCKOUT_FAILURES", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FRONTDESK_LOCKOUT_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
# FD-14: e-mail the owner when their account signs in from a network it never used before.
FRONTDESK_NEW_NETWORK_NOTICE = env_bool("FRONTDESK_NEW_NETWORK_NOTICE", default=True)
AXES_USERNAME_CALLABLE = "frontdesk.identity.lockout.axes_username"
AXES_HANDLER = "frontdesk.identity.lockout.SealedAxesHandler"
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lock, not from the latest refused attempt: an attacker who keeps
# trying cannot keep the owner out indefinitely (FD-4).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "frontdesk.identity.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # every attempt is recorded by identity.LoginAttempt instead
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("FRONTDESK_PROXY_COUNT", 0) or None
# Failed logins per IP address, whatever the account (FD-4): a shared-store rate limit with its
# own, higher threshold than the per-account lockout, so a shared office address is throttled
# rather than locked out. Axes warns (W006) that it does not lock per IP itself: we do that here.
FRONTDESK_LOGIN_RATE_PER_IP = env_str("FRONTDESK_LOGIN_RATE_PER_IP", "60/10m")
# HSTS preload (security.W021) is an operator's opt-in (FRONTDESK_HSTS_PRELOAD): joining the
# browsers' preload list is hard to undo.
# auth.W004: the e-mail address (USERNAME_FIELD) is sealed, so its uniqueness is enforced on its
# blind index (`User.email_index`, unique) and the backend finds accounts by that index.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021", "auth.W004"]

# Sessions (FD-7): idle timeout by cookie age renewed on each request, absolute timeout by
# the login time kept in the session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_NAME = "fd_session"
SESSION_COOKIE_AGE = env_int("FRONTDESK_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
FRONTDESK_SESSION_ABSOLUTE_SECONDS = env_int("FRONTDESK_SESSION_ABSOLUTE_HOURS", 12) * 3600
# The CSRF token lives in the session: the public site then sets one cookie only (IN-6).
CSRF_USE_SESSIONS = True
# Flash messages ride in the session too, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "frontdesk.web.views.csrf_failure"

OTP_TOTP_ISSUER = env_str("FRONTDESK_OTP_ISSUER", "Frontdesk")

# --- HTTP security baseline (QM-3, QM-4, QM-5) ------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FRONTDESK_MAX_BODY_BYTES", 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# Requests per client IP per window, counted in the shared cache (QL-6, QM-3).
FRONTDESK_RATE_LIMIT = env_str("FRONTDESK_RATE_LIMIT", "600/m")
FRONTDESK_RATE_LIMIT_WRITE = env_str("FRONTDESK_RATE_LIMIT_WRITE", "120/m")

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("FRONTDESK_BEHIND_PROXY") else None
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("FRONTDESK_HSTS_PRELOAD")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-fd_session"

FRONTDESK_SECURITY_CONTACT = env_str("FRONTDESK_SECURITY_CONTACT", "mailto:security@example.org")
FRONTDESK_PRIVACY_CONTACT = env_str("FRONTDESK_PRIVACY_CONTACT", "mailto:privacy@example.org")
# Who is responsible for the data (the controller named by /privacy), and the date the published
# policy last changed (YYYY-MM-DD; /privacy and /.well-known/gpc.json show it).
FRONTDESK_SITE_NAME = env_str("FRONTDESK_SITE_NAME", "Frontdesk")
# What a business's home page links to, by module: a dispatcher above the apps (config).
FRONTDESK_HOME_LINKS = "frontdesk.config.home.home_links"
FRONTDESK_PRIVACY_POLICY_DATE = env_str("FRONTDESK_PRIVACY_POLICY_DATE", "2026-11-21")
FRONTDESK_SECURITY_TXT_DAYS = env_int("FRONTDESK_SECURITY_TXT_DAYS", 180)

# --- Messaging --------------------------------------------------------------------------------
FRONTDESK_SMS_BACKEND = env_str("FRONTDESK_SMS_BACKEND", "frontdesk.messaging.sms.OutboxBackend")
FRONTDESK_SMS_HTTP_URL = env_str("FRONTDESK_SMS_HTTP_URL")
FRONTDESK_SMS_ACCOUNT = env_str("FRONTDESK_SMS_ACCOUNT")
FRONTDESK_SMS_TOKEN = env_str("FRONTDESK_SMS_TOKEN")
FRONTDESK_SMS_FROM = env_str("FRONTDESK_SMS_FROM", "Frontdesk")
FRONTDESK_SMS_WEBHOOK_SECRET = env_str("FRONTDESK_SMS_WEBHOOK_SECRET")
# Country code given to national numbers ("07700 900123" → "+447700900123"), without the "+".
FRONTDESK_SMS_COUNTRY_CODE = env_str("FRONTDESK_SMS_COUNTRY_CODE", "44")

# --- Payments (FD-6): the provider's hosted page and signed webhooks; no card reaches us ------
# "demo" (Paydemo, src/paydemo, its own web app) or "stripe". Production has no default: the
# demo takes no real money and is refused there unless FRONTDESK_PAYDEMO_IN_PRODUCTION is set
# (payments.checks); without a provider, checkout is off.
FRONTDESK_PAYMENT_PROVIDER = env_str("FRONTDESK_PAYMENT_PROVIDER", "" if PRODUCTION else "demo")
FRONTDESK_PAYMENT_WEBHOOK_TOLERANCE_SECONDS = 300  # a signature older than this is refused
FRONTDESK_PAYDEMO_URL = env_str(
    "FRONTDESK_PAYDEMO_URL", "" if PRODUCTION else "http://127.0.0.1:8001"
)
FRONTDESK_PAYDEMO_API_KEY = env_str(
    "FRONTDESK_PAYDEMO_API_KEY", "" if PRODUCTION else "paydemo-local-api-key"
)
FRONTDESK_PAYDEMO_WEBHOOK_SECRET = env_str(
    "FRONTDESK_PAYDEMO_WEBHOOK_SECRET", "" if PRODUCTION else "paydemo-local-webhook-secret"
)
FRONTDESK_PAYDEMO_IN_PRODUCTION = env_bool("FRONTDESK_PAYDEMO_IN_PRODUCTION")
FRONTDESK_STRIPE_SECRET_KEY = env_str("FRONTDESK_STRIPE_SECRET_KEY")
FRONTDESK_STRIPE_WEBHOOK_SECRET = env_str("FRONTDESK_STRIPE_WEBHOOK_SECRET")
FRONTDESK_STRIPE_API_URL = env_str("FRONTDESK_STRIPE_API_URL", "https://api.stripe.com")
FRONTDESK_STRIPE_CHECKOUT_ORIGIN = env_str(
    "FRONTDESK_STRIPE_CHECKOUT_ORIGIN", "https://checkout.stripe.com"
)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Frontdesk <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Static files, i18n ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
LANGUAGE_CODE = "en"
TIME_ZONE = env_str("FRONTDESK_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Queues -----------------------------------------------------------------------------------
FRONTDESK_WAIT_SAMPLE = env_int("FRONTDESK_WAIT_SAMPLE", 20)
FRONTDESK_LONG_POLL_SECONDS = env_int("FRONTDESK_LONG_POLL_SECONDS", 20)

# --- Shop -------------------------------------------------------------------------------------
# The cart cookie (JF-2, QM-14): a signed opaque id, kept this many days after the last change
# to the cart (the cart itself is deleted by the retention sweep after as many days). In
# production it is Secure and host-only (`__Host-`), like the session cookie.
FRONTDESK_CART_DAYS = env_int("FRONTDESK_CART_DAYS", 30)
FRONTDESK_CART_COOKIE_NAME = "__Host-fd_cart" if PRODUCTION else "fd_cart"
FRONTDESK_CART_COOKIE_SECURE = PRODUCTION
# An order not paid this many minutes after it was placed is cancelled and its stock returned.
FRONTDESK_ORDER_UNPAID_MINUTES = env_int("FRONTDESK_ORDER_UNPAID_MINUTES", 60)
# The cookie-less order form must come back within this many minutes of being shown.
FRONTDESK_ORDER_FORM_MINUTES = env_int("FRONTDESK_ORDER_FORM_MINUTES", 120)
# Product photos staff upload live under the media root (served by the shop's own view at
# /media/shop/<name>, never as static files); an upload larger than this is refused.
FRONTDESK_MEDIA_ROOT = env_str("FRONTDESK_MEDIA_ROOT", str(VAR_DIR / "media"))
FRONTDESK_SHOP_IMAGE_MAX_BYTES = env_int("FRONTDESK_SHOP_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
# Upload URLs (by URL name) and the largest multipart body each takes, above the
# DATA_UPLOAD_MAX_MEMORY_SIZE every other request is held to: the file plus its form.
FRONTDESK_UPLOAD_URLS = {"shop:staff_product_image_add": FRONTDESK_SHOP_IMAGE_MAX_BYTES + 64 * 1024}

# --- Insights: the shop's traffic, reports, partner figures, promotions (QM-15, QM-17, QM-18) ---
# Page views keep the client's network (/24 or /48) this many days; then it is blanked and the
# day's data key destroyed (the rest of the view, which names no one, stays for trends).
FRONTDESK_RETENTION_VISITS_DAYS = env_int("FRONTDESK_RETENTION_VISITS_DAYS", 90)
# Partner figures: a cell describing fewer customers than this is suppressed (k-anonymity), and
# every cell is one product in one "month" or ISO "week" (one grid, so exports never overlap).
FRONTDESK_PARTNER_MIN_CUSTOMERS = env_int("FRONTDESK_PARTNER_MIN_CUSTOMERS", 10)
FRONTDESK_PARTNER_PERIOD = env_str("FRONTDESK_PARTNER_PERIOD", "month")

# --- Licensing: Infacta's customer area (issue 5) --------------------------------------------
# Release files live here (`frontdesk licensing add-file` copies them in). With a front web server
# (nginx), set the accel prefix to an `internal` location aliasing this directory: the file is
# then sent by the server (X-Accel-Redirect) and no Python worker is held for a large download.
FRONTDESK_DOWNLOADS_ROOT = env_str("FRONTDESK_DOWNLOADS_ROOT", str(VAR_DIR / "downloads"))
FRONTDESK_DOWNLOADS_ACCEL_PREFIX = env_str("FRONTDESK_DOWNLOADS_ACCEL_PREFIX")
# A download link is made when the customer clicks, is bound to them, and lives this long.
FRONTDESK_DOWNLOAD_LINK_SECONDS = env_int("FRONTDESK_DOWNLOAD_LINK_SECONDS", 300)
# Partner purchase notifications: a signature older (or newer) than this is refused (replay).
FRONTDESK_PARTNER_WEBHOOK_TOLERANCE_SECONDS = 300
# The e-mailed link that lets a new customer set their password stays valid this long.
FRONTDESK_WELCOME_LINK_DAYS = env_int("FRONTDESK_WELCOME_LINK_DAYS", 7)
# The area's permanent cookies (greeting name, "Remember this Account") last this long; in
# production they are Secure and `__Secure-` prefixed (they are scoped to /software/, so they
# cannot be `__Host-`).
FRONTDESK_AREA_COOKIE_DAYS = env_int("FRONTDESK_AREA_COOKIE_DAYS", 365)
FRONTDESK_AREA_COOKIE_PREFIX = "__Secure-" if PRODUCTION else ""
FRONTDESK_AREA_COOKIE_SECURE = PRODUCTION
# Download records (time, address, file) feed the customer's history and misuse detection, then
# go; the quota's counters stay. Purchases keep their contact details as long as accounting
# records, then lose them.
FRONTDESK_RETENTION_DOWNLOADS_DAYS = env_int("FRONTDESK_RETENTION_DOWNLOADS_DAYS", 365)
FRONTDESK_RETENTION_PURCHASE_DAYS = env_int("FRONTDESK_RETENTION_PURCHASE_DAYS", 3650)

# --- Promotions and misuse detection (issue 5 §4, §6: IN-9, IN-10, IN-12, IN-23, IN-24) ------
# Misuse detection looks at each account's last FRONTDESK_MISUSE_WINDOW_HOURS: this many distinct
# networks among its sign-ins and downloads is credential sharing; more downloads than
# FRONTDESK_MISUSE_DOWNLOADS is far above any quota's pace; this many promotion registrations
# from one network is abuse of the offer. A finding opens a case for staff; with AUTO_HOLD it
# also puts the account on hold at once (downloads refused until reinstated).
FRONTDESK_MISUSE_NETWORKS = env_int("FRONTDESK_MISUSE_NETWORKS", 4)
FRONTDESK_MISUSE_WINDOW_HOURS = env_int("FRONTDESK_MISUSE_WINDOW_HOURS", 24)
FRONTDESK_MISUSE_DOWNLOADS = env_int("FRONTDESK_MISUSE_DOWNLOADS", 30)
FRONTDESK_MISUSE_PROMOTION_REGISTRATIONS = env_int("FRONTDESK_MISUSE_PROMOTION_REGISTRATIONS", 3)
FRONTDESK_MISUSE_AUTO_HOLD = env_bool("FRONTDESK_MISUSE_AUTO_HOLD")
# Closed misuse cases (evidence as ids and counts, staff notes) are deleted this long after
# they were opened.
FRONTDESK_RETENTION_MISUSE_DAYS = env_int("FRONTDESK_RETENTION_MISUSE_DAYS", 730)
# Promotion registrations keep the registrant's contact details and address this long.
FRONTDESK_RETENTION_PROMOTIONS_DAYS = env_int("FRONTDESK_RETENTION_PROMOTIONS_DAYS", 730)

# --- Support (IN-4, IN-5, IN-13, IN-15, IN-19) ------------------------------------------------
# A resolved request's diagnostics, proofs of purchase, messages and contact details are
# destroyed this many days after it was resolved (the grace period to reopen it); when staff
# suspect fraud, FRONTDESK_SUPPORT_FRAUD_DAYS after it was resolved instead (IN-13).
FRONTDESK_SUPPORT_GRACE_DAYS = env_int("FRONTDESK_SUPPORT_GRACE_DAYS", 7)
FRONTDESK_SUPPORT_FRAUD_DAYS = env_int("FRONTDESK_SUPPORT_FRAUD_DAYS", 365)
# A diagnostic report or proof of purchase is UTF-8 text up to this size; its preview must be
# approved within FRONTDESK_SUPPORT_PREVIEW_MINUTES.
FRONTDESK_SUPPORT_ATTACHMENT_MAX_BYTES = env_int("FRONTDESK_SUPPORT_ATTACHMENT_MAX_BYTES", 200_000)
FRONTDESK_SUPPORT_PREVIEW_MINUTES = env_int("FRONTDESK_SUPPORT_PREVIEW_MINUTES", 60)
# Requests from the public form, and feedback, per client address.
FRONTDESK_SUPPORT_PUBLIC_RATE = env_str("FRONTDESK_SUPPORT_PUBLIC_RATE", "5/h")
FRONTDESK_SUPPORT_FEEDBACK_RATE = env_str("FRONTDESK_SUPPORT_FEEDBACK_RATE", "10/h")

# --- Retention (FD-10): days before the daily sweep deletes or blanks personal data -----------
FRONTDESK_RETENTION_TICKET_DAYS = env_int("FRONTDESK_RETENTION_TICKET_DAYS", 30)
FRONTDESK_RETENTION_SMS_DAYS = env_int("FRONTDESK_RETENTION_SMS_DAYS", 30)
FRONTDESK_RETENTION_LOGIN_ATTEMPTS_DAYS = env_int("FRONTDESK_RETENTION_LOGIN_ATTEMPTS_DAYS", 90)
FRONTDESK_RETENTION_FAILED_LOGINS_DAYS = env_int("FRONTDESK_RETENTION_FAILED_LOGINS_DAYS", 30)
FRONTDESK_RETENTION_EMAIL_DAYS = env_int("FRONTDESK_RETENTION_EMAIL_DAYS", 30)
# Orders are accounting records: their contact, addresses and buyer IP are kept ten years (the
# longest common bookkeeping period), then blanked; the order itself stays without them.
FRONTDESK_RETENTION_ORDER_DAYS = env_int("FRONTDESK_RETENTION_ORDER_DAYS", 3650)
# Unconfirmed announcement-list sign-ups (and addresses that left) are deleted after this.
FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS = env_int("FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS", 7)

# --- Logging: every line carries the request id ------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "frontdesk.core.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("FRONTDESK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR"},
        # The worker (run_huey) adds a handler of its own to a "huey" logger that has none,
        # which printed every line twice: give it ours instead.
        "huey": {"handlers": ["console"], "propagate": False},
    },
}
