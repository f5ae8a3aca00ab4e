"""Django settings for Restrack. Everything that varies between installations comes from the
environment through restrack.config; nothing secret is kept here."""

from __future__ import annotations

import os
from pathlib import Path

from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from restrack import config
from restrack.reading import limits as import_limits

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("RESTRACK_VAR_DIR", BASE_DIR / "var")).resolve()

SECRET_KEY = config.secret_key(VAR_DIR)
DEBUG = config.env_bool("RESTRACK_DEBUG", default=False)
ALLOWED_HOSTS = config.env_list("RESTRACK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("RESTRACK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "django_htmx",
    "csp",
    "restrack.core",
    "restrack.accounts",
    "restrack.jobs",
    "restrack.registry",
    "restrack.reporting",
    "restrack.funding",
    "restrack.ingest",
    "restrack.search",
    "restrack.publish",
    "restrack.edreport",
    "restrack.follow",
]

MIDDLEWARE = [
    # First, so that everything after it (including error pages) runs under the request's id.
    "restrack.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (restrack.core.csp), outside the page cache: added to stored answers too.
    "restrack.core.csp.RestrackCSPMiddleware",
    # The address a request came to, for links in the e-mails it causes (restrack.core.site).
    "restrack.core.site.SiteUrlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer (CommonMiddleware), as django-cors-headers asks.
    "corsheaders.middleware.CorsMiddleware",
    # Public pages and anonymous API answers from the shared page cache, before sessions, languages
    # and views; after CORS and security, which add their headers to cached answers too.
    "restrack.publish.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware (its answer is in the page's language), before anything reads the body:
    # a request over its size limit is answered at once (restrack.core.errors).
    "restrack.core.errors.RequestSizeLimitMiddleware",
    # After LocaleMiddleware, so that ?lang= overrides Accept-Language; ETags and 304s of /api/.
    "restrack.core.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records request.user as the author of admin edits in the field history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: counts failed logins and locks out after too many.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Lock an account out (per username and address) after 5 failed logins, for one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("RESTRACK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "publish:dashboard"
LOGOUT_REDIRECT_URL = "publish:dashboard"

ROOT_URLCONF = "restrack.urls"
WSGI_APPLICATION = "restrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "restrack" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # `{% url %}` remembering its answers (restrack/core/templatetags/remembered_url.py).
            "builtins": ["restrack.core.templatetags.remembered_url"],
        },
    },
]

DATABASES = {"default": config.database(os.environ.get("DATABASE_URL"), VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The six official languages of the United Nations. Content is filled in English and Chinese
# today; the other four are ready for translators.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Chinese")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "restrack" / "locale"]
TIME_ZONE = "Africa/Nairobi"
USE_I18N = True
FORMAT_MODULE_PATH = ["restrack.formats"]
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("RESTRACK_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "restrack.core.static_storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Source maps are for developers' tools; compressing the API documentation's (6 MB) would add
# half a minute to every `collectstatic`, which `restrack serve` runs at each start.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

REST_FRAMEWORK = {
    # JSON with limits on its size and nesting (restrack.core.api.parsers); forms as DRF reads them.
    "DEFAULT_PARSER_CLASSES": [
        "restrack.core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "restrack.core.api.schema.RestrackSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "restrack.core.api.filtering.FilterBackend",
        "restrack.core.api.filtering.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "restrack.api.pagination.PublicCountPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "restrack.core.api.exceptions.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The version is part of the address: /api/v1/...
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_THROTTLE_CLASSES": [
        "restrack.core.api.throttling.AnonymousRateThrottle",
        "restrack.core.api.throttling.SignedInRateThrottle",
    ],
    # Rate limits count the address the request came from; behind N reverse proxies, the Nth
    # address from the right of X-Forwarded-For (never a client's own claim).
    "NUM_PROXIES": int(os.environ.get("RESTRACK_PROXIES", "0")),
}
RESTRACK_API_ANON_RATE = config.rate("RESTRACK_API_ANON_RATE", "120/minute")
RESTRACK_API_USER_RATE = config.rate("RESTRACK_API_USER_RATE", "2000/minute")
CACHES = {
    "default": config.cache(os.environ.get("RESTRACK_CACHE_URL"), VAR_DIR),
    "pages": config.cache(os.environ.get("RESTRACK_CACHE_URL"), VAR_DIR, name="pages"),
}
# Whole public pages and anonymous API answers, kept in CACHES["pages"] until the next public change
# (restrack.publish.page_cache); off: every answer is rendered. The TTL (seconds) bounds how long one
# is kept when nothing changes.
RESTRACK_PAGE_CACHE = config.env_bool("RESTRACK_PAGE_CACHE", default=True)
RESTRACK_PAGE_CACHE_TTL = config.env_int("RESTRACK_PAGE_CACHE_TTL", 3600, minimum=1)
# What pages share (the dashboard's totals and charts for every sort and page of its table, the
# filters' choices ...), kept in CACHES["pages"] under the same generation (restrack.publish.memo);
# off: computed for every answer.
RESTRACK_DATA_CACHE = config.env_bool("RESTRACK_DATA_CACHE", default=True)

SPECTACULAR_SETTINGS = {
    "TITLE": "Restrack API",
    "DESCRIPTION": (
        "Implementation status, progress and funding of the resolutions and decisions of the UN-Habitat "
        "Assembly, as the public tracker shows them, and the reporting cycle's steps for the secretariat.\n\n"
        "* **Version** in the address: `/api/v1/`.\n"
        "* **Anonymous** clients read what is published; **signed-in** clients (`Authorization: Token <key>`, "
        "or the web session) also what their role may see, and write through the same rules as the web pages.\n"
        "* **Language**: `?lang=zh-hans` gives each text in that language (falling back to English, then "
        "Chinese); without it, texts come in every language.\n"
        "* **Lists** are paginated (`?limit=`, `?offset=`), filtered as the web lists are, and ordered with "
        "`?ordering=`; `<list>/export.csv`, `.xlsx` and `.json` give every row with the same filters.\n"
        "* **Caching**: every read answers with an `ETag` (send `If-None-Match`) and most with "
        "`Last-Modified` (send `If-Modified-Since`); an unchanged answer is 304.\n"
        "* **Rate limits**: anonymous clients are limited per address; over the limit the answer is 429 with "
        "`Retry-After`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind`, and languages appear under two field names: one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "InstrumentKindEnum": "restrack.registry.choices.InstrumentKind",
        "PartnerKindEnum": "restrack.registry.choices.PartnerKind",
        "DocumentKindEnum": "restrack.registry.choices.DocumentKind",
        "SessionPartKindEnum": "restrack.registry.choices.SessionPartKind",
        "LanguageEnum": "restrack.settings.LANGUAGES",
        "CommitmentStateEnum": "restrack.reporting.choices.CommitmentState",
        "PeriodStateEnum": "restrack.reporting.choices.PeriodState",
        "WorkflowStateEnum": "restrack.reporting.choices.WorkflowState",
        "ImplementationStatusEnum": "restrack.registry.choices.ImplementationStatus",
    },
}

# Cross-origin reads of /api/ by other sites' browsers: off unless origins are named
# (RESTRACK_CORS_ALLOWED_ORIGINS=https://unhabitat.org,https://example.org). Never with cookies:
# a cross-origin client signs in with a token.
CORS_ALLOWED_ORIGINS = config.env_list("RESTRACK_CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "API-Version", "Retry-After", "Content-Disposition", "Content-Language"]

# E-mail: the console in development; a file directory or SMTP by configuration.
EMAIL_BACKEND = config.choice(
    "RESTRACK_EMAIL",
    {
        "console": "django.core.mail.backends.console.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
    },
    default="console",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("RESTRACK_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("RESTRACK_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("RESTRACK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("RESTRACK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = config.env_bool("RESTRACK_SMTP_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("RESTRACK_FROM_EMAIL", "restrack@localhost")
# Following by e-mail (restrack.follow, docs/tracker.md#follow-by-e-mail): how long a confirmation
# link is good for; how often one address of the Internet may ask to follow, and how many mails
# asking to confirm one e-mail address may get; the funding gap (%) at which coordinators are told.
RESTRACK_FOLLOW_CONFIRM_HOURS = config.env_int("RESTRACK_FOLLOW_CONFIRM_HOURS", 72, minimum=1)
RESTRACK_FOLLOW_RATE = config.rate("RESTRACK_FOLLOW_RATE", "10/hour")
RESTRACK_FOLLOW_MAIL_RATE = config.rate("RESTRACK_FOLLOW_MAIL_RATE", "3/day")
RESTRACK_GAP_ALERT_PERCENT = config.env_int("RESTRACK_GAP_ALERT_PERCENT", 50, minimum=1)
# Where people reach this installation; e-mails link to it (period opened, reminders, reviews).
# Unset: a link made while answering a request starts with the address that request came to, and
# one made elsewhere (a worker, `restrack send-reminders`) with the host and port `restrack serve`
# last bound, kept in var/served-at (restrack.core.site).
SITE_URL_FROM_ENVIRONMENT = bool(os.environ.get("RESTRACK_SITE_URL", "").strip())
SITE_URL = config.site_url(os.environ.get("RESTRACK_SITE_URL"), VAR_DIR)

# The Word template the Executive Director's report is written on (its "UN ..." styles); None:
# the one shipped in restrack/edreport/render/report-template.docx.
RESTRACK_REPORT_DOCX_TEMPLATE = os.environ.get("RESTRACK_REPORT_DOCX_TEMPLATE") or None

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
CSRF_COOKIE_HTTPONLY = False
# Security headers (docs/deploying.md#security-headers). On every answer: X-Content-Type-Options,
# Referrer-Policy (the path of a page is not sent to other sites), Cross-Origin-Opener-Policy, and
# X-Frame-Options, which browsers without CSP's frame-ancestors obey.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; restrack.core.csp chooses the policy of the API's and the
# admin's pages and of documents): everything from this server, no script written in a page (a
# template that must have one gives it request.csp_nonce), no plugin, no framing. On, the browser
# refuses what the policy does not allow; RESTRACK_CSP_REPORT_ONLY=on only reports it (in the
# console, and to RESTRACK_CSP_REPORT_URI when set), to try a changed policy on a live site.
_CSP = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
        "report-uri": config.env_list("RESTRACK_CSP_REPORT_URI", []) or None,
    }
}
RESTRACK_CSP_REPORT_ONLY = config.env_bool("RESTRACK_CSP_REPORT_ONLY", default=False)
CONTENT_SECURITY_POLICY = None if RESTRACK_CSP_REPORT_ONLY else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if RESTRACK_CSP_REPORT_ONLY else None
# Behind an HTTPS proxy: secure cookies, the proxy's X-Forwarded-Proto trusted, plain HTTP redirected
# to HTTPS (RESTRACK_SSL_REDIRECT=off when the proxy redirects itself) and Strict-Transport-Security
# for RESTRACK_HSTS_SECONDS (a year; 0: none), for subdomains only with
# RESTRACK_HSTS_INCLUDE_SUBDOMAINS=on: other hosts of the domain may not all speak HTTPS, so only
# their owner can decide it, and Django's deploy check's warning about it is silenced until then.
RESTRACK_HTTPS = config.env_bool("RESTRACK_HTTPS", default=False)
SILENCED_SYSTEM_CHECKS = []
if RESTRACK_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = config.env_bool("RESTRACK_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = config.env_int("RESTRACK_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("RESTRACK_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = config.env_bool("RESTRACK_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        SILENCED_SYSTEM_CHECKS.append("security.W005")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    # Turned off because the proxy redirects or sends HSTS itself: the deploy check's warning too.
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS.append("security.W008")
    if not SECURE_HSTS_SECONDS:
        SILENCED_SYSTEM_CHECKS.append("security.W004")

# Long work (report files, large imports, rebuilding the search index, e-mail) runs in workers of a
# task queue (Celery; `restrack worker`) on this broker: amqp://guest:guest@127.0.0.1:5672// or
# redis://127.0.0.1:6379/0. Unset: it runs in the web process that asks, and nothing else is needed.
RESTRACK_BROKER_URL = config.broker(os.environ.get("RESTRACK_BROKER_URL"))
RESTRACK_JOB_QUEUE = os.environ.get("RESTRACK_JOB_QUEUE", "restrack").strip() or "restrack"
# Job results (report files) are kept under MEDIA_ROOT/jobs/ for this many days, each at most
# RESULT_MAX_MB and all together at most STORAGE_MAX_MB (the oldest go first).
RESTRACK_JOB_RETENTION_DAYS = config.env_int("RESTRACK_JOB_RETENTION_DAYS", 7, minimum=1)
RESTRACK_JOB_RESULT_MAX_MB = config.env_int("RESTRACK_JOB_RESULT_MAX_MB", 200, minimum=1)
RESTRACK_JOB_STORAGE_MAX_MB = config.env_int("RESTRACK_JOB_STORAGE_MAX_MB", 5000, minimum=1)
# An uploaded report at least this large (in KB) is read and previewed by a job, with a progress
# page; smaller ones are previewed at once. 0: every upload goes through a job.
RESTRACK_IMPORT_JOB_MIN_KB = config.env_int("RESTRACK_IMPORT_JOB_MIN_KB", 256, minimum=0)
# Limits on every imported or uploaded report and spreadsheet (size, ZIP members and unpacked size,
# rows, columns, XML depth, PDF pages, seconds), each from RESTRACK_IMPORT_* (restrack.reading.limits).
RESTRACK_IMPORT_LIMITS = import_limits.from_environment(config.env_int)

# How much a request may send: a form's fields (not its files) at most RESTRACK_FORM_MAX_KB, a form
# with files at most RESTRACK_UPLOAD_MAX_MB; over it the answer is a 413 page (JSON on /api/) naming
# the limit, at once, without reading the body (restrack.core.errors).
DATA_UPLOAD_MAX_MEMORY_SIZE = config.env_int("RESTRACK_FORM_MAX_KB", 2560, minimum=1) * 1024
RESTRACK_UPLOAD_MAX_MB = config.env_int("RESTRACK_UPLOAD_MAX_MB", 50, minimum=1)
# A JSON body sent to the API: at most this many KB (by default as much as a form's fields) and this
# many levels of nested arrays and objects (an update with its paragraphs and footnotes needs 4);
# over them the answer is a 413 or 400 naming the limit (restrack.core.api.parsers).
RESTRACK_API_JSON_MAX_KB = config.env_int("RESTRACK_API_JSON_MAX_KB", DATA_UPLOAD_MAX_MEMORY_SIZE // 1024, minimum=1)
RESTRACK_API_JSON_MAX_DEPTH = config.env_int("RESTRACK_API_JSON_MAX_DEPTH", 64, minimum=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 400, 413) is one line in the log, without the traceback of the
    # exception that refused it; server errors keep theirs.
    "filters": {"one_line_refusals": {"()": "restrack.core.logs.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("RESTRACK_LOG_LEVEL", "INFO")},
    # WeasyPrint reports each layout step at INFO, fontTools each font subset: noise in commands' output.
    "loggers": {
        "jieba": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
