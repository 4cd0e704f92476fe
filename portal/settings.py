"""Settings of the partnership portal, read from the environment only (see .env.example).

Like healthchecks' settings: one file, typed helpers that fail loudly on bad values, the secure
settings switched on whenever DEBUG is off.
"""

import datetime
from email.utils import getaddresses
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.email_url import email_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is a convenience for developers; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY in the environment "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site (portal.admin_tools.PortalAdminSite)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "axes",
    # Log-in, two-step log-in (TOTP, passkeys, recovery codes) and single sign-on (OIDC): django-allauth.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "portal",
    "accounts",
    "partners",
    "evaluations",
    # Communication between FIT and the partners, above the domain (portal/tests/test_layers.py).
    "conversations",
    "library",
    "announcements",
    "surveys",
    "budgets",
    "notifications",
    "dashboards",
    "api",
    "rest_framework",
    "drf_spectacular",
    "django_celery_beat",
    # On top of the domain: the demo data, and the benchmark commands with the data sets they build.
    "demo",
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.middleware.IntegrityErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a public page (portal.public) leaves without the session's or CSRF's cookies.
    "portal.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Who must log in in two steps and has no second factor yet can only enrol one (or log out).
    "accounts.middleware.SecondFactorRequiredMiddleware",
    # Under DEBUG (make run): the portal's own 404 page for all but a superuser, not Django's technical one.
    "portal.middleware.PortalNotFoundMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the portal's own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "conversations.context_processors.unread",
            ],
        },
    },
]

# The embedded default is a SQLite file in the project folder; CI and production use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Django's connection pool (psycopg 3's), an option for production: each process keeps up to this many
# connections open and lends them per request, instead of one persistent connection per thread
# (CONN_MAX_AGE, which pooling replaces). 0: off.
DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
if DATABASE_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_MAX_SIZE,
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# The cache (password-reset throttle): shared in Redis across processes and hosts when there is one.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a log-in while its user name and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    # The portal's rule for a username or e-mail (django-allauth's log-in form hands it the typed name).
    "accounts.backends.UsernameOrEmailBackend",
]
# Log-in throttling (django-axes): after 5 failures for the same account from the same address, that
# pair is locked out for 15 minutes with a clear message (accounts.views.locked_out). The account is the
# one a typed name or e-mail means, in any case (accounts.backends.lockout_username), so every spelling
# shares one counter; an unknown name counts under its lower-cased spelling.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
# The number of trusted reverse proxies in front (nginx: 1), so the client's address is read right.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_ip"
AXES_VERBOSE = False

# Sessions end when the browser closes, or after SESSION_IDLE_MINUTES without a request.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_SAVE_EVERY_REQUEST = True
# Argon2id first (portal/hashers.py); PBKDF2 hashes made before keep working and upgrade at the next log-in.
PASSWORD_HASHERS = [
    "portal.hashers.OWASPArgon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-allauth (docs/deploy.md, "Log-in"): its log-in view with the portal's form (a username or an
# e-mail, the lock-out of django-axes above), its two-step log-in and its OpenID Connect provider for FIT
# staff. Nobody signs up: FIT creates the accounts (accounts.adapters.AccountAdapter).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
# django-axes counts and locks failed log-ins (one counter per account, one message): allauth's own
# counters for the log-in are off, its others (reauthentication, two-step codes) stay.
ACCOUNT_RATE_LIMITS = {"login": False, "login_failed": False}
ACCOUNT_USER_DISPLAY = "accounts.adapters.display_name"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="FIT partnerportaal")
# "Trust this browser": no second step on this browser for 30 days.
MFA_TRUST_ENABLED = True
MFA_TRUST_COOKIE_AGE = datetime.timedelta(days=30)
# Addresses of e-mail are not verified by allauth here: FIT enters them when it makes the account.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Single sign-on for FIT staff over OpenID Connect (docs/deploy.md: Microsoft Entra ID). Off unless
# OIDC_SERVER_URL is set: then the log-in page offers "With your FIT account". Users are matched to
# existing FIT accounts by e-mail (accounts.adapters.SocialAccountAdapter), never created.
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # the log-in starts with a POST (CSRF), not by following a link
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="").rstrip("/")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="FIT (Microsoft Entra ID)")
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] = [
        {
            "provider_id": "fit",
            "name": OIDC_PROVIDER_NAME,
            "client_id": env.str("OIDC_CLIENT_ID"),  # required with OIDC_SERVER_URL: fails loudly without
            "secret": env.str("OIDC_CLIENT_SECRET"),
            "settings": {
                "server_url": OIDC_SERVER_URL,
                "token_auth_method": env.str("OIDC_TOKEN_AUTH_METHOD", default="client_secret_post"),
                "oauth_pkce_enabled": True,
                "scope": ["openid", "email", "profile"],
            },
        }
    ]

# Dutch (Belgium) first, English second.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# The portal's own catalogue first; then the Dutch for third-party admin pages whose packages have none
# (django-celery-beat, django-simple-history) or miss strings of the installed version (Django's admin).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FIRST_DAY_OF_WEEK = 1  # Monday

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Front-end assets are the portal's own, never a CDN: Bootstrap's published built files are committed in
# static/vendor/bootstrap with their version and checksums (its README.md).
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private uploads (agreements, evidence): never served as a public URL, only through authorised views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media-not-public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_CONFIG = email_config(env.str("EMAIL_URL", default="consolemail://"), base_dir=BASE_DIR)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="FIT partnerportaal <partners@fitagency.be>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets a mail for every server error (Django's mail_admins handler, when DEBUG is off):
# "Name <address>, Other <address>".
ADMINS = [(name or address, address) for name, address in getaddresses([env.str("ADMINS", default="")]) if address]
# The address of the portal as users reach it, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, today

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# django-import-export: an import is one transaction, so a bad row imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Whenever DEBUG is off, the portal runs as in production: HTTPS only, secure cookies, HSTS.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Nothing inline, nothing from elsewhere (portal.middleware). Bootstrap's icons are data: SVGs.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer or container check asks over plain http
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The read-only API for FIT's reporting tools (api app): personal tokens (or the browser's session, for
# trying it), every list paginated, one rate per user.
API = {"RATE": env.str("API_RATE", default="2000/hour")}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FIT partnerportaal API",
    "DESCRIPTION": "Read-only: what the portal's dashboards show, scoped like the portal. "
    "Authenticate with a personal token: `Authorization: Bearer fitp_…` (made on /api/tokens/).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}

# Error monitoring (portal/monitoring.py): on when SENTRY_DSN is set; nothing personal is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from portal.monitoring import init_sentry

    init_sentry(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# Domain settings, in one place.
PORTAL = {
    # A volume KPI is achieved at 100 %, "amber" from this share on (see evaluations.models.KPIResult).
    "ACHIEVEMENT_GREEN": env.int("ACHIEVEMENT_GREEN", default=100),
    "ACHIEVEMENT_AMBER": env.int("ACHIEVEMENT_AMBER", default=80),
    # KPI results of year N are due on this (month, day) of year N+1, unless a report says otherwise.
    "KPI_REPORT_DEADLINE": (3, 31),
    # The escalation chain of a late report: overdue notice the day after the deadline, managers N days later.
    "KPI_ESCALATION_DAYS": 14,
    # A submitted report waiting this many working days reminds its account manager; the managers after
    # VALIDATION_ESCALATION_WORKING_DAYS.
    "VALIDATION_REMINDER_WORKING_DAYS": 10,
    "VALIDATION_ESCALATION_WORKING_DAYS": 15,
    # Two actions in the same country overlap when their dates are this many days apart or closer
    # (evaluations.querysets.ActionQuerySet.overlapping): the proposer is warned before submitting.
    "ACTION_OVERLAP_DAYS": env.int("ACTION_OVERLAP_DAYS", default=30),
    # Two-step log-in (accounts.middleware.SecondFactorRequiredMiddleware): FIT staff, the admin and
    # superusers must enrol a second factor; partner users only when MFA_REQUIRED_FOR_PARTNERS is on
    # (off in the demo, on in the production example .env.example).
    "MFA_REQUIRED_FOR_STAFF": env.bool("MFA_REQUIRED_FOR_STAFF", default=True),
    "MFA_REQUIRED_FOR_PARTNERS": env.bool("MFA_REQUIRED_FOR_PARTNERS", default=False),
}

# The outbox (notifications app): how often a failing message is retried, and after how long.
OUTBOX = {
    "MAX_ATTEMPTS": env.int("OUTBOX_MAX_ATTEMPTS", default=5),
    "BACKOFF_SECONDS": [60, 300, 1800, 3600],
    # A row claimed by a worker that died is offered again after this long.
    "STUCK_AFTER_SECONDS": 900,
    "BATCH": 200,
    # `/healthz` answers 503 when beat's minute sweep last ran longer ago than this (notifications/health.py).
    "SWEEP_LATE_AFTER_SECONDS": env.int("SWEEP_LATE_AFTER_SECONDS", default=180),
}

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/celery, the
# embedded default of `make run` (one host, no Redis). The periodic schedule lives in the database
# (django-celery-beat), so FIT staff see and change it in the admin.
CELERY_DATA_DIR = BASE_DIR / "var" / "celery"
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if REDIS_URL:
    # A web request that adds a message tries the broker briefly and moves on when it is down: the row
    # is in the outbox and the periodic sweep sends it (workers reconnect by their own retry policy).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
    }
    for folder in ("queue", "control", "processed"):
        (CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
