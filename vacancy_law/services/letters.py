"""The Dutch letter of each step of a case, as a PDF (ReportLab), from the template text of the
case's ordinance (per municipality) or the default below; stored with the case, one per step.

The template uses `$name` placeholders (string.Template): $gemeente, $gebouw, $adres, $bag_id,
$eigenaar, $leeg_sinds, $stap, $datum, $termijn, $besluit, $gebruiker, $voorzieningen. A placeholder
the template does not know stays as written, so a typo shows in the letter instead of failing.
"""

from __future__ import annotations

import io
import string
import uuid
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from vacancy_law.choices import CaseEvent
from vacancy_law.models import CaseLetter, VacancyCase
from vacancy_law.services.common import User, audit_step, user_id

# The subject and the body of each step's letter when the ordinance has no template of its own.
SUBJECTS = {
    "reported": "Ontvangstbevestiging melding leegstand",
    "detected": "Leegstand niet gemeld",
    "consulted": "Verslag leegstandoverleg",
    "decided": "Besluit op grond van de Leegstandwet",
    "complied": "Naleving van het besluit",
    "closed": "Afsluiting leegstandzaak",
}
BODIES = {
    "reported": "Wij hebben uw melding van leegstand van $gebouw ($adres) ontvangen. Het gebouw "
    "staat volgens de melding leeg sinds $leeg_sinds. Wij nodigen u uit voor overleg over het "
    "gebruik van het gebouw; dat overleg vindt uiterlijk $termijn plaats.",
    "detected": "Uit onze registratie blijkt dat $gebouw ($adres) sinds $leeg_sinds leegstaat, "
    "langer dan de termijn van de leegstandverordening. Wij hebben daarvan geen melding "
    "ontvangen. Wij verzoeken u de leegstand alsnog te melden, uiterlijk $termijn.",
    "consulted": "Op $datum hebben wij met u overlegd over het gebruik van $gebouw ($adres). "
    "Het verslag van dat overleg is bij deze zaak opgeslagen. Daarna volgt ons besluit; de "
    "Leegstandwet stelt daarvoor geen termijn.",
    "decided": "Wij hebben op $datum besloten: $besluit Voorgedragen gebruiker: $gebruiker. "
    "Noodzakelijke voorzieningen: $voorzieningen. U dient het besluit na te leven uiterlijk "
    "$termijn.",
    "complied": "Wij hebben vastgesteld dat u op $datum het besluit over $gebouw ($adres) heeft "
    "nageleefd.",
    "closed": "De leegstandzaak van $gebouw ($adres) is op $datum gesloten.",
}
# The step in a letter's file name, in the words of the case statuses' Dutch labels.
FILE_NAME_STEPS = {
    "reported": "gemeld",
    "detected": "gevonden",
    "consulted": "overleg-gevoerd",
    "decided": "besloten",
    "complied": "nageleefd",
    "closed": "gesloten",
}
DEFAULT_TEMPLATE = (
    "Geachte $eigenaar,\n\n$tekst\n\nMet vriendelijke groet,\n\n"
    "Burgemeester en wethouders van $gemeente"
)


def _date(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if value else "–"


def letter_values(case: VacancyCase) -> dict[str, str]:
    """The placeholders of a case's letter, in Dutch notation."""
    building = case.building
    step_date = {
        "reported": case.reported_on,
        "detected": case.opened_on,
        "consulted": case.consulted_on,
        "decided": case.decided_on,
        "complied": case.complied_on,
        "closed": case.closed_on,
    }.get(case.status)
    return {
        "gemeente": building.municipality.name,
        "gebouw": building.name or building.bag_id,
        "adres": f"{building.street} {building.house_number}, {building.city}".strip(" ,"),
        "bag_id": building.bag_id,
        "eigenaar": building.owner.name if building.owner else "eigenaar",
        "leeg_sinds": _date(case.vacant_since),
        "stap": case.get_status_display(),
        "datum": _date(step_date),
        "termijn": _date(case.next_due_on),
        "besluit": case.decision_summary or "–",
        "gebruiker": case.designated_user or "geen",
        "voorzieningen": case.necessary_works or "geen",
    }


def letter_text(case: VacancyCase) -> tuple[str, str]:
    """The subject and text of the letter for the case's current status."""
    values = letter_values(case)
    body = string.Template(BODIES[case.status]).safe_substitute(values)
    template = case.ordinance.letter_template or DEFAULT_TEMPLATE
    text = string.Template(template).safe_substitute({**values, "tekst": body})
    return SUBJECTS[case.status], text


def letter_pdf(*, case: VacancyCase) -> bytes:
    """The letter as an A4 PDF."""
    subject, text = letter_text(case)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, title=subject
    )
    building = case.building
    story: list[Any] = [
        Paragraph(escape(f"Gemeente {building.municipality.name}"), styles["Title"]),
        Paragraph(escape(f"Datum: {_date(timezone.localdate())}"), styles["Normal"]),
        Paragraph(
            escape(f"Kenmerk: leegstandzaak {case.pk} ({building.bag_id})"), styles["Normal"]
        ),
        Paragraph(escape(f"Onderwerp: {subject}"), styles["Normal"]),
        Spacer(1, 0.8 * cm),
    ]
    for paragraph in text.split("\n\n"):
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), styles["Normal"]))
        story.append(Spacer(1, 0.4 * cm))
    document.build(story)
    return buffer.getvalue()


@transaction.atomic
def case_letter_create(*, case: VacancyCase, user: User | None) -> CaseLetter:
    """Produce and store the letter of the case's current step (again: it replaces the step's
    letter, so the stored letter is the one sent last)."""
    content = letter_pdf(case=case)
    name = f"brief-zaak-{case.pk}-{FILE_NAME_STEPS[case.status]}.pdf"
    letter = CaseLetter.objects.filter(case=case, step=case.status).first()
    old_file = letter.file.name if letter is not None else None
    if letter is None:
        letter = CaseLetter(case=case, step=case.status)
    letter.file_name = name
    letter.created_by_id = user_id(user)
    letter.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
    letter.save()
    if old_file:
        transaction.on_commit(lambda: letter.file.storage.delete(old_file))
    audit_step(
        action=CaseEvent.LETTER, obj=case, user=user, building_id=case.building_id, step=case.status
    )
    return letter
