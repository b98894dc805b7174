"""The label-C duty figures of a statistics snapshot (version 1.1).

Their keys are the duty statuses as the API writes them everywhere (`non_compliant`, as in the
`labelCDuty` filter), not camelCase: the contract names them so, and the camelCase renderer and
the OpenAPI hook leave the key alone (`ignore_keys` in settings.JSON_CAMEL_CASE).
"""

from rest_framework import serializers


class LabelDutyFiguresSerializer(serializers.Serializer):
    """The buildings of one duty status and their office m2 (stock m2: VVO, or GO for a
    building on GO)."""

    buildings = serializers.IntegerField()
    office_m2 = serializers.IntegerField()


class LabelDutySerializer(serializers.Serializer):
    """Per duty status the number of buildings in the stock and their office m2."""

    exempt = LabelDutyFiguresSerializer()
    compliant = LabelDutyFiguresSerializer()
    non_compliant = LabelDutyFiguresSerializer()
    unknown = LabelDutyFiguresSerializer()
