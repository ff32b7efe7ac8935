"""What every hostile-input test starts from."""

import pytest

from ..conftest import make_article, make_author, make_section


@pytest.fixture
def magazine(settings):
    # Limits out of the way: the corpus must reach the forms, not the rate limiter (rate
    # limiting itself is tested elsewhere).
    settings.COMMENTS_RATE_LIMIT = 1_000_000
    settings.RATINGS_VOTES_PER_HOUR = 1_000_000
    settings.RATINGS_MAX_READERS_PER_IP = 0
    settings.COMMENTS_HOLD_ALL = False
    section = make_section("Société")
    author = make_author("Ana Lys", email="ana@example.org")
    article = make_article("Une enquête", section=section, authors=[author], tags=["enquête"])
    return {"article": article.slug, "section": section.slug, "author": author.slug,
            "tag": article.tags.first().slug, "object": article}
