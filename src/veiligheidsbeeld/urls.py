"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from veiligheidsbeeld.accounts.views import LoginView
from veiligheidsbeeld.core.views import ApiDocsView

urlpatterns = [
    path("", include("veiligheidsbeeld.dashboard.urls")),
    path("registraties/", include("veiligheidsbeeld.registrations.urls")),
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("veiligheidsbeeld.accounts.urls")),
    path("programma/", include("veiligheidsbeeld.programmes.urls")),
    path("kader/", include("veiligheidsbeeld.frameworks.urls")),
    path("rapportage/", include("veiligheidsbeeld.reports.urls")),
    path("casussen/", include("veiligheidsbeeld.cases.urls")),
    path("cyber/", include("veiligheidsbeeld.cyber.urls")),
    path("ondermijning/", include("veiligheidsbeeld.undermining.urls")),
    path("api/docs/", ApiDocsView.as_view(), name="api-docs"),  # issue 21: before the router's api/ prefix
    path("openbare-orde/", include("veiligheidsbeeld.publicorder.urls")),
    path("api/", include("veiligheidsbeeld.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("openbaar/", include("veiligheidsbeeld.public.urls")),  # issue 20: no log-in
    path("beheer/", include("veiligheidsbeeld.beheer.urls")),  # issue 21: the beheerder's screens
    path("django-admin/", admin.site.urls),  # issue 21: superusers only (beheer/apps.py)
]
