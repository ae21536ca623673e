from django.urls import path

from . import views

app_name = "publicorder"
urlpatterns = [
    path("", views.week, name="week"),
    path("kalender/", views.calendar, name="calendar"),
    path("kennisgevingen/", views.demonstrations, name="demonstrations"),
    path("kennisgevingen/nieuw/", views.demonstration_new, name="demonstration-new"),
    path("kennisgevingen/<int:pk>/", views.demonstration_detail, name="demonstration"),
    path("evenementen/", views.events, name="events"),
    path("evenementen/nieuw/", views.event_new, name="event-new"),
    path("evenementen/<int:pk>/", views.event_detail, name="event"),
    path("cameratoezicht/", views.cameras, name="cameras"),
    path("cameratoezicht/nieuw/", views.camera_new, name="camera-new"),
    path("spanningen/", views.signals, name="signals"),
    path("jeugdgroepen/", views.youth_groups, name="youth-groups"),
    path("jeugdgroepen/nieuw/", views.youth_group_new, name="youth-group-new"),
    path("jeugdgroepen/<int:pk>/", views.youth_group_detail, name="youth-group"),
    path("jeugdgroepen/<int:pk>/namenlijst/", views.name_list, name="name-list"),
    path("operaties/", views.operations, name="operations"),
    path("operaties/nieuw/", views.operation_new, name="operation-new"),
    path("operaties/<int:pk>/", views.operation_detail, name="operation"),
    path("kaart/", views.map_page, name="map"),
    path("kaart.geojson", views.map_geojson, name="map-geojson"),
    path("indicatoren/", views.indicators_page, name="indicators"),
]
