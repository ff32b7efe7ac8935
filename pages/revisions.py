"""Page revisions (django-reversion): every save in the admin keeps the page as it was saved;
the admin's history lists them and restores one (reversion's VersionAdmin)."""

import reversion

from .models import LegalNotice, Page

reversion.register(Page)
reversion.register(LegalNotice)
