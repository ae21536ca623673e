from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_page, name="programme"),
    path("begroting/", views.budgets_page, name="budgets"),
    path("raming/", views.estimate_page, name="estimate"),
    path("maatregelen/nieuw/", views.measure_form, name="measure-create"),
    path("maatregelen/<int:pk>/", views.measure_detail, name="measure"),
    path("maatregelen/<int:pk>/bewerken/", views.measure_form, name="measure-edit"),
]
