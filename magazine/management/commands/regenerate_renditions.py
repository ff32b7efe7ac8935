"""Remake the renditions of every cover and portrait (after changing SPECS or the encoders,
or for images stored before renditions existed). Safe to run again: each image is rebuilt from
its stored original; an image whose file is missing or unreadable is reported and skipped."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from articles.models import Article
from authors.models import Author
from media_library.models import LibraryImage

# model, image field, fields a rebuild may change
IMAGES = [
    (Article, "cover_image", ["cover_image", "cover_width", "cover_height", "cover_renditions"]),
    (Author, "portrait", ["portrait", "portrait_width", "portrait_height", "portrait_renditions"]),
    # Saving a library picture redraws every body that shows it.
    (LibraryImage, "file", ["file", "width", "height", "renditions"]),
]


class Command(BaseCommand):
    help = "Refait les déclinaisons (tailles, WebP et JPEG) de toutes les images de une, portraits et images de la médiathèque."

    def handle(self, *args, **options):
        done = failed = 0
        for model, field, update_fields in IMAGES:
            for instance in model.objects.exclude(**{field: ""}).iterator(chunk_size=100):
                try:
                    instance.refresh_renditions(force=True)
                    instance.save(update_fields=update_fields)
                except (OSError, ValidationError) as error:
                    failed += 1
                    message = "; ".join(error.messages) if isinstance(error, ValidationError) else error
                    self.stderr.write(f"{model._meta.verbose_name} « {instance} » : {message}")
                else:
                    done += 1
        self.stdout.write(f"Déclinaisons refaites pour {done} image(s) ; {failed} en échec.")
