"""Reads of transformation plans and their documents, limited to what an actor may see."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from buildings.models import PlanDocument, TransformationPlan
from buildings.services.plan_rules import ANSWERING_STATUSES
from kantorentop.accounts.scopes import Scope, area_condition


def plan_scope_filter(scope: Scope, prefix: str = "") -> Q:
    """The Q that limits plans to a scope.

    The owner organisation sees all its plans; municipal, provincial and national officers (and
    API clients) see the plans of buildings in their area once submitted: a draft is the owner's
    own business, and stays so when it is withdrawn without having been submitted (hence the
    submission time, not the status). Plans are building-level data and never public.
    """
    owners = Q(**{f"{prefix}organisation_id__in": scope.owner_organisation_ids})
    area = area_condition(scope, municipality=f"{prefix}building__municipality")
    if not scope.is_officer:
        return owners if scope.owner_organisation_ids else Q(pk__in=[])
    submitted = area & Q(**{f"{prefix}submitted_at__isnull": False})
    return owners | submitted if scope.owner_organisation_ids else submitted


def plans_visible_to(scope: Scope):  # type: ignore[no-untyped-def]
    """Plans the actor may see, with their building and owner (one query for a list)."""
    return (
        TransformationPlan.objects.filter(plan_scope_filter(scope))
        .select_related("building", "building__municipality", "organisation")
        .order_by("-updated_at", "-pk")
    )


def plan_document_for_download(*, scope: Scope, document_id: int) -> PlanDocument:
    """The document if the actor may see its plan; raises PlanDocument.DoesNotExist otherwise,
    so that a document outside the scope is indistinguishable from a missing one (404)."""
    return PlanDocument.objects.select_related("plan").get(
        Q(pk=document_id) & plan_scope_filter(scope, prefix="plan__")
    )


def plan_documents_of(*, plan: TransformationPlan) -> QuerySet[PlanDocument]:
    """A plan's documents, oldest upload first; the caller has read the plan through
    plans_visible_to."""
    return PlanDocument.objects.filter(plan=plan).order_by("uploaded_at", "pk")


def flag_plans(*, building_ids: list[int], scope: Scope) -> dict[int, TransformationPlan]:
    """Per building, the plan that a flags list shows: one that answers the flag (submitted up to
    completed) before any other, then the most recently submitted; drafts never (DISTINCT ON,
    one query)."""
    answering = Case(
        When(status__in=ANSWERING_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = (
        TransformationPlan.objects.filter(plan_scope_filter(scope))
        .filter(building_id__in=building_ids, submitted_at__isnull=False)
        .annotate(answering=answering)
        .order_by("building_id", "answering", "-submitted_at", "-pk")
        .distinct("building_id")
    )
    return {plan.building_id: plan for plan in rows}
