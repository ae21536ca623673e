from django.urls import path

from . import views

app_name = "undermining"
urlpatterns = [
    path("", views.overview_page, name="index"),
    path("signalen/", views.signals_page, name="signals"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal"),
    path("dossiers/", views.dossiers_page, name="dossiers"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/netwerk/", views.dossier_network, name="network"),
    path("dossiers/<int:pk>/ftm.json", views.dossier_export, name="export"),
    path("bibob/", views.bibob_page, name="bibob-list"),
    path("bibob/<int:pk>/", views.bibob_detail, name="bibob"),
    path("barrieres/", views.barriers_page, name="barriers"),
    path("barrieres/<int:pk>/", views.barrier_detail, name="barrier"),
    # --- issue #18 follow-up: working screens and the vulnerability page per wijk or buurt ---
    path("bibob/nieuw/", views.bibob_new, name="bibob-new"),
    path("dossiers/<int:pk>/koppelingen/", views.dossier_links, name="dossier-links"),
    path("barrieres/maatregelen/<int:pk>/koppelingen/", views.barrier_links, name="barrier-links"),
    path("kwetsbaarheid/", views.vulnerability_page, name="vulnerability"),
]
