from django.shortcuts import render


def carers_list(request):
    return render(request, "carers/list.html", {})
