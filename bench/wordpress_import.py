#!/usr/bin/env python3
"""`make bench-import`: a WordPress export of 10 000 posts, 100 000 comments and 5 000 pictures
(generated here, with the pictures in an --uploads folder) imported into a fresh SQLite
database, then imported again unchanged.

Prints `IMPORT_BENCH posts_per_s=N peak_rss_mb=N seconds=N rerun_seconds=N rerun_ratio=R`.
Targets: the import within 10 minutes, peak RSS <= 300 MB, the second run <= 1/3 of the first.
Picture renditions are left to background tasks (not counted); the line after says how long
the worker takes to make them when BENCH_IMPORT_RENDITIONS=1.

Env: BENCH_IMPORT_POSTS (10000), BENCH_IMPORT_COMMENTS (100000), BENCH_IMPORT_PICTURES (5000),
BENCH_IMPORT_DIR (a temporary folder, removed after).
"""

import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
POSTS = int(os.environ.get("BENCH_IMPORT_POSTS", "10000"))
COMMENTS = int(os.environ.get("BENCH_IMPORT_COMMENTS", "100000"))
PICTURES = int(os.environ.get("BENCH_IMPORT_PICTURES", "5000"))
SITE = "https://ancien-magazine.example.fr"
WORDS = ("ville jardin toit potager quartier école rue marché vélo fleuve pont musée théâtre "
         "habitants projet budget mairie saison récolte abeilles compost serre légumes").split()


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, words=14):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def picture(path, rng):
    image = Image.new("RGB", (1200, 675), tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    path.write_bytes(buffer.getvalue())


def write_export(folder, rng):
    uploads = folder / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    export = folder / "export.xml"
    with export.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
                  'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                  'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                  'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
                  f"<title>Ancien magazine</title><link>{SITE}</link><language>fr-FR</language>"
                  f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>"
                  f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n")
        for n in range(20):
            out.write(f"<wp:author><wp:author_id>{n + 1}</wp:author_id><wp:author_login>{cdata(f'auteur{n}')}"
                      f"</wp:author_login><wp:author_email>{cdata(f'auteur{n}@example.org')}</wp:author_email>"
                      f"<wp:author_display_name>{cdata(f'Autrice {n}')}</wp:author_display_name></wp:author>\n")
        for n in range(12):
            out.write(f"<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>rubrique-{n}"
                      f"</wp:category_nicename><wp:category_parent></wp:category_parent>"
                      f"<wp:cat_name>{cdata(f'Rubrique {n}')}</wp:cat_name></wp:category>\n")
        for n in range(300):
            out.write(f"<wp:tag><wp:term_id>{100 + n}</wp:term_id><wp:tag_slug>mot-{n}</wp:tag_slug>"
                      f"<wp:tag_name>{cdata(f'Mot {n}')}</wp:tag_name></wp:tag>\n")
        comment_id = 1
        per_post = COMMENTS // max(POSTS, 1)
        extra = COMMENTS - per_post * POSTS
        for n in range(PICTURES):
            month = f"{2015 + n % 8}/{1 + n % 12:02d}"
            (uploads / month).mkdir(parents=True, exist_ok=True)
            picture(uploads / month / f"photo-{n}.jpg", rng)
            out.write(
                f"<item><title>Photo {n}</title><wp:post_id>{100000 + n}</wp:post_id>"
                f"<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
                f"<wp:post_parent>{n * 2 + 1 if n * 2 + 1 <= POSTS else 0}</wp:post_parent>"
                f"<wp:attachment_url>{SITE}/wp-content/uploads/{month}/photo-{n}.jpg</wp:attachment_url>"
                f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{month}/photo-{n}.jpg"
                f"</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>"
                f"<wp:meta_value>{cdata(sentence(rng, 6))}</wp:meta_value></wp:postmeta></item>\n")
        for n in range(1, POSTS + 1):
            slug = f"article-{n}"
            year, month = 2015 + n % 8, 1 + n % 12
            paragraphs = "\n\n".join(sentence(rng, 40) for _ in range(6))
            meta = f"<wp:postmeta><wp:meta_key>_kksr_casts</wp:meta_key><wp:meta_value>{n % 40}</wp:meta_value></wp:postmeta>" \
                   f"<wp:postmeta><wp:meta_key>_kksr_ratings</wp:meta_key><wp:meta_value>{(n % 40) * 4}</wp:meta_value></wp:postmeta>"
            if n % 2 == 1 and (n - 1) // 2 < PICTURES:
                meta += f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{100000 + (n - 1) // 2}</wp:meta_value></wp:postmeta>"
            comments = []
            for c in range(per_post + (1 if n <= extra else 0)):
                parent = comment_id - 1 if c % 3 == 2 else 0
                comments.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{cdata(f'Lecteur {c}')}"
                    f"</wp:comment_author><wp:comment_author_email>lecteur{c}@example.org</wp:comment_author_email>"
                    f"<wp:comment_author_IP>203.0.113.{c % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{year}-{month:02d}-15 10:{c % 60:02d}:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(sentence(rng, 20))}</wp:comment_content>"
                    f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")
                comment_id += 1
            out.write(
                f"<item><title>{escape(sentence(rng, 7)[:-1])}</title><link>{SITE}/{year}/{month:02d}/{slug}/</link>"
                f'<dc:creator>{cdata(f"auteur{n % 20}")}</dc:creator><guid isPermaLink="false">{SITE}/?p={n}</guid>'
                f"<content:encoded>{cdata(paragraphs)}</content:encoded>"
                f"<excerpt:encoded>{cdata(sentence(rng, 20))}</excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>{year}-{month:02d}-10 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>"
                f"<wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>"
                f'<category domain="category" nicename="rubrique-{n % 12}">{cdata(f"Rubrique {n % 12}")}</category>'
                f'<category domain="post_tag" nicename="mot-{n % 300}">{cdata(f"Mot {n % 300}")}</category>'
                f"{meta}{''.join(comments)}</item>\n")
        out.write("</channel>\n</rss>\n")
    return export, uploads


def timed_import(env, export, uploads):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_wordpress", str(export), f"--uploads={uploads}",
         "--no-download"], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"import failed ({result.returncode})")
    last = result.stdout.strip().splitlines()[-1]
    return seconds, max(peak, before) / 1024, last


def main():
    rng = random.Random(2026)
    folder = Path(os.environ.get("BENCH_IMPORT_DIR") or tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.monotonic()
        export, uploads = write_export(folder, rng)
        print(f"export: {export.stat().st_size / 1e6:.0f} MB, {POSTS} posts, {COMMENTS} comments, "
              f"{PICTURES} pictures, written in {time.monotonic() - started:.0f} s", flush=True)
        env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-import-" + "x7Qp2LmZ9vRt4Wk8YhN3sDf6GjB1cXe5uAo0iPl" * 2, "ALLOWED_HOSTS": "*",
               "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "MEDIA_ROOT": str(folder / "media"),
               "CACHE_DIR": str(folder / "cache"), "IMPORT_RENDITIONS_LATER": "1"}
        env.pop("REDIS_URL", None)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        seconds, peak_mb, last = timed_import(env, export, uploads)
        print(f"first run: {seconds:.0f} s, peak RSS {peak_mb:.0f} MB\n  {last}", flush=True)
        rerun_seconds, rerun_peak, last = timed_import(env, export, uploads)
        print(f"second run (unchanged): {rerun_seconds:.0f} s\n  {last}", flush=True)
        print(f"IMPORT_BENCH posts_per_s={POSTS / seconds:.0f} peak_rss_mb={max(peak_mb, rerun_peak):.0f} "
              f"seconds={seconds:.0f} rerun_seconds={rerun_seconds:.0f} "
              f"rerun_ratio={rerun_seconds / seconds:.2f}")
    finally:
        if not os.environ.get("BENCH_IMPORT_DIR"):
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
