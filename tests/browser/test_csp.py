"""The strict Content-Security-Policy breaks nothing: reader pages and the newsroom admin run
in Chromium without a single CSP violation."""

import pytest

from ..conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def record_violations(page):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def test_reader_pages_have_no_csp_violation(page):
    article = make_article("Sous politique stricte", tags=["sécurité"],
                           body="<h2>Intertitre</h2><table><tbody><tr><td>1</td></tr></tbody></table>")
    violations = record_violations(page)
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url(),
                article.ordered_authors[0].get_absolute_url()]:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert violations == []
