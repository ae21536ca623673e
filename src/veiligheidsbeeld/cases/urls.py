from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("triage/", views.triage_board, name="triage"),
    path("nieuw/", views.case_create, name="create"),
    path("cijfers/", views.figures, name="figures"),
    path("inzage/", views.inzage_page, name="inzage"),
    path("top-x/", views.topx, name="topx"),
    path("top-x/algoritmeregister/", views.algorithm_register, name="algoritmeregister"),
    path("bekendheidsvragen/", views.known_check_inbox, name="known-checks"),
    path("<int:pk>/", views.case_detail, name="case"),
]
