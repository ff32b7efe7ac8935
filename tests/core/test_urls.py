"""core.urls.slug_url and id_url give what reverse() gives, or refuse what it refuses, in
every language and under a script prefix (the site served under /magazine/)."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from core.urls import id_url, slug_url


def same_as_reverse(fast, name, argument, value):
    for language in ("fr", "en"):
        with translation.override(language):
            for prefix in ("/", "/magazine/"):
                set_script_prefix(prefix)
                try:
                    try:
                        expected = reverse(name, kwargs={argument: value})
                    except Exception as error:  # noqa: BLE001 - the same refusal, whatever it is
                        with pytest.raises(type(error)):
                            fast(name, value)
                    else:
                        assert fast(name, value) == expected
                finally:
                    set_script_prefix("/")


@pytest.mark.parametrize("name", ["articles:detail", "articles:section", "articles:tag", "articles:author"])
@pytest.mark.parametrize("slug", ["les-toits", "A_b-9", "été", "a b", "x/y", "", None, 12])
def test_slug_url_is_reverse(name, slug):
    same_as_reverse(slug_url, name, "slug", slug)


@pytest.mark.parametrize("pk", [1, 0, 918273645546372819, 10**30, -1, "12", "x", None, True])
def test_id_url_is_reverse(pk):
    same_as_reverse(id_url, "comments:report", "pk", pk)
