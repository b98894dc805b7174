"""The project's URLs with a stand-in for the buildings app's label-C worklist export, so the area
page's link to it can be tested before (and whatever) the export's own view: put first, so its
namespace wins over the project's own `buildings` namespace, when there is one."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns


def _worklist(request):
    return HttpResponse("worklist")


urlpatterns = [
    path(
        "",
        include(([path("handhaving/label-c", _worklist, name="label-duty-worklist")], "buildings")),
    ),
    *project_urlpatterns,
]
