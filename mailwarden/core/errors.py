"""The one error hierarchy of the service layer; each front door maps it once.

Web: form errors / HTTP status; REST: status + ``{"error": ...}``; JSON-RPC: an error object;
CLI: exit code 1 and one line on stderr.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refused operation. ``message`` is one line for a human; ``fields`` names bad inputs."""

    code = "error"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(ServiceError):
    """The object does not exist, or the actor may not see it (the two look the same)."""

    code = "not_found"


class Conflict(ServiceError):
    """The change collides with existing data (a taken address, a domain still in use)."""

    code = "conflict"


class LimitReached(ServiceError):
    """A domain limit (mailboxes, aliases, quota) would be exceeded."""

    code = "limit_reached"


class Forbidden(ServiceError):
    """The actor may see the object but not make this change."""

    code = "forbidden"


class Invalid(ServiceError):
    """The input is malformed; ``fields`` says which field and why."""

    code = "invalid"


class TooManyAttempts(ServiceError):
    """Locked out after too many failures; ``retry_after`` is in seconds (HTTP 429)."""

    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
