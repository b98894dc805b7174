"""WCAG 2.1 reflow (1.4.10, issue 11 item 20): at 320 and 390 CSS pixels wide every page type lays
out in one column without horizontal scrolling of the page; wide tables scroll inside their own
container, the header and menu wrap, forms stack. Checked for the personas who see each page
(admin excluded), with a full-page screenshot of each at 320 px."""

import re
from decimal import Decimal

import pytest

from buildings.services.plans import plan_create, plan_submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (320, 390)

# How far the page is laid out beyond the viewport, and the widest elements that stick out.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 1
    && !el.closest(".kt-table-wrap, .leaflet-container");
  // The innermost elements that stick out (their ancestors widen only because of them).
  const culprits = [...document.querySelectorAll("body *")]
    .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} `
      + `"${(el.textContent || "").trim().slice(0, 30)}": `
      + Math.round(el.getBoundingClientRect().right));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    culprits: culprits.slice(0, 6),
    // A table the data can make wider than any screen scrolls in a container of its own.
    unwrappedTables: document.querySelectorAll("main table:not(.kt-table-wrap table)").length,
  };
}"""


def _pages(dataset, fund, application, plan, commitment):
    building = f"/gebouwen/{dataset.flagged.bag_id}"
    public = [
        "/",
        "/inloggen",
        "/provincies/PV26",
        "/kantorenregios/utrecht",
        "/gemeenten/GM0344",
        "/fondsen",
        f"/fondsen/{fund.pk}",
        "/fondsen/rapportage",
        "/convenant",
        f"/convenant/afspraken/{commitment.pk}",
        "/transacties",
        "/bestaat-niet",
    ]
    return {
        None: public,
        "utrecht.ambtenaar": [
            "/gemeenten/GM0344",
            "/gebouwen",
            building,
            "/signaleringen",
            "/importeren",
            "/plannen",
            f"/plannen/{plan.pk}",
            "/ontwikkelingen",
            "/ontwikkelingen/nieuw",
            "/transacties/registreren",
            f"/fondsen/{fund.pk}/grootboek",
        ],
        "belegger.domstad": [
            "/mijn-gebouwen",
            "/mijn-signaleringen",
            f"/plannen/nieuw?gebouw={dataset.flagged.bag_id}",
            f"/plannen/{plan.pk}",
            f"/fondsen/aanvragen/nieuw?fonds={fund.pk}",
            "/fondsen/aanvragen",
        ],
        "fonds.beheerder": [
            f"/fondsen/{fund.pk}/grootboek",
            "/fondsen/aanvragen",
            f"/fondsen/aanvragen/{application.pk}",
        ],
    }


def _fund(dataset):
    from regions.models import OfficeRegion
    from tests.accounts.factories import MembershipFactory, UserFactory
    from tests.funds.factories import (
        CompensationApplicationFactory,
        ContributionFactory,
        FundFactory,
    )

    fund = FundFactory(
        office_region=OfficeRegion.objects.get(slug="utrecht"), name="Kantorenfonds Utrecht"
    )
    MembershipFactory(
        user=UserFactory(username="fonds.beheerder"),
        organisation=fund.manager,
        role="fund_manager",
    )
    ContributionFactory(fund=fund, amount_eur=Decimal("250000.00"))
    application = CompensationApplicationFactory(
        fund=fund, building=dataset.flagged, applicant=dataset.owner
    )
    return fund, application


def test_every_page_reflows_at_320_and_390_px(e2e, dataset):
    from covenants.models import Commitment

    fund, application = _fund(dataset)
    plan = plan_create(
        user=dataset.investor,
        building=dataset.flagged,
        kind="transformation",
        target_use="housing",
        office_m2_withdrawn=6000,
    )
    plan_submit(plan=plan, user=dataset.investor)
    commitment = Commitment.objects.order_by("pk").first()
    e2e.allow_console_error("404")
    wide = []
    page = e2e.page
    for persona, paths in _pages(dataset, fund, application, plan, commitment).items():
        if persona:
            page.set_viewport_size({"width": 1280, "height": 900})
            e2e.sign_in(persona)
        for path in paths:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                response = e2e.goto(path)
                expected = 404 if path == "/bestaat-niet" else 200
                if response.status != expected:
                    wide.append((persona, path, f"status {response.status}"))
                found = page.evaluate(OVERFLOW)
                if found["scrollWidth"] > found["innerWidth"] or found["unwrappedTables"]:
                    wide.append((persona, path, found))
                if width == WIDTHS[0]:
                    name = f"{persona or 'visitor'}{path}".replace("/", "_").replace("?", "_")
                    e2e.screenshot(f"reflow-{width}-{name}")
        if persona:
            page.set_viewport_size({"width": 1280, "height": 900})
            e2e.sign_out()
    assert not wide, "\n".join(f"{p} {path}: {found}" for p, path, found in wide)


def test_the_reflow_check_sees_a_wide_page(e2e, dataset):
    """The check itself can fail: an element wider than the viewport widens the page."""
    page = e2e.page
    page.set_viewport_size({"width": 320, "height": 800})
    e2e.goto("/")
    # Through the CSSOM: the CSP refuses style attributes in markup.
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '900px';"
        " d.textContent = 'breed';"
        " document.querySelector('main').append(d); }"
    )
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] > found["innerWidth"]


# Every date (31-12-2026), area (1.234 m2) and amount (€ 1.234,56) in the page's text that lies
# on more than one line; hidden text (closed details, visually hidden captions) has no boxes.
BROKEN_NOTATION = r"""() => {
  const notation = /\d{2}-\d{2}-\d{4}|€ -?\d[\d.]*(,\d+)?|\d[\d.]*(,\d+)? m2/g;
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(notation)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(`${match[0]} in ${node.parentElement.tagName.toLowerCase()}`);
    }
  }
  return broken;
}"""


def _notifications(user):
    """Notifications with a date and an area in their running text, as the flag job writes
    them."""
    from kantorentop.accounts.models import Notification

    for n, street in enumerate(("Maliebaan 12", "Catharijnesingel 70", "Croeselaan 3")):
        Notification.objects.create(
            recipient=user,
            kind="flag_created",
            subject=f"Structurele leegstand: Kantoor {street}, Utrecht",
            body=(
                f"Het kantoorgebouw Kantoor {street} staat sinds 31-12-2021 voor meer dan 80% "
                "leeg: 6.630 m2 van 6.630 m2."
            ),
            dedupe_key=f"layout-{n}",
        )


# Phone widths around 390 px, in steps narrower than a date's parts, so that a date or figure
# somewhere on the page falls where a line ends on at least one of them.
PHONE_WIDTHS = range(360, 421, 4)


def test_dates_and_figures_never_break_inside_on_a_phone(e2e, dataset):
    """A date breaks after its hyphens ("31-/12-/2021") and an area at its space unless kept on
    one line: the flags table of the building page, the notifications, headings and tables."""
    _notifications(dataset.officer)
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    page.set_viewport_size({"width": 390, "height": 844})
    broken = {}
    for path in (
        f"/gebouwen/{dataset.flagged.bag_id}",
        "/meldingen",
        "/gebouwen",
        "/gemeenten/GM0344",
        "/signaleringen",
    ):
        e2e.goto(path)
        e2e.screenshot(f"notation-390{path.replace('/', '_')}")
        for width in PHONE_WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            found = page.evaluate(BROKEN_NOTATION)
            if found:
                broken[f"{path} at {width} px"] = found
        page.set_viewport_size({"width": 390, "height": 844})
    assert not broken, "\n".join(f"{where}: {found}" for where, found in broken.items())
    # The measurement itself: a date cell of the flags table is one line high at 390 px.
    e2e.goto(f"/gebouwen/{dataset.flagged.bag_id}")
    cell = page.locator("#flags-heading + .kt-table-wrap tbody td").nth(1)
    height = cell.evaluate(
        "(td) => td.getBoundingClientRect().height - parseFloat(getComputedStyle(td).paddingTop)"
        " - parseFloat(getComputedStyle(td).paddingBottom)"
    )
    line = cell.evaluate("(td) => parseFloat(getComputedStyle(td).lineHeight)")
    assert height <= line * 1.5, (height, line)


@pytest.fixture
def national_stock(dataset):
    """Offices of the largest area a building may have, adding up to a national figure of eight
    digits (12.016.500 m2 that comply), as the country's stock shows on the landing page."""
    from buildings.models.building import MAX_LETTABLE_AREA_M2
    from tests.buildings.factories import BuildingFactory

    for n in range(24):
        BuildingFactory(
            bag_id=f"03441000000002{n:02d}",
            municipality=dataset.utrecht,
            lettable_floor_area_m2=MAX_LETTABLE_AREA_M2,
            energy_label="A",
        )


def test_the_label_duty_table_fits_a_phone(e2e, dataset, national_stock):
    """The three columns of the label-C duty table fit 390 px: the last one showed cut off
    ("13.687.940 m…") in a box that scrolled without a visible scrollbar."""
    page = e2e.page
    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    for path in ("/", "/gemeenten/GM0344"):
        e2e.goto(path)
        table = page.locator("#label-duty .kt-table-wrap")
        assert re.search(r"\d{2}\.\d{3}\.\d{3} m2", table.inner_text())
        found = table.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
        if found[0] > found[1]:
            wide[path] = found
        e2e.screenshot(f"duty-390{path.replace('/', '_')}")
    assert not wide, wide
