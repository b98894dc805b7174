"""Reference data: the 12 provinces, the 342 municipalities of the CBS Gemeentelijke indeling
(1 January 2023, unchanged in 2024 and 2025) and the office regions.

The CSV files in regions/data/ are the single source; this migration only reads them. Later
yearly changes to the municipalities go through `manage.py import_municipalities`, not through
new edits of these files.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read(name):
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(apps, schema_editor):
    Province = apps.get_model("regions", "Province")
    Municipality = apps.get_model("regions", "Municipality")
    OfficeRegion = apps.get_model("regions", "OfficeRegion")

    provinces = {}
    for row in _read("provinces.csv"):
        provinces[row["code"]], _ = Province.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )

    municipalities = {}
    for row in _read("municipalities.csv"):
        municipalities[row["code"]], _ = Municipality.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "province": provinces[row["province_code"]]},
        )

    for row in _read("office_regions.csv"):
        region, _ = OfficeRegion.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "is_priority": row["is_priority"] == "true"},
        )
        codes = row["municipality_codes"].split()
        unknown = sorted(set(codes) - municipalities.keys())
        if unknown:
            raise ValueError(f"office region {row['slug']}: unknown municipalities {unknown}")
        Municipality.objects.filter(code__in=codes).update(office_region=region)


def unload_reference_data(apps, schema_editor):
    Province = apps.get_model("regions", "Province")
    Municipality = apps.get_model("regions", "Municipality")
    OfficeRegion = apps.get_model("regions", "OfficeRegion")

    # Rows that other data now points to are protected (PROTECT foreign keys), so going back
    # past this migration only works on a database without buildings, which is intended.
    OfficeRegion.objects.filter(slug__in=[r["slug"] for r in _read("office_regions.csv")]).delete()
    Municipality.objects.filter(code__in=[r["code"] for r in _read("municipalities.csv")]).delete()
    Province.objects.filter(code__in=[r["code"] for r in _read("provinces.csv")]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, unload_reference_data),
    ]
