"""Each fact has one home (issue 12, items 3, 4 and 8), checked on the code itself.

- A FilterSet is used through its public face (its filters applied to a query, `ordered`):
  no code outside the FilterSet classes reads their internals (`base_filters`,
  `declared_filters`, the class's constants).
- The covenant rule's thresholds come from the settings: no module but the settings writes the
  area threshold as a number, nor the share threshold as a percentage in a text.
- No fallback import (`except ImportError`) in the application: every module it would fall back
  from is ours and is there.
- A package's `__init__` re-exports only names that some module imports from the package.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "config",
    "dashboard",
    "demo",
    "kantorentop",
    "regions",
    "buildings",
    "events",
    "covenants",
    "funds",
    "vacancy_law",
)
FILTERSET_INTERNALS = {"base_filters", "declared_filters"}


def _code_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _filterset_class_bodies(tree: ast.Module) -> set[int]:
    """The ids of the nodes inside FilterSet classes (their own code may read their internals)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and (node.name.endswith(("FilterSet", "FilterMixin"))):
            inside.update(id(child) for child in ast.walk(node))
    return inside


def _reads_filterset_internals(node: ast.AST) -> bool:
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr in FILTERSET_INTERNALS:
        return True
    owner = node.value
    owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
    return owner_name.endswith("FilterSet") and node.attr.isupper()


def test_no_code_outside_a_filterset_reads_its_internals():
    found = []
    for path in _code_files():
        tree = ast.parse(path.read_text())
        inside = _filterset_class_bodies(tree)
        for node in ast.walk(tree):
            if id(node) not in inside and _reads_filterset_internals(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} ({ast.unparse(node)})")
    assert not found, f"use the FilterSet's public face (its filters, `ordered`): {found}"


# 5000 on a line about an area (m2): the covenant rule's area threshold written down again.
AREA_THRESHOLD = re.compile(r"(?i)(?<![\d_.])5_?000(?![\d_]).*(area|m2)|(area|m2).*5_?000\b")


def test_the_area_threshold_is_written_only_in_the_settings():
    found = []
    for path in _code_files():
        if path == ROOT / "config" / "settings.py" or "bag" in path.parts:
            continue  # the BAG generator's coordinates and day offsets are no thresholds
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            code = line.split("#", 1)[0]
            if AREA_THRESHOLD.search(code):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, f"read settings.STRUCTURAL_VACANCY_MIN_AREA_M2 instead: {found}"


# The share threshold as a percentage in a string (a description, a message): "80%", "80 %".
SHARE_IN_TEXT = re.compile(r"[\"'][^\"']*\b80 ?%")


def test_the_share_threshold_is_written_only_in_the_settings():
    """Texts that name the share threshold take it from share_threshold_percent()."""
    found = []
    for path in _code_files():
        if path == ROOT / "config" / "settings.py" or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if SHARE_IN_TEXT.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, f"use share_threshold_percent() instead: {found}"


def test_no_fallback_imports():
    found = []
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"import what is there; a fallback for our own module is dead code: {found}"


# Packages whose `__init__` names what a tool outside the code loads by convention.
ENTRY_POINTS = {"config": "the Celery app as `config.celery_app` (`celery -A config`)"}


def _imported_from(package: str, sources: dict[Path, str]) -> set[str]:
    """The names some module imports from `package` or reads as `package.name`."""
    used: set[str] = set()
    dotted = re.compile(rf"\b{re.escape(package)}\.(\w+)")
    parent, _, last = package.rpartition(".")
    as_module = re.compile(rf"^\s*from {re.escape(parent)} import .*\b{last}\b", re.MULTILINE)
    through_module = re.compile(rf"\b{last}\.(\w+)")
    for text in sources.values():
        used.update(dotted.findall(text))
        if parent and as_module.search(text):
            used.update(through_module.findall(text))
        if package not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module == package:
                used.update(alias.name for alias in node.names)
    return used


def test_packages_re_export_only_what_is_imported():
    sources = {
        path: path.read_text()
        for path in [*ROOT.glob("*/**/*.py"), *ROOT.glob("*.py")]
        if not {".venv", "node_modules"} & set(path.parts)
    }
    found = []
    for init in _code_files():
        if init.name != "__init__.py":
            continue
        package = ".".join(init.parent.relative_to(ROOT).parts)
        exported = [
            alias.asname or alias.name
            for node in ast.parse(sources[init]).body
            if isinstance(node, ast.ImportFrom) and (node.level or node.module != "__future__")
            for alias in node.names
        ]
        if not exported or package in ENTRY_POINTS:
            continue
        others = {path: text for path, text in sources.items() if path != init}
        own_use = {
            node.id
            for node in ast.walk(ast.parse(sources[init]))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        }
        unused = sorted(set(exported) - own_use - _imported_from(package, others))
        found += [f"{package}.{name}" for name in unused]
    assert not found, f"re-exported but imported by no module: {found}"


# A module named in a comment or docstring: a path (`buildings/filters.py`) or a dotted name in
# backticks (`buildings.selectors.areas`), optionally with one attribute after it.
_ANY_PACKAGE = "|".join(PACKAGES)
MODULE_PATH = re.compile(rf"(?<![\w/])((?:{_ANY_PACKAGE})/[\w/]+\.py)\b")
MODULE_NAME = re.compile(rf"`((?:{_ANY_PACKAGE})(?:\.[a-z_][a-z0-9_]*)+)")


def _module_source(parts: list[str]) -> str | None:
    path = ROOT.joinpath(*parts)
    if path.with_suffix(".py").exists():
        return path.with_suffix(".py").read_text()
    if (path / "__init__.py").exists():
        return (path / "__init__.py").read_text()
    return None


def _names_something(dotted: str, model_labels: set[str]) -> bool:
    parts = dotted.split(".")
    if ".".join(parts[:2]).lower() in model_labels:
        return True  # an audit action or permission named after a model (`buildings.building.x`)
    if _module_source(parts) is not None:
        return True
    source = _module_source(parts[:-1])
    return source is not None and re.search(rf"\b{parts[-1]}\b", source) is not None


def test_comments_name_only_modules_that_exist():
    import io
    import tokenize

    from django.apps import apps

    model_labels = {model._meta.label_lower for model in apps.get_models()}
    stale = []
    for path in _code_files():
        source = path.read_text()
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type not in (tokenize.COMMENT, tokenize.STRING):
                continue
            where = f"{path.relative_to(ROOT)}:{token.start[0]}"
            stale += [
                f"{where} {name}"
                for name in MODULE_PATH.findall(token.string)
                if not (ROOT / name).exists()
            ]
            stale += [
                f"{where} {name}"
                for name in MODULE_NAME.findall(token.string)
                if not _names_something(name, model_labels)
            ]
    assert not stale, f"comments that name modules which do not exist: {stale}"
