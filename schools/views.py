from django.shortcuts import render


def schools_list(request):
    return render(request, "schools/list.html", {})
