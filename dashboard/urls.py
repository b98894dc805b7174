"""Dashboard URLs, in Dutch as citizens and officers read them.

The buildings table, a building's page, flags, imports and the label-C worklists are the
buildings app's pages (`buildings.views`); they keep their paths and their names in this
namespace (`dashboard:building`, ...), which the templates and links use."""

from django.urls import path

from buildings.views import (
    building,
    buildings,
    flags,
    imports,
    label_duty,
    register_imports,
)
from dashboard.views import area_map, areas, compare

app_name = "dashboard"

urlpatterns = [
    path("", areas.nation, name="nation"),
    path("provincies/<str:code>", areas.province, name="province"),
    path("kantorenregios/<slug:slug>", areas.office_region, name="office-region"),
    path("gemeenten/<str:code>", areas.municipality, name="municipality"),
    path("gebieden/<int:pk>", areas.designated_area, name="designated-area"),
    path("vergelijk", compare.compare, name="compare"),
    path("vergelijk/", compare.compare),
    path("vergelijk/export.csv", compare.compare_csv, name="compare-csv"),
    path("vergelijk/export.xlsx", compare.compare_xlsx, name="compare-xlsx"),
    path(
        "gemeenten/<str:code>/labelplicht.csv",
        label_duty.worklist_csv,
        name="label-duty-worklist-csv",
    ),
    path(
        "gemeenten/<str:code>/labelplicht.xlsx",
        label_duty.worklist_xlsx,
        name="label-duty-worklist-xlsx",
    ),
    path("kaart/gemeenten.json", area_map.municipality_figures, name="map-municipalities"),
    path("gebouwen", buildings.buildings, name="buildings"),
    path("gebouwen/export.csv", buildings.export_csv, name="buildings-csv"),
    path("gebouwen/export.xlsx", buildings.export_xlsx, name="buildings-xlsx"),
    path("gebouwen/kaart.json", buildings.map_data, name="map-data"),
    path("gebouwen/<str:bag_id>", building.building, name="building"),
    path("signaleringen", flags.flags, name="flags"),
    path("signaleringen/<int:pk>/afwijzen", flags.flag_dismiss_view, name="flag-dismiss"),
    path("importeren", imports.upload, name="import"),
    path("importeren/<int:pk>", imports.job, name="import-job"),
    path("importeren/<int:pk>/fouten.csv", imports.job_errors_csv, name="import-errors"),
    path("importeren/registers", register_imports.upload, name="register-upload"),
    path("importeren/registers/<int:pk>", register_imports.job, name="register-import"),
    path(
        "importeren/registers/<int:pk>/rapport.csv",
        register_imports.report_csv,
        name="register-import-csv",
    ),
]
