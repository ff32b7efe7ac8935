"""The admin reads as written French for every model of every app: titles with the noun's gender
(« Nouvel article », « Modifier la rubrique »), never Django's « Ajout de article », « Affichage
de article », « Ajouter un objet Signature supplémentaire », « Camille Durand (0) » or « 1 (1
publiés, 0 indésirables) »."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from comments.models import Comment
from pages.models import LegalNotice, Page
from ratings.models import Rating
from redirects.models import Redirect
from wordpress.models import ImportRun

from ..conftest import make_article, make_author, make_section, text
from ..media_library.test_library import library_image

pytestmark = pytest.mark.django_db

APPS = {"articles", "authors", "comments", "ratings", "pages", "media_library", "redirects",
        "wordpress"}

# model -> (list title, add title or None, change title)
TITLES = {
    "articles.article": ("Articles", "Nouvel article", "Modifier l'article"),
    "articles.section": ("Rubriques", "Nouvelle rubrique", "Modifier la rubrique"),
    "articles.tag": ("Mots-clés", "Nouveau mot-clé", "Modifier le mot-clé"),
    "authors.author": ("Auteurs", "Nouvel auteur", "Modifier l'auteur"),
    "comments.comment": ("Avis des lecteurs", None, "Modérer l'avis"),
    "ratings.ratingsummary": ("Articles notés", None, "Notes de l'article"),
    "pages.page": ("Pages", "Nouvelle page", "Modifier la page"),
    "pages.legalnotice": (None, None, "Informations légales"),
    "media_library.libraryimage": ("Images de la médiathèque", "Nouvelle image", "Modifier l'image"),
    "redirects.redirect": ("Redirections", "Nouvelle redirection", "Modifier la redirection"),
    "wordpress.importrun": ("Imports WordPress", "Nouvel import WordPress", "Import WordPress"),
}

# What Django's own French says when it does not know a noun's gender.
LEAKS = [
    re.compile(r"\b(?:Ajout|Affichage|Modification) de (?!«)\w"),  # « Ajout de article »
    re.compile(r"\bobjets?\b", re.I),                     # « un objet Signature », « l'objet rubrique »
    re.compile(r"[^\W\d]\s\(\d+\)\s*<"),                   # « Camille Durand (0) » in a cell
    re.compile(r"\d+ publiés, 0 indésirables|\(1 publiés"),
    re.compile(r"Sélectionnez l.objet"),
]


@pytest.fixture
def everything(settings):
    """One object of each model the admin shows."""
    author = make_author("Camille Durand")
    article = make_article("Les toits deviennent des potagers", section=make_section("Ville"),
                           authors=[author], tags=["potager"])
    for n in range(2):
        Comment.objects.create(article=article, name="Martine", email="m@exemple.fr",
                               body=f"Avis numéro {n}.", status=Comment.Status.APPROVED)
    Rating.objects.vote(article, "lecteur-1", "ip-1", 5, new_reader=True)
    Page.objects.create(title="Qui sommes-nous", slug="qui-sommes-nous", body="<p>Nous.</p>")
    LegalNotice.load()
    library_image()
    Redirect.objects.create(old_path="/ancien/", new_path=article.get_absolute_url())
    ImportRun.objects.create(export=ContentFile(b"<rss></rss>", name="export.xml"))
    return article


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("patronne", "patronne@exemple.fr", None)
    client.force_login(user)
    return client


def h1(page):
    found = re.search(r"<h1>(.*?)</h1>", page, re.S)
    return found.group(1).strip() if found else None


def leaks(page):
    main = page.split('id="content-start"', 1)[-1]  # the page, not the navigation's model names
    return [match.group(0) for pattern in LEAKS for match in pattern.finditer(main)]


def our_admins():
    return sorted(((f"{model._meta.app_label}.{model._meta.model_name}", model, model_admin)
                   for model, model_admin in admin.site._registry.items()
                   if model._meta.app_label in APPS), key=lambda entry: entry[0])


def test_every_admin_of_ours_has_its_titles():
    assert {label for label, _model, _admin in our_admins()} == set(TITLES)


def test_every_list_add_and_change_page_reads_as_french(superuser_client, everything):
    checked = []
    for label, model, model_admin in our_admins():
        list_title, add_title, change_title = TITLES[label]
        info = model._meta.app_label, model._meta.model_name
        response = superuser_client.get(reverse("admin:%s_%s_changelist" % info), follow=True)
        assert response.status_code == 200, label
        page = text(response)
        assert not leaks(page), (label, leaks(page))
        if list_title:
            assert h1(page) == list_title, label

        response = superuser_client.get(reverse("admin:%s_%s_add" % info))
        if add_title is None:
            assert response.status_code == 403, label  # nobody adds these by hand
        else:
            page = text(response)
            assert response.status_code == 200 and h1(page) == add_title, label
            assert f"<title>{add_title} |" in page
            assert not leaks(page), (label, leaks(page))

        obj = model._default_manager.first()
        response = superuser_client.get(reverse("admin:%s_%s_change" % info, args=[obj.pk]))
        page = text(response)
        assert response.status_code == 200 and h1(page) == change_title, label
        assert not leaks(page), (label, leaks(page))
        checked.append(label)
    assert len(checked) == len(TITLES)


def test_bylines_and_the_inline_button_read_as_french(superuser_client, everything):
    page = text(superuser_client.get(reverse("admin:articles_article_change",
                                             args=[everything.pk])))
    assert "Ajouter une signature" in page  # the inline's « add a row » link
    assert "Ajouter un objet" not in page and "Camille Durand (0)" not in page
    assert re.search(r'<b>Signature :</b> <span class="inline_label">Camille Durand\s', page)


def test_comment_history_column_counts_in_french(superuser_client, everything):
    page = text(superuser_client.get(reverse("admin:comments_comment_changelist")
                                     + "?status__exact=approved"))
    assert "premier avis" in page
    assert re.search(r">1 : 1 publié<", page)
    assert "publiés, 0" not in page


def test_view_only_pages_say_consulter(client, everything):
    """A staff member who may only view: « Consulter l'article », not « Affichage de article »."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("lectrice", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_section"))
    client.force_login(user)
    section = everything.section
    page = text(client.get(reverse("admin:articles_section_change", args=[section.pk])))
    assert h1(page) == "Consulter la rubrique"
    assert not leaks(page)


def test_messages_after_a_save_read_as_french(superuser_client, everything):
    response = superuser_client.post(reverse("admin:articles_section_add"),
                                     {"name": "Culture", "slug": "", "description": "",
                                      "position": 3}, follow=True)
    page = text(response)
    assert re.search(r"Ajout enregistré : rubrique « <a [^>]+>Culture</a> »\.", page)
    assert "L'objet" not in page and "L’objet" not in page
