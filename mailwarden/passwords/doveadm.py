"""Hashing through Dovecot's own `doveadm pw`, for sites that want Dovecot to make the hash."""

import re
import subprocess

from .errors import PasswordError
from .plaintext import password_bytes
from .schemes import SCHEMES_VERIFIED, verify_password

DOVEADM_TIMEOUT_SECONDS = 10.0

_SCHEME_NAME = re.compile(r"[A-Z0-9][A-Z0-9.-]*")
_ERROR_LINE = re.compile(r"\b(?:Error|Fatal|Panic): *(.+)")
# What {CRYPT} writes depends on the system's crypt(3) default (DES on some), which we
# do not read; every other scheme we verify is checked after doveadm has hashed it.
_CHECKED_SCHEMES = frozenset(SCHEMES_VERIFIED) - {"CRYPT"}


def hash_with_doveadm(
    password: str,
    scheme: str,
    doveadm: str = "doveadm",
    *,
    timeout: float = DOVEADM_TIMEOUT_SECONDS,
) -> str:
    """Hash a password by running `doveadm pw -s SCHEME`, feeding the password on stdin.

    The password never goes on the command line, where other local users could read it
    in the process list. Every failure becomes one PasswordError "doveadm pw failed: ...".
    """
    secret = password_bytes(password)
    if b"\n" in secret or b"\r" in secret:
        # doveadm reads the password up to the first line break.
        raise _failed("a password sent on stdin cannot contain a line break")
    name = scheme.upper()
    if not _SCHEME_NAME.fullmatch(name):
        raise _failed(f"{scheme!r} is not a scheme name")
    hashed = _run(doveadm, name, secret, timeout, password)
    if name in _CHECKED_SCHEMES and not verify_password(password, hashed):
        raise _failed("doveadm returned a hash that does not match the password")
    return hashed


def _run(doveadm: str, scheme: str, secret: bytes, timeout: float, password: str) -> str:
    # doveadm asks twice ("Enter new password", "Retype new password") and, when stdin
    # is not a terminal, reads one line for each. If the lines differ, doveadm 2.3 prints
    # "Passwords don't match!" yet exits 0 with a hash of the *empty* password.
    try:
        done = subprocess.run(
            [doveadm, "pw", "-s", scheme],
            input=secret + b"\n" + secret + b"\n",
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise _failed(f"{doveadm} not found") from None
    except subprocess.TimeoutExpired:
        raise _failed(f"no answer within {timeout:g} seconds") from None
    except OSError as error:
        raise _failed(f"cannot run {doveadm}: {error.strerror}") from None
    complaint = _complaint(done.stderr.decode("utf-8", "replace"), password)
    if done.returncode != 0:
        raise _failed(complaint or f"exit status {done.returncode}")
    if complaint:
        raise _failed(complaint)
    hashed = done.stdout.decode("utf-8", "replace").strip()
    if not hashed.startswith(f"{{{scheme}}}") or len(hashed.split()) != 1:
        # The output itself is left out: it may be a hash of the password.
        raise _failed(f"output is not a {{{scheme}}} hash")
    return hashed


def _complaint(stderr: str, password: str) -> str | None:
    """The first error doveadm printed, unless it could contain the password."""
    match = _ERROR_LINE.search(stderr)
    if match is None or password in match[1]:
        return None
    return match[1].strip()[:200]


def _failed(reason: str) -> PasswordError:
    return PasswordError(f"doveadm pw failed: {reason}")
