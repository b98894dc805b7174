"""What the views of the buildings API share: who writes, and which area a query names."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from events.selectors import data_version
from kantorentop.accounts.conditional import ScopedConditionalGetMixin
from kantorentop.accounts.models import ApiClient
from regions.selectors import NATION, Area, area_for

AREA_PARAMETERS = ("province", "municipality", "officeRegion")


class DataVersionETagMixin(ScopedConditionalGetMixin):
    """ETags from the outbox's data version: every change of buildings, records, flags and the
    reference data they name writes an event (events app), so an unchanged version means an
    unchanged answer, and a 304 costs one index lookup instead of the answer's queries."""

    def etag_version(self) -> str:
        return data_version()


def write_actor(request) -> dict:  # type: ignore[no-untyped-def]
    """Who writes: the API client, or the portal user (for the record's history)."""
    if isinstance(request.auth, ApiClient):
        return {"api_client": request.auth}
    return {"user": request.user}


def query_area(params: dict) -> Area:
    """The area named by at most one of the area parameters (validated before)."""
    for name in AREA_PARAMETERS:
        if params.get(name):
            try:
                return area_for(name, params[name])
            except DjangoValidationError as error:
                raise ValidationError(
                    {
                        name: [
                            message
                            for messages in error.message_dict.values()
                            for message in messages
                        ]
                    },
                    code="unknown_area",
                ) from error
    return NATION
