"""``mailwarden token add|list|revoke``."""

import json

import pytest

from mailwarden.tokens.authentication import Unauthenticated, token_authenticate
from mailwarden.tokens.models import ApiToken


def test_it_adds_a_token_for_the_only_superadmin_and_prints_it_once(cast, mw):
    code, out, err = mw("token", "add", "billing", "--scope", "read", "--scope", "write")
    assert code == 0, err
    secret = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("token:"))
    actor = token_authenticate(secret, "127.0.0.1")
    assert actor.admin.email == "boss@ops.example"
    assert actor.scopes == {"read", "write"}
    code, out, _ = mw("token", "list")
    assert "billing" in out
    assert secret not in out


def test_it_adds_with_every_option_as_json(cast, mw):
    code, out, err = mw(
        "token", "add", "shop", "--owner", "admin@a.example", "--scope", "read",
        "--domain", "a.example", "--ip", "192.0.2.0/24", "--expires-days", "30", "--json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["owner"] == "admin@a.example"
    assert data["domains"] == ["a.example"]
    assert data["allowed_networks"] == ["192.0.2.0/24"]
    assert data["expires"] is not None
    assert data["token"].startswith(data["prefix"] + "_")


def test_it_refuses_to_guess_the_owner_among_several_superadmins(cast, mw):
    from mailwarden.admins.services import admin_create

    admin_create(actor=cast.root, email="ops2@ops.example", password="x" * 12, is_superadmin=True)
    code, out, err = mw("token", "add", "ci", "--scope", "read")
    assert code == 1
    assert out == ""
    assert err.strip() == (
        "mailwarden: there are several superadmins; say whose token it is with --owner EMAIL"
    )
    assert not ApiToken.objects.exists()


def test_it_requires_a_scope(cast, mw):
    code, _, err = mw("token", "add", "ci")
    assert code == 2
    assert "--scope" in err


def test_it_revokes_and_the_token_stops_working(cast, mw):
    code, out, _ = mw("--json", "token", "add", "ci", "--scope", "read")
    secret = json.loads(out)["token"]
    code, out, err = mw("token", "revoke", "ci")
    assert code == 0, err
    assert "revoked token ci of boss@ops.example" in out
    assert ApiToken.objects.get().revoked is not None
    code, out, _ = mw("--json", "token", "list", "--revoked")
    assert json.loads(out)["items"][0]["revoked"] is not None
    with pytest.raises(Unauthenticated):
        token_authenticate(secret, "127.0.0.1")


def test_revoking_an_unknown_token_is_one_clear_line(cast, mw):
    code, _out, err = mw("token", "revoke", "nope", "--owner", "admin@a.example")
    assert code == 1
    assert err.strip() == "mailwarden: admin@a.example has no active token named nope"
