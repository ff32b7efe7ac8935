"""Comments' HTML gains French typography (comments/text.py render_body): redraw what is stored.

body_html is derived from body on every save; this derives it again for the comments already
there, in batches. Going back leaves the typeset HTML, which the old code showed as well."""

from django.db import migrations


def redraw(apps, schema_editor):
    from comments.text import render_body

    Comment = apps.get_model("comments", "Comment")
    batch = []
    for comment in Comment.objects.only("pk", "body", "body_html").iterator(chunk_size=1000):
        html = render_body(comment.body)
        if html != comment.body_html:
            comment.body_html = html
            batch.append(comment)
        if len(batch) >= 1000:
            Comment.objects.bulk_update(batch, ["body_html"])
            batch = []
    if batch:
        Comment.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_comment_website")]
    operations = [migrations.RunPython(redraw, migrations.RunPython.noop, elidable=True)]
