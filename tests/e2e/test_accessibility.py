"""axe-core finds no serious or critical WCAG 2.1 A/AA violation on the main pages (issue 5, item
7): the sign-in page for a visitor; the nation, municipality, buildings table, building, flags and
upload pages as the Utrecht officer sees them; the investor's buildings, flags and plan pages."""

import pytest

from buildings.services.plans import plan_create

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OFFICER_PAGES = {
    "nation": "/",
    "municipality": "/gemeenten/GM0344",
    "buildings": "/gebouwen",
    "building": "/gebouwen/0344100000000001",
    "flags": "/signaleringen",
    "import": "/importeren",
    "plans": "/plannen",
}
INVESTOR_PAGES = {
    "my-buildings": "/mijn-gebouwen",
    "my-flags": "/mijn-signaleringen",
    "plan-form": "/plannen/nieuw?gebouw=0344100000000001",
}


def _report(found):
    return "\n".join(f"{name}: {violations}" for name, violations in found.items() if violations)


def test_no_serious_accessibility_violations(e2e, dataset):
    plan = plan_create(
        user=dataset.investor,
        building=dataset.flagged,
        kind="transformation",
        target_use="housing",
        office_m2_withdrawn=6000,
    )
    found = {"sign-in": e2e.axe("/inloggen")}
    e2e.reset_axe()
    for name, path in OFFICER_PAGES.items():
        found[name] = e2e.axe(path, username="utrecht.ambtenaar")
    e2e.reset_axe()
    for name, path in {**INVESTOR_PAGES, "plan": f"/plannen/{plan.pk}"}.items():
        found[name] = e2e.axe(path, username="belegger.domstad")
    assert not _report(found), _report(found)


def test_axe_reports_a_serious_violation(e2e, dataset):
    """The check itself can fail: an image without a text alternative is a critical violation."""
    e2e.axe("/inloggen")
    e2e._axe_page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')"
    )
    violations = e2e.axe_current()
    assert [v["id"] for v in violations] == ["image-alt"]
