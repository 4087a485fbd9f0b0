"""The one password policy for admins and mailboxes, applied by every door through the services.

Configurable: a minimum length, and how many character classes (lower case, upper case,
digits, other) a password must mix. ``policy_rules`` describes it for people (a page or an
API endpoint shows these lines).
"""

from __future__ import annotations

from django.conf import settings

from mailwarden.core.errors import Invalid

MAX_LENGTH = 1024  # longer is no stronger, and megabyte passwords only cost hashing time
_CLASSES = (
    ("a lower-case letter", str.islower),
    ("an upper-case letter", str.isupper),
    ("a digit", str.isdigit),
    ("another character", lambda c: not c.isalnum()),
)


def policy_rules() -> list[str]:
    rules = [f"at least {settings.MAILWARDEN_MIN_PASSWORD_LENGTH} characters"]
    required = settings.MAILWARDEN_PASSWORD_CLASSES
    if required:
        kinds = ", ".join(name for name, _ in _CLASSES)
        rules.append(f"at least {required} of: {kinds}")
    return rules


def policy_summary() -> dict:
    """The policy as the APIs show it: the numbers for scripts, the rules for people."""
    return {
        "min_length": settings.MAILWARDEN_MIN_PASSWORD_LENGTH,
        "character_classes": settings.MAILWARDEN_PASSWORD_CLASSES,
        "rules": policy_rules(),
    }


def check_password_policy(password: str, *, field: str = "password") -> None:
    """Raise ``Invalid`` naming the first rule the password breaks."""
    if "\x00" in password:
        raise Invalid(f"{field}: NUL characters are not allowed", fields={field: "invalid"})
    if len(password) > MAX_LENGTH:
        raise Invalid(f"{field}: at most {MAX_LENGTH} characters", fields={field: "too_long"})
    minimum = settings.MAILWARDEN_MIN_PASSWORD_LENGTH
    if len(password) < minimum:
        raise Invalid(
            f"{field}: at least {minimum} characters are required", fields={field: "too_short"}
        )
    required = settings.MAILWARDEN_PASSWORD_CLASSES
    present = sum(1 for _, test in _CLASSES if any(test(c) for c in password))
    if present < required:
        raise Invalid(
            f"{field}: mix at least {required} of lower case, upper case, digits and others",
            fields={field: "too_simple"},
        )
