"""The checks every plaintext password passes before it is hashed or compared."""

from .errors import PasswordError


def password_bytes(password: str) -> bytes:
    """Return the UTF-8 bytes Dovecot will compare, or refuse a password it cannot take."""
    if not isinstance(password, str):
        raise PasswordError("The password must be text.")
    if password == "":
        raise PasswordError("The password is empty.")
    if "\0" in password:
        # Dovecot passes passwords around as C strings: everything after a NUL is lost.
        raise PasswordError("The password contains a NUL character, which Dovecot cannot accept.")
    try:
        return password.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates, e.g. from a badly decoded form submission.
        raise PasswordError("The password is not valid Unicode text.") from None
