"""The focal point picker, shared by the library and the article cover: the picture, a marker
where the point is, and a click that sets the two number fields (focal-point.js; no inline
script or style, so the admin's CSP holds)."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _

# The picker's and the focal point's script and styles, for every admin page with a body editor
# or a focal point (the library's, articles', pages').
ADMIN_MEDIA = forms.Media(js=["media_library/focal-point.js"],
                          css={"all": ["media_library/library-admin.css"]})


def focal_picker(image_url, x_input_id, y_input_id, x, y):
    return format_html(
        '<div class="focal-picker" data-focal-x="{}" data-focal-y="{}" data-x-input="{}" '
        'data-y-input="{}"><img src="{}" alt="{}"><span class="focal-picker__marker" '
        'aria-hidden="true"></span></div>',
        x, y, x_input_id, y_input_id, image_url,
        _("Cliquez sur le sujet de l'image pour placer le point d'intérêt"))
