from django.shortcuts import get_object_or_404, render

from children.models import Child
from children.views import record_context
from vsh.audit.services import record_view


def _page(request, child_pk, tab, title):
    child = get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=child_pk)
    record_view(request.user, child, detail=title)
    return render(
        request,
        "tracking/placeholder.html",
        {**record_context(request, child, tab), "title": title},
    )


def attendance(request, child_pk):
    return _page(request, child_pk, "attendance", "Attendance")


def attainment(request, child_pk):
    return _page(request, child_pk, "attainment", "Attainment")


def wellbeing(request, child_pk):
    return _page(request, child_pk, "wellbeing", "Well-being")
