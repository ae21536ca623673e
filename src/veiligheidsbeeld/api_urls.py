"""API routes (plural kebab-case), documented in the OpenAPI schema at /api/schema/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from veiligheidsbeeld.areas.api.views import AreaViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")

urlpatterns = [path("", include(router.urls))]
