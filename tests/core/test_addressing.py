"""Addresses and domain names are validated and normalised once, the way Postfix looks them up."""

import pytest

from mailwarden.core.addressing import (
    display_domain,
    normalize_domain,
    split_address,
    split_alias_address,
)
from mailwarden.core.errors import Invalid


def test_it_lowercases_and_punycodes_domains():
    assert normalize_domain("Bücher.Example") == "xn--bcher-kva.example"
    assert display_domain("xn--bcher-kva.example") == "bücher.example"


def test_it_accepts_a_trailing_dot():
    assert normalize_domain("example.org.") == "example.org"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "localhost",
        "-a.example",
        "a-.example",
        "a..example",
        "$(id).x",
        "a b.example",
        "x" * 64 + ".example",
        "example.123",
        "a_b.example",
        "exa\nmple.org",
    ],
)
def test_it_refuses_malformed_domains(bad):
    with pytest.raises(Invalid):
        normalize_domain(bad)


def test_it_refuses_domains_longer_than_253():
    name = ".".join(["a" * 61] * 4) + ".example"  # 255 characters
    with pytest.raises(Invalid, match="253"):
        normalize_domain(name)


def test_it_lowercases_addresses():
    assert split_address("User.Name@B.Test") == ("user.name", "b.test")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("a@@b.test", "name@domain"),
        ("../x@d.test", "not a valid local part"),
        (".x@d.test", "not a valid local part"),
        ("x.@d.test", "not a valid local part"),
        ("a b@d.test", "not a valid local part"),
        ('"quoted"@d.test', "not a valid local part"),
        ("x" * 65 + "@d.test", "at most 64"),
        ("a\x00b@d.test", "control characters"),
        ("a\x1bb@d.test", "control characters"),
        ("jörg@d.test", "non-ASCII"),
        ("nodomain", "name@domain"),
        ("@d.test", "required"),
    ],
)
def test_it_refuses_malformed_addresses_with_a_reason(bad, reason):
    with pytest.raises(Invalid, match=reason):
        split_address(bad)


def test_it_accepts_64_character_local_parts_and_rfc_atext():
    assert split_address("x" * 64 + "@d.test")[0] == "x" * 64
    assert split_address("a+tag/x=y!{z}@d.test")[0] == "a+tag/x=y!{z}"


def test_it_reads_at_domain_as_a_catch_all():
    assert split_alias_address("@D.Test") == ("", "d.test")
