"""The client address behind proxies: forged X-Forwarded-For never wins, in any mode."""

import pytest

from mailwarden.security.client_ip import resolve_client_ip

ATTACKER = "203.0.113.9"
FORGED = "198.51.100.77"


@pytest.mark.parametrize("mode", ["auto", "on", "off"])
def test_a_direct_client_is_its_peer_whatever_it_claims(mode):
    claimed = f"{FORGED}, 127.0.0.1"
    assert resolve_client_ip(ATTACKER, claimed, mode=mode, trusted=("127.0.0.1/32",)) == ATTACKER


def test_auto_believes_a_loopback_proxy_for_the_hop_it_saw():
    assert resolve_client_ip("127.0.0.1", ATTACKER, mode="auto") == ATTACKER


def test_auto_ignores_what_the_client_prepended():
    chain = f"{FORGED}, 10.1.2.3, {ATTACKER}"
    assert resolve_client_ip("127.0.0.1", chain, mode="auto") == ATTACKER


@pytest.mark.parametrize("lan_peer", ["10.0.0.2", "172.16.0.9", "192.168.1.20", "fd00::2"])
def test_auto_trusts_no_peer_beyond_this_host(lan_peer):
    """Regression: ``auto`` trusted every private peer, so any client on the LAN could
    write its own X-Forwarded-For. A proxy on another host is listed with ``on``."""
    assert resolve_client_ip(lan_peer, ATTACKER, mode="auto") == lan_peer


def test_on_walks_past_a_chain_of_listed_proxies():
    chain = f"{FORGED}, {ATTACKER}, 10.0.0.1"
    assert resolve_client_ip("10.0.0.2", chain, mode="on", trusted=("10.0.0.0/8",)) == ATTACKER


def test_on_trusts_only_the_listed_proxies():
    trusted = ("192.0.2.10/32",)
    assert (
        resolve_client_ip("192.0.2.10", f"{FORGED}, {ATTACKER}", mode="on", trusted=trusted)
        == ATTACKER
    )
    assert resolve_client_ip("127.0.0.1", ATTACKER, mode="on", trusted=trusted) == "127.0.0.1"


def test_off_never_reads_the_header():
    assert resolve_client_ip("127.0.0.1", ATTACKER, mode="off") == "127.0.0.1"


def test_a_malformed_hop_ends_the_walk_at_the_last_good_one():
    assert resolve_client_ip("127.0.0.1", f"{ATTACKER}, not-an-ip", mode="auto") == "127.0.0.1"


def test_ipv6_and_mapped_addresses_are_understood():
    assert resolve_client_ip("::1", "2001:db8::5", mode="auto") == "2001:db8::5"
    assert resolve_client_ip("::ffff:127.0.0.1", ATTACKER, mode="auto") == ATTACKER
