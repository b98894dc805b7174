"""The register's pages: the owner's report form, the officers' worklist with its countdown, the
case page's steps, a dispute from the building page to its decision, and 404 outside the scope."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kantorentop.core.audit import audit_record
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import VacancyRecordFactory
from tests.vacancy_law.conftest import PNG, pdf
from vacancy_law import services
from vacancy_law.models import RecordDispute, VacancyCase
from vacancy_law.periods import add_months, case_timeline
from vacancy_law.services.cases import case_dates

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def provincial(utrecht_gm):
    organisation = OrganisationFactory(
        name="Provincie Utrecht", kind="province", province=utrecht_gm.province
    )
    return MembershipFactory(
        user=UserFactory(username="provincie"), organisation=organisation, role="provincial_officer"
    ).user


def _report(owner, building):
    response = _client(owner).post(
        f"/leegstandwet/melden/{building.bag_id}",
        {
            "vacant_since": "29-02-2024",
            "vacant_area_m2": "2500",
            "contact_name": "J. de Vries",
            "contact_email": "j.devries@example.nl",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return VacancyCase.objects.get(building=building)


def test_from_report_to_closure_on_the_pages(owner, officer, building, ordinance):
    case = _report(owner, building)
    page = _client(officer).get("/leegstandwet").content.decode()
    assert f"/leegstandwet/zaken/{case.pk}" in page
    assert "90 dagen" in page or "91 dagen" in page or "92 dagen" in page  # 3 months ahead
    url = f"/leegstandwet/zaken/{case.pk}"
    consulted = _client(officer).post(
        f"{url}/overleg", {"consulted_on": TODAY.strftime("%d-%m-%Y"), "minutes": pdf()}
    )
    assert consulted.status_code == 302
    case.refresh_from_db()
    assert case.status == "consulted" and case.consultation_minutes
    assert _client(owner).get(f"{url}/verslag").status_code == 200
    decided = _client(officer).post(
        f"{url}/besluit",
        {
            "decided_on": TODAY.strftime("%d-%m-%Y"),
            "decision_summary": "Noodzakelijke voorzieningen",
            "necessary_works": "Brandveiligheid op orde brengen",
        },
    )
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.works_deadline == case.next_due_on
    refused = _client(owner).post(
        f"{url}/sluiten", {"closed_on": TODAY.strftime("%d-%m-%Y"), "closure_reason": "x"}
    )
    assert refused.status_code == 403
    closed = _client(officer).post(
        f"{url}/sluiten",
        {"closed_on": TODAY.strftime("%d-%m-%Y"), "closure_reason": "Leegstand opgeheven"},
    )
    assert closed.status_code == 302
    page = _client(owner).get(url).content.decode()
    assert "Zaak gesloten" in page and "vacancy_law.vacancycase.closed" not in page


def test_the_case_history_names_its_events_in_the_language_of_the_page(
    owner, officer, building, ordinance
):
    case = _report(owner, building)
    audit_record(
        action="vacancy_law.vacancycase.some_older_step",
        object_type="vacancy_law.vacancycase",
        object_id=case.pk,
    )
    url = f"/leegstandwet/zaken/{case.pk}"
    page = _client(officer).get(url).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "Zaak geopend" in history and "Brief opgesteld" in history
    assert "some older step" in history  # an action without a label, by its code's last part
    assert "vacancy_law.vacancycase" not in history
    english = _client(officer)
    english.cookies["django_language"] = "en"
    history = english.get(url).content.decode().split('id="history-heading"')[1]
    assert "Case opened" in history and "Letter drawn up" in history


def test_a_letter_downloads_under_a_dutch_file_name(owner, building, ordinance):
    case = _report(owner, building)
    letter = case.letters.get()
    response = _client(owner).get(f"/leegstandwet/zaken/{case.pk}/brieven/{letter.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="brief-zaak-{case.pk}-gemeld.pdf"'
    )


def test_others_get_404_and_a_province_reads_counts_only(owner, building, ordinance, provincial):
    case = _report(owner, building)
    stranger = MembershipFactory(organisation=OrganisationFactory(), role="investor").user
    assert _client(stranger).get(f"/leegstandwet/zaken/{case.pk}").status_code == 404
    assert _client(provincial).get(f"/leegstandwet/zaken/{case.pk}").status_code == 404
    page = _client(provincial).get("/leegstandwet").content.decode()
    assert f"/leegstandwet/zaken/{case.pk}" not in page
    assert (
        "Utrecht" in page
        and '<td class="utrecht-table__cell utrecht-table__cell--numeric">1</td>' in page
    )


def test_a_record_disputed_from_the_building_page_is_marked_until_upheld(
    owner, officer, building, record
):
    page = _client(owner).get(f"/gebouwen/{building.bag_id}").content.decode()
    assert f"/leegstandwet/bezwaar/{record.pk}" in page and 'data-disputed="true"' not in page
    evidence = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    submitted = _client(owner).post(
        f"/leegstandwet/bezwaar/{record.pk}", {"reason": "Verhuurd", "evidence": evidence}
    )
    assert submitted.status_code == 302
    dispute = RecordDispute.objects.get()
    page = _client(officer).get(f"/gebouwen/{building.bag_id}").content.decode()
    assert 'data-disputed="true"' in page
    assert (
        f"/leegstandwet/bezwaren/{dispute.pk}"
        in _client(officer).get("/leegstandwet").content.decode()
    )
    upheld = _client(officer).post(
        f"/leegstandwet/bezwaren/{dispute.pk}",
        {"decision": "upheld", "reason": "Geen huurcontract overlegd"},
    )
    assert upheld.status_code == 302
    page = _client(owner).get(f"/gebouwen/{building.bag_id}").content.decode()
    assert 'data-disputed="true"' not in page
    assert _client(owner).get(f"/leegstandwet/bezwaren/{dispute.pk}/bewijs").status_code == 200


def test_the_building_page_shows_the_register_after_the_records(officer, building, record):
    """The buildings app includes the section's template that the register added in its
    AppConfig.ready(), not the register's template by name (a floor up)."""
    page = _client(officer).get(f"/gebouwen/{building.bag_id}").content.decode()
    records, register, plans = (
        page.index(marker)
        for marker in ('id="records-heading"', 'id="vacancy-act-heading"', 'id="plans-heading"')
    )
    assert records < register < plans
    assert "Geen leegstandzaak die u mag zien." in page


def test_after_a_rejected_form_the_language_switch_returns_to_the_form_s_page(
    owner, officer, building, ordinance
):
    """A rejected case step is shown at its action's URL, which answers only POST: switching
    the language there must lead back to the case page, not to a 405."""
    case = _report(owner, building)
    client = _client(officer)
    page = f"/leegstandwet/zaken/{case.pk}"
    rejected = client.post(f"{page}/overleg", {}, HTTP_REFERER=f"http://testserver{page}")
    assert rejected.status_code == 400
    language_next = re.search(r'<input name="next" type="hidden" value="([^"]*)"', rejected.text)
    assert language_next.group(1) == page
    switched = client.post("/i18n/setlang/", {"language": "en", "next": page})
    assert switched["Location"] == page and client.get(page).status_code == 200


def _deadlines(page: str) -> dict[str, datetime.date]:
    """The date of each step in the case page's deadlines section (the first date of its row)."""
    section = page[page.index('id="deadlines-heading"') :]
    section = section[: section.index("</dl>")]
    rows = re.findall(r"<dt>([^<]+)</dt>\s*<dd[^>]*>(.*?)</dd>", section, flags=re.S)
    found = {}
    for label, value in rows:
        day = re.search(r"(\d\d)-(\d\d)-(\d{4})", value)
        if day:
            found[label.strip()] = datetime.date(*map(int, reversed(day.groups())))
    return found


def test_a_detected_case_page_keeps_the_steps_in_order(owner, officer, building, ordinance):
    """The job found the vacancy four years after the owner had to report it: the page shows no
    step due before the one it depends on, and counts the report's delay from the term the
    owner was given when the case was opened, not from 2022."""
    vacant_since = TODAY - datetime.timedelta(days=4 * 365 + 120)
    VacancyRecordFactory(building=building, observed_on=vacant_since, vacant_area_m2=3000)
    opened_on = TODAY - datetime.timedelta(days=120)
    assert services.vacancy_cases_detect(on=opened_on) == 1
    case = VacancyCase.objects.get(building=building)
    page = _client(officer).get(f"/leegstandwet/zaken/{case.pk}").content.decode()
    deadlines = _deadlines(page)
    assert deadlines["Melding"] <= deadlines["Overleg"] <= deadlines["Besluit"], deadlines
    statutory = add_months(vacant_since, 6)
    assert statutory.strftime("%d-%m-%Y") in page  # the owner's duty under art. 3(1) stays
    asked_by = add_months(opened_on, 3)
    assert deadlines["Melding"] == asked_by
    assert f"{(TODAY - statutory).days} dagen te laat" not in page
    assert f"{(TODAY - asked_by).days} dagen te laat" in page


def _text(html: str) -> str:
    """The text a browser shows of an inline stretch of HTML: tags dropped, every run of
    whitespace one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_countdown_reads_without_stray_spaces(owner, officer, building, ordinance):
    """The countdown's partial is included inside a line of text ("(249 dagen te laat)" on the
    case page, a table cell on the worklist): it adds no whitespace of its own."""
    vacant_since = TODAY - datetime.timedelta(days=4 * 365 + 120)
    VacancyRecordFactory(building=building, observed_on=vacant_since, vacant_area_m2=3000)
    assert services.vacancy_cases_detect(on=TODAY - datetime.timedelta(days=120)) == 1
    case = VacancyCase.objects.get(building=building)
    overdue = (TODAY - case.next_due_on).days
    assert overdue > 1
    page = _client(officer).get(f"/leegstandwet/zaken/{case.pk}").content.decode()
    next_step = re.search(r"<dt>Volgende stap</dt><dd>(.*?)</dd>", page, flags=re.S)
    assert f"({overdue} dagen te laat)" in _text(next_step.group(1)), next_step.group(1)
    worklist = _client(officer).get("/leegstandwet").content.decode()
    assert (
        '<td class="utrecht-table__cell"><strong class="kt-badge--flag kt-nowrap">'
        f"{overdue} dagen te laat</strong></td>"
    ) in worklist


def _timeline(page: str) -> dict[str, str]:
    """The text of each step's row in the case page's deadlines section."""
    section = page[page.index('id="deadlines-heading"') :]
    section = section[: section.index("</dl>")]
    rows = re.findall(r"<dt>([^<]+)</dt>\s*<dd[^>]*>(.*?)</dd>", section, flags=re.S)
    return {label.strip(): _text(value).strip() for label, value in rows}


def test_the_timeline_says_what_each_date_is(owner, officer, building, ordinance):
    """A step taken shows the day it was taken and its date beside it; a step not taken yet
    says its date is a deadline ("uiterlijk"), or for the decision, for which the law sets the
    municipality no term, the day from which it can be taken ("vanaf")."""
    case = _report(owner, building)
    due = {
        row.step.value: row.due_on.strftime("%d-%m-%Y")
        for row in case_timeline(periods=case.ordinance, dates=case_dates(case))
        if row.due_on
    }
    assert set(due) == {"report", "consultation", "decision"}
    timeline = _timeline(_client(officer).get(f"/leegstandwet/zaken/{case.pk}").text)
    reported = case.report.reported_on.strftime("%d-%m-%Y")
    assert timeline == {
        "Melding": f"gedaan op {reported} (uiterlijk {due['report']})",
        "Overleg": f"uiterlijk {due['consultation']}",
        "Besluit": f"vanaf {due['decision']}",
        "Naleving": "–",
    }
    english = _client(officer)
    english.cookies["django_language"] = "en"
    timeline = _timeline(english.get(f"/leegstandwet/zaken/{case.pk}").text)
    assert timeline["Report"] == f"done on {reported} (by {due['report']})"
    assert timeline["Consultation"] == f"by {due['consultation']}"
    assert timeline["Decision"] == f"from {due['decision']}"
