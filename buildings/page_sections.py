"""Sections of the building page that apps a floor up add: the buildings app may not import
them, so each registers a function in its AppConfig.ready() (the Leegstandwet register adds the
building's cases and disputes). A section is called with the request's scope and the building
the page has found the actor may see, and returns the template context it adds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from buildings.models import Building
from kantorentop.accounts.scopes import Scope

type BuildingPageSection = Callable[..., dict[str, Any]]

_SECTIONS: list[BuildingPageSection] = []


def building_page_section_add(section: BuildingPageSection) -> None:
    """Add `section` to the building page (once, however often the app is readied)."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def building_page_sections_context(*, scope: Scope, building: Building) -> dict[str, Any]:
    """The context of every registered section, in the order they were added."""
    context: dict[str, Any] = {}
    for section in _SECTIONS:
        context.update(section(scope=scope, building=building))
    return context
