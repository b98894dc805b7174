"""The form of the webhooks page: it parses; webhooks.services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.choices import PUBLISHED_TYPES, EventType
from webhooks.addresses import CallbackRefused, callback_target

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}


class SubscriptionForm(forms.Form):
    callback_url = forms.URLField(
        label=_("Callback URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The https address of your system that receives the events."),
        widget=forms.URLInput(attrs={**TEXTBOX, "placeholder": "https://", "autocomplete": "url"}),
    )
    types = forms.MultipleChoiceField(
        label=_("Event types"),
        choices=[(value, EventType(value).label) for value in PUBLISHED_TYPES],
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
        error_messages={"required": _("Choose at least one event type.")},
    )
    bearer_token = forms.CharField(
        label=_("Bearer token (optional)"),
        required=False,
        max_length=500,
        help_text=_(
            "Sent as the header Authorization: Bearer followed by the token; not shown again "
            "after saving."
        ),
        widget=forms.PasswordInput(attrs={**TEXTBOX, "autocomplete": "off"}),
    )

    def clean_callback_url(self) -> str:
        """Checked here as well as in the service, so the page shows every error at once."""
        url = str(self.cleaned_data["callback_url"])
        try:
            callback_target(url)
        except CallbackRefused as refused:
            raise forms.ValidationError(str(refused), code="refused") from refused
        return url
