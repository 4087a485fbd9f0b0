"""The panel's routes. Objects are named in URLs as people name them (domain names, email
addresses); an address may hold a slash, so its specific routes come before the bare one."""

from __future__ import annotations

from django.urls import path

from mailwarden.web.views import (
    admins,
    aliasdomains,
    aliases,
    assets,
    audit,
    auth,
    dashboard,
    domains,
    mailboxes,
    tokens,
    two_factor,
)

app_name = "web"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("setup/", auth.setup, name="setup"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/password/", auth.own_password, name="own_password"),
    path("login/code/", two_factor.login_code, name="login_code"),
    path("login/enrol/", two_factor.login_enrol, name="login_enrol"),
    path("login/enrol/begin/", two_factor.login_enrol_begin, name="login_enrol_begin"),
    path("account/two-factor/", two_factor.two_factor, name="two_factor"),
    path("account/two-factor/begin/", two_factor.two_factor_begin, name="two_factor_begin"),
    path("account/two-factor/confirm/", two_factor.two_factor_confirm, name="two_factor_confirm"),
    path("account/two-factor/disable/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("static/web/<str:name>", assets.static_file, name="static"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("domains/", domains.domain_index, name="domain_index"),
    path("domains/new/", domains.domain_new, name="domain_new"),
    path("domains/<str:name>/", domains.domain_detail, name="domain_detail"),
    path("domains/<str:name>/edit/", domains.domain_edit, name="domain_edit"),
    path("domains/<str:name>/active/", domains.domain_set_active, name="domain_set_active"),
    path("domains/<str:name>/delete/", domains.domain_remove, name="domain_delete"),
    path("mailboxes/", mailboxes.mailbox_index, name="mailbox_index"),
    path("mailboxes/new/", mailboxes.mailbox_new, name="mailbox_new"),
    path(
        "mailboxes/<path:address>/password/",
        mailboxes.mailbox_password,
        name="mailbox_password",
    ),
    path(
        "mailboxes/<path:address>/forwarding/",
        mailboxes.mailbox_forwarding,
        name="mailbox_forwarding",
    ),
    path("mailboxes/<path:address>/delete/", mailboxes.mailbox_remove, name="mailbox_delete"),
    path("mailboxes/<path:address>/", mailboxes.mailbox_detail, name="mailbox_detail"),
    path("aliases/", aliases.alias_index, name="alias_index"),
    path("aliases/new/", aliases.alias_new, name="alias_new"),
    path("aliases/<path:address>/delete/", aliases.alias_remove, name="alias_delete"),
    path("aliases/<path:address>/", aliases.alias_detail, name="alias_detail"),
    path("aliasdomains/", aliasdomains.aliasdomain_index, name="aliasdomain_index"),
    path("aliasdomains/new/", aliasdomains.aliasdomain_new, name="aliasdomain_new"),
    path(
        "aliasdomains/<str:name>/delete/",
        aliasdomains.aliasdomain_remove,
        name="aliasdomain_delete",
    ),
    path("admins/", admins.admin_index, name="admin_index"),
    path("admins/new/", admins.admin_new, name="admin_new"),
    path("admins/<path:email>/password/", admins.admin_password, name="admin_password"),
    path("admins/<path:email>/delete/", admins.admin_remove, name="admin_delete"),
    path("admins/<path:email>/", admins.admin_detail, name="admin_detail"),
    path("audit/", audit.audit_index, name="audit_index"),
    path("tokens/", tokens.token_index, name="token_index"),
    path("tokens/new/", tokens.token_new, name="token_new"),
    path("tokens/<str:prefix>/revoke/", tokens.token_revoke_confirm, name="token_revoke"),
]
