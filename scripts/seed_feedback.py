"""Reader feedback on one demo article, so `make check` measures an article page with a rating
summary, comments and a reply (the demo magazine itself ships none).

Usage: .venv/bin/python scripts/seed_feedback.py /articles/<slug>/
Uses the apps' own entry points (Rating.objects.vote, Comment.save), like readers would.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from ratings.models import Comment, Rating  # noqa: E402

SCORES = [5] * 19 + [4] * 8 + [3] * 2 + [2]  # 30 votes, 4,5/5
COMMENTS = [
    ("Martine", "Enfin un article qui donne des chiffres précis. Le tableau par quartier est très parlant.", None),
    ("Karim", "Nous avons lancé un potager sur le toit de notre copropriété l'an dernier : "
              "la première récolte a réuni tout l'immeuble.", None),
    ("Camille (l'autrice)", "Merci Karim ! Écrivez-nous si vous voulez raconter votre projet.", 2),
]

slug = sys.argv[1].strip("/").split("/")[-1]
article = Article.objects.get(slug=slug)
for n, score in enumerate(SCORES):
    Rating.objects.vote(article, f"demo-reader-{n}", f"demo-ip-{n % 7}", score, new_reader=True)
created = []
for n, (name, body, parent) in enumerate(COMMENTS):
    comment = Comment(article=article, name=name, email=f"lecteur{n}@exemple.fr", body=body,
                      status=Comment.Status.APPROVED,
                      parent=created[parent - 1] if parent else None,
                      created_at=timezone.now() - timedelta(hours=10 - n))
    comment.save()
    created.append(comment)
print(f"{len(SCORES)} votes, {len(created)} avis sur {article.get_absolute_url()}")
