"""Demo content of the media library (called by the demo loader): a few pictures drawn with
Pillow, two of them, with caption and credit, in the rooftop gardens article's body.
Idempotent: a second run finds the pictures (by file name) and the figures already there."""

import io
import random

from django.apps import apps
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from core.slugs import slugify

from .models import LibraryImage

ARTICLE_TITLE = "Été en ville : les toits deviennent des potagers"

PICTURES = [
    {"name": "demo-toit-potager.jpg", "colour": (86, 140, 70), "focal": (0.35, 0.6),
     "alt": "Des bacs de tomates et de courges sur un toit plat, entre deux cheminées",
     "caption": "Le potager du toit de l'école Jean-Macé, en juillet", "credit": "Photo Léa Martin"},
    {"name": "demo-ruches-terrasse.jpg", "colour": (214, 160, 48), "focal": (0.7, 0.4),
     "alt": "Trois ruches blanches alignées au bord d'une terrasse d'immeuble",
     "caption": "Des ruches sur la terrasse du parking Saint-Jean", "credit": "Photo Hugo Bernard"},
    {"name": "demo-marche-couvert.jpg", "colour": (170, 70, 60), "focal": (0.5, 0.5),
     "alt": "Les étals colorés du marché couvert un samedi matin",
     "caption": "Le marché couvert", "credit": "Photo Inès Marchal"},
    {"name": "demo-quai-soir.jpg", "colour": (60, 90, 160), "focal": (0.5, 0.3),
     "alt": "Le quai au soleil couchant, des promeneurs le long de la rivière",
     "caption": "Le quai Saint-Antoine au soir", "credit": "Photo Théo Garnier"},
]


def _drawing(seed, colour, size=(1600, 1067)):
    """A simple landscape: sky gradient, a horizon, a few shapes; stable per seed."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    sky, ground = (225, 235, 245), tuple(max(0, c - 40) for c in colour)
    horizon = int(height * rng.uniform(0.45, 0.6))
    for y in range(height):
        t = y / horizon if y < horizon else (y - horizon) / (height - horizon)
        start, end = (sky, colour) if y < horizon else (colour, ground)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(start, end)))
    for _ in range(9):
        w, h = rng.randint(80, 320), rng.randint(60, 260)
        x, y = rng.randint(0, width - w), rng.randint(horizon - h // 2, height - h)
        shade = tuple(min(255, max(0, c + rng.randint(-60, 60))) for c in colour)
        draw.rounded_rectangle([x, y, x + w, y + h], radius=18, fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def create_demo_content():
    pictures = []
    for seed, data in enumerate(PICTURES):
        image = LibraryImage.objects.filter(original_name=data["name"]).first()
        if image is None:
            image = LibraryImage.objects.create(
                file=ContentFile(_drawing(seed, data["colour"]), name=data["name"]),
                alt=data["alt"], caption=data["caption"], credit=data["credit"],
                focal_x=data["focal"][0], focal_y=data["focal"][1])
        pictures.append(image)

    # The article belongs to a higher app: found through the registry, not imported.
    Article = apps.get_model("articles", "Article")
    article = Article.objects.filter(slug=slugify(ARTICLE_TITLE)).first()
    if article is None or "data-image-id" in article.body:
        return
    first, second = pictures[0], pictures[1]
    body = article.body
    # The first picture after the opening paragraph, the second (wide) before the second part.
    cut = body.find("</p>") + len("</p>")
    body = body[:cut] + _figure(first, "text") + body[cut:]
    headings = [index for index in range(len(body)) if body.startswith("<h2", index)]
    at = headings[1] if len(headings) > 1 else len(body)
    body = body[:at] + _figure(second, "wide") + body[at:]
    article.body = body
    article.save()


def _figure(image, width):
    return f'<figure data-image-id="{image.pk}" data-width="{width}"></figure>'
