from django.urls import path

from . import views_reports

app_name = "pep_reports"
urlpatterns = [
    path("", views_reports.pep_list, name="list"),
    path("export.csv", views_reports.pep_list_csv, name="list_csv"),
    path("compliance/", views_reports.compliance_dashboard, name="compliance"),
    path("children/<int:child_pk>/<int:pk>/pdf/", views_reports.pep_pdf, name="pdf"),
]
