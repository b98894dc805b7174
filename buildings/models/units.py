"""Units (BAG verblijfsobjecten) of a building, as the last BAG import found them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buildings.querysets import UnitQuerySet

BAG_UNIT_ID_PATTERN = r"^[0-9]{4}01[0-9]{10}$"
BAG_ADDRESS_ID_PATTERN = r"^[0-9]{4}20[0-9]{10}$"


class Unit(models.Model):
    """A verblijfsobject that counts for its building: its uses, usable area (GO) and main
    address. Written by the BAG import only; a unit in several panden belongs to the first."""

    bag_id = models.CharField(_("BAG verblijfsobject id"), max_length=16, unique=True)
    building = models.ForeignKey(
        "buildings.Building",
        verbose_name=_("building"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    uses = ArrayField(models.TextField(), verbose_name=_("uses"))
    area_m2 = models.PositiveIntegerField(_("area (GO m2)"))
    status = models.CharField(_("status"), max_length=60)
    address_id = models.CharField(_("BAG main address id"), max_length=16, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_letter = models.CharField(_("house letter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("house number addition"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    extract_date = models.DateField(_("BAG extract date"))

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["bag_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bag_id__regex=BAG_UNIT_ID_PATTERN), name="unit_bag_id_format"
            ),
            models.CheckConstraint(
                condition=Q(address_id="") | Q(address_id__regex=BAG_ADDRESS_ID_PATTERN),
                name="unit_address_id_format",
            ),
            models.CheckConstraint(condition=Q(area_m2__gte=1), name="unit_area_positive"),
            models.CheckConstraint(condition=~Q(uses=[]), name="unit_has_a_use"),
        ]

    def __str__(self) -> str:
        return self.bag_id
