"""Representations of the reference data and of office developments (keys are camelized by the
renderer)."""

from rest_framework import serializers

from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.fields import BagIdField, ModelSerializer
from regions.models import DesignatedArea, DevelopmentProject, Municipality, OfficeRegion, Province


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    office_region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "province", "office_region"]


class OfficeRegionSerializer(serializers.ModelSerializer):
    municipalities = serializers.SerializerMethodField()

    class Meta:
        model = OfficeRegion
        fields = ["slug", "name", "is_priority", "municipalities"]

    def get_municipalities(self, region: OfficeRegion) -> list[str]:
        """The CBS codes of its current municipalities (prefetched by the view)."""
        return [m.code for m in region.current_municipalities]


class DevelopmentProjectSerializer(ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all()
    )
    designated_area = serializers.PrimaryKeyRelatedField(
        queryset=DesignatedArea.objects.all(), required=False, allow_null=True
    )
    building_left_behind = BagIdField(
        required=False,
        allow_null=True,
        # Set per request in __init__ (regions may not import buildings: the layers).
        queryset=DevelopmentProject._meta.get_field("building_left_behind").related_model.objects,
    )

    class Meta:
        model = DevelopmentProject
        fields = [
            "id",
            "name",
            "municipality",
            "designated_area",
            "office_area_m2",
            "status",
            "expected_completion",
            "tenant_relocation",
            "building_left_behind",
            "vision_for_left_behind",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["building_left_behind"]
        request = self.context.get("request")
        if request is not None:
            # Only buildings the caller may see can be named (others do not exist for it).
            field.queryset = field.queryset.all().visible_to(request_scope(request))
