from django.urls import path

from . import views

app_name = "cyber"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("incidenten/", views.incident_list, name="incidents"),
    path("incidenten/nieuw/", views.incident_create, name="incident-create"),
    path("incidenten/<int:pk>/", views.incident_detail, name="incident"),
    path("maandrapportage/", views.monthly, name="monthly"),
    path("ensia/", views.ensia, name="ensia"),
    path("crisisplan/", views.preparation, name="preparation"),
    path("oefeningen/<int:pk>/", views.exercise_detail, name="exercise"),
    path("bewustwording/", views.campaigns, name="campaigns"),
]
