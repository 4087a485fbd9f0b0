"""One password policy, the same for admins and mailboxes."""

import pytest

from mailwarden.admins.services import admin_create
from mailwarden.core.errors import Invalid
from mailwarden.domains.services import domain_create
from mailwarden.mailboxes.services import mailbox_create
from mailwarden.security.password_policy import check_password_policy, policy_rules


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "at least 10 characters"),
        ("x" * 1025, "at most 1024"),
        ("long enough\x00but nul", "NUL"),
    ],
)
def test_it_refuses_what_breaks_a_rule(password, reason):
    with pytest.raises(Invalid, match=reason):
        check_password_policy(password)


def test_character_classes_are_enforced_when_configured(settings):
    settings.MAILWARDEN_PASSWORD_CLASSES = 3
    with pytest.raises(Invalid, match="mix at least 3"):
        check_password_policy("alllowercaseletters")
    check_password_policy("Mixed case and 1 digit")
    assert policy_rules() == [
        "at least 10 characters",
        "at least 3 of: a lower-case letter, an upper-case letter, a digit, another character",
    ]


def test_admins_and_mailboxes_get_the_same_rules(cli, settings, unchanged):
    settings.MAILWARDEN_MIN_PASSWORD_LENGTH = 16
    domain_create(actor=cli, name="example.org", create_postmaster=False)
    with unchanged():
        with pytest.raises(Invalid, match="at least 16"):
            mailbox_create(actor=cli, address="a@example.org", password="fifteen chars!!")
        with pytest.raises(Invalid, match="at least 16"):
            admin_create(
                actor=cli, email="a@example.org", password="fifteen chars!!", is_superadmin=True
            )
