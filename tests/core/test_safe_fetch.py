"""Fetching a file from another site never reaches our own network, and stays bounded."""

import io
import socket

import pytest

from core import safe_fetch
from core.safe_fetch import FetchRefused, fetch


class FakeNetwork:
    """DNS answers and HTTP answers by host, recorded requests."""

    def __init__(self, dns, answers):
        self.dns = dns
        self.answers = answers
        self.requests = []

    def getaddrinfo(self, host, port, type=None):
        if host not in self.dns:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in self.dns[host]]

    def exchange(self, scheme, host, port, address, target, timeout):
        self.requests.append((scheme, host, address, target))
        status, headers, body = self.answers[(host, target)]
        return status, headers, io.BytesIO(body), lambda: None


@pytest.fixture
def network(monkeypatch):
    def install(dns, answers):
        fake = FakeNetwork(dns, answers)
        monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", fake.getaddrinfo)
        monkeypatch.setattr(safe_fetch, "exchange", fake.exchange)
        return fake
    return install


def test_a_public_file_is_fetched_from_the_address_that_was_checked(network):
    fake = network({"ancien.example.fr": ["93.184.216.34"]},
                   {("ancien.example.fr", "/a.jpg"): (200, {}, b"JPEG")})
    assert fetch("http://ancien.example.fr/a.jpg", max_bytes=100) == b"JPEG"
    assert fake.requests == [("http", "ancien.example.fr", "93.184.216.34", "/a.jpg")]


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "192.168.1.1", "169.254.169.254",
                                     "::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1", "0.0.0.0"])
def test_private_loopback_and_link_local_addresses_are_refused(network, address):
    fake = network({"interne.example": [address]}, {})
    with pytest.raises(FetchRefused, match="non publique"):
        fetch("https://interne.example/a.jpg", max_bytes=100)
    assert fake.requests == []


def test_a_redirect_to_a_private_address_is_refused(network):
    fake = network({"ancien.example.fr": ["93.184.216.34"], "metadata.internal": ["169.254.169.254"]},
                   {("ancien.example.fr", "/a.jpg"): (302, {"location": "http://metadata.internal/latest/"}, b"")})
    with pytest.raises(FetchRefused, match="non publique"):
        fetch("http://ancien.example.fr/a.jpg", max_bytes=100)
    assert len(fake.requests) == 1


def test_redirects_are_followed_a_few_times_only(network):
    answers = {("a.example", f"/{n}"): (302, {"location": f"/{n + 1}"}, b"") for n in range(10)}
    network({"a.example": ["93.184.216.34"]}, answers)
    with pytest.raises(FetchRefused, match="trop de redirections"):
        fetch("https://a.example/0", max_bytes=100)


@pytest.mark.parametrize("headers, body", [({"content-length": "5000"}, b""), ({}, b"x" * 5000)])
def test_too_big_is_refused_without_reading_it_all(network, headers, body):
    network({"a.example": ["93.184.216.34"]}, {("a.example", "/big"): (200, headers, body)})
    with pytest.raises(FetchRefused, match="trop lourd"):
        fetch("https://a.example/big", max_bytes=1000)


@pytest.mark.parametrize("url", ["ftp://a.example/x", "file:///etc/passwd", "http://user:pw@a.example/",
                                 "http://a.example:22/", "javascript:alert(1)", "http://[::1"])
def test_other_schemes_ports_and_credentials_are_refused(network, url):
    fake = network({"a.example": ["93.184.216.34"]}, {})
    with pytest.raises(FetchRefused):
        fetch(url, max_bytes=100)
    assert fake.requests == []
