"""Which `Historie:Voorkomen` is current on the extract's date (domain spec, "The office stock
from the BAG"): begun, not ended on or before the date, registration not ended, not inactive."""

from __future__ import annotations

import datetime as dt

import pytest
from defusedxml import ElementTree as ET

from buildings.bag.objects import _current_begin

DATE = dt.date(2026, 11, 1)
H = "www.kadaster.nl/schemas/lvbag/imbag/historie/v20200601"


def _voorkomen(**fields: str) -> object:
    body = "".join(
        f"<Historie:{name}>{value}</Historie:{name}>"
        for name, value in fields.items()
        if not name.endswith("LV")
    )
    lv = "".join(
        f"<Historie:{name}>{value}</Historie:{name}>"
        for name, value in fields.items()
        if name.endswith("LV")
    )
    return ET.fromstring(
        f'<Historie:Voorkomen xmlns:Historie="{H}"><Historie:voorkomenidentificatie>1'
        f"</Historie:voorkomenidentificatie>{body}<Historie:BeschikbaarLV>{lv}"
        "</Historie:BeschikbaarLV></Historie:Voorkomen>"
    )


@pytest.mark.parametrize(
    ("fields", "current"),
    [
        ({"beginGeldigheid": "2020-01-01"}, True),
        ({"beginGeldigheid": "2026-11-01"}, True),  # begun on the date
        ({"beginGeldigheid": "2026-11-02"}, False),  # not begun yet
        ({"beginGeldigheid": "2020-01-01", "eindGeldigheid": "2026-11-02"}, True),
        ({"beginGeldigheid": "2020-01-01", "eindGeldigheid": "2026-11-01"}, False),
        (
            {"beginGeldigheid": "2020-01-01", "eindRegistratie": "2024-05-01T10:00:00.000"},
            False,
        ),
        (
            {"beginGeldigheid": "2020-01-01", "tijdstipInactief": "2024-05-01T10:00:00.000"},
            False,
        ),
        (
            {"beginGeldigheid": "2020-01-01", "tijdstipInactiefLV": "2024-05-01T10:00:00.000"},
            False,
        ),
        (
            {"beginGeldigheid": "2020-01-01", "tijdstipNietBagLV": "2024-05-01T10:00:00.000"},
            False,
        ),
        # the LV's own registration stamps say nothing about validity
        (
            {"beginGeldigheid": "2020-01-01", "tijdstipRegistratieLV": "2020-01-02T10:00:00.000"},
            True,
        ),
    ],
)
def test_current_occurrence(fields, current):
    begin = _current_begin(_voorkomen(**fields), DATE)
    assert (begin is not None) is current
    if current:
        assert begin == dt.date.fromisoformat(fields["beginGeldigheid"])
