"""The typed inputs of every API operation, shared by JSON-RPC params, REST bodies and MCP
tool schemas, so the three doors cannot drift apart.

These check only shape and bounds (types, sizes, enumerations); every rule about the values
themselves stays in the services, which give the precise one-line messages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refusing it here keeps it from becoming a 500.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


def _utc_moment(value: datetime) -> datetime:
    """A moment in UTC between 1970 and 9999: PostgreSQL refuses offsets beyond 15:59 and
    MySQL years outside 1000..9999 (found by fuzzing), so every engine gets plain UTC."""
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the moment is out of range") from None
    if not EARLIEST <= moment <= LATEST:
        raise ValueError("must lie between 1970 and 9999")
    return moment


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
Moment = Annotated[datetime, AfterValidator(_utc_moment)]
Text = Annotated[str, Field(max_length=1000), AfterValidator(_no_nul)]
Address = Annotated[
    str,
    Field(
        max_length=320,
        description="an address like alice@example.org",
        examples=["alice@example.org"],
    ),
    AfterValidator(_no_nul),
]
DomainName = Annotated[
    str,
    Field(
        max_length=260, description="a domain name (Unicode or punycode)", examples=["example.org"]
    ),
    AfterValidator(_no_nul),
]
Password = Annotated[SecretStr, Field(max_length=1024)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
Bytes = Annotated[int, Field(ge=0, le=2**62, description="bytes; 0 means unlimited")]
Scheme = Literal["ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT", "SSHA512"]
DomainOrder = Literal["name", "-name", "created", "-created"]
AddressOrder = Literal["email", "-email", "created", "-created"]


class Params(BaseModel):
    """Unknown fields are refused: a typo must not silently do nothing."""

    model_config = ConfigDict(extra="forbid")


class PageParams(Params):
    limit: int = Field(50, ge=1, le=1000, description="rows per page")
    offset: int = Field(0, ge=0, le=2**31 - 1, description="rows to skip")


class PingParams(Params):
    pass


class PasswordPolicyParams(Params):
    pass


class DomainListParams(PageParams):
    search: Text | None = Field(None, description="substring of the name")
    active: bool | None = None
    order: DomainOrder = "name"


class DomainNameParams(Params):
    name: DomainName


class DomainCreateParams(Params):
    name: DomainName
    description: Text = ""
    active: bool = True
    relay: bool = Field(False, description="a backup-MX / relay domain instead of a hosted one")
    relay_transport: Text = Field("", description="relay next hop, e.g. smtp:[mx1.example.net]:25")
    create_postmaster: bool = Field(True, description="create postmaster@ (RFC 5321 wants it)")
    postmaster_to: Address | None = Field(None, description="where postmaster@ goes")
    max_mailboxes: Count = 0
    max_aliases: Count = 0
    max_quota_bytes: Bytes = 0
    total_quota_bytes: Bytes = 0
    default_quota_bytes: Bytes = 0


class DomainChanges(Params):
    """Fields left out (or null) stay as they are. Only a superadmin changes limits and state."""

    description: Text | None = None
    active: bool | None = None
    relay_transport: Text | None = None
    max_mailboxes: Count | None = None
    max_aliases: Count | None = None
    max_quota_bytes: Bytes | None = None
    total_quota_bytes: Bytes | None = None
    default_quota_bytes: Bytes | None = None


class DomainUpdateParams(DomainChanges):
    name: DomainName


class DomainDeleteParams(Params):
    name: DomainName
    force: bool = Field(False, description="also delete its mailboxes, aliases and alias domains")


class AddressListParams(PageParams):
    domain: DomainName | None = None
    search: Text | None = Field(None, description="substring of the address")
    active: bool | None = None
    order: AddressOrder = "email"


class AddressParams(Params):
    address: Address


class MailboxCreateParams(Params):
    """Exactly one of ``password``, ``generate_password`` or ``password_hash``."""

    address: Address
    password: Password | None = Field(None, description="the new mailbox's password")
    generate_password: bool = Field(
        False, description="generate a password and return it once in the result"
    )
    password_hash: Text | None = Field(
        None, description="a {SCHEME}-prefixed hash imported from another system"
    )
    scheme: Scheme | None = Field(None, description="hash scheme (default: the configured one)")
    name: Text = Field("", description="display name")
    quota_bytes: Bytes | None = Field(None, description="default: the domain's default quota")
    active: bool = True


class MailboxChanges(Params):
    """Fields left out (or null) stay as they are; ``forward_to`` replaces the forwards."""

    name: Text | None = None
    quota_bytes: Bytes | None = None
    active: bool | None = None
    forward_to: list[Address] | None = Field(
        None, max_length=200, description="forward mail here; [] stops forwarding"
    )
    keep_copy: bool = Field(False, description="with forward_to: keep a copy in the mailbox")


class MailboxUpdateParams(MailboxChanges):
    address: Address


class PasswordChange(Params):
    """Exactly one of ``password`` or ``generate_password``."""

    password: Password | None = None
    generate_password: bool = Field(False, description="generate one and return it once")
    scheme: Scheme | None = None


class MailboxSetPasswordParams(PasswordChange):
    address: Address


class AliasCreateParams(Params):
    address: Address = Field(description="an address, or @domain for a catch-all")
    targets: list[Address] = Field(min_length=1, max_length=200)
    active: bool = True


class AliasChanges(Params):
    targets: list[Address] | None = Field(None, min_length=1, max_length=200)
    active: bool | None = None


class AliasUpdateParams(AliasChanges):
    address: Address


class AliasDomainListParams(PageParams):
    target: DomainName | None = Field(None, description="only alias domains of this domain")


class AliasDomainCreateParams(Params):
    name: DomainName = Field(description="the alias domain: its addresses mirror the target's")
    target: DomainName
    active: bool = True


class AuditListParams(PageParams):
    domain: DomainName | None = None
    actor: Text | None = Field(None, description="e.g. token:billing or admin@example.org")
    action: Text | None = Field(None, description="e.g. mailbox.create")
    since: Moment | None = Field(None, description="from this moment (UTC unless given)")
    until: Moment | None = Field(None, description="before this moment")
    without_calls: bool = Field(
        False, description="leave out the records of API calls that changed nothing"
    )
