"""Admin for organisations, memberships, API clients and notifications.

API clients are created and revoked through the services (the key is shown once and only its hash
is stored; the hash never appears in a form). Notifications are written by the jobs: read-only here.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kantorentop.accounts.models import ApiClient, Membership, Notification, Organisation
from kantorentop.accounts.services import api_client_create, api_client_revoke

User = get_user_model()

KEY_CREATED_TEMPLATE = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}{% load i18n %}
{% block content %}
<p>{% blocktranslate with name=client.name %}The key of {{ name }} is:{% endblocktranslate %}</p>
<p><code>{{ key }}</code></p>
<p>{% translate "Copy it now: it is not stored and not shown again." %}</p>
<p><a href="{{ change_url }}">{% translate "Continue" %}</a></p>
{% endblock %}"""
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]
    fields = ["user", "organisation", "role", "created_at"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("user", "organisation")


class OrganisationMembershipInline(MembershipInline):
    fk_name = "organisation"
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]


class UserMembershipInline(MembershipInline):
    fk_name = "user"
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "created_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "municipality",
        "province",
        "is_covenant_investor",
        "member_count",
        "email",
    ]
    list_select_related = ["municipality", "province"]
    list_filter = ["kind", "is_covenant_investor", "province"]
    search_fields = ["name", "email", "municipality__name", "municipality__code", "province__name"]
    autocomplete_fields = ["municipality", "province"]
    inlines = [OrganisationMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, obj: Organisation) -> int:
        return obj._member_count  # type: ignore[attr-defined,no-any-return]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "organisation_kind", "created_at"]
    list_select_related = ["user", "organisation"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    @admin.display(description=_("kind of organisation"), ordering="organisation__kind")
    def organisation_kind(self, obj: Membership) -> str:
        return obj.organisation.get_kind_display()


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Django's user admin with the user's memberships (organisation and role) inline."""

    inlines = [UserMembershipInline]


class ApiClientAddForm(forms.ModelForm):
    """Creates the client through `api_client_create`, as the last step of validation, so that
    the service's errors show on the form and nothing is written when there is one."""

    key: str = ""

    class Meta:
        model = ApiClient
        fields = ["name", "province", "read_only"]

    def validate_constraints(self) -> None:
        if self.errors:
            return
        province = self.cleaned_data.get("province")
        try:
            self.instance, self.key = api_client_create(
                name=self.cleaned_data["name"],
                province_code=province.code if province else None,
                read_only=self.cleaned_data["read_only"],
            )
        except forms.ValidationError as error:
            self.add_error(None, error)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "scope",
        "province",
        "read_only",
        "key_prefix",
        "last_used_at",
        "is_active",
        "revoked_at",
    ]
    list_select_related = ["province"]
    list_filter = ["scope", "read_only", ("revoked_at", admin.EmptyFieldListFilter), "province"]
    search_fields = ["name", "key_prefix", "province__name"]
    date_hierarchy = "last_used_at"
    actions = ["revoke"]
    add_form = ApiClientAddForm
    add_fields = ["name", "province", "read_only"]
    change_fields = [
        "name",
        "read_only",
        "scope",
        "province",
        "key_prefix",
        "last_used_at",
        "revoked_at",
        "created_at",
        "updated_at",
    ]
    # The scope follows from the province on creation; the key is fixed. Never the hash.
    change_readonly_fields = [
        "scope",
        "province",
        "key_prefix",
        "last_used_at",
        "revoked_at",
        "created_at",
        "updated_at",
    ]

    def get_form(
        self,
        request: HttpRequest,
        obj: ApiClient | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: ApiClient | None = None) -> Any:
        return self.add_fields if obj is None else self.change_fields

    def get_readonly_fields(self, request: HttpRequest, obj: ApiClient | None = None) -> Any:
        return [] if obj is None else self.change_readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        # On add the service created the client while the form was validated.
        obj._created_key = getattr(form, "key", "")  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: ApiClient, post_url_continue: str | None = None
    ) -> HttpResponse:
        # Show the key on this response itself, not through a message after a redirect: messages
        # may travel in a cookie, and the key must not leave the page it is shown on.
        context = {
            **self.admin_site.each_context(request),
            "title": _("API client created"),
            "client": obj,
            "key": getattr(obj, "_created_key", ""),
            "change_url": reverse("admin:accounts_apiclient_change", args=[obj.pk]),
            "opts": self.opts,
        }
        return HttpResponse(KEY_CREATED_TEMPLATE.render(context, request))

    def has_delete_permission(self, request: HttpRequest, obj: ApiClient | None = None) -> bool:
        # Revoke instead: the client stays on record with its last use.
        return False

    @admin.action(description=_("Revoke the selected API clients"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        clients = list(queryset.filter(revoked_at__isnull=True))
        for client in clients:
            api_client_revoke(client=client)
        self.message_user(request, _("%(count)d API client(s) revoked.") % {"count": len(clients)})


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "created_at", "emailed_at", "read_at"]
    list_select_related = ["recipient"]
    list_filter = [
        "kind",
        ("emailed_at", admin.EmptyFieldListFilter),
        ("read_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["subject", "body", "recipient__username", "recipient__email", "dedupe_key"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
