"""Energy labels of units, as EP-Online registers them (domain spec, "Energy label C duty")."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buildings.choices import EnergyLabel
from buildings.models.units import BAG_UNIT_ID_PATTERN


class EnergyLabelRegistration(models.Model):
    """One label of one verblijfsobject from EP-Online's monthly file. Kept by the unit's BAG id,
    not a foreign key, so a unit the BAG import removes and brings back keeps its labels; only
    labels of units in the portal are kept (the energy label import replaces them each month).
    Permit-stage calculations are not labels and never stored."""

    unit_bag_id = models.CharField(_("BAG verblijfsobject id"), max_length=16, db_index=True)
    energy_class = models.CharField(_("energy class"), max_length=6, choices=EnergyLabel.choices)
    recorded_on = models.DateField(_("recorded on"))
    registered_on = models.DateField(_("registered on"))
    valid_until = models.DateField(_("valid until"))
    published_on = models.DateField(_("EP-Online file date"))

    class Meta:
        verbose_name = _("energy label registration")
        verbose_name_plural = _("energy label registrations")
        ordering = ["unit_bag_id", "-recorded_on", "-registered_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_bag_id__regex=BAG_UNIT_ID_PATTERN),
                name="energy_label_unit_id_format",
            ),
            models.CheckConstraint(
                condition=Q(energy_class__in=EnergyLabel.values),
                name="energy_label_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("recorded_on")),
                name="energy_label_valid_after_recorded",
            ),
            models.UniqueConstraint(
                fields=["unit_bag_id", "recorded_on", "registered_on", "energy_class"],
                name="energy_label_once_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_bag_id}: {self.energy_class} ({self.recorded_on.isoformat()})"
