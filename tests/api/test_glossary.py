"""docs/glossary.md maps every resource of the API to its Dutch term: the recorded deviation from
the API Design Rules' interface-language rule (../shared/spec/api-v1.md, its opening lines)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _english_names() -> set[str]:
    """The names of the glossary's first column, hyphens read as spaces: a cell may hold several
    names (`contribution / payout / adjustment`) and a note in brackets or backticks."""
    rows = (ROOT / "docs" / "glossary.md").read_text().splitlines()
    cells = [row.split("|")[1] for row in rows if row.startswith("| ") and "---" not in row]
    names = set()
    for cell in cells:
        for name in re.split(r"[/,]", re.sub(r"\(.*?\)|`.*?`", "", cell)):
            names.add(name.strip().lower().replace("-", " "))
    return names


def _singular(resource: str) -> str:
    """`office-regions` -> `office region`; `vacancy-statistics` stays plural (no singular)."""
    words = resource.replace("-", " ")
    if words.endswith("statistics") or words.endswith("watchlist"):
        return words
    return re.sub(r"ies$", "y", words) if words.endswith("ies") else words.removesuffix("s")


def test_every_resource_of_the_api_has_a_dutch_term():
    document = yaml.safe_load((ROOT / "docs" / "api" / "openapi.yaml").read_text())
    resources = {path.split("/")[1] for path in document["paths"]}
    names = _english_names()
    assert {resource for resource in resources if _singular(resource) not in names} == set()
    assert len(resources) >= 15
