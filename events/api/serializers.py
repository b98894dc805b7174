"""The CloudEvent as the OpenAPI document describes it (the feed itself is written by the
database: events.selectors.events_page)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.choices import PUBLISHED_TYPES, SOURCE


@extend_schema_field(OpenApiTypes.OBJECT)
class EventDataField(serializers.JSONField):
    """The object as the change left it (`bagId` and its state); an import's counts."""


class CloudEventSerializer(serializers.Serializer):
    """One change, as a CloudEvent (NL GOV profile for CloudEvents 1.0)."""

    specversion = serializers.ChoiceField(choices=["1.0"])
    id = serializers.UUIDField(help_text="Uniek per gebeurtenis / Unique per event")
    source = serializers.ChoiceField(choices=[SOURCE])
    type = serializers.ChoiceField(choices=PUBLISHED_TYPES)
    time = serializers.DateTimeField(help_text="RFC 3339")
    subject = serializers.CharField(
        required=False,
        help_text=(
            "BAG-pand-id van het gebouw; de gemeentecode bij een leegstandverordening; ontbreekt "
            "bij een import / The building's BAG pand id; the municipality's code for a vacancy "
            "ordinance; absent for an import"
        ),
    )
    sequence = serializers.RegexField(
        r"^[0-9]+$",
        help_text=(
            "Decimaal geheel getal als tekst, strikt oplopend in de volgorde van de feed / A "
            "decimal integer as a string, strictly increasing in the feed's order"
        ),
    )
    datacontenttype = serializers.ChoiceField(choices=["application/json"])
    dataref = serializers.URLField(help_text="Waar het object te lezen is / Where to read it")
    data = EventDataField()
