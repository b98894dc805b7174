"""Development control in the API: planned new office developments, registered by officers of
the municipality, its province or the nation, and by provincial keys in their province and
national keys anywhere (regions/services/developments.py decides by the scope; others get 403,
read-only keys too; docs/adr/0008-api-clients-in-the-workflows.md).

One in a restriction or transformation area is refused with 400 and the covenant's reason as the
problem's `detail`. Officers and API clients see the developments of their area; anything else
answers 404 (investors see none).
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.scopes import Scope, request_scope
from kantorentop.core.api.fields import ModelSerializer
from kantorentop.core.api.problems import InvalidParams, flatten_django_errors
from kantorentop.core.api.routers import ApiRouter
from regions.models import DesignatedArea, DevelopmentProject, Municipality
from regions.services import development_project_create

RESTRICTED_CODE = "covenant_restricted_area"


def developments_visible_to(scope: Scope):  # type: ignore[no-untyped-def]
    """Developments in the actor's area: national, provincial or municipal; none for others."""
    return (
        DevelopmentProject.objects.visible_to(scope)
        .select_related("municipality", "designated_area", "building_left_behind")
        .order_by("-created_at", "-pk")
    )


class DevelopmentProjectSerializer(ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all()
    )
    designated_area = serializers.PrimaryKeyRelatedField(
        queryset=DesignatedArea.objects.all(), required=False, allow_null=True
    )
    building_left_behind = serializers.SlugRelatedField(
        slug_field="bag_id",
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


@extend_schema_view(
    list=extend_schema(
        summary="Nieuwbouwplannen kantoren / Office developments",
        description=(
            "De ontwikkelingen in het gebied van de ambtenaar of de API-client. / The "
            "developments in the officer's or API client's area."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén ontwikkeling / One development",
        description=(
            "Binnen het gebied van de ambtenaar of de API-client (gemeente, provincie of het "
            "hele land); daarbuiten 404. / Within the officer's or API client's area "
            "(municipality, province or the whole country); outside it 404."
        ),
    ),
    create=extend_schema(
        summary="Ontwikkeling registreren / Register a development",
        description=(
            "Door ambtenaren van de gemeente, de provincie of het Rijk; met een sleutel: een "
            "provinciale client in haar provincie, een landelijke client overal (elders en voor "
            "een alleen-lezen-client 403). Geweigerd (400) in een restrictie- of "
            "transformatiegebied, met de reden uit het convenant. / By officers of the "
            "municipality, the province or the nation; with a key: a provincial client in its "
            "province, a national client anywhere (elsewhere and for a read-only client 403). "
            "Refused (400) in a restriction or transformation area, with the covenant's reason."
        ),
    ),
)
class DevelopmentProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DevelopmentProjectSerializer
    permission_classes = [ScopeAllowsWrites]
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return developments_visible_to(request_scope(self.request))

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        try:
            serializer.instance = development_project_create(user=self.request.user, **data)
        except ValidationError as error:
            items = getattr(error, "error_dict", {}).get("designated_area", [])
            # The covenant's reason becomes the problem's detail, so a client can show it.
            reasons = [
                message
                for item in items
                if getattr(item, "code", None) == RESTRICTED_CODE
                for message in item.messages
            ]
            raise InvalidParams(
                flatten_django_errors(error), problem_detail=reasons[0] if reasons else None
            ) from error


router = ApiRouter()
router.register("development-projects", DevelopmentProjectViewSet, basename="development-project")
