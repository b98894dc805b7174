"""docs/architecture.md draws the arrows between the packages; this test makes it from the code."""

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
# Every package of the project, as import-linter knows them (a new app must be named there).
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "kantorentop" and len(parts) > 1 else parts[0]


def _arrows_in_the_code() -> set[str]:
    graph = grimp.build_graph(*PACKAGES)
    arrows: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = _package(module), _package(imported)
            if source != target:
                arrows[source].add(target)
    return {f"{source} -> {target}" for source, targets in arrows.items() for target in targets}


def _arrows_in_the_doc() -> set[str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"```arrows\n(.*?)```", text, re.DOTALL)
    assert block, "docs/architecture.md has no ```arrows block"
    return {line.strip() for line in block.group(1).splitlines() if line.strip()}


def test_the_drawing_of_the_floors_is_the_one_the_code_makes():
    code, doc = _arrows_in_the_code(), _arrows_in_the_doc()
    assert not code - doc, f"arrows in the code the drawing lacks: {sorted(code - doc)}"
    assert not doc - code, f"arrows in the drawing the code lacks: {sorted(doc - code)}"
