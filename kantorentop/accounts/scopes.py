"""Who may see and write what: one Scope for a user or an API client.

Querysets take a Scope (`Building.objects.visible_to(scope)`), so the API, the dashboard and the
services enforce the same rules. What lies outside a scope answers 404, never 403.
"""

from dataclasses import dataclass, field

from kantorentop.accounts.choices import ApiScope, Role


@dataclass(frozen=True)
class Scope:
    """An actor's reach: the whole country, or provinces, municipalities and owned buildings."""

    national: bool = False
    province_codes: frozenset[str] = field(default_factory=frozenset)
    municipality_codes: frozenset[str] = field(default_factory=frozenset)
    owner_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    read_only: bool = False
    user_id: int | None = None
    api_client_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.national
            or self.province_codes
            or self.municipality_codes
            or self.owner_organisation_ids
        )


PUBLIC = Scope(read_only=True)


def scope_for_user(user) -> Scope:  # type: ignore[no-untyped-def]
    """The scope of a portal user, from their memberships (a superuser sees the country).

    The `request.user` of an API call with a key (authentication.ApiClientUser) has its client's
    scope, so services that decide by the user's scope treat a key as an officer of its province
    or of the nation (docs/adr/0008-api-clients-in-the-workflows.md).
    """
    if not getattr(user, "is_authenticated", False):
        return PUBLIC
    api_client = getattr(user, "api_client", None)
    if api_client is not None:
        return scope_for_api_client(api_client)
    if user.is_superuser:
        return Scope(national=True, user_id=user.pk)
    national = False
    provinces: set[str] = set()
    municipalities: set[str] = set()
    owners: set[int] = set()
    # Plain values: this runs on every signed-in request (the menu needs it).
    for role, organisation_id, province_code, municipality_code in user.memberships.values_list(
        "role",
        "organisation_id",
        "organisation__province__code",
        "organisation__municipality__code",
    ):
        if role == Role.NATIONAL_OFFICER:
            national = True
        elif role == Role.PROVINCIAL_OFFICER and province_code:
            provinces.add(province_code)
        elif role == Role.MUNICIPAL_OFFICER and municipality_code:
            municipalities.add(municipality_code)
        elif role == Role.INVESTOR:
            owners.add(organisation_id)
    return Scope(
        national=national,
        province_codes=frozenset(provinces),
        municipality_codes=frozenset(municipalities),
        owner_organisation_ids=frozenset(owners),
        user_id=user.pk,
    )


def scope_for_api_client(client) -> Scope:  # type: ignore[no-untyped-def]
    """The scope of an API client: its province, or the whole country."""
    if client.scope == ApiScope.NATIONAL:
        return Scope(national=True, read_only=client.read_only, api_client_id=client.pk)
    return Scope(
        province_codes=frozenset({client.province.code}),
        read_only=client.read_only,
        api_client_id=client.pk,
    )
