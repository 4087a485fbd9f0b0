"""Mailboxes: safe maildirs, Dovecot hashes, limits and quotas, forwarding, guarded takeovers."""

import pytest

from mailwarden import passwords
from mailwarden.addresses.models import Address, Target
from mailwarden.addresses.services import alias_create
from mailwarden.audit.models import AuditEvent
from mailwarden.core.errors import Conflict, Forbidden, Invalid, LimitReached, NotFound
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.models import Mailbox
from mailwarden.mailboxes.selectors import mailbox_get, mailbox_list, mailbox_to_dict
from mailwarden.mailboxes.services import (
    mailbox_create,
    mailbox_delete,
    mailbox_set_forwarding,
    mailbox_set_password,
    mailbox_update,
    maildir_for,
)
from tests.conftest import PASSWORD

GIB = 1024**3


@pytest.fixture
def domain(cli):
    return domain_create(actor=cli, name="example.org", create_postmaster=False)


def targets_of(email):
    return sorted(Target.objects.filter(address__email=email).values_list("target", flat=True))


def test_it_stores_a_hash_dovecot_accepts_and_never_the_password(cli, domain):
    entry = mailbox_create(actor=cli, address="Alice@Example.org", password=PASSWORD)
    stored = Mailbox.objects.get(pk=entry.pk).password
    assert stored.startswith("{SSHA512}")
    assert passwords.verify_password(PASSWORD, stored)
    assert PASSWORD not in stored
    assert entry.email == "alice@example.org"


@pytest.mark.parametrize("scheme", ["ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT", "SSHA512"])
def test_it_writes_each_supported_scheme(cli, domain, scheme):
    mailbox_create(actor=cli, address="alice@example.org", password=PASSWORD, scheme=scheme)
    stored = Mailbox.objects.get().password
    assert stored.startswith("{" + scheme + "}")
    assert passwords.verify_password(PASSWORD, stored)


def test_it_reports_the_bcrypt_72_byte_limit_as_a_clear_error(cli, domain, unchanged):
    with unchanged(), pytest.raises(Invalid, match="72"):
        mailbox_create(actor=cli, address="a@example.org", password="ü" * 40, scheme="BLF-CRYPT")


def test_it_refuses_short_passwords(cli, domain, unchanged):
    with unchanged(), pytest.raises(Invalid, match="at least 10"):
        mailbox_create(actor=cli, address="a@example.org", password="short")


def test_it_accepts_an_imported_hash_in_a_verified_scheme(cli, domain):
    imported = passwords.hash_password(PASSWORD, "SHA512-CRYPT")
    mailbox_create(actor=cli, address="a@example.org", password_hash=imported)
    assert Mailbox.objects.get().password == imported


def test_it_refuses_an_imported_hash_it_cannot_verify(cli, domain, unchanged):
    with unchanged(), pytest.raises(Invalid, match="password_hash"):
        mailbox_create(actor=cli, address="a@example.org", password_hash="{NTLM}abcdef")


@pytest.mark.parametrize(
    ("local", "maildir"),
    [
        ("alice", "example.org/alice/"),
        ("a.b+tag", "example.org/a.b+tag/"),
        ("a/b", "example.org/a_b-"),
        ("a'b", "example.org/a_b-"),
    ],
)
def test_it_derives_maildirs_that_cannot_leave_the_mail_root(local, maildir):
    path = maildir_for(local, "example.org")
    assert path.startswith(maildir)
    assert ".." not in path
    assert path.count("/") == 2


def test_two_addresses_sanitised_alike_get_different_maildirs(cli, domain):
    mailbox_create(actor=cli, address="a/b@example.org", password=PASSWORD)
    mailbox_create(actor=cli, address="a_b@example.org", password=PASSWORD)
    assert Mailbox.objects.values("maildir").distinct().count() == 2


def test_it_refuses_an_address_differing_only_in_case(cli, domain, unchanged):
    mailbox_create(actor=cli, address="user@example.org", password=PASSWORD)
    with unchanged(), pytest.raises(Conflict, match="already exists as a mailbox"):
        mailbox_create(actor=cli, address="User@Example.org", password=PASSWORD)


def test_an_alias_cannot_shadow_a_mailbox_nor_a_mailbox_an_alias(cli, domain, unchanged):
    mailbox_create(actor=cli, address="user@example.org", password=PASSWORD)
    alias_create(actor=cli, address="sales@example.org", targets=["user@example.org"])
    with unchanged():
        with pytest.raises(Conflict, match="as a mailbox"):
            alias_create(actor=cli, address="USER@example.org", targets=["x@y.example"])
        with pytest.raises(Conflict, match="as an alias"):
            mailbox_create(actor=cli, address="sales@example.org", password=PASSWORD)


def test_it_refuses_mailboxes_beyond_the_domain_limit(cli, unchanged):
    domain_create(actor=cli, name="small.example", create_postmaster=False, max_mailboxes=1)
    mailbox_create(actor=cli, address="a@small.example", password=PASSWORD)
    with unchanged(), pytest.raises(LimitReached, match="limit of 1 mailboxes"):
        mailbox_create(actor=cli, address="b@small.example", password=PASSWORD)


def test_it_gives_a_new_mailbox_the_domain_default_quota(cli):
    domain_create(actor=cli, name="q.example", create_postmaster=False, default_quota_bytes=GIB)
    mailbox_create(actor=cli, address="a@q.example", password=PASSWORD)
    assert Mailbox.objects.get().quota_bytes == GIB


def test_it_holds_the_per_mailbox_maximum_quota(cli, unchanged):
    domain_create(actor=cli, name="q.example", create_postmaster=False, max_quota_bytes=GIB)
    with unchanged():
        with pytest.raises(LimitReached, match="at most"):
            mailbox_create(actor=cli, address="a@q.example", password=PASSWORD, quota_bytes=2 * GIB)
        with pytest.raises(LimitReached, match="unlimited"):
            mailbox_create(actor=cli, address="a@q.example", password=PASSWORD, quota_bytes=0)


def test_it_holds_the_domain_total_quota_on_create_and_update(cli, unchanged):
    domain_create(actor=cli, name="q.example", create_postmaster=False, total_quota_bytes=3 * GIB)
    mailbox_create(actor=cli, address="a@q.example", password=PASSWORD, quota_bytes=2 * GIB)
    with unchanged(), pytest.raises(LimitReached, match="total quota"):
        mailbox_create(actor=cli, address="b@q.example", password=PASSWORD, quota_bytes=2 * GIB)
    mailbox_create(actor=cli, address="b@q.example", password=PASSWORD, quota_bytes=GIB)
    with unchanged(), pytest.raises(LimitReached):
        mailbox_update(actor=cli, address="b@q.example", quota_bytes=2 * GIB)
    mailbox_update(actor=cli, address="a@q.example", quota_bytes=GIB)
    mailbox_update(actor=cli, address="b@q.example", quota_bytes=2 * GIB)


def test_a_mailbox_delivers_to_itself_until_it_forwards(cli, domain):
    mailbox_create(actor=cli, address="a@example.org", password=PASSWORD)
    assert targets_of("a@example.org") == ["a@example.org"]
    mailbox_set_forwarding(actor=cli, address="a@example.org", targets=["X@Else.example"])
    assert targets_of("a@example.org") == ["x@else.example"]
    mailbox_set_forwarding(
        actor=cli, address="a@example.org", targets=["x@else.example"], keep_copy=True
    )
    assert targets_of("a@example.org") == ["a@example.org", "x@else.example"]
    data = mailbox_to_dict(mailbox_get(actor=cli, address="a@example.org"))
    assert data["forward_to"] == ["x@else.example"]
    assert data["keep_copy"] is True
    mailbox_set_forwarding(actor=cli, address="a@example.org", targets=[])
    assert targets_of("a@example.org") == ["a@example.org"]


def test_it_refuses_forwarding_a_mailbox_to_itself(cli, domain, unchanged):
    mailbox_create(actor=cli, address="a@example.org", password=PASSWORD)
    with unchanged(), pytest.raises(Invalid, match="itself"):
        mailbox_set_forwarding(actor=cli, address="a@example.org", targets=["A@example.org"])


def test_a_password_change_replaces_the_hash_and_is_audited_without_it(cli, domain):
    mailbox_create(actor=cli, address="a@example.org", password=PASSWORD)
    mailbox_set_password(actor=cli, address="a@example.org", password="another long secret")
    stored = Mailbox.objects.get().password
    assert passwords.verify_password("another long secret", stored)
    assert not passwords.verify_password(PASSWORD, stored)
    for event in AuditEvent.objects.all():
        text = repr((event.before, event.after))
        assert "another long secret" not in text
        assert stored not in text


def test_deleting_a_mailbox_frees_its_address_and_rows(cli, domain):
    mailbox_create(actor=cli, address="a@example.org", password=PASSWORD)
    mailbox_delete(actor=cli, address="a@example.org")
    assert not Address.objects.exists()
    assert not Mailbox.objects.exists()
    assert not Target.objects.exists()
    mailbox_create(actor=cli, address="a@example.org", password=PASSWORD)


def test_a_domain_admin_cannot_touch_mailboxes_of_another_domain(cast, unchanged):
    with unchanged():
        for call in (
            lambda: mailbox_create(actor=cast.admin_a, address="x@b.example", password=PASSWORD),
            lambda: mailbox_update(actor=cast.admin_a, address="alice@b.example", active=False),
            lambda: mailbox_set_password(
                actor=cast.admin_a, address="alice@b.example", password="stolen password"
            ),
            lambda: mailbox_set_forwarding(
                actor=cast.admin_a, address="alice@b.example", targets=["evil@else.example"]
            ),
            lambda: mailbox_delete(actor=cast.admin_a, address="alice@b.example"),
            lambda: mailbox_get(actor=cast.admin_a, address="alice@b.example"),
        ):
            with pytest.raises(NotFound, match="not found"):
                call()


def test_a_domain_admin_sees_only_their_mailboxes(cast):
    page = mailbox_list(actor=cast.admin_a)
    assert [a.email for a in page.items] == ["alice@a.example", "bob@a.example"]
    assert mailbox_list(actor=cast.admin_a, search="b.example").total == 0
    with pytest.raises(NotFound):
        mailbox_list(actor=cast.admin_a, domain="b.example")


@pytest.mark.parametrize(
    "login", ["root@a.example", "root@alias-a.example"], ids=["its-address", "in-an-alias-domain"]
)
def test_a_domain_admin_cannot_take_over_the_mailbox_of_a_superadmin(cast, unchanged, login):
    """Pins the takeover path one peer had: a domain admin resetting the password of the
    mailbox that is also a superadmin's login. Postfix delivers root@alias-a.example to
    root@a.example, so that mailbox is the superadmin's inbox for a login there too."""
    from mailwarden.admins.services import admin_create
    from mailwarden.domains.services import aliasdomain_create

    aliasdomain_create(actor=cast.root, name="alias-a.example", target="a.example")
    admin_create(actor=cast.root, email=login, password=PASSWORD, is_superadmin=True)
    mailbox_create(actor=cast.root, address="root@a.example", password=PASSWORD)
    with unchanged():
        with pytest.raises(Forbidden, match="admin above you"):
            mailbox_set_password(
                actor=cast.admin_a, address="root@a.example", password="taken over now"
            )
        with pytest.raises(Forbidden):
            mailbox_set_forwarding(
                actor=cast.admin_a, address="root@a.example", targets=["evil@else.example"]
            )
        with pytest.raises(Forbidden):
            mailbox_delete(actor=cast.admin_a, address="root@a.example")


def test_a_domain_admin_manages_their_own_mailbox(cast):
    mailbox_create(actor=cast.admin_a, address="admin@a.example", password=PASSWORD)
    mailbox_set_password(actor=cast.admin_a, address="admin@a.example", password="new long secret")


def test_mailbox_lists_cost_a_fixed_number_of_queries(cli, domain, django_assert_max_num_queries):
    for i in range(30):
        mailbox_create(actor=cli, address=f"u{i}@example.org", password=PASSWORD)
    # The two table counts of the total, the page, its domains, its targets.
    with django_assert_max_num_queries(5):
        page = mailbox_list(actor=cli, limit=25)
        rows = [mailbox_to_dict(a) for a in page.items]
    assert len(rows) == 25
    assert page.total == 30


def test_a_create_costs_a_fixed_number_of_queries_and_needs_no_read_back(
    cli, django_assert_max_num_queries, django_assert_num_queries
):
    """Each limit is checked, yet a create is a bounded set of statements whatever the
    domain holds, and the mailbox it returns renders without another query."""
    domain_create(
        actor=cli,
        name="example.org",
        create_postmaster=False,
        max_mailboxes=100,
        max_quota_bytes=GIB,
        total_quota_bytes=10 * GIB,
        default_quota_bytes=GIB // 2,
    )
    for i in range(5):
        mailbox_create(actor=cli, address=f"u{i}@example.org", password=PASSWORD)
    with django_assert_max_num_queries(11):
        entry = mailbox_create(actor=cli, address="new@example.org", password=PASSWORD)
    with django_assert_num_queries(0):
        shown = mailbox_to_dict(entry)
    assert (shown["address"], shown["domain"], shown["forward_to"]) == (
        "new@example.org",
        "example.org",
        [],
    )


def test_it_can_hash_with_doveadm_instead_of_python(cli, domain, settings):
    import shutil

    from tests.conftest import require

    require(shutil.which("doveadm") is not None, "doveadm (Debian dovecot-core) is not installed")
    settings.MAILWARDEN_PASSWORD_HASHER = "doveadm"
    mailbox_create(actor=cli, address="a@example.org", password=PASSWORD, scheme="SHA512-CRYPT")
    stored = Mailbox.objects.get().password
    assert stored.startswith("{SHA512-CRYPT}$6$")
    assert passwords.verify_password(PASSWORD, stored)
