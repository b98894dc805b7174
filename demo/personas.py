"""The demo personas: one user per role, all with the same demo password."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from demo import tables as t
from kantorentop.accounts.choices import OrganisationKind, Role
from kantorentop.accounts.models import Membership, Organisation
from regions.models import Municipality, Province


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role value, or "" for the administrator
    organisation: str  # organisation name, or "" for the administrator
    scope: str


PERSONAS = (
    Persona(
        "utrecht.ambtenaar",
        "Ursula",
        "van Vliet",
        Role.MUNICIPAL_OFFICER,
        "Gemeente Utrecht",
        "municipality Utrecht (GM0344)",
    ),
    Persona(
        "amsterdam.ambtenaar",
        "Anton",
        "de Graaf",
        Role.MUNICIPAL_OFFICER,
        "Gemeente Amsterdam",
        "municipality Amsterdam (GM0363)",
    ),
    Persona(
        "noordholland.ambtenaar",
        "Noor",
        "Hendriks",
        Role.PROVINCIAL_OFFICER,
        "Provincie Noord-Holland",
        "province Noord-Holland (PV27)",
    ),
    Persona(
        "belegger.a",
        "Bram",
        "Aalders",
        Role.INVESTOR,
        t.INVESTORS[0][0],
        f"buildings owned by {t.INVESTORS[0][0]} (covenant investor)",
    ),
    Persona(
        "belegger.b",
        "Bo",
        "Bakker",
        Role.INVESTOR,
        t.INVESTORS[1][0],
        f"buildings owned by {t.INVESTORS[1][0]}",
    ),
    Persona(
        "fondsbeheerder",
        "Femke",
        "Jansen",
        Role.FUND_MANAGER,
        t.FUND_ORGANISATION,
        "the regional office funds of the priority regions",
    ),
    Persona("beheerder", "Bas", "Beheer", "", "", "administrator (superuser): everything"),
)

# Government organisations: name -> (kind, municipality code or province code).
GOVERNMENT_ORGANISATIONS = {
    "Gemeente Amsterdam": (OrganisationKind.MUNICIPALITY, "GM0363"),
    "Gemeente Rotterdam": (OrganisationKind.MUNICIPALITY, "GM0599"),
    "Gemeente Den Haag": (OrganisationKind.MUNICIPALITY, "GM0518"),
    "Gemeente Utrecht": (OrganisationKind.MUNICIPALITY, "GM0344"),
    "Gemeente Eindhoven": (OrganisationKind.MUNICIPALITY, "GM0772"),
    "Provincie Noord-Holland": (OrganisationKind.PROVINCE, "PV27"),
}


@transaction.atomic
def demo_organisations_create() -> dict[str, Organisation]:
    """Create the government, investor and fund organisations of the demo, by name."""
    organisations: dict[str, Organisation] = {}
    for name, (kind, code) in GOVERNMENT_ORGANISATIONS.items():
        organisation = Organisation(name=name, kind=kind, email=_email(name))
        if kind == OrganisationKind.MUNICIPALITY:
            organisation.municipality = Municipality.objects.get(code=code)
        else:
            organisation.province = Province.objects.get(code=code)
        organisations[name] = organisation
    for name, covenant in t.INVESTORS:
        organisations[name] = Organisation(
            name=name,
            kind=OrganisationKind.INVESTOR,
            is_covenant_investor=covenant,
            email=_email(name),
        )
    organisations[t.FUND_ORGANISATION] = Organisation(
        name=t.FUND_ORGANISATION, kind=OrganisationKind.FUND, email=_email(t.FUND_ORGANISATION)
    )
    for organisation in organisations.values():
        organisation.full_clean()
        organisation.save()
    return organisations


@transaction.atomic
def demo_personas_create(*, organisations: dict[str, Organisation]) -> dict[str, object]:
    """Create the persona users and their memberships; returns the users by username."""
    User = get_user_model()
    users: dict[str, object] = {}
    for persona in PERSONAS:
        user = User(
            username=persona.username,
            first_name=persona.first_name,
            last_name=persona.last_name,
            email=f"{persona.username}@example.org",
            is_staff=not persona.role,
            is_superuser=not persona.role,
        )
        user.set_password(t.DEMO_PASSWORD)
        user.full_clean()
        user.save()
        if persona.role:
            membership = Membership(
                user=user, organisation=organisations[persona.organisation], role=persona.role
            )
            membership.full_clean()
            membership.save()
        users[persona.username] = user
    return users


def _email(name: str) -> str:
    slug = "".join(c for c in name.lower() if c.isalnum())[:30]
    return f"info@{slug}.example.org"
