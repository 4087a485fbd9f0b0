"""The one exception the passwords package raises."""


class PasswordError(ValueError):
    """A password or scheme Dovecot could not use; the message is fit to show the user.

    Messages never contain the password itself, so they are safe to log.
    """
