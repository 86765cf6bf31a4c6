from django.shortcuts import get_object_or_404, render

from children.models import Child
from children.views import record_context
from vsh.audit.services import record_view


def child_peps(request, child_pk):
    child = get_object_or_404(Child.objects.visible_to(request.user, "view"), pk=child_pk)
    record_view(request.user, child, detail="PEPs")
    return render(
        request,
        "tracking/placeholder.html",
        {**record_context(request, child, "peps"), "title": "PEPs"},
    )
