"""Configuration classes: the only module that reads the environment.

Values come from environment variables with development defaults that are safe on a laptop.
`ProductionConfig` refuses to start without a real secret key (see `factory.create_app`).
"""
import os


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(url: str | None) -> str | None:
    """Use the psycopg 3 driver for plain `postgres://` / `postgresql://` URLs."""
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    #: None means "generate one for development and keep it in instance/secret_key".
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: None means "a SQLite file under instance/" (the embedded shape).
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
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

    #: Uploads are stored outside static/ and served through views that check permission.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or None
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(20 * 1024 * 1024)))

    #: How background jobs (sending mail, ...) run: "thread" in this process after the commit,
    #: or "inline" before the request returns (tests). `flask send-mail --loop` also sends and retries.
    JOB_RUNNER = os.environ.get("JOB_RUNNER", "thread")

    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Failed log-ins allowed per address before the log-in form is throttled.
    LOGIN_FAILURE_LIMIT = os.environ.get("LOGIN_FAILURE_LIMIT", "10 per 15 minutes")
    #: Requests that send an e-mail to an address (reset, new confirmation link), per client address.
    MAIL_REQUEST_LIMIT = os.environ.get("MAIL_REQUEST_LIMIT", "5 per 15 minutes")

    #: How many proxies in front of Convene set X-Forwarded-For/-Proto/-Host (0: none, trust no header).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Europe/Paris")
    LANGUAGES = {"en": "English", "fr": "Français"}
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

    #: Demo accounts and data may be loaded (never in production).
    ALLOW_DEMO_DATA = True
    PASSWORD_HASH_METHOD = "scrypt"


class ProductionConfig(Config):
    REQUIRE_SECRET_KEY = True
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
    JOB_RUNNER = "inline"
    RATELIMIT_STORAGE_URI = "memory://"
    # Werkzeug's scrypt defaults are deliberately slow; tests check behaviour, not hashing cost.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}


def config_name() -> str:
    return os.environ.get("CONVENE_CONFIG", "development")
