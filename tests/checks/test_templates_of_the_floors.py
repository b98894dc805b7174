"""Templates follow the floors as imports do (issue 12, item 1: each domain app owns its pages).

- A template includes or extends only templates of its own app, of the floors below it, or the
  project-wide base templates (`templates/`): never a template of a floor above (the dashboard
  may use the buildings table, the buildings pages may not use the dashboard's templates), nor
  one of a neighbour on its own floor.
- A view module of an app renders only the app's own templates or the project-wide ones, and no
  module of an app names a template of a floor above it.

The floors are import-linter's layers (`pyproject.toml`); templates are found by their files, so
a name that no folder of the project holds (Django's, the admin's) is not checked.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "templates/"  # the project-wide folder: every floor may use it
_LAYERS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][
    0
]["layers"]
# Package -> floor, 0 at the top.
FLOORS = {
    package.strip(): floor for floor, layer in enumerate(_LAYERS) for package in layer.split("|")
}
# {% include "x/y.html#partial" %} and {% extends 'x/y.html' %}: the quoted name only.
_TEMPLATE_TAG = re.compile(r"""{%\s*(?:include|extends)\s+(["'])([^"']+)\1""")
# A template name in Python code: a string that ends in .html, perhaps with a #partial.
_TEMPLATE_NAME = re.compile(r"""["']([\w./-]+\.html)(?:#[\w-]+)?["']""")


def _package_of(path: Path) -> str:
    """The package (as the layers name it) a file under ROOT belongs to."""
    parts = path.relative_to(ROOT).parts
    for size in (2, 1):
        candidate = ".".join(parts[:size])
        if candidate in FLOORS:
            return candidate
    raise AssertionError(f"{path} is in no package of the layers")


def _template_folders() -> dict[Path, str]:
    """Each template folder of the project and its owner (a package, or PROJECT)."""
    folders = {ROOT / "templates": PROJECT}
    for package in FLOORS:
        base = ROOT / package.replace(".", "/")
        for folder in sorted(base.rglob("templates")):
            if folder.is_dir() and "migrations" not in folder.parts:
                folders[folder] = _package_of(folder)
    return folders


def _templates() -> dict[str, tuple[str, Path]]:
    """Template name -> (owner, file), the first folder winning as Django's loaders do."""
    found: dict[str, tuple[str, Path]] = {}
    for folder, owner in _template_folders().items():
        for path in sorted(folder.rglob("*.html")):
            found.setdefault(path.relative_to(folder).as_posix(), (owner, path))
    return found


def _may_use(user: str, owner: str) -> bool:
    """Whether code or a template of package `user` may use a template of `owner`."""
    return owner in (PROJECT, user) or FLOORS[owner] > FLOORS[user]


def _python_modules(package: str):
    for path in sorted((ROOT / package.replace(".", "/")).rglob("*.py")):
        if "migrations" not in path.parts and _package_of(path) == package:
            yield path


def _is_view_module(path: Path) -> bool:
    return path.stem == "views" or "views" in path.parent.parts


def _wrong_template_uses(templates: dict[str, tuple[str, Path]]) -> list[str]:
    wrong = []
    for owner, path in templates.values():
        if owner == PROJECT:
            continue
        for match in _TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            name = match.group(2).partition("#")[0]
            used = templates.get(name)
            if used and not _may_use(owner, used[0]):
                wrong.append(f"{path.relative_to(ROOT)} uses {name} ({used[0]})")
    return wrong


def _wrong_template_names(templates: dict[str, tuple[str, Path]]) -> list[str]:
    wrong = []
    for package in FLOORS:
        for path in _python_modules(package):
            for name in _TEMPLATE_NAME.findall(path.read_text(encoding="utf-8")):
                if name not in templates:
                    continue
                owner = templates[name][0]
                if _is_view_module(path) and owner not in (PROJECT, package):
                    wrong.append(f"the view {path.relative_to(ROOT)} renders {name} ({owner})")
                elif not _may_use(package, owner):
                    wrong.append(f"{path.relative_to(ROOT)} names {name} ({owner})")
    return wrong


def test_the_scan_finds_the_templates_and_their_owners():
    templates = _templates()
    assert templates["base.html"][0] == PROJECT
    assert templates["buildings/plan_detail.html"][0] == "buildings"
    assert templates["accounts/notifications.html"][0] == "kantorentop.accounts"
    assert templates["dashboard/area.html"][0] == "dashboard"
    assert _may_use("dashboard", "buildings") and not _may_use("buildings", "dashboard")
    assert not _may_use("funds", "covenants")


def test_the_scan_reads_includes_and_template_names(tmp_path):
    tag = "{% include \"buildings/x.html#table\" with a=1 %}{% extends 'base.html' %}"
    assert [m.group(2) for m in _TEMPLATE_TAG.finditer(tag)] == [
        "buildings/x.html#table",
        "base.html",
    ]
    code = "render(request, \"dashboard/x.html#progress\", {})\ntemplate = 'buildings/y.html'"
    assert _TEMPLATE_NAME.findall(code) == ["dashboard/x.html", "buildings/y.html"]


def test_no_template_uses_one_of_a_floor_above_or_beside_it():
    wrong = _wrong_template_uses(_templates())
    assert not wrong, wrong


def test_the_views_render_their_own_templates_and_no_module_names_one_of_a_floor_above():
    wrong = _wrong_template_names(_templates())
    assert not wrong, wrong
