"""The officer's webhooks page (`/webhooks`): their subscriptions, a form for a new one, and
failed deliveries to send again. Other users get 404: the page is for officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kantorentop.accounts.pages import add_service_errors
from kantorentop.accounts.scopes import officer_request_scope
from webhooks.forms import SubscriptionForm
from webhooks.models import Subscription
from webhooks.selectors import subscriptions_with_counts
from webhooks.services.subscriptions import (
    deliveries_resend,
    subscription_create,
    subscription_delete,
)

FAILED_SHOWN = 20


@login_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    """The officer's subscriptions with their failed deliveries, and the form for a new one."""
    scope = officer_request_scope(request)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription_create(scope=scope, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The subscription has been saved."))
            return redirect("webhooks:list")
    subscriptions = subscriptions_with_counts(scope=scope, failed_shown=FAILED_SHOWN)
    context = {"form": form, "subscriptions": subscriptions, "failed_shown": FAILED_SHOWN}
    return render(request, "webhooks/subscriptions.html", context)


def _own(request: HttpRequest, pk: str) -> Subscription:
    scope = officer_request_scope(request)
    return get_object_or_404(Subscription.objects.visible_to(scope), pk=pk)


@login_required
@require_POST
def subscription_remove(request: HttpRequest, pk: str) -> HttpResponse:
    """Delete one of the officer's subscriptions."""
    subscription_delete(subscription=_own(request, pk))
    messages.success(request, _("The subscription has been deleted."))
    return redirect("webhooks:list")


@login_required
@require_POST
def subscription_resend(request: HttpRequest, pk: str) -> HttpResponse:
    """Send the failed deliveries of one of the officer's subscriptions again."""
    subscription = _own(request, pk)
    try:
        count = deliveries_resend(subscription=subscription)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(count)d failed deliveries will be sent again.") % {"count": count},
        )
    return redirect("webhooks:list")
