"""Admin accounts: superadmins manage them; the first superadmin is protected everywhere."""

import pytest

from mailwarden.admins.models import Admin
from mailwarden.admins.selectors import admin_list
from mailwarden.admins.services import admin_create, admin_delete, admin_set_password, admin_update
from mailwarden.core.errors import Conflict, Forbidden, Invalid, NotFound
from tests.conftest import PASSWORD


def test_the_first_superadmin_is_protected_and_later_ones_are_not(cast):
    assert Admin.objects.get(email="boss@ops.example").is_protected
    second = admin_create(
        actor=cast.root, email="two@ops.example", password=PASSWORD, is_superadmin=True
    )
    assert not second.is_protected


def test_nobody_deletes_demotes_deactivates_or_resets_the_protected_superadmin(cast, unchanged):
    admin_create(actor=cast.root, email="two@ops.example", password=PASSWORD, is_superadmin=True)
    from mailwarden.core.actor import admin_actor

    second = admin_actor(Admin.objects.get(email="two@ops.example"), door="web")
    with unchanged():
        for actor in (cast.root, second):
            with pytest.raises(Forbidden, match="protected"):
                admin_delete(actor=actor, email="boss@ops.example")
            with pytest.raises(Forbidden, match="protected"):
                admin_update(
                    actor=actor,
                    email="boss@ops.example",
                    is_superadmin=False,
                    domains=["a.example"],
                )
            with pytest.raises(Forbidden, match="protected"):
                admin_update(actor=actor, email="boss@ops.example", active=False)
        with pytest.raises(Forbidden, match="protected"):
            admin_set_password(actor=second, email="boss@ops.example", password="taken over now")


def test_the_protected_superadmin_changes_its_own_password(cast):
    admin_set_password(
        actor=cast.superadmin, email="boss@ops.example", password="a new long secret"
    )
    assert Admin.objects.get(email="boss@ops.example").check_password("a new long secret")


def test_a_domain_admin_needs_a_domain_and_a_superadmin_takes_none(cast, unchanged):
    with unchanged():
        with pytest.raises(Invalid, match="at least one domain"):
            admin_create(actor=cast.root, email="x@ops.example", password=PASSWORD)
        with pytest.raises(Invalid, match="every domain"):
            admin_create(
                actor=cast.root,
                email="x@ops.example",
                password=PASSWORD,
                is_superadmin=True,
                domains=["a.example"],
            )


def test_a_domain_admin_cannot_create_change_or_delete_admins(cast, unchanged):
    with unchanged():
        with pytest.raises(Forbidden):
            admin_create(
                actor=cast.admin_a, email="x@a.example", password=PASSWORD, domains=["a.example"]
            )
        with pytest.raises(Forbidden):
            admin_update(actor=cast.admin_a, email="admin@a.example", is_superadmin=True)
        with pytest.raises(Forbidden):
            admin_delete(actor=cast.admin_a, email="admin@b.example")
        with pytest.raises(NotFound):
            admin_set_password(
                actor=cast.admin_a, email="admin@b.example", password="taken over now"
            )


def test_a_domain_admin_sees_only_themself(cast):
    assert [a.email for a in admin_list(actor=cast.admin_a).items] == ["admin@a.example"]


def test_it_refuses_a_duplicate_admin_in_any_case(cast, unchanged):
    with unchanged(), pytest.raises(Conflict):
        admin_create(
            actor=cast.root, email="Admin@A.example", password=PASSWORD, domains=["a.example"]
        )


def test_it_changes_an_admins_domains(cast):
    admin = admin_update(
        actor=cast.root, email="admin@a.example", domains=["a.example", "b.example"]
    )
    assert admin.to_dict()["domains"] == ["a.example", "b.example"]


def test_admin_passwords_are_stored_hashed(cast):
    admin = Admin.objects.get(email="admin@a.example")
    assert PASSWORD not in admin.password
    assert admin.check_password(PASSWORD)


def test_the_operator_at_the_shell_can_reset_the_protected_password(cast):
    """The recovery path for a forgotten password of the first superadmin."""
    admin_set_password(actor=cast.root, email="boss@ops.example", password="recovered at last")
    assert Admin.objects.get(email="boss@ops.example").check_password("recovered at last")
