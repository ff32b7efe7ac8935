"""core.safe_fetch below its seam: the connection goes to the address that was checked (no
second DNS answer), https never drops to http, and a content type allow-list. No network: the
sockets and DNS are fakes."""

import io
import socket

import pytest

from core import safe_fetch
from core.safe_fetch import FetchRefused, fetch


class FakeSocket:
    """Answers one HTTP request with canned bytes."""

    def __init__(self, answer):
        self.answer, self.sent = answer, b""

    def sendall(self, data):
        self.sent += data

    def makefile(self, mode, *args, **kwargs):
        return io.BytesIO(self.answer)

    def close(self):
        pass


@pytest.fixture
def sockets(monkeypatch):
    opened = []
    answers = {}

    def create_connection(address, timeout=None, *args, **kwargs):
        fake = FakeSocket(answers[address])
        opened.append((address, fake))
        return fake

    def getaddrinfo(host, port, type=None):
        table = {"photos.example": "93.184.216.34", "rebind.example": "93.184.216.35"}
        if host not in table:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]

    monkeypatch.setattr(safe_fetch.socket, "create_connection", create_connection)
    monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", getaddrinfo)
    return answers, opened


def http_answer(status="200 OK", headers=(), body=b""):
    lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *headers, "", ""]
    return "\r\n".join(lines).encode() + body


def test_the_checked_address_is_the_one_connected_to_with_the_host_named(sockets):
    answers, opened = sockets
    answers[("93.184.216.34", 80)] = http_answer(headers=["Content-Type: image/jpeg"], body=b"JPEG")
    assert fetch("http://photos.example/a.jpg?x=1", max_bytes=100, content_types={"image/jpeg"}) == b"JPEG"
    (address, fake), = opened
    assert address == ("93.184.216.34", 80)
    assert fake.sent.startswith(b"GET /a.jpg?x=1 HTTP/1.1") and b"Host: photos.example" in fake.sent


def test_a_redirect_from_https_to_http_is_refused(monkeypatch):
    monkeypatch.setattr(safe_fetch.socket, "getaddrinfo", lambda host, port, type=None: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))])
    monkeypatch.setattr(safe_fetch, "exchange", lambda *args: (
        302, {"location": "http://photos.example/a.jpg"}, io.BytesIO(b""), None))
    with pytest.raises(FetchRefused, match="de https vers http"):
        fetch("https://photos.example/a.jpg", max_bytes=100)


def test_a_type_outside_the_allow_list_is_refused(sockets):
    answers, _opened = sockets
    answers[("93.184.216.34", 80)] = http_answer(headers=["Content-Type: text/html"], body=b"<html>")
    with pytest.raises(FetchRefused, match="type de fichier refusé\u00a0: text/html"):
        fetch("http://photos.example/page", max_bytes=100, content_types={"image/jpeg", "image/png"})


def test_an_unknown_host_is_refused_in_french(sockets):
    with pytest.raises(FetchRefused, match="adresse introuvable"):
        fetch("http://inconnu.example/a.jpg", max_bytes=100)
