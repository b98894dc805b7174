"""The layout of EP-Online's monthly file (../shared/research/next-capabilities.md).

Two preamble lines (`PublicatieDatum;<date>`, `LaatstVerwerkteMutatievolgnummer;<n>`), then the
header, then one row per registration; `;`-separated, dates `yyyymmdd`. Columns get added over
the years, so they are found by header name, never by position.
"""

from __future__ import annotations

PREAMBLE = ("PublicatieDatum", "LaatstVerwerkteMutatievolgnummer")

# The header as public loaders of the monthly file list it, in its order.
HEADER = (
    "Pand_opnamedatum",
    "Pand_opnametype",
    "Pand_status",
    "Pand_berekeningstype",
    "Pand_energieindex",
    "Pand_energieklasse",
    "Pand_energielabel_is_prive",
    "Pand_is_op_basis_van_referentie_gebouw",
    "Pand_gebouwklasse",
    "Meting_geldig_tot",
    "Pand_registratiedatum",
    "Pand_postcode",
    "Pand_huisnummer",
    "Pand_huisnummer_toev",
    "Pand_detailaanduiding",
    "Pand_bagverblijfsobjectid",
    "Pand_bagligplaatsid",
    "Pand_bagstandplaatsid",
    "Pand_bagpandid",
    "Pand_gebouwtype",
    "Pand_gebouwsubtype",
    "Pand_projectnaam",
    "Pand_projectobject",
    "Pand_SBIcode",
    "Pand_gebruiksoppervlakte",
    "Pand_energiebehoefte",
    "Pand_eis_energiebehoefte",
    "Pand_primaire_fossiele_energie",
    "Pand_eis_primaire_fossiele_energie",
    "Pand_primaire_fossiele_energie_EMG_forfaitair",
    "Pand_aandeel_hernieuwbare_energie",
    "Pand_eis_aandeel_hernieuwbare_energie",
    "Pand_aandeel_hernieuwbare_energie_EMG_forfaitair",
    "Pand_temperatuuroverschrijding",
    "Pand_eis_temperatuuroverschrijding",
    "Pand_warmtebehoefte",
    "Pand_energieindex_met_EMG_forfaitair",
)

# The columns the import needs, each with the names it answers to (case-insensitive): first the
# published `Pand_` name, then the names public loaders read from the files since 2024 (not
# checked against a real file; ADR 0014).
REQUIRED: dict[str, tuple[str, ...]] = {
    "unit_id": ("Pand_bagverblijfsobjectid", "BAGVerblijfsobjectID"),
    "energy_class": ("Pand_energieklasse", "Energieklasse"),
    "status": ("Pand_status", "Status"),
    "recorded_on": ("Pand_opnamedatum", "Opnamedatum"),
    "registered_on": ("Pand_registratiedatum", "Registratiedatum"),
    "valid_until": ("Meting_geldig_tot", "GeldigTot", "Geldig_tot"),
}

# `Pand_status` of a calculation for a permit application: not a label (domain spec).
PERMIT_STATUS = "Vergunningsaanvraag"
DATE_FORMAT = "%Y%m%d"
