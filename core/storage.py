"""Where files live: the local disk by default, any S3-compatible object store (AWS, Scaleway,
OVH, MinIO, Garage…) through django-storages when `MEDIA_STORAGE_URL` (or the usual `AWS_*`
variables) says so. Three stores, all reached through Django's storage API only (open, save,
delete, exists, listdir — never a local path), so several app servers share them:

- `default`: uploads and renditions, public and cached for a year (their names carry a hash of
  their content: core/images.py), their addresses built without any network call
  (`url()` only formats a string), so a reader's page never waits for the store;
- `backups` and `imports`: private (WordPress exports hold readers' e-mail addresses, backups
  everything); on a store, reached only through signed addresses that expire.

A store that does not answer raises StorageUnavailable (an OSError): an upload gets a clear
French 503 (StorageUnavailableMiddleware) and leaves nothing half-saved (core.images
.saving_images), a background task is tried again later.
"""

import os
import weakref

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty

# Public media: each name is stored once with one content, so browsers and CDNs keep it.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
PRIVATE_CACHE_CONTROL = "private, no-store"


# --- Backends ---------------------------------------------------------------------------------

def client_config():
    """Short waits: an upload facing a dead store fails in seconds, with a clear message."""
    from botocore.config import Config

    return Config(connect_timeout=3, read_timeout=20,
                  retries={"max_attempts": 3, "mode": "standard"})


class StorageUnavailable(OSError):
    """The object store did not answer (down, unreachable, overloaded)."""


def _unreachable(error):
    from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

    if isinstance(error, (ConnectionError, HTTPClientError)):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500 or error.response.get("Error", {}).get("Code") in {
            "SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"}
    return False


def _translated(method):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except StorageUnavailable:
            raise
        except Exception as error:
            if _unreachable(error):
                raise StorageUnavailable(f"Stockage injoignable : {error}") from error
            raise
    call.__name__ = method.__name__
    return call


def _s3_base():
    from storages.backends.s3 import S3Storage

    return S3Storage


class _TranslatedErrors:
    """Methods that talk to the store raise StorageUnavailable when it does not answer, soon
    (client_config)."""

    def __init__(self, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(client_config())

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in ("_open", "_save", "delete", "exists", "listdir", "size", "get_modified_time"):
            setattr(cls, name, _translated(getattr(cls, name)))


class MediaS3Storage(_TranslatedErrors, _s3_base()):
    """Public media on an object store: no signature in addresses, a year of cache (names are
    unique: a replaced picture gets a new name, never new bytes under an old one)."""

    def get_available_name(self, name, max_length=None):
        from storages.utils import clean_name, get_available_overwrite_name

        from core.images import HASH_SUFFIX

        name = clean_name(name)
        if HASH_SUFFIX.search(os.path.splitext(name)[0]):
            # Named after its bytes (core/images.py): whatever is stored under this name is
            # these very bytes, so there is no need to ask the store first.
            return get_available_overwrite_name(name, max_length)
        return super().get_available_name(name, max_length)

    def get_default_settings(self):
        return {**super().get_default_settings(), "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": PUBLIC_CACHE_CONTROL}}


class PrivateS3Storage(_TranslatedErrors, _s3_base()):
    """Backups and imports: never public, read through signed addresses valid one hour."""

    def get_default_settings(self):
        return {**super().get_default_settings(), "querystring_auth": True,
                "querystring_expire": 3600, "signature_version": "s3v4", "file_overwrite": False,
                "object_parameters": {"CacheControl": PRIVATE_CACHE_CONTROL}}


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder outside MEDIA_ROOT, never served (no URL), its place read from a setting each
    time (tests move it)."""

    def __init__(self, root_setting="IMPORTS_ROOT"):
        self.root_setting = root_setting
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(getattr(settings, self.root_setting))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Ces fichiers privés ne sont jamais servis.")


class AliasedStorage(LazyObject):
    """`storages[alias]`, looked up when first used and again after STORAGES changes: what a
    model field gets as its storage (a field's storage is built once, at import)."""

    _instances = weakref.WeakSet()

    def __init__(self, alias):
        super().__init__()
        self.__dict__["_alias"] = alias
        AliasedStorage._instances.add(self)

    def _setup(self):
        self._wrapped = storages[self.__dict__["_alias"]]


def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        for storage in list(AliasedStorage._instances):
            storage._wrapped = empty


setting_changed.connect(_storages_changed)


def where(storage, name):
    """What an operator can open: a signed address on a store, else the local path."""
    try:
        return storage.url(name)
    except (ValueError, NotImplementedError):
        return storage.path(name)


def walk(storage, top=""):
    """Every file name under `top` in `storage`, recursively (none if `top` does not exist)."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for directory in sorted(directories):
        yield from walk(storage, f"{top}/{directory}" if top else directory)


# --- When the store does not answer ------------------------------------------------------------

def unavailable_message():
    from django.utils.translation import gettext

    return gettext("Le stockage des images est momentanément indisponible : rien n'a été "
                   "enregistré. Réessayez dans quelques minutes.")


class StorageUnavailableMiddleware:
    """An upload that met a silent object store: a clear French 503 (JSON for the editor's
    upload on the spot), never a 500. The view's transaction was rolled back and the files it
    stored deleted (core.images.saving_images): nothing is half-saved. Readers' pages never
    get here: rendering them asks the store nothing (addresses are formatted, not fetched)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageUnavailable):
            return None
        return unavailable_response(request, exception)


def unavailable_response(request, exception=None):
    import logging

    from django.http import HttpResponse, JsonResponse
    from django.template import loader
    from django.utils.translation import get_language

    logging.getLogger(__name__).warning("Object store unavailable during %s %s: %s",
                                        request.method, request.path, exception)
    message = unavailable_message()
    if request.accepts("application/json") and not request.accepts("text/html"):
        response = JsonResponse({"errors": {"file": [message]}}, status=503)
    else:
        response = HttpResponse(loader.get_template("core/storage_unavailable.html").render(
            {"message": message, "site_name": settings.SITE_NAME,
             "LANGUAGE_CODE": get_language()}), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
