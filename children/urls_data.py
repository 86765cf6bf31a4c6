from django.urls import path

from schools import views as school_views

from . import views_data

# Included at /children/data/ inside the "children" namespace. No URL here takes a
# record id: these pages are about files, not about one child.
urlpatterns = [
    path("", views_data.data_index, name="imports"),
    path("ssda903/import/", views_data.import_903, name="import_903"),
    path("ssda903/import/confirm/", views_data.import_903_confirm, name="import_903_confirm"),
    path("ssda903/export/", views_data.export_903, name="export_903"),
    path("gias/import/", school_views.import_gias, name="import_gias"),
    path("gias/import/confirm/", school_views.import_gias_confirm, name="import_gias_confirm"),
]
