"""hash_with_doveadm runs `doveadm pw` safely; a fake doveadm stands in for the real one."""

import time
from pathlib import Path

import pytest

from mailwarden.passwords import PasswordError, hash_password, hash_with_doveadm

PASSWORD = "Tr0ub4dor&3"


def fake_doveadm(tmp_path: Path, then: str) -> str:
    """A doveadm that records its argv and stdin in tmp_path, then runs the `then` lines."""
    script = tmp_path / "doveadm"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/argv"\ncat > "{tmp_path}/stdin"\n{then}\n'
    )
    script.chmod(0o755)
    return str(script)


def answering(tmp_path: Path, hashed: str) -> str:
    return fake_doveadm(tmp_path, f"printf '%s\\n' '{hashed}'")


def failure(doveadm: str, password: str = PASSWORD, **kwargs: float) -> str:
    with pytest.raises(PasswordError) as raised:
        hash_with_doveadm(password, "SSHA512", doveadm, **kwargs)
    message = str(raised.value)
    assert message.startswith("doveadm pw failed: ")
    assert password not in message
    return message


def test_it_returns_the_hash_doveadm_printed(tmp_path: Path) -> None:
    hashed = hash_password(PASSWORD, "SSHA512")

    assert hash_with_doveadm(PASSWORD, "SSHA512", answering(tmp_path, hashed)) == hashed


def test_it_never_puts_the_password_on_the_command_line(tmp_path: Path) -> None:
    hash_with_doveadm(PASSWORD, "ssha512", answering(tmp_path, hash_password(PASSWORD, "SSHA512")))

    argv = (tmp_path / "argv").read_text()
    assert argv.splitlines() == ["pw", "-s", "SSHA512"]
    assert PASSWORD not in argv


def test_it_types_the_password_twice_on_stdin_as_doveadm_asks(tmp_path: Path) -> None:
    hash_with_doveadm(PASSWORD, "SSHA512", answering(tmp_path, hash_password(PASSWORD, "SSHA512")))

    assert (tmp_path / "stdin").read_bytes() == f"{PASSWORD}\n{PASSWORD}\n".encode()


def test_it_reports_a_missing_doveadm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    assert failure("doveadm") == "doveadm pw failed: doveadm not found"
    assert failure(str(tmp_path / "absent")).endswith("absent not found")


def test_it_reports_a_doveadm_it_cannot_run(tmp_path: Path) -> None:
    script = tmp_path / "doveadm"
    script.write_text("#!/bin/sh\n")

    assert "cannot run" in failure(str(script))


def test_it_reports_doveadms_own_error_line(tmp_path: Path) -> None:
    doveadm = fake_doveadm(tmp_path, "echo 'Fatal: Unknown scheme: SSHA512' >&2; exit 75")

    assert failure(doveadm) == "doveadm pw failed: Unknown scheme: SSHA512"


def test_it_reports_the_exit_status_when_doveadm_says_nothing(tmp_path: Path) -> None:
    assert failure(fake_doveadm(tmp_path, "exit 1")) == "doveadm pw failed: exit status 1"


def test_it_gives_up_after_the_timeout(tmp_path: Path) -> None:
    started = time.monotonic()

    message = failure(fake_doveadm(tmp_path, "exec sleep 10"), timeout=0.5)

    assert message == "doveadm pw failed: no answer within 0.5 seconds"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "output",
    ["", "hello", "{SSHA}VsAxEL6C/dHBDp85x7sPVccw9vusPbv+", "{SSHA512}abc def", "{SSHA512}a\nb"],
)
def test_it_refuses_output_that_is_not_one_hash_in_the_scheme(tmp_path: Path, output: str) -> None:
    doveadm = fake_doveadm(tmp_path, f"printf '%s\\n' '{output}'")

    assert failure(doveadm) == "doveadm pw failed: output is not a {SSHA512} hash"


def test_it_refuses_a_hash_of_some_other_password(tmp_path: Path) -> None:
    """doveadm 2.3, given two different lines, says "Passwords don't match!" on stderr yet
    exits 0 with a hash of the empty password; such a hash must never reach the database."""
    other = hash_password("not the password", "SSHA512")

    assert "does not match the password" in failure(answering(tmp_path, other))


def test_it_refuses_a_hash_printed_after_an_error(tmp_path: Path) -> None:
    hashed = hash_password(PASSWORD, "SSHA512")
    doveadm = fake_doveadm(
        tmp_path, f"echo \"Error: Passwords don't match!\" >&2; printf '%s\\n' '{hashed}'"
    )

    assert failure(doveadm) == "doveadm pw failed: Passwords don't match!"


def test_it_leaves_out_an_error_line_that_repeats_the_password(tmp_path: Path) -> None:
    doveadm = fake_doveadm(tmp_path, f"echo 'Error: bad password {PASSWORD}' >&2; exit 1")

    assert failure(doveadm) == "doveadm pw failed: exit status 1"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("two\nlines", "line break"),
        ("carriage\rreturn", "line break"),
        ("", "empty"),
        ("\0", "NUL"),
    ],
)
def test_it_refuses_a_password_doveadm_cannot_read_without_running_it(
    tmp_path: Path, password: str, reason: str
) -> None:
    doveadm = fake_doveadm(tmp_path, "exit 0")

    with pytest.raises(PasswordError, match=reason):
        hash_with_doveadm(password, "SSHA512", doveadm)

    assert not (tmp_path / "argv").exists()


@pytest.mark.parametrize("scheme", ["-p", "SSHA512 -p", "", "{SSHA512}"])
def test_it_refuses_a_scheme_that_is_not_a_name(tmp_path: Path, scheme: str) -> None:
    doveadm = fake_doveadm(tmp_path, "exit 0")

    with pytest.raises(PasswordError, match="not a scheme name"):
        hash_with_doveadm(PASSWORD, scheme, doveadm)

    assert not (tmp_path / "argv").exists()
