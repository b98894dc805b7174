"""`manage.py build_boundaries [--source FILE] [--output FILE] [--min-weight W]`: make the map's
boundaries, the one copy the portal serves (ADR 0024).

Reads the municipal boundaries of 2023 (CBS Wijk- en Buurtkaart, CC BY 4.0; a GeoJSON with
properties `code` and `name`) and the regions tables (each municipality's province and office
region), and writes a simplified, quantised TopoJSON with three objects: `municipalities`, and
the `provinces` and `officeRegions` merged from them along their shared arcs. The topology work
is topojson-server, -simplify and -client (npm dev dependencies) in `tools/boundaries.mjs`; the
output is deterministic, so running it again on the same input gives the same file.
"""

import json
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.models import Municipality, OfficeRegion, Province

DEFAULT_SOURCE = (
    settings.BASE_DIR.parent / "shared" / "data" / "boundaries" / "gemeenten-2023.geojson"
)
DEFAULT_OUTPUT = settings.BASE_DIR / "static" / "maps" / "boundaries-2023.json"
SCRIPT = settings.BASE_DIR / "tools" / "boundaries.mjs"
# The simplification's threshold: a point goes when the triangle it makes with its neighbours is
# smaller than this, in square degrees (about 7 ha at 52° N); every municipality keeps its area
# within 5% (tests/regions/test_boundaries.py).
DEFAULT_MIN_WEIGHT = 1e-5
ATTRIBUTION = "Gemeentegrenzen: CBS/Kadaster (CC BY 4.0)"
SOURCE = (
    "CBS Wijk- en Buurtkaart 2023, layer gemeenten (CBS and Kadaster, PDOK; CC BY 4.0), simplified"
)


def _regions_input() -> dict[str, Any]:
    municipalities = {
        code: {"province": province, "officeRegion": region}
        for code, province, region in Municipality.objects.filter(
            dissolved_on__isnull=True
        ).values_list("code", "province__code", "office_region__slug")
    }
    return {
        "municipalities": municipalities,
        "provinceNames": dict(Province.objects.values_list("code", "name")),
        "officeRegionNames": dict(OfficeRegion.objects.values_list("slug", "name")),
    }


class Command(BaseCommand):
    help = "Build the map's simplified municipal, provincial and office-region boundaries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
        parser.add_argument("--min-weight", type=float, default=DEFAULT_MIN_WEIGHT)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        try:
            geojson = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {source}: {error}") from error
        regions = _regions_input()
        codes = {feature["properties"]["code"] for feature in geojson["features"]}
        if codes != set(regions["municipalities"]):
            missing = sorted(set(regions["municipalities"]) - codes)
            extra = sorted(codes - set(regions["municipalities"]))
            raise CommandError(
                f"The boundaries' codes differ from the regions table: missing {missing}, "
                f"not in the table {extra}."
            )
        payload = {
            **regions,
            "geojson": geojson,
            "minWeight": options["min_weight"],
            "attribution": ATTRIBUTION,
            "source": SOURCE,
        }
        result = subprocess.run(  # noqa: S603 - a fixed script, input on stdin
            ["node", str(SCRIPT)],  # noqa: S607 - node from the PATH, as npm
            input=json.dumps(payload).encode(),
            capture_output=True,
            cwd=settings.BASE_DIR,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(result.stderr.decode(errors="replace"))
        output: Path = options["output"]
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(result.stdout)
        self.stdout.write(
            f"Wrote {output} ({len(result.stdout):,} bytes, {len(codes)} municipalities)."
        )
