"""OpenAPI postprocessing: names for enum values that are no identifiers.

Client generators name each enum member after its value. Values such as the energy labels `A+`
to `A+++++` or the descending orderings `-bagId` lose their `+` and `-` on the way and collide
(openapi-python-client refuses the document: "Duplicate key A in enum EnergyLabelEnum").
`x-enum-varnames` (read by openapi-generator, openapi-python-client and others) gives each value a
distinct name: `A_PLUS_PLUS` for `A++`, `BAG_ID_DESC` for `-bagId`.
"""

import re
from typing import Any

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def enum_varname(value: str) -> str:
    """An upper-case identifier for an enum value."""
    name = value
    if name.startswith("-"):
        name = f"{name[1:]}_desc"
    name = name.replace("+", "_plus")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()
    if not name or not name[0].isalpha():
        name = f"VALUE_{name}".rstrip("_")
    return name


def enum_varnames(values: list[Any]) -> list[str] | None:
    """Distinct names for a string enum that has values which are no identifiers, or None when
    the values name themselves (or the enum is not one of strings)."""
    if not values or not all(isinstance(value, str) for value in values):
        return None
    if all(IDENTIFIER.fullmatch(value) for value in values):
        return None
    names: list[str] = []
    for value in values:
        name = base = enum_varname(value)
        counter = 2
        while name in names:
            name, counter = f"{base}_{counter}", counter + 1
        names.append(name)
    return names


def _name_enums(node: Any) -> None:
    if isinstance(node, dict):
        names = enum_varnames(node["enum"]) if isinstance(node.get("enum"), list) else None
        if names is not None:
            node["x-enum-varnames"] = names
        for value in node.values():
            _name_enums(value)
    elif isinstance(node, list):
        for value in node:
            _name_enums(value)


def add_enum_varnames(result: dict[str, Any], generator, request, public) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """drf-spectacular postprocessing hook: `x-enum-varnames` wherever an enum needs it."""
    _name_enums(result)
    return result
