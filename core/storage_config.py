"""The stores named by the environment (read by magazine/settings.py, so nothing here imports
Django's or boto3's machinery): see core/storage.py."""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

# The options MEDIA_STORAGE_URL's query string may set (django-storages' S3Storage names).
URL_OPTIONS = {"endpoint_url", "region_name", "custom_domain", "url_protocol", "default_acl",
               "addressing_style", "signature_version", "querystring_expire", "location"}
# The usual django-storages variables, when MEDIA_STORAGE_URL is not set.
AWS_VARIABLES = (("endpoint_url", "AWS_S3_ENDPOINT_URL"), ("region_name", "AWS_S3_REGION_NAME"),
                 ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"), ("location", "AWS_LOCATION"),
                 ("default_acl", "AWS_DEFAULT_ACL"),
                 ("addressing_style", "AWS_S3_ADDRESSING_STYLE"))
S3_BACKEND = "core.storage.MediaS3Storage"
PRIVATE_S3_BACKEND = "core.storage.PrivateS3Storage"


def s3_options(url="", environ=None):
    """django-storages options for the object store named by `url`
    (`s3://[key:secret@]bucket[/prefix]?endpoint_url=…&region_name=…`), else by the usual
    variables (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
    AWS_S3_CUSTOM_DOMAIN, AWS_LOCATION); None when neither names a bucket (the local disk).
    Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the URL)."""
    environ = os.environ if environ is None else environ
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.hostname:
            # Never the address itself: it may hold the key and secret (s3://KEY:SECRET@…).
            raise ValueError("Adresse de stockage non reconnue (attendu : s3://seau?endpoint_url=…, "
                             f"reçu le schéma {parts.scheme or 'aucun'!r})")
        options = {"bucket_name": parts.hostname}
        if parts.path.strip("/"):
            options["location"] = parts.path.strip("/")
        if parts.username:
            options["access_key"] = unquote(parts.username)
            options["secret_key"] = unquote(parts.password or "")
        for key, value in parse_qsl(parts.query):
            if key not in URL_OPTIONS:
                raise ValueError(f"Option de stockage inconnue : {key!r} (connues : "
                                 f"{', '.join(sorted(URL_OPTIONS))}).")
            options[key] = int(value) if key == "querystring_expire" else value
    elif environ.get("AWS_STORAGE_BUCKET_NAME"):
        options = {"bucket_name": environ["AWS_STORAGE_BUCKET_NAME"]}
        for key, name in AWS_VARIABLES:
            if environ.get(name):
                options[key] = environ[name]
    else:
        return None
    return options


def public_address(options):
    """(custom_domain, url_protocol) under which the bucket's objects are read: the CDN's
    domain when given, else the store's own address (path style: `endpoint/bucket`). Given to
    S3Storage, url() formats a string instead of asking boto3 to sign anything."""
    if options.get("custom_domain"):
        return options["custom_domain"].strip("/"), options.get("url_protocol", "https:")
    endpoint = options.get("endpoint_url")
    if endpoint:
        parts = urlsplit(endpoint)
        domain = f"{parts.netloc}{parts.path.rstrip('/')}/{options['bucket_name']}"
        return domain, f"{parts.scheme}:"
    region = options.get("region_name")
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"{options['bucket_name']}.{host}", "https:"


def configure(media_url, environ=None):
    """(STORAGES entries for default, backups and imports; MEDIA_URL), from the environment."""
    environ = os.environ if environ is None else environ
    media = s3_options(environ.get("MEDIA_STORAGE_URL", ""), environ)
    if media is None:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "backups": {"BACKEND": "core.storage.PrivateFileSystemStorage",
                        "OPTIONS": {"root_setting": "BACKUP_ROOT"}},
            "imports": {"BACKEND": "core.storage.PrivateFileSystemStorage",
                        "OPTIONS": {"root_setting": "IMPORTS_ROOT"}},
        }, media_url
    # One bucket, three prefixes side by side: media/ (or the URL's own), backups/, imports/. A
    # bucket policy can then open media/ to everyone and nothing else.
    media.setdefault("location", "media")
    domain, protocol = public_address(media)
    default = {**media, "custom_domain": domain, "url_protocol": protocol}
    stores = {"default": {"BACKEND": S3_BACKEND, "OPTIONS": default}}
    for alias, variable in (("backups", "BACKUP_STORAGE_URL"), ("imports", "IMPORTS_STORAGE_URL")):
        # Same bucket under its own prefix unless a store of its own is given (better: a
        # bucket nobody can read publicly).
        own = s3_options(environ.get(variable, ""), {})
        public_only = ("custom_domain", "url_protocol", "location", "default_acl")
        options = own or {key: value for key, value in media.items() if key not in public_only}
        if own is None:
            options["location"] = alias
            if media.get("default_acl"):
                options["default_acl"] = "private"  # the store uses ACLs: say it explicitly
        stores[alias] = {"BACKEND": PRIVATE_S3_BACKEND, "OPTIONS": options}
    path = "/".join(filter(None, [domain, media.get("location", "")]))
    return stores, f"{protocol}//{path}/"
