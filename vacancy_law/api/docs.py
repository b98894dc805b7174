"""The OpenAPI descriptions of the register's endpoints (Dutch / English), kept apart from the
views so that these stay short."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from vacancy_law.api.serializers import (
    CloseSerializer,
    ComplySerializer,
    ConsultSerializer,
    DecideSerializer,
    DisputeCreateSerializer,
    DisputeDecisionSerializer,
    DisputeSerializer,
)

OFFICERS = (
    "Door ambtenaren van de gemeente van het gebouw; een API-sleutel krijgt 403. / By officers "
    "of the building's municipality; an API key gets 403."
)
SCOPE = (
    "Niet openbaar: de eigenaar van het gebouw en de ambtenaren van zijn gemeente; provincies "
    "en het Rijk zien alleen aantallen (het dashboard). Daarbuiten 404. / Not public: the "
    "building's owner and its municipality's officers; provinces and the nation see counts only "
    "(the dashboard). Outside that 404."
)
DEADLINE = (
    " De volgende stap en zijn termijn (`nextStep`, `nextDueOn`, `daysLeft`) volgen uit de "
    "versie van de verordening waaronder de zaak begon; het besluit en de afsluiting hebben "
    "geen wettelijke termijn (`nextDueOn` en `daysLeft` null). / The next step and its deadline "
    "follow from the ordinance version the case started under; the decision and the closure "
    "have no statutory deadline (`nextDueOn` and `daysLeft` null)."
)
PDF_RESPONSE = {
    (200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY, description="PDF")
}

ORDINANCES = extend_schema_view(
    list=extend_schema(
        summary="Leegstandverordeningen / Vacancy ordinances",
        description=(
            "Openbaar: elke versie van de verordening per gemeente, met zijn termijnen in "
            "maanden. / Public: every version of each municipality's ordinance, with its periods "
            "in months."
        ),
    ),
    retrieve=extend_schema(summary="Eén versie / One version", description="Openbaar. / Public."),
    create=extend_schema(
        summary="Versie vastleggen / Record a version",
        description=(
            "Door ambtenaren van de gemeente. Meldingstermijn ten minste 6 maanden (art. 3 lid 1 "
            "Leegstandwet); termijnen die ontbreken krijgen de standaardwaarde. / By the "
            "municipality's officers. Reporting period at least 6 months (art. 3(1)); periods "
            "left out take the defaults."
        ),
    ),
)
REPORTS = extend_schema_view(
    list=extend_schema(summary="Leegstandmeldingen / Vacancy reports", description=SCOPE),
    retrieve=extend_schema(summary="Eén melding / One report", description=SCOPE),
    create=extend_schema(
        summary="Leegstand melden / Report vacancy",
        description=(
            "Door leden van de eigenaar van het gebouw: opent een zaak, of beantwoordt de zaak "
            "die het portaal opende voor niet-gemelde leegstand. / By members of the building's "
            "owner: opens a case, or answers the case the portal opened for unreported vacancy."
        ),
    ),
)
REPORT_CONFIRM = extend_schema(
    request=None,
    summary="Melding bevestigen / Confirm a report",
    description=(
        "Tot het besluit: bij een zaak waarover besloten is of die gesloten is 400 "
        "(`case_past_decision`). / Until the decision: a case that is decided or closed answers "
        "400 (`case_past_decision`). " + OFFICERS
    ),
)
CASES = extend_schema_view(
    list=extend_schema(summary="Leegstandzaken / Vacancy cases", description=SCOPE + DEADLINE),
    retrieve=extend_schema(summary="Eén zaak / One case", description=SCOPE + DEADLINE),
)
CASE_CONSULT = extend_schema(
    request={"application/json": ConsultSerializer, "multipart/form-data": ConsultSerializer},
    summary="Overleg vastleggen / Record the consultation",
    description=(
        "`detected` of `reported` wordt `consulted`, met het verslag als PDF (multipart, veld "
        "`minutes`, dezelfde regels als plandocumenten). / `detected` or `reported` becomes "
        "`consulted`, with the minutes as a PDF (multipart, field `minutes`, the rules of plan "
        "documents). " + OFFICERS
    ),
)
CASE_DECIDE = extend_schema(
    request=DecideSerializer,
    summary="Besluit / Decide",
    description=(
        "`consulted` wordt `decided`: een gebruiker voordragen (pas na de termijn voor "
        "voordracht) en/of noodzakelijke voorzieningen met een termijn (art. 6). / `consulted` "
        "becomes `decided`: designate a user (only after the designation period) and/or order "
        "necessary works with a deadline (art. 6). " + OFFICERS
    ),
)
CASE_COMPLY = extend_schema(
    request=ComplySerializer,
    summary="Naleving vastleggen / Record compliance",
    description="`decided` wordt `complied`. / `decided` becomes `complied`. " + OFFICERS,
)
CASE_CLOSE = extend_schema(
    request=CloseSerializer,
    summary="Zaak sluiten / Close a case",
    description="In elke open stap, met een reden. / At any open step, with a reason. " + OFFICERS,
)
CASE_MINUTES = extend_schema(
    summary="Verslag van het overleg / Minutes of the consultation",
    description="De PDF; 404 zonder verslag. / The PDF; 404 without minutes.",
    parameters=[OpenApiParameter("format", exclude=True)],
    responses=PDF_RESPONSE,
)
CASE_LETTER = extend_schema(
    summary="Brief van een stap / A step's letter",
    description=(
        "De Nederlandse brief van een stap als PDF, uit het sjabloon van de gemeente. / The "
        "step's Dutch letter as a PDF, from the municipality's template."
    ),
    parameters=[
        OpenApiParameter("letterId", OpenApiTypes.INT, OpenApiParameter.PATH),
        OpenApiParameter("format", exclude=True),
    ],
    responses=PDF_RESPONSE,
)
DISPUTES = extend_schema_view(
    list=extend_schema(
        summary="Bezwaren tegen registraties / Disputes of vacancy records", description=SCOPE
    ),
    retrieve=extend_schema(summary="Eén bezwaar / One dispute", description=SCOPE),
    create=extend_schema(
        summary="Bezwaar maken / Dispute a record",
        description=(
            "Door leden van de eigenaar: de registratie van `observedOn`, met reden en bewijs "
            "(PDF, PNG of JPEG, ten hoogste 20 MB, gecontroleerd op inhoud). Tot het besluit "
            "heeft de registratie `disputed: true`. / By members of the owner: the record of "
            "`observedOn`, with reasons and evidence (PDF, PNG or JPEG, at most 20 MB, checked "
            "by content). Until the decision the record carries `disputed: true`."
        ),
        request={"multipart/form-data": DisputeCreateSerializer},
        responses={201: DisputeSerializer},
    ),
)
DISPUTE_DECIDE = extend_schema(
    request=DisputeDecisionSerializer,
    summary="Over een bezwaar beslissen / Decide a dispute",
    description=(
        "`upheld` (de registratie blijft) of `corrected` (een nieuwe versie van de registratie "
        "met `correctedVacantAreaM2`; de geschiedenis houdt beide), met redenen. / `upheld` "
        "(the record stands) or `corrected` (a new version of the record with "
        "`correctedVacantAreaM2`; its history keeps both), with reasons. " + OFFICERS
    ),
)
DISPUTE_EVIDENCE = extend_schema(
    summary="Bewijs bij een bezwaar / Evidence of a dispute",
    description="Het bestand zelf (PDF of afbeelding). / The file itself (PDF or image).",
    parameters=[OpenApiParameter("format", exclude=True)],
    responses={(200, "application/octet-stream"): OpenApiResponse(response=OpenApiTypes.BINARY)},
)
