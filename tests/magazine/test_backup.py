"""make backup / make restore: a round trip gives back the same magazine."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Section
from authors.models import Author
from magazine.backup import row_counts

from ..conftest import make_article, make_author

pytestmark = pytest.mark.django_db(transaction=True)


def wipe():
    for model in (Article, Section, Author):
        model.objects.all().delete()


def test_round_trip_into_an_empty_database(tmp_path, settings):
    author = make_author("Zoé Lefèvre")
    make_article("Sauvegardé", authors=[author], tags=["Écologie"],
                 body="<h2>Titre</h2><table><tbody><tr><td>1</td></tr></tbody></table>")
    make_article("Brouillon sauvegardé", status=Article.Status.DRAFT, authors=[author])
    (tmp_path / "media" / "covers").mkdir(parents=True)
    (tmp_path / "media" / "covers" / "une.jpg").write_bytes(b"jpeg")
    before = row_counts()
    bodies = sorted(Article.objects.values_list("slug", "body", "status"))

    call_command("backup", output=str(tmp_path / "sauvegarde"))
    wipe()
    (tmp_path / "media" / "covers" / "une.jpg").unlink()
    call_command("restore", str(tmp_path / "sauvegarde"))

    assert row_counts() == before
    assert sorted(Article.objects.values_list("slug", "body", "status")) == bodies
    assert Article.objects.get(slug="sauvegarde").ordered_authors[0].name == "Zoé Lefèvre"
    assert (tmp_path / "media" / "covers" / "une.jpg").read_bytes() == b"jpeg"


def test_restore_refuses_to_overwrite_a_magazine(tmp_path):
    make_article("Existant")
    call_command("backup", output=str(tmp_path / "sauvegarde"))
    with pytest.raises(CommandError, match="base vide"):
        call_command("restore", str(tmp_path / "sauvegarde"))
    assert Article.objects.filter(slug="existant").exists()
