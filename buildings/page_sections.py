"""Sections of the building page that apps a floor up add: the buildings app may not import
them, nor may its templates include theirs, so each registers in its AppConfig.ready() a
function and the template that shows its part (the Leegstandwet register adds the building's
cases and disputes). A section's function is called with the request's scope and the building
the page has found the actor may see, and returns the template context it adds; the page
includes the sections' templates, in the order they were added, after the vacancy records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from buildings.models import Building
from kantorentop.accounts.scopes import Scope

type BuildingPageSection = Callable[..., dict[str, Any]]

_SECTIONS: list[tuple[BuildingPageSection, str]] = []


def building_page_section_add(section: BuildingPageSection, *, template: str) -> None:
    """Add `section`, shown by `template`, to the building page (once, however often the app is
    readied)."""
    if (section, template) not in _SECTIONS:
        _SECTIONS.append((section, template))


def building_page_sections_context(*, scope: Scope, building: Building) -> dict[str, Any]:
    """The context of every registered section, in the order they were added, and their
    templates (`page_section_templates`)."""
    context: dict[str, Any] = {}
    for section, _template in _SECTIONS:
        context.update(section(scope=scope, building=building))
    context["page_section_templates"] = [template for _section, template in _SECTIONS]
    return context
