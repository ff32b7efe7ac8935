"""The layers (pyproject.toml, [tool.importlinter]; README, "Architecture") hold, and a wrong
import breaks them."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["magazine", "wordpress", "comments", "ratings", "pages", "articles", "authors", "media_library",
            "redirects", "pagecache", "core"]


def lint_imports(cwd):
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_against_the_layers_breaks_them(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    views = tmp_path / "articles" / "views.py"
    views.write_text("from ratings.models import Rating  # noqa\n" + views.read_text())

    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "articles is not allowed to import ratings" in result.stdout
    assert "articles.views -> ratings.models" in result.stdout


# The same layers for templates, which import-linter cannot see: an app's templates load tag
# libraries and include or extend templates of its own layer or below, or the project's.
LAYERS = [{"magazine"}, {"wordpress"}, {"comments", "ratings", "pages"}, {"articles"}, {"authors"},
          {"media_library", "redirects"}, {"pagecache", "core"}]
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
NAMED = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def layer_of(package):
    return next((n for n, layer in enumerate(LAYERS) if package in layer), None)


def template_owner(name, root):
    """The app whose templates folder holds `name` (None: the project's or a library's)."""
    return next((package for package in PACKAGES
                 if (root / package / "templates" / name).exists()), None)


def template_layer_breaches(root=ROOT):
    libraries = engines["django"].engine.libraries  # {"rating_tags": "ratings.templatetags..."}
    breaches = []
    for package in PACKAGES:
        for path in sorted((root / package / "templates").rglob("*.*")):
            source = path.read_text()
            used = [libraries[name].split(".")[0] for names in LOAD.findall(source)
                    for name in names.split() if name in libraries]
            used += [owner for name in NAMED.findall(source)
                     if (owner := template_owner(name, root))]
            for other in dict.fromkeys(used):  # libraries' own (django, i18n...) are no layer
                if other in PACKAGES and layer_of(other) < layer_of(package):
                    breaches.append(f"{path.relative_to(root)} uses {other}")
    return breaches


def test_templates_keep_the_layers():
    assert template_layer_breaches() == []


def test_a_template_against_the_layers_is_caught(tmp_path):
    for package in PACKAGES:
        if (ROOT / package / "templates").exists():
            shutil.copytree(ROOT / package / "templates", tmp_path / package / "templates")
    related = tmp_path / "articles" / "templates" / "articles" / "_related.html"
    related.write_text("{% load rating_tags %}" + related.read_text())
    assert template_layer_breaches(tmp_path) == ["articles/templates/articles/_related.html uses ratings"]
