"""SENTRY_DSN sends errors to Sentry without readers' data: what leaves the server (the envelope,
caught here by a fake transport) holds no reader's e-mail address, IP, cookie, Authorization
header, form value or signed link, and still says what failed and where. The mails to ADMINS
keep working beside it."""

import json
import logging

import pytest
import sentry_sdk
from django.core import mail
from django.core.signing import TimestampSigner
from sentry_sdk.transport import Transport

from core.request_log import request_id
from core.sentry import init_sentry

from ..conftest import reader_client

pytestmark = pytest.mark.django_db

READER_EMAIL = "martine@exemple.fr"
READER_IPS = ["203.0.113.9", "198.51.100.7", "2001:db8::7"]
READER_COOKIE = "lecteur-secret-42"
STAFF_TOKEN = "Bearer jeton-de-la-regie-99"


class CapturingTransport(Transport):
    """Keeps the envelopes instead of sending them."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def sent(self):
        """Every byte sent, and the events as text (non-ASCII unescaped)."""
        raw = b"\n".join(envelope.serialize() for envelope in self.envelopes).decode()
        events = [envelope.get_event() for envelope in self.envelopes]
        return raw + "\n" + json.dumps(events, ensure_ascii=False)


@pytest.fixture
def sentry(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    transport = CapturingTransport()
    init_sentry("https://clepublique@sentry.example/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)  # nothing sent any more


def fail_as_a_reader(token):
    client = reader_client(REMOTE_ADDR=READER_IPS[0], HTTP_X_FORWARDED_FOR=READER_IPS[1],
                           HTTP_X_REAL_IP=READER_IPS[2], HTTP_AUTHORIZATION=STAFF_TOKEN)
    client.raise_request_exception = False
    client.cookies["lecteur"] = READER_COOKIE
    return client.post(f"/panne/{token}/?email={READER_EMAIL}",
                       {"email": READER_EMAIL, "name": "Martine Dupont",
                        "body": "Mon avis très personnel"})


def test_an_error_reaches_sentry_scrubbed_of_every_reader_detail(sentry, settings):
    settings.ADMINS = [("Régie", "regie@lemagazine.example")]
    token = TimestampSigner().sign_object(READER_EMAIL)  # like the erase link's
    # A line logged earlier in the request becomes a breadcrumb of the event.
    logging.getLogger("comments").warning("avis reçu de %s depuis %s", READER_EMAIL,
                                          READER_IPS[0])
    rid = request_id.set("lb-req-77")
    try:
        response = fail_as_a_reader(token)
    finally:
        request_id.reset(rid)
    assert response.status_code == 500
    sentry_sdk.flush()

    sent = sentry.sent()
    assert sent, "no event sent"
    for secret in [READER_EMAIL, *READER_IPS, READER_COOKIE, STAFF_TOKEN, "jeton-de-la-regie",
                   "Martine Dupont", "Mon avis très personnel", token]:
        assert secret not in sent, secret
    # Still an event one can act on: what failed, where, and the request's id for its logs.
    assert "ZeroDivisionError" in sent and "failing_view" in sent and "/panne/" in sent
    assert "[adresse masquée]" in sent and "[IP masquée]" in sent
    assert "avis reçu de [adresse masquée] depuis [IP masquée]" in sent  # the breadcrumb
    assert "lb-req-77" in sent

    # The ADMINS mail leaves too, masked the same way.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["regie@lemagazine.example"]
    assert READER_EMAIL not in mail.outbox[0].body and "ZeroDivisionError" in mail.outbox[0].body


def test_without_sentry_dsn_nothing_is_sent_and_admins_still_get_the_mail(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    settings.ADMINS = [("Régie", "regie@lemagazine.example")]
    assert not sentry_sdk.get_client().is_active()
    response = fail_as_a_reader("jeton")
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    assert "ZeroDivisionError" in report.body
    for secret in [READER_EMAIL, *READER_IPS, READER_COOKIE]:
        assert secret not in report.body and secret not in report.subject
