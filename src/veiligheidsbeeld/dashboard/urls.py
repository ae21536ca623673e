from django.urls import path

from . import monitored, views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("prioriteit/<slug:code>/", views.priority_page, name="priority"),
    path("gebieden/<str:code>/", views.area_profile, name="area-profile"),
    path("kaart/<str:code>.geojson", views.map_geojson, name="map-geojson"),
    path("kaart/<str:code>/zoeken/", views.area_search, name="area-search"),
    path("signalen/", views.alerts_page, name="alerts"),
    path("signalen/<int:pk>/", views.alert_detail, name="alert"),
    path("signalen/<int:pk>/status/", views.alert_status, name="alert-status"),
    path("signalen/<int:pk>/opvolging/", views.alert_follow_up, name="alert-follow-up"),
    path("analyses/", views.runs_page, name="runs"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("gemonitord/", monitored.monitored_page, name="monitored"),  # issue 17 item 8
]
