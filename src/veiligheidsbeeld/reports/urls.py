from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("genereren/", views.generate, name="generate"),
    path("taak/<int:pk>/", views.job, name="job"),
    path("<int:pk>/download/", views.download, name="download"),
]
