"""Signing in, and the signed-in user's notifications in the portal: the list, and marking them
read. The same notifications are e-mailed; here they stay until read. A user sees only their
own: another's notification answers 404."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kantorentop.accounts.selectors import notifications_of
from kantorentop.accounts.services import notifications_mark_read

PAGE_SIZE = 50


class SignInView(LoginView):
    """Django's sign-in page; a signed-in user who opens it goes on to `next` at once."""

    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        """`next`, unless it leads back to the sign-in page (a sign-in link followed from the
        sign-in page, or in a tab opened before signing in elsewhere): that would redirect a
        signed-in user to this page forever, so the landing page instead."""
        url = super().get_redirect_url()
        if url and urlsplit(url).path == self.request.path:
            return ""
        return url


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread ones marked, 50 a page."""
    page = Paginator(notifications_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read."""
    if not notifications_of(user=request.user).filter(pk=pk).exists():
        raise Http404
    notifications_mark_read(user=request.user, notification_ids=[pk])
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all of the user's notifications read."""
    notifications_mark_read(user=request.user)
    messages.success(request, _("All notifications have been marked as read."))
    return redirect("notifications:list")
