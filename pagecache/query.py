"""request.GET that remembers which parameters a page read, so that only those make another
cached copy of it: `?utm_source=…` or a random parameter cannot bypass the caches."""

from django.http import QueryDict

ALL_PARAMS = "*"


class TrackedQueryDict(QueryDict):
    """A read-only copy of request.GET recording what is read. Anything that looks at the
    parameters as a whole (iteration, length, urlencode) counts as reading them all."""

    def _read(self, key):
        self.read_names.add(key)

    def _read_all(self):
        self.read_all = True

    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._read(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._read(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._read(key)
        return super().__contains__(key)

    def __iter__(self):
        self._read_all()
        return super().__iter__()

    def __len__(self):
        self._read_all()
        return super().__len__()

    def keys(self):
        self._read_all()
        return super().keys()

    def items(self):
        self._read_all()
        return super().items()

    def lists(self):
        self._read_all()
        return super().lists()

    def values(self):
        self._read_all()
        return super().values()

    def dict(self):
        self._read_all()
        return super().dict()

    def urlencode(self, safe=None):
        self._read_all()
        return super().urlencode(safe)

    def copy(self):
        self._read_all()
        return super().copy()

    def names(self):
        return ALL_PARAMS if self.read_all else frozenset(self.read_names)


def track(request):
    """Replace request.GET by a TrackedQueryDict; returns it."""
    tracked = request.GET.copy()
    tracked.__class__ = TrackedQueryDict
    tracked.read_names = set()
    tracked.read_all = False
    tracked._mutable = False
    request.GET = tracked
    return tracked
