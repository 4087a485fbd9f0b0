"""What each API operation does: call one service or selector, shape the result as a dict.

Thin by design: every rule lives in the services. Each function takes the actor and the
operation's validated params, and is listed once in ``operations.OPERATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mailwarden.addresses import selectors as address_selectors
from mailwarden.addresses import services as address_services
from mailwarden.api import schemas as s
from mailwarden.audit.selectors import audit_list
from mailwarden.core.actor import Actor
from mailwarden.core.errors import Invalid
from mailwarden.core.pagination import Page
from mailwarden.domains import selectors as domain_selectors
from mailwarden.domains import services as domain_services
from mailwarden.mailboxes import selectors as mailbox_selectors
from mailwarden.mailboxes import services as mailbox_services
from mailwarden.mailboxes.credentials import generate_password
from mailwarden.security.password_policy import policy_summary
from mailwarden.tokens.authentication import TokenActor

LIMITS = domain_services.LIMIT_FIELDS


def page_dict(page: Page, render: Callable[[Any], dict]) -> dict:
    return {
        "items": [render(item) for item in page.items],
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
    }


def ping(actor: Actor, p: s.PingParams) -> dict:
    scopes = sorted(actor.scopes) if isinstance(actor, TokenActor) else []
    return {"pong": True, "actor": actor.label, "scopes": scopes}


def password_policy(actor: Actor, p: s.PasswordPolicyParams) -> dict:
    return policy_summary()


def domains_list(actor: Actor, p: s.DomainListParams) -> dict:
    page = domain_selectors.domain_list(
        actor=actor,
        search=p.search,
        active=p.active,
        order=p.order,
        offset=p.offset,
        limit=p.limit,
    )
    return page_dict(page, lambda d: d.to_dict())


def domain_get(actor: Actor, p: s.DomainNameParams) -> dict:
    domain = domain_selectors.domain_get(actor=actor, name=p.name, kinds=("virtual", "relay"))
    usage = domain_selectors.domain_usage(domain)
    return domain.to_dict() | {
        "usage": {
            "mailboxes": usage.mailboxes,
            "aliases": usage.aliases,
            "alias_domains": usage.alias_domains,
            "quota_allocated_bytes": usage.quota_allocated_bytes,
        }
    }


def domain_create(actor: Actor, p: s.DomainCreateParams) -> dict:
    domain = domain_services.domain_create(
        actor=actor,
        name=p.name,
        description=p.description,
        active=p.active,
        relay=p.relay,
        relay_transport=p.relay_transport,
        create_postmaster=p.create_postmaster,
        postmaster_to=p.postmaster_to,
        **{k: getattr(p, k) for k in LIMITS},
    )
    return domain.to_dict()


def domain_update(actor: Actor, p: s.DomainUpdateParams) -> dict:
    domain = domain_services.domain_update(
        actor=actor,
        name=p.name,
        description=p.description,
        active=p.active,
        relay_transport=p.relay_transport,
        **{k: getattr(p, k) for k in LIMITS},
    )
    return domain.to_dict()


def domain_delete(actor: Actor, p: s.DomainDeleteParams) -> dict:
    name = domain_selectors.domain_get(actor=actor, name=p.name, kinds=("virtual", "relay")).name
    domain_services.domain_delete(actor=actor, name=name, force=p.force)
    return {"deleted": name}


def mailboxes_list(actor: Actor, p: s.AddressListParams) -> dict:
    page = mailbox_selectors.mailbox_list(
        actor=actor,
        domain=p.domain,
        search=p.search,
        active=p.active,
        order=p.order,
        offset=p.offset,
        limit=p.limit,
    )
    return page_dict(page, mailbox_selectors.mailbox_to_dict)


def mailbox_get(actor: Actor, p: s.AddressParams) -> dict:
    return mailbox_selectors.mailbox_to_dict(
        mailbox_selectors.mailbox_get(actor=actor, address=p.address)
    )


def _new_password(given: Any, generate: bool, *, also: bool = False) -> tuple[str | None, bool]:
    """The password to set and whether it was generated; exactly one source is allowed."""
    if generate and (given is not None or also):
        raise Invalid(
            "password: give a password or ask for a generated one, not both",
            fields={"password": "invalid"},
        )
    if generate:
        return generate_password(), True
    return (given.get_secret_value() if given is not None else None), False


def mailbox_create(actor: Actor, p: s.MailboxCreateParams) -> dict:
    password, generated = _new_password(
        p.password, p.generate_password, also=p.password_hash is not None
    )
    entry = mailbox_services.mailbox_create(
        actor=actor,
        address=p.address,
        password=password,
        password_hash=p.password_hash,
        scheme=p.scheme,
        name=p.name,
        quota_bytes=p.quota_bytes,
        active=p.active,
    )
    result = mailbox_selectors.mailbox_to_dict(entry)
    return result | {"generated_password": password if generated else None}


def mailbox_update(actor: Actor, p: s.MailboxUpdateParams) -> dict:
    entry = mailbox_services.mailbox_update(
        actor=actor,
        address=p.address,
        name=p.name,
        quota_bytes=p.quota_bytes,
        active=p.active,
        forward_to=p.forward_to,
        keep_copy=p.keep_copy,
    )
    return mailbox_selectors.mailbox_to_dict(entry)


def mailbox_set_password(actor: Actor, p: s.MailboxSetPasswordParams) -> dict:
    password, generated = _new_password(p.password, p.generate_password)
    if password is None:
        raise Invalid(
            "password: give a password or set generate_password", fields={"password": "required"}
        )
    entry = mailbox_services.mailbox_set_password(
        actor=actor, address=p.address, password=password, scheme=p.scheme
    )
    entry = mailbox_selectors.mailbox_get(actor=actor, address=entry.email)
    result = mailbox_selectors.mailbox_to_dict(entry)
    return result | {"generated_password": password if generated else None}


def mailbox_delete(actor: Actor, p: s.AddressParams) -> dict:
    email = mailbox_selectors.mailbox_get(actor=actor, address=p.address).email
    mailbox_services.mailbox_delete(actor=actor, address=email)
    return {"deleted": email}


def aliases_list(actor: Actor, p: s.AddressListParams) -> dict:
    page = address_selectors.alias_list(
        actor=actor,
        domain=p.domain,
        search=p.search,
        active=p.active,
        order=p.order,
        offset=p.offset,
        limit=p.limit,
    )
    return page_dict(page, address_selectors.alias_to_dict)


def alias_get(actor: Actor, p: s.AddressParams) -> dict:
    return address_selectors.alias_to_dict(
        address_selectors.alias_get(actor=actor, address=p.address)
    )


def alias_create(actor: Actor, p: s.AliasCreateParams) -> dict:
    alias = address_services.alias_create(
        actor=actor, address=p.address, targets=p.targets, active=p.active
    )
    return address_selectors.alias_to_dict(
        address_selectors.alias_get(actor=actor, address=alias.email)
    )


def alias_update(actor: Actor, p: s.AliasUpdateParams) -> dict:
    alias = address_services.alias_update(
        actor=actor, address=p.address, targets=p.targets, active=p.active
    )
    return address_selectors.alias_to_dict(alias)


def alias_delete(actor: Actor, p: s.AddressParams) -> dict:
    email = address_selectors.alias_get(actor=actor, address=p.address).email
    address_services.alias_delete(actor=actor, address=email)
    return {"deleted": email}


def aliasdomains_list(actor: Actor, p: s.AliasDomainListParams) -> dict:
    page = domain_selectors.aliasdomain_list(
        actor=actor, target=p.target, offset=p.offset, limit=p.limit
    )
    return page_dict(page, lambda d: d.to_dict())


def aliasdomain_get(actor: Actor, p: s.DomainNameParams) -> dict:
    return domain_selectors.aliasdomain_get(actor=actor, name=p.name).to_dict()


def aliasdomain_create(actor: Actor, p: s.AliasDomainCreateParams) -> dict:
    domain = domain_services.aliasdomain_create(
        actor=actor, name=p.name, target=p.target, active=p.active
    )
    return domain.to_dict()


def aliasdomain_delete(actor: Actor, p: s.DomainNameParams) -> dict:
    name = domain_selectors.aliasdomain_get(actor=actor, name=p.name).name
    domain_services.aliasdomain_delete(actor=actor, name=name)
    return {"deleted": name}


def audit_events(actor: Actor, p: s.AuditListParams) -> dict:
    page = audit_list(
        actor=actor,
        domain=p.domain,
        actor_label=p.actor,
        action=p.action,
        since=p.since,
        until=p.until,
        without_calls=p.without_calls,
        offset=p.offset,
        limit=p.limit,
    )
    return page_dict(page, lambda e: e.to_dict())
