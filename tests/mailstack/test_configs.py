"""``mailstack config`` writes complete, safe files: every map, right modes, no injected text."""

from __future__ import annotations

import io
import re
import shutil
import stat
import subprocess
import sys

import pytest
from django.db import connection

from mailwarden.cli.main import main
from mailwarden.core.errors import Invalid
from mailwarden.mailstack import configs
from mailwarden.mailstack.queries import POSTFIX_TABLE_TYPE, postfix_maps
from tests.conftest import require
from tests.mailstack.world import make_world

SERVER = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "mail",
    "HOST": "db.internal",
    "PORT": 5432,
    "USER": "mailwarden_app",
    "PASSWORD": "app-secret-123",
}
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/mailwarden/db.sqlite3"}


def render(engine, dovecot="2.3", settings_dict=None, out="/etc/mailwarden", **conn):
    settings_dict = settings_dict or (SQLITE if engine == "sqlite" else SERVER)
    if engine == "mysql":
        conn.setdefault("name", "mail")
    connection_ = configs.build_connection(engine, settings_dict, **conn)
    options = configs.build_options(connection_, dovecot=dovecot, out_dir=out, uid=999, gid=995)
    return options, {f.name: f for f in configs.render(options)}


@pytest.mark.parametrize("engine", ["sqlite", "mysql", "postgresql"])
@pytest.mark.parametrize("dovecot", ["2.3", "2.4"])
def test_it_writes_every_postfix_map_and_the_dovecot_config(engine, dovecot):
    _, files = render(engine, dovecot)
    kind = POSTFIX_TABLE_TYPE[engine]
    for pmap in postfix_maps():
        text = files[f"{kind}-{pmap.name}.cf"].content
        assert f"query = {pmap.query}\n" in text
    snippet = files["main.cf.snippet"].content
    assert re.search(
        rf"^virtual_alias_maps = {kind}:/etc/mailwarden/{kind}-virtual-alias-maps.cf, "
        rf"{kind}:/etc/mailwarden/{kind}-virtual-alias-domain-maps.cf, "
        rf"{kind}:/etc/mailwarden/{kind}-virtual-alias-domain-catchall-maps.cf$",
        snippet,
        flags=re.M,
    )
    for parameter in (
        "virtual_mailbox_domains",
        "virtual_mailbox_maps",
        "relay_domains",
        "transport_maps",
        "relay_recipient_maps",
        "smtpd_sender_login_maps",
    ):
        assert re.search(rf"^{parameter} = {kind}:/etc/mailwarden/", snippet, flags=re.M)
    conf = files["dovecot-mailwarden.conf"].content
    if dovecot == "2.3":
        sql = files["dovecot-sql.conf.ext"].content
        assert "auth_username_format = %Lu" in conf
        assert "args = /etc/mailwarden/dovecot-sql.conf.ext" in conf
        assert "WHERE email = '%u'" in sql
        assert ("CONCAT('/var/vmail/', maildir)" in sql) == (engine == "mysql")
    else:
        assert "auth_username_format = %{user | lower}" in conf
        assert "WHERE email = '%{user}'" in conf
        assert "%u" not in conf


def test_it_points_sqlite_maps_at_the_configured_database_file():
    _, files = render("sqlite")
    assert (
        "dbpath = /srv/mailwarden/db.sqlite3\n" in files["sqlite-virtual-mailbox-maps.cf"].content
    )
    assert "connect = /srv/mailwarden/db.sqlite3\n" in files["dovecot-sql.conf.ext"].content


def test_it_asks_for_a_path_when_the_configured_database_is_not_sqlite():
    with pytest.raises(Invalid, match="--db-path"):
        render("sqlite", settings_dict=SERVER)


def test_it_connects_as_the_read_only_role_and_never_copies_the_app_password():
    _, files = render("postgresql")
    everything = "".join(f.content for f in files.values())
    assert "app-secret-123" not in everything
    assert "mailwarden_app" not in everything
    assert "user = mailwarden_mailstack\n" in files["pgsql-virtual-mailbox-maps.cf"].content
    assert "hosts = inet:db.internal:5432\n" in files["pgsql-virtual-mailbox-maps.cf"].content
    assert not any(f.secret for f in files.values())


def test_it_writes_the_app_password_only_when_asked():
    _, files = render("postgresql", use_app_credentials=True)
    assert "password = app-secret-123\n" in files["pgsql-virtual-mailbox-maps.cf"].content
    assert "user=mailwarden_app" in files["dovecot-sql.conf.ext"].content


@pytest.mark.parametrize("dovecot", ["2.3", "2.4"])
def test_it_writes_files_holding_a_password_mode_0640_and_the_rest_0644(tmp_path, dovecot):
    options, files = render(
        "mysql", dovecot, out=str(tmp_path / "out"), password="ro-pass-1234", host="127.0.0.1"
    )
    written = configs.write(options, list(files.values()))
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in written}
    assert modes["mysql-virtual-mailbox-maps.cf"] == 0o640
    assert modes["main.cf.snippet"] == 0o644
    assert modes["dovecot-mailwarden.conf"] == (0o644 if dovecot == "2.3" else 0o640)
    assert "password = ro-pass-1234\n" in (tmp_path / "out/mysql-relay-domains.cf").read_text()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(files)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("name", "$(id).x"),
        ("host", "$(id).x"),
        ("host", "db.example;rm -rf /"),
        ("user", "ro user"),
        ("user", "ro'--"),
        ("password", "has space 123"),
        ("password", "hash#comment1"),
        ("password", "dollar$sign1"),
        ("dbpath", "/tmp/my db.sqlite3"),
        ("dbpath", "/tmp/db.sqlite3\nquery = SELECT 1"),
        ("dbpath", "/tmp/o'brien.sqlite3"),
    ],
)
def test_it_refuses_values_that_could_inject_into_a_config_file(option, value):
    engine = "sqlite" if option == "dbpath" else "postgresql"
    with pytest.raises(Invalid):
        render(engine, **{option: value})


@pytest.mark.parametrize("mail_root", ["/var/v mail", "/var/vmail'; DROP", "/var/../etc"])
def test_it_refuses_an_unsafe_mail_root(mail_root):
    conn = configs.build_connection("sqlite", SQLITE)
    with pytest.raises(Invalid):
        configs.build_options(conn, dovecot="2.3", out_dir="/x", mail_root=mail_root, uid=9, gid=9)


def test_it_refuses_root_as_the_mail_owner():
    with pytest.raises(Invalid):
        configs.resolve_ids(None, 0, 0)


@pytest.mark.django_db
def test_it_writes_the_files_from_the_command_line(tmp_path, capsys):
    code = main(
        [
            "mailstack",
            "config",
            "--db",
            connection.vendor,
            "--out",
            str(tmp_path),
            "--uid",
            "999",
            "--gid",
            "995",
            "--db-name",
            "anything",
        ]
    )
    assert code == 0
    kind = POSTFIX_TABLE_TYPE[connection.vendor]
    assert (tmp_path / f"{kind}-virtual-mailbox-maps.cf").exists()
    assert str(tmp_path / "main.cf.snippet") in capsys.readouterr().out


@pytest.mark.django_db
def test_it_refuses_an_injected_database_name_on_the_command_line(tmp_path, capsys):
    code = main(
        [
            "mailstack",
            "config",
            "--db",
            "postgresql",
            "--out",
            str(tmp_path / "o"),
            "--uid",
            "999",
            "--gid",
            "995",
            "--db-name",
            "$(id).x",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "db-name" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.django_db
def test_it_reads_the_role_password_from_a_file(tmp_path, monkeypatch):
    secret = tmp_path / "pw"
    secret.write_text("ro-pass-5678\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(
        [
            "mailstack",
            "config",
            "--db",
            "mysql",
            "--out",
            str(tmp_path / "o"),
            "--uid",
            "999",
            "--gid",
            "995",
            "--db-name",
            "mail",
            "--db-host",
            "127.0.0.1",
            "--db-password-file",
            str(secret),
        ]
    )
    assert code == 0
    assert "password = ro-pass-5678\n" in (tmp_path / "o/mysql-virtual-alias-maps.cf").read_text()


@pytest.mark.django_db(transaction=True)
def test_it_answers_postmap_with_the_maildir_and_alias_target(tmp_path):
    """The issue's done-when: postmap -q on the generated sqlite maps returns the rows."""
    if connection.vendor != "sqlite":
        pytest.skip("postmap reads the SQLite file here; servers are covered by tests/e2e")
    require(shutil.which("postmap") is not None, "postmap (scripts/install-mailstack)")
    make_world()
    out = tmp_path / "maps"
    from tests.mailstack.generated import generate

    generate(out, engine="sqlite", dovecot="2.3", settings_dict=connection.settings_dict)

    def postmap(key: str, map_name: str) -> str:
        table = f"sqlite:{out}/sqlite-{map_name}.cf"
        done = subprocess.run(
            ["postmap", "-q", key, table], capture_output=True, text=True, timeout=30, check=False
        )
        return done.stdout.strip()

    assert postmap("alice@example.test", "virtual-mailbox-maps") == "example.test/alice/"
    assert postmap("sales@example.test", "virtual-alias-maps") == "alice@example.test"
    assert postmap("carol@example.test", "virtual-mailbox-maps") == ""
