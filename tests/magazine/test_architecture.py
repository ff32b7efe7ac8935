"""The layers (pyproject.toml, [tool.importlinter]; README, "Architecture") hold, and a wrong
import breaks them."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["magazine", "comments", "ratings", "articles", "authors", "pagecache", "core"]


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
