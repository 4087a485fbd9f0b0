"""``mailwarden admin add|list|edit|passwd|delete``: the first superadmin stays protected, and
passwords come only from a prompt, stdin or the generator."""

from __future__ import annotations

import pytest

from mailwarden.admins.models import Admin
from mailwarden.audit.models import AuditEvent
from tests.cli.support import BAD_ADDRESSES, PASSWORD, audit_dump


def admin(email: str) -> Admin:
    return Admin.objects.get(email=email)


# add


def test_it_adds_a_domain_admin_with_the_password_from_stdin(mw, cast):
    run = mw(
        "admin",
        "add",
        "Carol@A.example",
        "--domain",
        "a.example",
        "--domain",
        "b.example",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )

    assert run.code == 0
    assert run.out == "created admin carol@a.example\n"
    assert run.err == ""
    carol = admin("carol@a.example")
    assert carol.check_password(PASSWORD)
    assert sorted(m.domain.name for m in carol.domain_memberships.all()) == [
        "a.example",
        "b.example",
    ]
    assert PASSWORD not in audit_dump()


def test_it_prints_the_new_admin_as_json(mw, cast):
    run = mw(
        "--json",
        "admin",
        "add",
        "root2@ops.example",
        "--superadmin",
        "--password-stdin",
        stdin=PASSWORD,
    )

    assert run.code == 0
    data = run.json()
    assert data["email"] == "root2@ops.example"
    assert data["superadmin"] is True
    assert data["protected"] is False
    assert data["active"] is True
    assert data["domains"] == []
    assert "password" not in data


def test_it_prints_a_random_admin_password_once_and_stores_only_its_hash(mw, cast):
    run = mw("admin", "add", "carol@a.example", "--domain", "a.example", "--random-password")

    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "created admin carol@a.example"
    password = lines[1].removeprefix("password: ")
    assert lines[2] == "(shown once; it is stored only as a hash)"
    assert run.out.count(password) == 1
    assert admin("carol@a.example").check_password(password)
    assert password not in audit_dump()


def test_it_puts_a_random_admin_password_in_the_json_once(mw, cast):
    run = mw(
        "--json", "admin", "add", "carol@a.example", "--domain", "a.example", "--random-password"
    )

    password = run.json()["generated_password"]
    assert run.out.count(password) == 1
    assert admin("carol@a.example").check_password(password)
    assert password not in audit_dump()


@pytest.mark.parametrize(("email", "words"), BAD_ADDRESSES)
def test_it_refuses_a_malformed_email_and_changes_nothing(mw, cast, unchanged, email, words):
    with unchanged():
        run = mw("admin", "add", email, "--superadmin", "--password-stdin", stdin=PASSWORD)

    assert words in run.refused()


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        pytest.param(
            ["Admin@A.example", "--domain", "a.example"],
            PASSWORD,
            "admin admin@a.example already exists",
            id="taken-other-case",
        ),
        pytest.param(
            ["carol@a.example"],
            PASSWORD,
            "a domain admin needs at least one domain",
            id="no-domain",
        ),
        pytest.param(
            ["carol@a.example", "--superadmin", "--domain", "a.example"],
            PASSWORD,
            "a superadmin manages every domain; give no --domain",
            id="superadmin-with-domain",
        ),
        pytest.param(
            ["carol@a.example", "--domain", "nowhere.test"],
            PASSWORD,
            "domain nowhere.test not found",
            id="unknown-domain",
        ),
        pytest.param(
            ["carol@a.example", "--domain", "a.example"],
            None,
            "no terminal to prompt for a password; use --password-stdin",
            id="no-password-source",
        ),
        pytest.param(
            ["carol@a.example", "--domain", "a.example"],
            "short",
            "password: at least 10 characters",
            id="short-password",
        ),
        pytest.param(
            ["carol@a.example", "--domain", "a.example"],
            "",
            "password: nothing was read from stdin",
            id="empty-stdin",
        ),
    ],
)
def test_it_refuses_a_bad_new_admin_and_changes_nothing(mw, cast, unchanged, argv, stdin, words):
    source = ["--password-stdin"] if stdin is not None else []

    with unchanged():
        run = mw("admin", "add", *argv, *source, stdin=stdin or "")

    assert words in run.refused()


def test_it_treats_two_password_sources_as_bad_usage(mw, cast, unchanged):
    with unchanged():
        run = mw(
            "admin",
            "add",
            "carol@a.example",
            "--domain",
            "a.example",
            "--password-stdin",
            "--random-password",
            stdin=PASSWORD,
        )

    assert "not allowed with argument" in run.usage_error()


# list


def test_it_lists_admins_as_a_table(mw, cast):
    run = mw("admin", "list")

    assert run.code == 0
    assert run.out.splitlines() == [
        "EMAIL             SUPERADMIN  ACTIVE  PROTECTED  DOMAINS",
        "admin@a.example   no          yes     no         a.example",
        "admin@b.example   no          yes     no         b.example",
        "boss@ops.example  yes         yes     yes        -",
    ]


def test_it_lists_admins_as_json_with_items_and_total_and_pages(mw, cast):
    everything = mw("--json", "admin", "list").json()
    page = mw("--json", "admin", "list", "--limit", "1", "--offset", "2").json()

    assert everything["total"] == 3
    assert [a["email"] for a in everything["items"]] == [
        "admin@a.example",
        "admin@b.example",
        "boss@ops.example",
    ]
    assert everything["items"][2]["protected"] is True
    assert all("password" not in a for a in everything["items"])
    assert [a["email"] for a in page["items"]] == ["boss@ops.example"]
    assert page["total"] == 3


# edit


def test_it_edits_an_admins_domains_and_state(mw, cast):
    run = mw(
        "--json", "admin", "edit", "admin@a.example", "--domain", "b.example", "--active", "no"
    )

    assert run.code == 0
    assert run.json()["domains"] == ["b.example"]
    assert run.json()["active"] is False
    event = AuditEvent.objects.get(action="admin.update")
    assert event.before["domains"] == ["a.example"]
    assert event.after["domains"] == ["b.example"]


def test_it_promotes_and_demotes_an_admin(mw, cast):
    promoted = mw("admin", "edit", "admin@a.example", "--superadmin", "yes")
    demoted = mw(
        "--json", "admin", "edit", "admin@a.example", "--superadmin", "no", "--domain", "a.example"
    )

    assert promoted.out == "updated admin admin@a.example\n"
    assert demoted.json()["superadmin"] is False
    assert demoted.json()["domains"] == ["a.example"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        pytest.param(["--superadmin", "no"], "it cannot be demoted or deactivated", id="demote"),
        pytest.param(["--active", "no"], "it cannot be demoted or deactivated", id="deactivate"),
        pytest.param(["--domain", "a.example"], "a superadmin manages every domain", id="domains"),
    ],
)
def test_it_refuses_to_demote_or_deactivate_the_protected_superadmin(
    mw, cast, unchanged, argv, words
):
    with unchanged():
        run = mw("admin", "edit", "boss@ops.example", *argv)

    assert words in run.refused()
    assert admin("boss@ops.example").is_superadmin


@pytest.mark.parametrize(
    ("email", "argv", "words"),
    [
        pytest.param(
            "nobody@a.example",
            ["--active", "no"],
            "admin nobody@a.example not found",
            id="unknown",
        ),
        pytest.param(
            "admin@a.example",
            ["--domain", "nowhere.test"],
            "domain nowhere.test not found",
            id="unknown-domain",
        ),
        pytest.param(
            "admin@a.example",
            ["--superadmin", "yes", "--domain", "a.example"],
            "a superadmin manages every domain",
            id="superadmin-with-domain",
        ),
    ],
)
def test_it_refuses_a_bad_admin_edit_and_changes_nothing(mw, cast, unchanged, email, argv, words):
    with unchanged():
        run = mw("admin", "edit", email, *argv)

    assert words in run.refused()


# passwd


def test_it_sets_an_admins_password_from_stdin(mw, cast):
    run = mw("admin", "passwd", "admin@a.example", "--password-stdin", stdin="N3w-pass phrase\n")

    assert run.code == 0
    assert run.out == "password of admin admin@a.example changed\n"
    assert admin("admin@a.example").check_password("N3w-pass phrase")
    assert AuditEvent.objects.filter(action="admin.set_password").count() == 1
    assert "N3w-pass phrase" not in audit_dump() + run.out + run.err


def test_it_sets_a_random_admin_password_and_prints_it_once(mw, cast):
    run = mw("--json", "admin", "passwd", "admin@b.example", "--random-password")

    password = run.json()["generated_password"]
    assert run.out.count(password) == 1
    assert admin("admin@b.example").check_password(password)
    assert password not in audit_dump()


def test_it_refuses_an_admin_password_change_without_a_usable_password(mw, cast, unchanged):
    with unchanged():
        no_source = mw("admin", "passwd", "admin@a.example")
        unknown = mw("admin", "passwd", "nobody@a.example", "--password-stdin", stdin=PASSWORD)
        nul = mw("admin", "passwd", "admin@a.example", "--password-stdin", stdin="abc\x00defghijk")

    assert "no terminal to prompt for a password" in no_source.refused()
    assert "admin nobody@a.example not found" in unknown.refused()
    assert "password: NUL characters are not allowed" in nul.refused()


# delete


def test_it_deletes_an_admin(mw, cast):
    run = mw("admin", "delete", "Admin@B.example")

    assert run.code == 0
    assert run.out == "deleted admin admin@b.example\n"
    assert not Admin.objects.filter(email="admin@b.example").exists()
    assert AuditEvent.objects.get(action="admin.delete").object_repr == "admin@b.example"


def test_it_prints_the_deleted_admin_as_json(mw, cast):
    assert mw("--json", "admin", "delete", "admin@a.example").json() == {
        "deleted": "admin@a.example"
    }


def test_it_refuses_to_delete_the_protected_superadmin(mw, cast, unchanged):
    with unchanged():
        run = mw("admin", "delete", "BOSS@ops.example")

    assert "boss@ops.example is the protected first superadmin; it cannot be deleted" in (
        run.refused()
    )


def test_it_refuses_to_delete_an_unknown_admin(mw, cast, unchanged):
    with unchanged():
        run = mw("admin", "delete", "nobody@a.example")

    assert "admin nobody@a.example not found" in run.refused()
