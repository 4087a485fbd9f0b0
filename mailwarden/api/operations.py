"""The one table of API operations: name, required scope, typed params and result.

JSON-RPC methods, REST routes and MCP tools are all drawn from it, and
``tests/api/test_operations.py`` walks it, so no operation exists without a declared scope.
Names mirror the services: ``mailbox.create`` is ``mailbox_create``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from mailwarden.api import handlers as h
from mailwarden.api import outputs as o
from mailwarden.api import schemas as s

READ, WRITE, DELETE = "read", "write", "delete"


@dataclass(frozen=True)
class Operation:
    """One operation. ``key`` names the fields that identify the object; they come first
    when JSON-RPC params are given by position, then the rest in declared order."""

    name: str
    scope: str
    params: type[BaseModel]
    result: type[BaseModel]
    run: Callable[[Any, Any], dict]
    summary: str
    key: tuple[str, ...] = ()

    @property
    def positional(self) -> tuple[str, ...]:
        rest = tuple(f for f in self.params.model_fields if f not in self.key)
        return self.key + rest


_TABLE = (
    Operation("ping", READ, s.PingParams, o.PingOut, h.ping,
              "Check the token: who it acts as and its scopes."),
    Operation("password_policy.get", READ, s.PasswordPolicyParams, o.PasswordPolicyOut,
              h.password_policy, "The rules every new password must follow, in every door."),
    Operation("domains.list", READ, s.DomainListParams, o.DomainPage, h.domains_list,
              "List the hosted and relay domains the token can see, a page at a time."),
    Operation("domain.get", READ, s.DomainNameParams, o.DomainOut, h.domain_get,
              "Show one domain with its limits and usage.", ("name",)),
    Operation("domain.create", WRITE, s.DomainCreateParams, o.DomainOut, h.domain_create,
              "Create a hosted (or relay) domain; superadmin tokens only.", ("name",)),
    Operation("domain.update", WRITE, s.DomainUpdateParams, o.DomainOut, h.domain_update,
              "Change a domain; only a superadmin changes limits, state or next hop.", ("name",)),
    Operation("domain.delete", DELETE, s.DomainDeleteParams, o.DeletedOut, h.domain_delete,
              "Delete a domain (force: with everything in it); superadmin tokens only.",
              ("name",)),
    Operation("mailboxes.list", READ, s.AddressListParams, o.MailboxPage, h.mailboxes_list,
              "List mailboxes, filtered by domain, substring or state, a page at a time."),
    Operation("mailbox.get", READ, s.AddressParams, o.MailboxOut, h.mailbox_get,
              "Show one mailbox (never its password).", ("address",)),
    Operation("mailbox.create", WRITE, s.MailboxCreateParams, o.MailboxPasswordOut,
              h.mailbox_create,
              "Create a mailbox within the domain's limits; with generate_password the "
              "password is returned once.", ("address",)),
    Operation("mailbox.update", WRITE, s.MailboxUpdateParams, o.MailboxOut, h.mailbox_update,
              "Change a mailbox's name, quota, state or forwarding.", ("address",)),
    Operation("mailbox.set_password", WRITE, s.MailboxSetPasswordParams, o.MailboxPasswordOut,
              h.mailbox_set_password,
              "Set a mailbox's password, or generate one and return it once.", ("address",)),
    Operation("mailbox.delete", DELETE, s.AddressParams, o.DeletedOut, h.mailbox_delete,
              "Delete a mailbox's rows (its maildir stays on the mail host).", ("address",)),
    Operation("aliases.list", READ, s.AddressListParams, o.AliasPage, h.aliases_list,
              "List aliases and catch-alls, a page at a time."),
    Operation("alias.get", READ, s.AddressParams, o.AliasOut, h.alias_get,
              "Show one alias and its targets.", ("address",)),
    Operation("alias.create", WRITE, s.AliasCreateParams, o.AliasOut, h.alias_create,
              "Create an alias (@domain for a catch-all) forwarding to targets.", ("address",)),
    Operation("alias.update", WRITE, s.AliasUpdateParams, o.AliasOut, h.alias_update,
              "Replace an alias's targets or change its state.", ("address",)),
    Operation("alias.delete", DELETE, s.AddressParams, o.DeletedOut, h.alias_delete,
              "Delete an alias.", ("address",)),
    Operation("aliasdomains.list", READ, s.AliasDomainListParams, o.DomainPage,
              h.aliasdomains_list, "List alias domains, a page at a time."),
    Operation("aliasdomain.get", READ, s.DomainNameParams, o.DomainOut, h.aliasdomain_get,
              "Show one alias domain.", ("name",)),
    Operation("aliasdomain.create", WRITE, s.AliasDomainCreateParams, o.DomainOut,
              h.aliasdomain_create,
              "Make every address of a hosted domain valid at another name; superadmin "
              "tokens only.", ("name",)),
    Operation("aliasdomain.delete", DELETE, s.DomainNameParams, o.DeletedOut,
              h.aliasdomain_delete, "Delete an alias domain; superadmin tokens only.", ("name",)),
    Operation("audit.list", READ, s.AuditListParams, o.AuditPage, h.audit_events,
              "List audit events, newest first, filtered by domain, actor, action or time."),
)  # fmt: skip

OPERATIONS: dict[str, Operation] = {op.name: op for op in _TABLE}
