"""The REST routes, one per operation of the table, named as the operations are:
``POST /api/v1/mailboxes`` is ``mailbox.create``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Status

from mailwarden.api import outputs as o
from mailwarden.api import schemas as s
from mailwarden.api.rest import ERRORS, api, call, needs, params


@api.get("/ping", response={200: o.PingOut, **ERRORS}, **needs("ping"))
def ping(request: HttpRequest):
    return call(request, "ping", s.PingParams())


@api.get(
    "/password-policy",
    response={200: o.PasswordPolicyOut, **ERRORS},
    **needs("password_policy.get"),
)
def password_policy_get(request: HttpRequest):
    return call(request, "password_policy.get", s.PasswordPolicyParams())


@api.get("/domains", response={200: o.DomainPage, **ERRORS}, **needs("domains.list"))
def domains_list(request: HttpRequest, filters: Query[s.DomainListParams]):
    return call(request, "domains.list", filters)


@api.post("/domains", response={201: o.DomainOut, **ERRORS}, **needs("domain.create"))
def domain_create(request: HttpRequest, payload: s.DomainCreateParams):
    return Status(201, call(request, "domain.create", payload))


@api.get("/domains/{name}", response={200: o.DomainOut, **ERRORS}, **needs("domain.get"))
def domain_get(request: HttpRequest, name: str):
    return call(request, "domain.get", params(s.DomainNameParams, name=name))


@api.patch("/domains/{name}", response={200: o.DomainOut, **ERRORS}, **needs("domain.update"))
def domain_update(request: HttpRequest, name: str, payload: s.DomainChanges):
    data = params(s.DomainUpdateParams, **payload.model_dump(), name=name)
    return call(request, "domain.update", data)


@api.delete("/domains/{name}", response={200: o.DeletedOut, **ERRORS}, **needs("domain.delete"))
def domain_delete(request: HttpRequest, name: str, force: bool = False):
    return call(request, "domain.delete", params(s.DomainDeleteParams, name=name, force=force))


@api.get("/mailboxes", response={200: o.MailboxPage, **ERRORS}, **needs("mailboxes.list"))
def mailboxes_list(request: HttpRequest, filters: Query[s.AddressListParams]):
    return call(request, "mailboxes.list", filters)


@api.post("/mailboxes", response={201: o.MailboxPasswordOut, **ERRORS}, **needs("mailbox.create"))
def mailbox_create(request: HttpRequest, payload: s.MailboxCreateParams):
    return Status(201, call(request, "mailbox.create", payload))


@api.post(
    "/mailboxes/{address}/password",
    response={200: o.MailboxPasswordOut, **ERRORS},
    **needs("mailbox.set_password"),
)
def mailbox_set_password(request: HttpRequest, address: str, payload: s.PasswordChange):
    data = params(s.MailboxSetPasswordParams, **payload.model_dump(), address=address)
    return call(request, "mailbox.set_password", data)


@api.get("/mailboxes/{address}", response={200: o.MailboxOut, **ERRORS}, **needs("mailbox.get"))
def mailbox_get(request: HttpRequest, address: str):
    return call(request, "mailbox.get", params(s.AddressParams, address=address))


@api.patch(
    "/mailboxes/{address}", response={200: o.MailboxOut, **ERRORS}, **needs("mailbox.update")
)
def mailbox_update(request: HttpRequest, address: str, payload: s.MailboxChanges):
    data = params(s.MailboxUpdateParams, **payload.model_dump(), address=address)
    return call(request, "mailbox.update", data)


@api.delete(
    "/mailboxes/{address}", response={200: o.DeletedOut, **ERRORS}, **needs("mailbox.delete")
)
def mailbox_delete(request: HttpRequest, address: str):
    return call(request, "mailbox.delete", params(s.AddressParams, address=address))


@api.get("/aliases", response={200: o.AliasPage, **ERRORS}, **needs("aliases.list"))
def aliases_list(request: HttpRequest, filters: Query[s.AddressListParams]):
    return call(request, "aliases.list", filters)


@api.post("/aliases", response={201: o.AliasOut, **ERRORS}, **needs("alias.create"))
def alias_create(request: HttpRequest, payload: s.AliasCreateParams):
    return Status(201, call(request, "alias.create", payload))


@api.get("/aliases/{address}", response={200: o.AliasOut, **ERRORS}, **needs("alias.get"))
def alias_get(request: HttpRequest, address: str):
    return call(request, "alias.get", params(s.AddressParams, address=address))


@api.patch("/aliases/{address}", response={200: o.AliasOut, **ERRORS}, **needs("alias.update"))
def alias_update(request: HttpRequest, address: str, payload: s.AliasChanges):
    data = params(s.AliasUpdateParams, **payload.model_dump(), address=address)
    return call(request, "alias.update", data)


@api.delete("/aliases/{address}", response={200: o.DeletedOut, **ERRORS}, **needs("alias.delete"))
def alias_delete(request: HttpRequest, address: str):
    return call(request, "alias.delete", params(s.AddressParams, address=address))


@api.get("/aliasdomains", response={200: o.DomainPage, **ERRORS}, **needs("aliasdomains.list"))
def aliasdomains_list(request: HttpRequest, filters: Query[s.AliasDomainListParams]):
    return call(request, "aliasdomains.list", filters)


@api.post("/aliasdomains", response={201: o.DomainOut, **ERRORS}, **needs("aliasdomain.create"))
def aliasdomain_create(request: HttpRequest, payload: s.AliasDomainCreateParams):
    return Status(201, call(request, "aliasdomain.create", payload))


@api.get("/aliasdomains/{name}", response={200: o.DomainOut, **ERRORS}, **needs("aliasdomain.get"))
def aliasdomain_get(request: HttpRequest, name: str):
    return call(request, "aliasdomain.get", params(s.DomainNameParams, name=name))


@api.delete(
    "/aliasdomains/{name}", response={200: o.DeletedOut, **ERRORS}, **needs("aliasdomain.delete")
)
def aliasdomain_delete(request: HttpRequest, name: str):
    return call(request, "aliasdomain.delete", params(s.DomainNameParams, name=name))


@api.get("/audit", response={200: o.AuditPage, **ERRORS}, **needs("audit.list"))
def audit_list(request: HttpRequest, filters: Query[s.AuditListParams]):
    return call(request, "audit.list", filters)
