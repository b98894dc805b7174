"""Representations of the reference data (keys are camelized by the renderer)."""

from rest_framework import serializers

from regions.models import Municipality, OfficeRegion, Province


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
