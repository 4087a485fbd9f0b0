"""Configuration comes from the environment (secrets also from *_FILE), naming any bad value."""

import pytest

from mailwarden import config


def test_it_defaults_to_sqlite_in_the_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("MAILWARDEN_DATABASE_URL", raising=False)
    monkeypatch.setenv("MAILWARDEN_DATA_DIR", str(tmp_path))
    assert config.database_url() == f"sqlite:///{tmp_path}/mailwarden.sqlite3"


@pytest.mark.parametrize(
    "url",
    ["mysql://u:p@db/mail", "mariadb://u@db/mail", "postgresql://u@db/mail", "sqlite:////x/db"],
)
def test_it_accepts_the_three_engines(monkeypatch, url):
    monkeypatch.setenv("MAILWARDEN_DATABASE_URL", url)
    assert config.database_url() == url


def test_it_refuses_an_unknown_engine_in_one_line(monkeypatch):
    monkeypatch.setenv("MAILWARDEN_DATABASE_URL", "oracle://scott:tiger@db/orcl")
    with pytest.raises(config.ConfigError, match="unsupported scheme 'oracle'") as caught:
        config.database_url()
    assert "\n" not in str(caught.value)
    assert "tiger" not in str(caught.value)


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "db-url"
    secret.write_text("postgresql://mail:s3cret@db/mail\n")
    monkeypatch.delenv("MAILWARDEN_DATABASE_URL", raising=False)
    monkeypatch.setenv("MAILWARDEN_DATABASE_URL_FILE", str(secret))
    assert config.database_url() == "postgresql://mail:s3cret@db/mail"


def test_an_unreadable_secret_file_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("MAILWARDEN_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(config.ConfigError, match="MAILWARDEN_SECRET_KEY_FILE: cannot read"):
        config.secret_key()


@pytest.mark.parametrize(
    ("call", "value", "message"),
    [
        (lambda: config.env_bool("MAILWARDEN_X", False), "maybe", "expected true or false"),
        (lambda: config.env_int("MAILWARDEN_X", 1), "ten", "expected a whole number"),
        (lambda: config.env_int("MAILWARDEN_X", 1, minimum=1), "0", "must be at least 1"),
        (lambda: config.env_choice("MAILWARDEN_X", "a", ("a", "b")), "c", "expected one of a, b"),
    ],
)
def test_it_names_the_setting_and_the_fault(monkeypatch, call, value, message):
    monkeypatch.setenv("MAILWARDEN_X", value)
    with pytest.raises(config.ConfigError, match=f"MAILWARDEN_X: {message}"):
        call()


def test_workers_keep_their_database_connection_unless_told_not_to(monkeypatch):
    from mailwarden.settings import _database

    kept = _database("sqlite:////tmp/x.sqlite3")
    assert (kept["CONN_MAX_AGE"], kept["CONN_HEALTH_CHECKS"]) == (60, True)
    monkeypatch.setenv("MAILWARDEN_DB_CONN_MAX_AGE", "0")
    assert _database("postgresql://u@127.0.0.1/db")["CONN_MAX_AGE"] == 0


def test_migrations_can_run_as_another_account_of_the_same_database(monkeypatch):
    monkeypatch.setenv("MAILWARDEN_DATABASE_URL", "mysql://app:a@db/mail")
    monkeypatch.setenv("MAILWARDEN_MIGRATE_DATABASE_URL", "mariadb://mig:m@127.0.0.1:3306/mail")
    assert config.migrate_database_url() == "mariadb://mig:m@127.0.0.1:3306/mail"
    monkeypatch.delenv("MAILWARDEN_MIGRATE_DATABASE_URL")
    assert config.migrate_database_url() is None


@pytest.mark.parametrize(
    "url", ["postgresql://mig:s3cret@db/other", "mysql://mig:s3cret@db/mail", "sqlite:////mail"]
)
def test_the_migration_account_must_reach_the_same_database(monkeypatch, url):
    """Else `mailwarden migrate` would report success while the served database stays old."""
    monkeypatch.setenv("MAILWARDEN_DATABASE_URL", "postgres://app:a@db/mail")
    monkeypatch.setenv("MAILWARDEN_MIGRATE_DATABASE_URL", url)
    with pytest.raises(config.ConfigError, match="MAILWARDEN_MIGRATE_DATABASE_URL: must name"):
        config.migrate_database_url()


def test_a_bad_migration_url_names_its_own_setting(monkeypatch):
    monkeypatch.setenv("MAILWARDEN_MIGRATE_DATABASE_URL", "oracle://scott:tiger@db/orcl")
    with pytest.raises(config.ConfigError, match="MIGRATE_DATABASE_URL: unsupported") as caught:
        config.migrate_database_url()
    assert "tiger" not in str(caught.value)
