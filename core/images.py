"""Uploaded images (covers, portraits): checked before they are stored, then turned into
renditions ONCE, at upload.

- `check_image()` refuses anything that is not a real, complete JPEG/PNG/WebP within the size
  and pixel limits (decompression bombs included), with a French message; nothing is stored.
- `refresh_renditions()` (called from the models' save()) re-encodes a new upload without its
  metadata (EXIF, GPS, XMP: a phone photo says where it was taken), turned upright per its EXIF
  orientation, and stores it under a name carrying a hash of its bytes. Its renditions (several
  widths, WebP plus a JPEG fallback, crops centred on an optional focal point) are made off the
  request by core.tasks.make_renditions, queued with the row (at once when tasks run at once:
  tests, TASKS_BACKEND=immediate); until then pages show the clean original. Everything goes
  through the field's storage (open/save/delete, never a local path), so an object store
  shared by several servers works.
- What templates need (file names, widths, heights) lands in a JSONField on the model: a page
  renders `<picture>` from it without a query, a file access or a resize
  (templatetags/images.py).

Stored names (originals and renditions) carry a hash of their content: a name never gets other
bytes, so browsers and CDNs may cache them forever.
"""

import hashlib
import io
import posixpath
import re
import struct
import threading
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms import FileField as FormFileField
from django.forms import ImageField as FormImageField
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's own guard against decompression bombs: a warning above this many pixels, an error
# above twice as many. check_image() turns both into a refusal.
Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS

# Pillow format -> (file extension, MIME type). No GIF (animation, poor quality), no SVG (a
# document that can carry scripts, not a picture).
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
SWAPPED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that turn the picture by 90°
JPEG_OPTIONS = {"quality": 80, "optimize": True, "progressive": True}
WEBP_OPTIONS = {"quality": 76, "method": 4}
ORIGINAL_OPTIONS = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True},
                    "WEBP": {"quality": 90, "method": 4}}
PAPER = (255, 253, 248)  # background behind transparent images in JPEG renditions
HASH_SUFFIX = re.compile(r"\.[0-9a-f]{10}$")  # what content_name() adds before the extension


@dataclass(frozen=True)
class Spec:
    """One use of an image on the pages: its widths and, if cropped, its shape."""

    widths: tuple
    ratio: tuple | None = None  # (width, height) of the crop, centred on the focal point


# The shapes the templates ask for (`{% picture … "card" %}`).
SPECS = {
    "cover": Spec(widths=(480, 800, 1200, 1600)),          # article page, the photo uncropped
    "card": Spec(widths=(400, 800, 1200), ratio=(3, 2)),   # lists and the home page
    "portrait": Spec(widths=(64, 128, 192, 320), ratio=(1, 1)),  # byline, bio box, author page
    # Library pictures in a body (media_library): the whole picture in the text column or wide,
    # a 2:1 band centred on the focal point at full width.
    "body": Spec(widths=(400, 800, 1200, 1600)),
    "body-full": Spec(widths=(800, 1200, 1600, 2400), ratio=(2, 1)),
}


class CheckedImage:
    """What check_image() learnt: the decoded picture and its format."""

    def __init__(self, image, data):
        self.image = image
        self.data = data
        self.format = image.format

    @property
    def upright_size(self):
        width, height = self.image.size
        orientation = self.image.getexif().get(0x0112, 1)
        return (height, width) if orientation in SWAPPED_ORIENTATIONS else (width, height)


def _read(file):
    """The bytes of an uploaded or stored file, refusing oversized ones before reading them."""
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("Fichier trop lourd : %(size)s Mo, le maximum est %(limit)s Mo.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)},
            code="too_big",
        )
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("Fichier trop lourd : le maximum est %(limit)s Mo.")
                              % {"limit": _megabytes(limit)}, code="too_big")
    return data


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "")


def check_image(file):
    """Decode `file` completely; return a CheckedImage or raise ValidationError in French.

    The result is remembered on the file object, so the form field, the model validator and the
    save hook decode an upload once.
    """
    if isinstance(file, FieldFile) and not file._committed:
        file = file.file  # the upload itself, which the form field may have checked already
    checked = getattr(file, "_magazine_checked", None)
    if checked is not None:
        return checked
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
    data = _read(file)
    not_an_image = ValidationError(
        _("Ce fichier n'est pas une image lisible. Formats acceptés : JPEG, PNG ou WebP."),
        code="invalid_image",
    )
    too_many_pixels = ValidationError(
        _("Image trop grande : plus de %(limit)s millions de pixels. Réduisez-la avant de "
          "l'envoyer.") % {"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                if image_format not in FORMATS:
                    raise ValidationError(
                        _("Format %(format)s refusé. Formats acceptés : JPEG, PNG ou WebP.")
                        % {"format": image_format or "?"},
                        code="bad_format",
                    )
                width, height = probe.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise too_many_pixels
                probe.verify()  # structure and checksums, without decoding
            # verify() leaves the image unusable: decode a fresh copy in full, which also
            # catches truncated files.
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError,
            TypeError, struct.error):
        raise not_an_image from None
    checked = CheckedImage(image, data)
    try:
        file._magazine_checked = checked
    except AttributeError:
        pass
    return checked


@deconstructible
class ImageRules:
    """Model-field validator: a real image (check_image) of at least the minimum size.

    The minimums are read from settings when validating, so changing them needs no migration.
    """

    def __init__(self, min_width_setting=None, min_height_setting=None):
        self.min_width_setting = min_width_setting
        self.min_height_setting = min_height_setting

    def __call__(self, file):
        if getattr(file, "_committed", False):
            return  # already stored, and checked when it was uploaded
        checked = check_image(file)
        min_width = getattr(settings, self.min_width_setting, 0) if self.min_width_setting else 0
        min_height = getattr(settings, self.min_height_setting, 0) if self.min_height_setting else 0
        width, height = checked.upright_size
        if width < min_width or height < min_height:
            raise ValidationError(
                _("Image trop petite : %(width)s × %(height)s pixels, il faut au moins "
                  "%(min_width)s × %(min_height)s.")
                % {"width": width, "height": height, "min_width": min_width, "min_height": min_height},
                code="too_small",
            )

    def __eq__(self, other):
        return (isinstance(other, ImageRules)
                and (self.min_width_setting, self.min_height_setting)
                == (other.min_width_setting, other.min_height_setting))


class CheckedImageFormField(FormImageField):
    """Form field running check_image(), so a refused file gets its precise reason (too heavy,
    too many pixels, wrong format) instead of Django's generic "not a valid image"."""

    def to_python(self, data):
        file = FormFileField.to_python(self, data)
        if file is None:
            return None
        checked = check_image(file)
        file.image = checked.image
        file.content_type = Image.MIME.get(checked.format)
        return file


class CheckedImageField(models.ImageField):
    """An ImageField whose form field is CheckedImageFormField; accepts only FORMATS."""

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", CheckedImageFormField)
        return super().formfield(**kwargs)


# --- Renditions ---------------------------------------------------------------------------

def upright(image):
    """The picture turned as the camera meant it, without any metadata, in a web-safe mode."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA")
    elif image.mode in ("LA", "La"):
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGB")
    image.info = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    return image


def _encode(image, image_format, options):
    if image_format == "JPEG" and image.mode != "RGB" and image.mode != "L":
        background = Image.new("RGB", image.size, PAPER)
        background.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        image = background
    buffer = io.BytesIO()
    extra = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    image.save(buffer, image_format, **options, **extra)
    return buffer.getvalue()


def crop_box(size, ratio, focal):
    """The largest box of shape `ratio` inside `size`, centred on `focal` (0-1, 0-1) as far
    as the edges allow."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    target = ratio[0] / ratio[1]
    if width / height > target:
        crop_width, crop_height = round(height * target), height
    else:
        crop_width, crop_height = width, round(width / target)
    fx, fy = focal
    left = min(max(round(fx * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(fy * height - crop_height / 2), 0), height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def digest(data):
    return hashlib.blake2b(data, digest_size=5).hexdigest()


def content_name(stem, data, extension):
    """`stem.<hash of data>.extension`: the same name always holds the same bytes."""
    return f"{HASH_SUFFIX.sub('', stem) or 'image'}.{digest(data)}.{extension}"


def _widths(spec, available):
    """The spec's widths that need no upscaling; the image's own width if all would."""
    widths = [w for w in spec.widths if w <= available]
    return widths or [available]


def build_renditions(storage, source_name, image, spec_names, focal, written=None):
    """Write every rendition of `image` (already upright) and return their description.

    Each stored name is appended to `written` as soon as it is stored (see discard_new_files)."""
    stem = posixpath.splitext(source_name)[0]
    described = {}
    for spec_name in spec_names:
        spec = SPECS[spec_name]
        box = crop_box(image.size, spec.ratio, focal)
        box_width, box_height = box[2] - box[0], box[3] - box[1]
        entry = {"webp": [], "jpeg": []}
        for width in _widths(spec, box_width):
            height = max(1, round(width * box_height / box_width))
            resized = image.resize((width, height), Image.Resampling.LANCZOS, box=box,
                                   reducing_gap=3.0)
            for key, image_format, options in (("webp", "WEBP", WEBP_OPTIONS),
                                               ("jpeg", "JPEG", JPEG_OPTIONS)):
                data = _encode(resized, image_format, options)
                name = "renditions/" + content_name(f"{HASH_SUFFIX.sub('', stem)}-{spec_name}-{width}",
                                                    data, FORMATS[image_format][0])
                name = storage.save(name, ContentFile(data))
                if written is not None:
                    written.append(name)
                entry[key].append({"name": name, "width": width, "height": height})
        largest = entry["jpeg"][-1]
        entry["width"], entry["height"] = largest["width"], largest["height"]
        described[spec_name] = entry
    return described


def refresh_renditions(instance, field_name, renditions_field, spec_names, focal=(0.5, 0.5),
                       force=False):
    """Bring `instance.<renditions_field>` up to date with its image, before the row is saved.

    Work happens only when something changed: a new upload, another stored file, a moved focal
    point, or `force` (the make_renditions task, the regenerate_renditions command). A new
    upload is checked, turned upright and stored again without its metadata before anything
    else; renditions are made from that clean picture, at once when `force`d or when tasks run
    at once, else by the make_renditions task queued when the row is saved (saving_images):
    until then a new picture has none (pages show the original) and a moved focal point keeps
    the previous crops. Replaced files are left in storage, as Django does for every FileField:
    another row (a duplicated article) or an unfinished transaction may still use them.
    """
    fieldfile = getattr(instance, field_name)
    current = getattr(instance, renditions_field) or {}
    focal = [round(float(focal[0]), 4), round(float(focal[1]), 4)]
    if not fieldfile:
        setattr(instance, renditions_field, {})
        return
    new_upload = not fieldfile._committed
    if not (force or new_upload or current.get("source") != fieldfile.name
            or current.get("focal") != focal):
        return
    storage = fieldfile.storage
    written = new_files(instance)
    if new_upload:
        checked = check_image(fieldfile)
    else:
        with storage.open(fieldfile.name, "rb") as stored:
            checked = check_image(stored)
    picture = upright(checked.image)
    size = len(checked.data)
    if new_upload or _carries_metadata(checked.image):
        # Store the clean picture in place of what was sent (a file stored by code, bypassing
        # uploads, is cleaned the same way), under a name of its own bytes.
        data = _encode(picture, checked.format, ORIGINAL_OPTIONS[checked.format])
        base = posixpath.splitext(posixpath.basename(fieldfile.name))[0]
        name = content_name(base, data, FORMATS[checked.format][0])
        # Named content: ImageField reads the new width/height from it.
        fieldfile.save(name, ContentFile(data, name=name), save=False)
        written.append(fieldfile.name)
        size = len(data)
    later = getattr(_later, "instances", None)
    wait = later is not None or (not force and renditions_wait())
    same_picture = current.get("source") == fieldfile.name
    setattr(instance, renditions_field, {
        "source": fieldfile.name, "focal": focal,
        "width": picture.width, "height": picture.height, "size": size,
        # Made later: none yet for a new picture (pages show the clean original meanwhile),
        # the previous crops of the same one.
        "specs": ((current.get("specs", {}) if same_picture else {}) if wait else build_renditions(
            storage, fieldfile.name, picture, spec_names, focal, written)),
    })
    if later is not None:
        later.append(instance)
    elif wait:
        instance._renditions_wanted = True


def renditions_wait():
    """Whether renditions are left to a background task: yes, unless tasks run at once (the
    immediate backend: tests, a one-process tryout), where the task would run inside the
    request anyway."""
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    from core.tasks import make_renditions

    return not isinstance(task_backends[make_renditions.backend], ImmediateBackend)


_later = threading.local()


class renditions_later:
    """Within this block, pictures are still checked and stored without their metadata, but
    their renditions are left for later (`pending`: the instances saved meanwhile, whose
    refresh_renditions(force=True) makes them; core.tasks.make_renditions does it off the
    request). Batch work (an import of thousands of pictures) stays fast; until then pages
    show the stored original, scaled by the browser (templatetags/images.py)."""

    def __enter__(self):
        self.outer = getattr(_later, "instances", None)
        if self.outer is None:
            _later.instances = []
        self.pending = []
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.outer is None:
            self.pending, _later.instances = _later.instances, None
        return False


def new_files(instance):
    """The files stored for `instance` during the save in progress (see saving_images)."""
    if "_new_image_files" not in instance.__dict__:
        instance._new_image_files = []
    return instance._new_image_files


class saving_images:
    """Context manager for a model's save(): if the save fails after images were stored (the
    row refused by the database, a lost connection, an object store that stops answering),
    those files are deleted again and the instance is put back as it was (the upload still
    pending), so a failed save leaves nothing half-stored and a retry stores the picture again.
    A save that succeeds queues the renditions refresh_renditions() left for later, in the same
    transaction as the row (the database task queue): a rolled-back save queues nothing."""

    def __init__(self, instance, field_name, renditions_field):
        self.instance = instance
        self.field_name = field_name
        self.renditions_field = renditions_field

    def __enter__(self):
        fieldfile = getattr(self.instance, self.field_name)
        self.before = (fieldfile.name, fieldfile._committed, getattr(fieldfile, "_file", None),
                       getattr(self.instance, self.renditions_field))
        self.instance._new_image_files = []
        self.instance._renditions_wanted = False
        return self

    def __exit__(self, exc_type, exc, tb):
        written, self.instance._new_image_files = self.instance._new_image_files, []
        wanted, self.instance._renditions_wanted = self.instance._renditions_wanted, False
        if exc_type is None and wanted:
            from core.tasks import make_renditions_later

            make_renditions_later([self.instance])
        if exc_type is None or not written:
            return False
        fieldfile = getattr(self.instance, self.field_name)
        for name in written:
            try:
                fieldfile.storage.delete(name)
            except OSError:
                pass
        fieldfile.name, fieldfile._committed, fieldfile._file, renditions = self.before
        setattr(self.instance, self.renditions_field, renditions)
        return False


def _carries_metadata(image):
    keys = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc"}
    if keys & set(image.info) or image.getexif():
        return True
    return bool(getattr(image, "text", None))


def rendition_names(renditions):
    """Every file name a renditions description refers to."""
    return [item["name"] for spec in (renditions or {}).get("specs", {}).values()
            for key in ("webp", "jpeg") for item in spec.get(key, [])]
