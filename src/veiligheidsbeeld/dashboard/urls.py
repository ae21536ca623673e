from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("gebieden/<str:code>/", views.area_profile, name="area-profile"),
    path("kaart/<str:code>.geojson", views.map_geojson, name="map-geojson"),
]
