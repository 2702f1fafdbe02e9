import os
import stat

import pytest

from config import Config, ProductionConfig, database_url
from factory import create_app


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    config = type("NoKey", (ProductionConfig,), {"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_production_cookies_are_secure_httponly_and_samesite():
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY and ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"
    assert not getattr(ProductionConfig, "DEBUG", False)


def test_development_key_is_generated_once_and_kept_private(tmp_path):
    config = type("DevNoKey", (Config,), {"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    first = create_app(config, instance_path=str(tmp_path)).secret_key
    second = create_app(config, instance_path=str(tmp_path)).secret_key

    assert first == second and len(first) >= 40
    key_file = tmp_path / "secret_key"
    assert key_file.read_text() == first
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_default_database_is_a_sqlite_file_under_instance(tmp_path):
    config = type("DevNoDb", (Config,), {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": None})
    app = create_app(config, instance_path=str(tmp_path))

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/convene.db"


def test_postgres_urls_use_psycopg_3():
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert database_url("") is None


def production(**settings):
    values = {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
              "BASE_URL": "https://convene.example.org", "MAIL_SERVER": "smtp.example.org",
              "PERSONAL_DATA_KEYS": ["yaw3K0J0wdcVYqUMlq5h0MG3lxk1xLdkQyKnSQpf3GA="]}
    return type("Production", (ProductionConfig,), values | settings)


def test_production_starts_with_its_required_settings(tmp_path):
    assert create_app(production(), instance_path=str(tmp_path)).config["BASE_URL"] == "https://convene.example.org"


def test_production_refuses_to_start_without_base_url(tmp_path):
    # Without it, links in e-mails would be built from whatever Host header a request carries.
    with pytest.raises(RuntimeError, match="Set BASE_URL"):
        create_app(production(BASE_URL=None), instance_path=str(tmp_path))


def test_production_refuses_to_start_without_an_smtp_server(tmp_path):
    with pytest.raises(RuntimeError, match="Set MAIL_SERVER"):
        create_app(production(MAIL_SERVER=None), instance_path=str(tmp_path))


def test_base_url_must_be_an_address(tmp_path):
    with pytest.raises(RuntimeError, match="BASE_URL must be"):
        create_app(production(BASE_URL="convene.example.org"), instance_path=str(tmp_path))


def test_unknown_configuration_name_is_explained(monkeypatch):
    monkeypatch.setenv("CONVENE_CONFIG", "prod")

    with pytest.raises(RuntimeError, match="CONVENE_CONFIG='prod'.*development, production, testing"):
        create_app()


def test_production_refuses_to_start_without_database_url_unless_sqlite_is_asked_for(tmp_path):
    # Without DATABASE_URL it would run, silently, on a SQLite file under instance/.
    with pytest.raises(RuntimeError, match="Set DATABASE_URL"):
        create_app(production(SQLALCHEMY_DATABASE_URI=None), instance_path=str(tmp_path))

    app = create_app(production(SQLALCHEMY_DATABASE_URI=None, ALLOW_SQLITE=True, REDIS_URL="redis://r"),
                     instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/convene.db"
    assert any("SQLite" in str(warning) for warning in app.config["SETUP_WARNINGS"])


def test_production_without_redis_says_so_at_start_up(tmp_path, caplog):
    app = create_app(production(REDIS_URL=None), instance_path=str(tmp_path))

    said = " ".join(record.getMessage() for record in caplog.records if record.levelname == "WARNING")
    assert "REDIS_URL is not set" in said and "log-in limits" in said
    assert [str(warning) for warning in app.config["SETUP_WARNINGS"]] and "REDIS_URL" in said
    assert create_app(production(REDIS_URL="redis://r"), instance_path=str(tmp_path)).config["SETUP_WARNINGS"] == []


def test_development_says_nothing_of_its_embedded_shape(tmp_path):
    config = type("Dev", (Config,), {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": None, "REDIS_URL": None})

    assert create_app(config, instance_path=str(tmp_path)).config["SETUP_WARNINGS"] == []


def test_production_refuses_to_start_without_a_key_for_passport_data(tmp_path):
    # A key derived from SECRET_KEY would put passport data in the hands of whoever reads the secret key.
    with pytest.raises(RuntimeError, match="Set PERSONAL_DATA_KEYS"):
        create_app(production(PERSONAL_DATA_KEYS=[]), instance_path=str(tmp_path))
