"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on the main pages (issue 5, item
7): the sign-in page for a visitor, and the nation, municipality, buildings table, building and
flags pages as the Utrecht officer sees them."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OFFICER_PAGES = {
    "nation": "/",
    "municipality": "/gemeenten/GM0344",
    "buildings": "/gebouwen",
    "building": "/gebouwen/0344100000000001",
    "flags": "/signaleringen",
    "import": "/importeren",
}


def test_no_serious_accessibility_violations(e2e, dataset):
    found = {"sign-in": e2e.axe("/inloggen")}
    e2e.reset_axe()
    for name, path in OFFICER_PAGES.items():
        found[name] = e2e.axe(path, username="utrecht.ambtenaar")
    problems = {name: violations for name, violations in found.items() if violations}
    assert not problems, "\n".join(f"{name}: {v}" for name, v in problems.items())
