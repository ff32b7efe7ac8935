"""A 500 mails one report to ADMINS, with nothing in it that identifies a reader."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.signing import TimestampSigner

from magazine.settings import env_addresses

from ..conftest import reader_client

pytestmark = pytest.mark.django_db

READER_EMAIL = "martine@exemple.fr"
READER_IPS = ["203.0.113.9", "198.51.100.7", "2001:db8::7"]


def test_a_500_mails_one_report_without_the_readers_address_ip_cookie_or_words(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    settings.ADMINS = [("Régie", "regie@lemagazine.example")]
    token = TimestampSigner().sign_object(READER_EMAIL)  # like the erase link's
    client = reader_client(REMOTE_ADDR=READER_IPS[0], HTTP_X_FORWARDED_FOR=READER_IPS[1],
                           HTTP_X_REAL_IP=READER_IPS[2])
    client.raise_request_exception = False
    client.cookies["lecteur"] = "lecteur-secret-42"
    response = client.post(f"/panne/{token}/?email={READER_EMAIL}",
                           {"email": READER_EMAIL, "name": "Martine Dupont",
                            "body": "Mon avis très personnel"})
    assert response.status_code == 500
    assert "Erreur" in response.content.decode() or "erreur" in response.content.decode()

    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    assert report.to == ["regie@lemagazine.example"]
    texts = [report.subject, report.body] + [content for content, _ in report.alternatives]
    for text in texts:
        for secret in [READER_EMAIL, *READER_IPS, "lecteur-secret-42", "Martine Dupont",
                       "Mon avis très personnel", token]:
            assert secret not in text, (secret, text[:300])
    # Still a report one can act on.
    assert "ZeroDivisionError" in report.body and "/panne/" in report.subject
    assert "failing_view" in report.body and "[adresse masquée]" in report.body


def test_admins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMINS", "Régie Technique <regie@lemagazine.example>, ops@lemagazine.example")
    assert env_addresses("ADMINS") == [("Régie Technique", "regie@lemagazine.example"),
                                       ("", "ops@lemagazine.example")]
    monkeypatch.setenv("ADMINS", "")
    assert env_addresses("ADMINS") == []
    monkeypatch.setenv("ADMINS", "pas une adresse")
    with pytest.raises(ImproperlyConfigured, match="ADMINS"):
        env_addresses("ADMINS")


def test_a_query_string_with_too_many_fields_stays_a_400_with_reports_on(client, settings):
    """Reading the query string again to write the report raised again: the 400 became a 500."""
    settings.ADMINS = [("Régie", "regie@lemagazine.example")]
    response = client.get("/?" + "&".join(f"x{n}=1" for n in range(5000)))
    assert response.status_code == 400
    assert mail.outbox == []  # a refused request is not an error of the site
