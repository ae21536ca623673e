from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/wijk/<str:wijk_code>/", views.wijk, name="wijk"),
    path("<str:code>/rapport/", views.report, name="report"),
    path("<str:code>/indicatoren.csv", views.opendata_csv, name="opendata-csv"),
    path("<str:code>/indicatoren.json", views.opendata_json, name="opendata-json"),
    path("<str:code>/module-indicatoren.csv", views.module_csv, name="module-csv"),
    path("<str:code>/module-indicatoren.json", views.module_json, name="module-json"),
    path("<str:code>/metadata.json", views.metadata_json, name="metadata"),
]
