"""Pages of the market transactions: the public aggregates and the register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from buildings.forms import TransactionForm
from buildings.models import Building
from buildings.selectors.transactions import MIN_TRANSACTIONS, transaction_aggregates
from buildings.services.transactions import market_transaction_register
from kantorentop.accounts.pages import add_service_errors
from kantorentop.accounts.scopes import request_scope
from regions.models import OfficeRegion

# Rows per page of the statistics, as the buildings table.
PAGE_SIZE = 25


def transaction_statistics(request: HttpRequest) -> HttpResponse:
    """Public: per office region and year, only over five transactions or more."""
    slug = request.GET.get("regio") or ""
    office_region = OfficeRegion.objects.filter(slug=slug).first() if slug else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        # A page of groups, as the other lists: all regions over all years is hundreds of rows.
        "rows": Paginator(transaction_aggregates(office_region=office_region), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "page_query": query.urlencode(),
        "office_regions": OfficeRegion.objects.order_by("name"),
        "selected": office_region,
        "minimum": MIN_TRANSACTIONS,
    }
    return render(request, "buildings/transaction_statistics.html", context)


@login_required
def transaction_register(request: HttpRequest) -> HttpResponse:
    """Municipal officers and owners register a lease or sale of a building they may see (the
    service's rule; provincial and national officers read the aggregates only)."""
    scope = request_scope(request)
    if not (scope.municipality_codes or scope.owner_organisation_ids):
        raise Http404
    form = TransactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        building = Building.objects.visible_to(scope).filter(bag_id=data.pop("bag_id")).first()
        if building is None:
            form.add_error("bag_id", _("No building with this BAG id in your area."))
        else:
            data = {k: v for k, v in data.items() if v is not None}
            try:
                market_transaction_register(user=request.user, building=building, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The transaction has been registered."))
                return redirect("transactions:register")
    return render(request, "buildings/transaction_form.html", {"form": form})
