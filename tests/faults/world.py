"""The data of the fault tests, written through factories and services into the test database,
and the HTTP credentials the portal process accepts for it."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.test import Client

from buildings.models import Building
from kantorentop.accounts.services import api_client_create
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import MunicipalityFactory

# Vacant 7,000 of 8,000 m2 since 2011: structurally vacant on any date from 2014 on.
VACANT_SINCE = datetime.date(2011, 3, 31)


@dataclass
class World:
    municipality_code: str
    owner_user_id: int
    officer_user_id: int
    flagged_building_ids: list[int]
    other_building: Building
    api_key: str


def world_create(*, flagged: int = 1) -> World:
    """An owner (one investor) and a municipality (one officer), both with e-mail addresses;
    `flagged` buildings of the owner that the flag job flags, and one it does not; a national
    API key."""
    municipality = MunicipalityFactory()
    owner = OrganisationFactory(kind="investor")
    owner_user = MembershipFactory(
        user=UserFactory(username="eigenaar"), organisation=owner, role="investor"
    ).user
    officer_org = OrganisationFactory(kind="municipality", municipality=municipality)
    officer = MembershipFactory(
        user=UserFactory(username="ambtenaar"), organisation=officer_org, role="municipal_officer"
    ).user
    flagged_ids = []
    for _ in range(flagged):
        building = BuildingFactory(
            owner=owner, municipality=municipality, lettable_floor_area_m2=8000
        )
        for observed_on in (VACANT_SINCE, datetime.date(2013, 3, 31)):
            VacancyRecordFactory(building=building, observed_on=observed_on, vacant_area_m2=7000)
        flagged_ids.append(building.pk)
    other = BuildingFactory(owner=owner, municipality=municipality, lettable_floor_area_m2=6000)
    _, key = api_client_create(name="fault tests")
    return World(
        municipality_code=municipality.code,
        owner_user_id=owner_user.pk,
        officer_user_id=officer.pk,
        flagged_building_ids=flagged_ids,
        other_building=other,
        api_key=key,
    )


def portal_cookies(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Cookies of a signed-in session of `user` (written to the test database) and a CSRF token,
    under the names the portal uses with debug off. The portal must share settings.SECRET_KEY."""
    client = Client()
    client.force_login(user)
    token = secrets.token_hex(16)  # 32 characters, Django's unmasked secret length
    return {
        "__Host-sessionid": client.session.session_key,
        "__Host-csrftoken": token,
    }


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    """Headers with the cookies and the CSRF token (requests sends no Secure cookie over http)."""
    return {
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
        "X-CSRFToken": cookies["__Host-csrftoken"],
    }


def secret_key() -> str:
    return str(settings.SECRET_KEY)


def sent_mail_recipients(mail_dir: Path) -> list[str]:
    """The recipient of every e-mail the file backend wrote (EMAIL_URL=filemail://), sorted."""
    recipients = []
    for path in sorted(mail_dir.glob("*")):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                recipients.append(line.removeprefix("To: ").strip())
    return sorted(recipients)
