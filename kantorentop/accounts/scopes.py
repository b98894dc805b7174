"""Who may see and write what: one Scope for a user or an API client.

Querysets take a Scope (`Building.objects.visible_to(scope)`), so the API, the dashboard and the
services enforce the same rules. What lies outside a scope answers 404, never 403.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from kantorentop.accounts.choices import ApiScope, Role
from kantorentop.accounts.models import Membership
from kantorentop.core.compiled_rows import CompiledLookup


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
    def is_officer(self) -> bool:
        """A government officer (municipality, province or nation), not only an owner."""
        return bool(self.national or self.province_codes or self.municipality_codes)

    @property
    def is_owner(self) -> bool:
        """A member of one or more owner organisations (investors)."""
        return bool(self.owner_organisation_ids)

    def covers(self, *, municipality_code: str, province_code: str) -> bool:
        """Whether a municipality (its code and its province's) lies in the scope's area: the
        check on one row of what `area_condition` asks of many."""
        return (
            self.national
            or municipality_code in self.municipality_codes
            or province_code in self.province_codes
        )

    def is_officer_of(self, municipality_code: str) -> bool:
        """An officer of that municipality itself (not of its province or the nation)."""
        return municipality_code in self.municipality_codes

    def covers_province(self, province_code: str) -> bool:
        """Whether a whole province lies in the scope's area."""
        return self.national or province_code in self.province_codes

    def reach(self) -> tuple[object, ...]:
        """What decides which areas the scope reaches (not whose scope it is, nor what it owns):
        a key for what is built per reach and shared by every scope with the same one."""
        return (self.national, self.province_codes, self.municipality_codes)

    def identity(self) -> list[object]:
        """What tells this scope's reach from another's, in a stable order (the ETags of
        scoped answers are made of it), with the user or client it belongs to."""
        return [
            self.national,
            sorted(self.province_codes),
            sorted(self.municipality_codes),
            sorted(self.owner_organisation_ids),
            self.user_id,
            self.api_client_id,
        ]

    @property
    def is_empty(self) -> bool:
        return not (
            self.national
            or self.province_codes
            or self.municipality_codes
            or self.owner_organisation_ids
        )


PUBLIC = Scope(read_only=True)


def area_condition(scope: Scope, *, municipality: str) -> Q:
    """The rows whose municipality lies in the scope's area: the one place that turns a scope's
    provinces and municipalities into a condition. `municipality` is the lookup path from the row
    to its Municipality ("municipality", "building__municipality", ...; "" for a Municipality).

    The whole country for a national scope (an empty Q: callers that OR it with something else
    must test `scope.national` first, since Django drops empty operands); nothing for a scope
    without an area.
    """
    if scope.national:
        return Q()
    path = f"{municipality}__" if municipality else ""
    condition = Q(pk__in=[])
    if scope.province_codes:
        condition |= Q(**{f"{path}province__code__in": scope.province_codes})
    if scope.municipality_codes:
        condition |= Q(**{f"{path}code__in": scope.municipality_codes})
    return condition


def municipal_condition(scope: Scope, *, municipality: str) -> Q:
    """The rows of the municipalities the scope governs as a municipality: the reach of a power
    that the law gives the municipality alone (a Leegstandwet case is the mayor and aldermen's
    business). A province or the nation reads such rows only as aggregates, so neither a
    province's codes nor a national scope adds anything here. `municipality` as in
    `area_condition`.
    """
    path = f"{municipality}__" if municipality else ""
    condition = Q(pk__in=[])
    if scope.municipality_codes:
        condition |= Q(**{f"{path}code__in": scope.municipality_codes})
    return condition


# Plain values, compiled once: this runs on every signed-in request (the menu needs it).
_memberships = CompiledLookup(
    lambda user_id: Membership.objects.filter(user_id=user_id).values(
        "role",
        "organisation_id",
        "organisation__province__code",
        "organisation__municipality__code",
    )
)


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
    for membership in _memberships.rows(user.pk):
        role = membership["role"]
        province_code = membership["organisation__province__code"]
        municipality_code = membership["organisation__municipality__code"]
        organisation_id = membership["organisation_id"]
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


def request_scope(request) -> Scope:  # type: ignore[no-untyped-def]
    """The scope of a request, for pages and the API alike, computed once per request: a call
    with an API key has its client's scope (its `request.user` is the client's ApiClientUser),
    a signed-in user theirs, anyone else PUBLIC."""
    scope = getattr(request, "_kantorentop_scope", None)
    if scope is None:
        scope = scope_for_user(request.user)
        request._kantorentop_scope = scope
    return scope


def officer_request_scope(request) -> Scope:  # type: ignore[no-untyped-def]
    """The request's scope on a page for officers only; for anyone else the page does not exist
    (404, docs/adr/0010-existence-outside-a-scope.md)."""
    scope = request_scope(request)
    if not scope.is_officer:
        raise Http404
    return scope


def scope_for_api_client(client) -> Scope:  # type: ignore[no-untyped-def]
    """The scope of an API client: its province, or the whole country."""
    if client.scope == ApiScope.NATIONAL:
        return Scope(national=True, read_only=client.read_only, api_client_id=client.pk)
    return Scope(
        province_codes=frozenset({client.province.code}),
        read_only=client.read_only,
        api_client_id=client.pk,
    )
