from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_page, name="framework"),
    path("versies/", views.versions_page, name="versions"),
    path("wijzigen/", views.change_page, name="change"),
]
