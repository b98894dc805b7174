"""Who sees what of the funds: shared by the API and the pages, so both enforce the same rules.

A fund itself (name, region, balance, report) is public: it is public money and its figures are
aggregates. Its ledger names applications and buildings, so it is shown to the fund's managers
and to officers (and API clients) whose area overlaps the fund's office region. An application
is shown to its applicant, the fund's managers and the officers of the building's area. Anything
else answers 404, as if it did not exist.
"""

from django.db.models import Q, QuerySet

from funds.models import CompensationApplication, Fund
from kantorentop.accounts.choices import Role
from kantorentop.accounts.scopes import Scope, area_condition


def managed_fund_ids(*, user: object) -> set[int]:
    """The funds whose managing organisation has the user as fund manager."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return set()
    return set(
        Fund.objects.filter(
            manager__memberships__user_id=user.pk,  # type: ignore[attr-defined]
            manager__memberships__role=Role.FUND_MANAGER,
        ).values_list("pk", flat=True)
    )


def may_apply_for_compensation(*, scope: Scope) -> bool:
    """Whether the actor may apply to a fund: a member of an owner organisation. The page that
    takes the application and every link to it ask this, so no one is shown a link that 404s."""
    return scope.is_owner


def ledger_funds_visible_to(*, scope: Scope, user: object) -> QuerySet[Fund]:
    """Funds whose ledger the actor may read: managers, and officers of an overlapping area."""
    managed = Q(pk__in=managed_fund_ids(user=user))
    if scope.is_officer:
        area = Q(
            pk__in=Fund.objects.filter(
                area_condition(scope, municipality="office_region__municipalities")
            ).values("pk")
        )
        return Fund.objects.filter(managed | area)
    return Fund.objects.filter(managed)


def applications_visible_to(*, scope: Scope, user: object) -> QuerySet[CompensationApplication]:
    """Applications the actor may see: its applicant's members, the fund's managers, and the
    officers of the building's area."""
    condition = Q(applicant_id__in=scope.owner_organisation_ids) | Q(
        fund_id__in=managed_fund_ids(user=user)
    )
    if scope.national:
        # OR with an empty Q would drop it (Django ignores empty operands): the whole country.
        condition = Q()
    elif scope.is_officer:
        condition |= area_condition(scope, municipality="building__municipality")
    return (
        CompensationApplication.objects.filter(condition)
        .select_related("fund", "building", "applicant")
        .order_by("-created_at", "-pk")
    )
