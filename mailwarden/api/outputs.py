"""The typed results of API operations: the REST response schemas, the MCP output schemas,
and what tests check the JSON-RPC results against. They mirror each model's ``to_dict``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

Timestamp = Field(json_schema_extra={"format": "date-time"})


class Out(BaseModel):
    pass


class PingOut(Out):
    pong: bool
    actor: str
    scopes: list[str]


class PasswordPolicyOut(Out):
    min_length: int
    character_classes: int = Field(
        description="how many of lower case, upper case, digits and others a password mixes"
    )
    rules: list[str] = Field(description="the rules in words, for people")


class UsageOut(Out):
    mailboxes: int
    aliases: int
    alias_domains: int
    quota_allocated_bytes: int


class DomainOut(Out):
    name: str
    display_name: str
    kind: str = Field(description="virtual (hosted), relay or alias")
    description: str
    active: bool
    alias_target: str | None = None
    relay_transport: str | None = None
    max_mailboxes: int | None = None
    max_aliases: int | None = None
    max_quota_bytes: int | None = None
    total_quota_bytes: int | None = None
    default_quota_bytes: int | None = None
    created: str | None = Timestamp
    modified: str | None = Timestamp
    usage: UsageOut | None = None


class MailboxOut(Out):
    address: str
    domain: str
    name: str
    active: bool
    quota_bytes: int
    maildir: str
    password_scheme: str | None
    password_changed: str = Timestamp
    forward_to: list[str]
    keep_copy: bool
    created: str | None = Timestamp
    modified: str | None = Timestamp


class MailboxPasswordOut(MailboxOut):
    generated_password: str | None = Field(
        None, description="only when one was generated: shown this once, stored only as a hash"
    )


class AliasOut(Out):
    address: str
    catch_all: bool
    domain: str
    targets: list[str]
    active: bool
    created: str | None = Timestamp
    modified: str | None = Timestamp


class AuditEventOut(Out):
    id: int
    at: str = Timestamp
    actor: str
    door: str
    source_ip: str | None
    action: str
    object_type: str
    object: str
    domain: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class PageOut(Out):
    total: int
    offset: int
    limit: int


class DomainPage(PageOut):
    items: list[DomainOut]


class MailboxPage(PageOut):
    items: list[MailboxOut]


class AliasPage(PageOut):
    items: list[AliasOut]


class AuditPage(PageOut):
    items: list[AuditEventOut]


class DeletedOut(Out):
    deleted: str


class ErrorDetail(Out):
    code: str = Field(description="not_found, conflict, limit_reached, forbidden, invalid, ...")
    message: str
    fields: dict[str, str]


class ErrorOut(Out):
    error: ErrorDetail
