"""The building page's sections that apps a floor up add (buildings/page_sections.py)."""

from buildings import page_sections
from buildings.page_sections import building_page_section_add, building_page_sections_context


def test_a_section_adds_its_context_and_its_template_once(monkeypatch):
    monkeypatch.setattr(page_sections, "_SECTIONS", [])

    def section(*, scope, building):
        return {"seen": (scope, building)}

    for _ready in range(2):
        building_page_section_add(section, template="app/_section.html")
    context = building_page_sections_context(scope="scope", building="building")
    assert context == {
        "seen": ("scope", "building"),
        "page_section_templates": ["app/_section.html"],
    }


def test_the_register_adds_its_section_with_its_own_template():
    context_templates = [template for _section, template in page_sections._SECTIONS]
    assert context_templates == ["vacancy_law/_building_cases.html"]
