"""The audit log's filters and the dashboard's counts, each scoped to the admin's domains."""

import re

from tests.web.conftest import page


def rows(body):
    return body[body.index("<tbody>") :] if "<tbody>" in body else ""


def test_the_audit_log_filters_by_domain_actor_action_and_date(boss):
    body = rows(page(boss.get("/audit/?domain=b.example&action=mailbox.create")))
    assert "bob@b.example" in body
    assert "a.example" not in body
    assert "alias.create" not in body
    assert "No changes recorded." in page(boss.get("/audit/?actor=nobody"))
    assert "No changes recorded." in page(boss.get("/audit/?since=2999-01-01"))
    assert "bob@b.example" in page(boss.get("/audit/?until=2999-01-01"))


def test_the_audit_log_takes_the_first_and_last_dates_there_are(boss):
    """``until`` includes its day: the last date has no day after it to stop at."""
    assert "bob@b.example" in page(boss.get("/audit/?until=9999-12-31"))
    assert "bob@b.example" in page(boss.get("/audit/?since=0001-01-01&until=9999-12-31"))


def test_a_bad_audit_filter_is_a_form_error(boss):
    assert "not a valid domain name" in page(boss.get("/audit/?domain=$(id)"))
    assert "Enter a valid date" in page(boss.get("/audit/?since=yesterday"))


def test_the_dashboard_counts_only_what_the_admin_manages(admin_a, boss):
    mine = page(admin_a.get("/dashboard/"))
    assert "<strong>1</strong> domains" in mine
    assert "<strong>2</strong> mailboxes" in mine
    everything = page(boss.get("/dashboard/"))
    assert "<strong>2</strong> domains" in everything
    assert "<strong>4</strong> mailboxes" in everything
    assert "mailbox.create" in everything


def test_the_dashboards_recent_changes_and_changes_only_leave_the_api_calls_out(boss):
    from mailwarden.api.calls import ApiCall, record_call
    from mailwarden.api.operations import OPERATIONS
    from mailwarden.tokens.authentication import TokenActor

    reader = TokenActor(label="token:poller", door="api", is_superadmin=True)
    for _ in range(12):
        record_call(ApiCall(reader, "ping", OPERATIONS["ping"].params()))
    assert "token:poller" not in page(boss.get("/dashboard/"))
    assert "mailbox.create" in page(boss.get("/dashboard/"))
    assert "token:poller" in rows(page(boss.get("/audit/")))
    assert "token:poller" not in rows(page(boss.get("/audit/?without_calls=on")))


def test_each_audit_row_shows_what_changed_field_by_field(boss, cast):
    """An update shows only the fields that differ, before and after, escaped; the
    dashboard's short list shows none."""
    from mailwarden.addresses.services import alias_update
    from mailwarden.domains.services import domain_update

    alias_update(actor=cast.root, address="info@a.example", targets=["x@else.example"])
    domain_update(actor=cast.root, name="a.example", description="<script>alert(1)</script>")
    body = rows(page(boss.get("/audit/?action=alias.update")))
    assert "What changed" in body
    assert "<dt>targets</dt>" in body
    old, new = "[&quot;alice@a.example&quot;]", "[&quot;x@else.example&quot;]"
    assert f"<del>{old}</del> <ins>{new}</ins>" in body
    body = rows(page(boss.get("/audit/?action=domain.update")))
    assert "<dt>description</dt>" in body
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in body
    assert "<script>" not in body
    # The fields that did not change (the name, the limits) are not shown.
    assert re.findall(r"<dt>(\w+)</dt>", body) == ["description", "modified"]
    assert "What changed" not in page(boss.get("/dashboard/"))
