"""Configuration classes: the only module that reads the environment.

Values come from environment variables with development defaults that are safe on a laptop.
`ProductionConfig` refuses to start without a real secret key, BASE_URL, MAIL_SERVER and DATABASE_URL,
and says loudly what runs without REDIS_URL (see `factory.configure_paths`).
"""
import os


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    """A comma-separated variable as a list, without blanks."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def database_url(url: str | None) -> str | None:
    """Use the psycopg 3 driver for plain `postgres://` / `postgresql://` URLs."""
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    #: The site's public address, e.g. https://convene.example.org. Links in e-mails are built from it,
    #: never from the request's Host header (which anyone can forge). None: from the request (development).
    BASE_URL = os.environ.get("BASE_URL", "").rstrip("/") or None
    #: Host names requests may be addressed to; any other Host header gets 400. None: any host.
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS") or None
    #: None means "generate one for development and keep it in instance/secret_key".
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: None means "a SQLite file under instance/" (the embedded shape; production only with ALLOW_SQLITE).
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    #: CONVENE_ALLOW_SQLITE=1: production may run on that SQLite file (a small site on one machine), said so
    #: on the log and the administrators' pages.
    ALLOW_SQLITE = _env_bool("CONVENE_ALLOW_SQLITE")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Mail. Without MAIL_SERVER, messages are kept in the outbox and shown on the admin mail log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Convene <no-reply@convene.localhost>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    #: Seconds to wait before retrying a failed send; doubles with every attempt.
    MAIL_RETRY_DELAY = int(os.environ.get("MAIL_RETRY_DELAY", "60"))
    #: Sending attempts before a message is marked "failed" and no longer retried (about a day with the back-off).
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "12"))

    #: Uploads are stored outside static/ and served through views that check permission.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or None
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(20 * 1024 * 1024)))

    #: How background jobs (sending mail, printing all badges, ...) run: "thread" in this process after the
    #: commit, or "inline" before the request returns (tests). `flask send-mail --loop` also sends and retries.
    #: "rq": long jobs (badges, certificates) go to the RQ queue on REDIS_URL; run `flask jobs worker`.
    #: The default is "rq" when REDIS_URL is set (issue 5 asks for it), else "thread".
    JOB_RUNNER = os.environ.get("JOB_RUNNER") or ("rq" if os.environ.get("REDIS_URL") else "thread")
    #: The RQ queue long jobs go to.
    JOB_QUEUE = os.environ.get("JOB_QUEUE", "convene")
    #: Processes a long PDF (all of an event's badges) is rendered in; 0: one per core.
    PDF_PROCESSES = int(os.environ.get("PDF_PROCESSES", "0"))

    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Failed log-ins allowed per account e-mail address before log-ins to it are throttled.
    LOGIN_FAILURE_LIMIT = os.environ.get("LOGIN_FAILURE_LIMIT", "10 per 15 minutes")
    #: Failed log-ins allowed per client address, whatever the account. Much higher than the per-account
    #: limit: a conference's shared Wi-Fi puts hundreds of people behind one address.
    LOGIN_ADDRESS_FAILURE_LIMIT = os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "100 per 15 minutes")
    #: Requests that send an e-mail to an address (sign-up, reset, new confirmation link), per client address.
    MAIL_REQUEST_LIMIT = os.environ.get("MAIL_REQUEST_LIMIT", "5 per 15 minutes")
    #: Searches by name per check-in device (or person at the desk): a lost scanner cannot page through everyone.
    CHECKIN_SEARCH_LIMIT = os.environ.get("CHECKIN_SEARCH_LIMIT", "30 per minute")

    #: How many proxies in front of Convene set X-Forwarded-For/-Proto/-Host (0: none, trust no header).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Europe/Paris")
    #: The six official languages of the United Nations, each named in itself (docs/languages.md adds one).
    LANGUAGES = {"ar": "العربية", "zh_Hans": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    #: Lifetime of the signed links sent by e-mail, in seconds.
    EMAIL_CONFIRM_MAX_AGE = 3 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 2 * 3600

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; forms left open overnight still work

    #: Fernet keys that encrypt passport data (core.crypto), newest first: the first encrypts, each one decrypts,
    #: so a key is rotated by putting a new one in front (docs/deployment.md). Make one with
    #: `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
    #: None: development derives one from SECRET_KEY; production refuses to start without it.
    PERSONAL_DATA_KEYS = _env_list("PERSONAL_DATA_KEYS")
    #: Days after an event's end when visa requests' passport data is erased (an event may set its own).
    VISA_DATA_KEPT_DAYS = int(os.environ.get("VISA_DATA_KEPT_DAYS", "30"))

    #: Demo accounts and data may be loaded (never in production).
    ALLOW_DEMO_DATA = True
    PASSWORD_HASH_METHOD = "scrypt"


class ProductionConfig(Config):
    REQUIRE_SECRET_KEY = True
    #: No silent fall-back to SQLite (see ALLOW_SQLITE), and what runs without Redis is said out loud.
    IS_PRODUCTION = True
    #: Settings production refuses to start without (see factory.configure_paths), and why.
    REQUIRED_SETTINGS = {
        "BASE_URL": "links in e-mails are built from it, never from the Host header of a request",
        "MAIL_SERVER": "without it no e-mail is sent, and password-reset links would wait in the mail log",
        "PERSONAL_DATA_KEYS": "passport data for visa-support letters is encrypted with it, never with a key "
                              "derived from SECRET_KEY",
    }
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1"))
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    ALLOW_DEMO_DATA = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    #: tests/conftest.py points each run at a fresh SQLite file or PostgreSQL database.
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    MAIL_SERVER = None
    BASE_URL = None
    TRUSTED_HOSTS = None
    JOB_RUNNER = "inline"
    RATELIMIT_STORAGE_URI = "memory://"
    # Werkzeug's scrypt defaults are deliberately slow; tests check behaviour, not hashing cost.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}


def config_name() -> str:
    name = os.environ.get("CONVENE_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"CONVENE_CONFIG={name!r} is not a configuration: use one of {', '.join(CONFIGS)}.")
    return name
