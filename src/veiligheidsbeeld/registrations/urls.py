from django.urls import path

from . import views

app_name = "registrations"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.batch_page, name="batch"),
    path("import/<int:pk>/rij/<int:row>/", views.resubmit, name="resubmit"),
]
