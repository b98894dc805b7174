"""The Leegstandwet countdown on a phone: the red badge ("37 dagen te laat") is one pill on one
line on the case page and in the worklist, at 320 and 390 px, not a pill torn over two or three
lines. Screenshots: test-artifacts/screenshots/vacancy-law-countdown-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# How many line boxes each overdue badge of the page's content takes.
BADGE_LINES = """() => [...document.querySelectorAll("main .kt-badge--flag")]
    .map((el) => el.getClientRects().length)"""


def test_the_overdue_badge_stays_on_one_line_on_a_phone(e2e, dataset):
    from tests.vacancy_law.factories import OrdinanceFactory
    from vacancy_law import services
    from vacancy_law.models import VacancyCase

    # The dataset's three vacant Utrecht buildings (vacant since 2009) get a case each, found
    # 120 days ago: their reports are overdue today.
    OrdinanceFactory(municipality=dataset.utrecht)
    today = datetime.date.today()
    assert services.vacancy_cases_detect(on=today - datetime.timedelta(days=120)) == 3
    case = VacancyCase.objects.get(building=dataset.flagged)
    overdue = (today - case.next_due_on).days
    assert overdue > 1

    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 844})
        e2e.goto(f"/leegstandwet/zaken/{case.pk}")
        expect(page.locator("main .kt-badge--flag")).to_have_text(f"{overdue} dagen te laat")
        assert page.evaluate(BADGE_LINES) == [1], f"case page at {width}px"
        e2e.screenshot(f"vacancy-law-countdown-case-{width}")
        e2e.goto("/leegstandwet")
        expect(page.locator("main .kt-badge--flag")).to_have_count(3)
        assert page.evaluate(BADGE_LINES) == [1, 1, 1], f"worklist at {width}px"
        e2e.screenshot(f"vacancy-law-countdown-worklist-{width}")
