"""The development form: it parses input; regions/services/developments.py validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kantorentop.core.forms import dutch_date_formfield
from regions.models import DevelopmentProject

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class DevelopmentForm(forms.ModelForm):
    building_left_behind_bag_id = forms.CharField(
        label=DevelopmentProject._meta.get_field("building_left_behind").verbose_name,
        help_text=_(
            "The BAG pand id of the building the tenant leaves: 16 digits, for example "
            "0344100000012345."
        ),
        max_length=16,
        required=False,
        widget=forms.TextInput(
            attrs={
                **TEXTBOX,
                "inputmode": "numeric",
                "autocomplete": "off",
                "aria-describedby": "id_building_left_behind_bag_id-help",
            }
        ),
    )

    class Meta:
        model = DevelopmentProject
        fields = [
            "name",
            "municipality",
            "designated_area",
            "office_area_m2",
            "status",
            "expected_completion",
            "tenant_relocation",
            "vision_for_left_behind",
        ]
        formfield_callback = dutch_date_formfield
        widgets = {
            "name": forms.TextInput(attrs=TEXTBOX),
            "municipality": forms.Select(attrs=SELECT),
            "designated_area": forms.Select(attrs=SELECT),
            "office_area_m2": forms.NumberInput(attrs=TEXTBOX),
            "status": forms.Select(attrs=SELECT),
            "vision_for_left_behind": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args, municipalities=None, areas=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
        if areas is not None:
            self.fields["designated_area"].queryset = areas

    def _post_clean(self) -> None:
        # regions/services/developments.py validates (the covenant's rules); the form only parses.
        pass
