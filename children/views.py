from django.shortcuts import render


def children_list(request):
    return render(request, "children/list.html", {})
