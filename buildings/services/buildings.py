"""Writes on buildings: create and update, with the rules of the domain spec ("Buildings and
floor area") checked first so that forms and the API can show each error next to its field.

The database enforces the same rules (CHECK constraints and the `lettable_area_covers_records`
trigger), so a path around these services cannot break them either.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from buildings.models import MAX_LETTABLE_AREA_M2, Building, VacancyRecord
from buildings.services.errors import OutOfScope
from kantorentop.accounts.scopes import Scope
from kantorentop.core.field_values import Errors, field_value, invalid_value
from kantorentop.core.templatetags.dutch import dutch_number
from kantorentop.core.validators import normalise_postcode, validate_bag_pand_id
from regions.models import DesignatedArea, Municipality

# The fields a service may set, in form order; foreign keys also by their `_id` attribute.
BUILDING_FIELDS = (
    "bag_id",
    "name",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality",
    "designated_area",
    "latitude",
    "longitude",
    "lettable_floor_area_m2",
    "gross_floor_area_m2",
    "construction_year",
    "energy_label",
    "owner",
    "status",
    "completed_on",
    "withdrawn_on",
)
EDITABLE_FIELDS = frozenset(BUILDING_FIELDS)
FOREIGN_KEYS = ("municipality", "designated_area", "owner")

# The fields whose values the rules compare: first read as the model's fields read them.
CONVERTED_FIELDS = (
    "lettable_floor_area_m2",
    "gross_floor_area_m2",
    "latitude",
    "longitude",
    "completed_on",
    "withdrawn_on",
)

COORDINATE_STEP = Decimal("0.000001")  # the model keeps 6 decimals, about 0.1 m
LATITUDE_RANGE = (Decimal("50.7"), Decimal("53.7"))
LONGITUDE_RANGE = (Decimal("3.2"), Decimal("7.3"))


def scope_may_write_municipality(scope: Scope, municipality: Municipality) -> bool:
    """Whether a scope may write in a municipality: national, its province or itself."""
    if scope.read_only:
        return False
    return scope.covers(
        municipality_code=municipality.code, province_code=municipality.province.code
    )


def scope_may_write_building(scope: Scope, building: Building) -> bool:
    """Whether a scope may write a building's data (its records): its area, or its owner."""
    if scope.read_only:
        return False
    if scope_may_write_municipality(scope, building.municipality):
        return True
    return building.owner_id is not None and building.owner_id in scope.owner_organisation_ids


def _normalise_keys(fields: dict[str, Any]) -> dict[str, Any]:
    """Accept `municipality_id=3` as well as `municipality=<Municipality>`; refuse other names."""
    result: dict[str, Any] = {}
    for name, value in fields.items():
        if name in EDITABLE_FIELDS or (name.endswith("_id") and name[:-3] in FOREIGN_KEYS):
            result[name] = value
        else:
            raise TypeError(f"building fields have no {name!r}")
    return result


def _add(errors: Errors, field: str, message: Any, code: str, **params: Any) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))


def _convert(building: Building, errors: Errors) -> None:
    """Each of CONVERTED_FIELDS as its model field holds it ("6000" is 6000 m2, "2020-01-01" a
    date). A value its field cannot hold (6000.5 m2, "2020-13-45") is reported on the field,
    code `invalid`, and set to None: the rules pass it by and full_clean excludes it."""
    for name in CONVERTED_FIELDS:
        try:
            setattr(building, name, field_value(Building, name, getattr(building, name)))
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.error_list)
            setattr(building, name, None)


def _coordinate(value: Decimal | None) -> Decimal | None:
    """Rounded to the stored decimals; a number far outside the Netherlands, with too many
    digits to round, is NaN (reported as outside the Netherlands)."""
    if value is None:
        return None
    if abs(value) > 1000:
        return Decimal("NaN")
    return value.quantize(COORDINATE_STEP, rounding=ROUND_HALF_UP)


def _check(building: Building, errors: Errors) -> None:
    """The domain rules of one building, each reported on its field with a code.

    Normalises in place: the postcode to `1234 AB`, coordinates to 6 decimals.
    """
    _check_identity(building, errors)
    _check_areas(building, errors)
    if building.energy_label == "":
        building.energy_label = None
    _check_coordinates(building, errors)
    _check_dates(building, errors)
    _check_designated_area(building, errors)


def _check_identity(building: Building, errors: Errors) -> None:
    try:
        validate_bag_pand_id(building.bag_id)
    except ValidationError as error:
        errors.setdefault("bag_id", []).append(error)

    if building.postcode:
        try:
            building.postcode = normalise_postcode(building.postcode)
        except ValidationError as error:
            errors.setdefault("postcode", []).append(error)


def _check_areas(building: Building, errors: Errors) -> None:
    lettable: int | None = building.lettable_floor_area_m2  # None: reported as invalid
    if lettable is not None and not 1 <= lettable <= MAX_LETTABLE_AREA_M2:
        _add(
            errors,
            "lettable_floor_area_m2",
            _("The lettable area is between 1 and %(max)s m2."),
            "out_of_range",
            max=dutch_number(MAX_LETTABLE_AREA_M2),
        )
        lettable = None

    gross = building.gross_floor_area_m2
    if gross is not None:
        if gross < 1:
            errors.setdefault("gross_floor_area_m2", []).append(
                invalid_value(Building, "gross_floor_area_m2", gross)
            )
        elif lettable is not None and gross < lettable:
            _add(
                errors,
                "gross_floor_area_m2",
                _("The gross floor area (BVO) is at least the lettable area (VVO)."),
                "below_lettable",
            )


def _check_coordinates(building: Building, errors: Errors) -> None:
    latitude, longitude = _coordinate(building.latitude), _coordinate(building.longitude)
    if "latitude" in errors or "longitude" in errors:
        pass  # a value its field cannot hold: reported as invalid
    elif (latitude is None) != (longitude is None):
        missing = "latitude" if latitude is None else "longitude"
        _add(errors, missing, _("Give both coordinates or neither."), "coordinates_incomplete")
    elif latitude is not None and longitude is not None:
        if latitude.is_nan() or not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
            _add(
                errors,
                "latitude",
                _("The latitude lies in the Netherlands: between 50.7 and 53.7."),
                "outside_netherlands",
            )
        if longitude.is_nan() or not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
            _add(
                errors,
                "longitude",
                _("The longitude lies in the Netherlands: between 3.2 and 7.3."),
                "outside_netherlands",
            )
    building.latitude, building.longitude = latitude, longitude


def _check_dates(building: Building, errors: Errors) -> None:
    if (
        building.completed_on
        and building.withdrawn_on
        and building.withdrawn_on < building.completed_on
    ):
        _add(
            errors,
            "withdrawn_on",
            _("A building is withdrawn from the stock on or after its completion."),
            "withdrawn_before_completed",
        )


def _check_designated_area(building: Building, errors: Errors) -> None:
    if building.designated_area_id is not None and building.municipality_id is not None:
        area_municipality = (
            DesignatedArea.objects.filter(pk=building.designated_area_id)
            .values_list("municipality_id", flat=True)
            .first()
        )
    else:
        area_municipality = building.municipality_id
    if area_municipality is not None and area_municipality != building.municipality_id:
        _add(
            errors,
            "designated_area",
            _("The designated area lies in another municipality."),
            "other_municipality",
        )


def _validate(building: Building, *, lettable_changed: bool) -> None:
    """The values as the model's fields hold them, our rules (with, when the lettable area of a
    saved building changes, the records it must cover), then the model's own (choices,
    uniqueness, lengths) on the fields still sound.

    Raises one ValidationError with a message per field.
    """
    errors: Errors = {}
    _convert(building, errors)
    if lettable_changed and building.pk is not None:
        _check_lettable_covers_records(building, errors)
    _check(building, errors)
    try:
        building.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, field_errors in error.error_dict.items():
            errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)


def _check_lettable_covers_records(building: Building, errors: Errors) -> None:
    largest = VacancyRecord.objects.filter(building=building).aggregate(m=Max("vacant_area_m2"))[
        "m"
    ]
    lettable = building.lettable_floor_area_m2  # None: reported as invalid
    if largest is not None and lettable is not None and lettable < largest:
        _add(
            errors,
            "lettable_floor_area_m2",
            _(
                "A vacancy record of this building has %(vacant)s m2 vacant: the lettable area "
                "cannot be less than that. Correct the records first."
            ),
            "below_recorded_vacancy",
            vacant=dutch_number(largest),
        )


def building_validate(*, building: Building, lettable_changed: bool = True) -> None:
    """Check an unsaved building against the domain rules (for forms that save through the
    services): raises ValidationError with a message per field; normalises the postcode."""
    _validate(building, lettable_changed=lettable_changed)


def _require_scope(scope: Scope, municipality: Municipality | None) -> None:
    if municipality is None:
        return  # full_clean reports the missing municipality
    if not scope_may_write_municipality(scope, municipality):
        raise OutOfScope()


def _municipality(building: Building) -> Municipality | None:
    if building.municipality_id is None:
        return None
    try:
        return Municipality.objects.select_related("province").get(pk=building.municipality_id)
    except Municipality.DoesNotExist:
        return None


def _require_bag_id_not_tracked_elsewhere(scope: Scope, bag_id: Any) -> None:
    """A BAG id the portal tracks outside the scope is refused as a create outside the scope,
    not as a duplicate: whether the portal tracks a building is for those who may see it
    (docs/adr/0010-existence-outside-a-scope.md)."""
    if not bag_id:
        return  # _check_identity reports the missing BAG id
    # The lookup reads the value as the field does (CharField.to_python: a str).
    tracked = Building.objects.filter(bag_id=bag_id)
    if tracked.exists() and not tracked.visible_to(scope).exists():
        raise OutOfScope()


@transaction.atomic
def building_create(*, scope: Scope, **fields: Any) -> Building:
    """Register an office building (a BAG pand) in a municipality the scope may write.

    Raises OutOfScope, or ValidationError with a message per field.
    """
    if scope.read_only:
        raise OutOfScope()
    building = Building(**_normalise_keys(fields))
    _require_scope(scope, _municipality(building))
    _require_bag_id_not_tracked_elsewhere(scope, building.bag_id)
    _validate(building, lettable_changed=False)
    building.save()
    return building


@transaction.atomic
def building_update(*, scope: Scope, building: Building, **changes: Any) -> Building:
    """Change a building's data. The scope must cover its municipality before and after.

    The lettable area may not drop below a vacant area already recorded for the building.
    Raises OutOfScope, or ValidationError with a message per field.
    """
    if scope.read_only:
        raise OutOfScope()
    changes = _normalise_keys(changes)
    # Lock the row: a record saved meanwhile could otherwise exceed the new lettable area (the
    # database trigger would still refuse it, but with a less helpful message).
    current = Building.objects.select_for_update().get(pk=building.pk)
    _require_scope(scope, _municipality(current))
    for name, value in changes.items():
        setattr(current, name, value)
    _require_scope(scope, _municipality(current))
    _validate(current, lettable_changed="lettable_floor_area_m2" in changes)
    current.save()
    # The caller's instance reflects the saved state.
    for field in Building._meta.concrete_fields:
        setattr(building, field.attname, getattr(current, field.attname))
    return building
