from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from django.db.models import Q
from rest_framework import viewsets

from veiligheidsbeeld.accounts.services import gemeenten_for

from ..models import SUPRA_GEMEENTE_LEVELS, Area, AreaLevel
from .serializers import AreaSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List areas: Nederland, provincies and regionale eenheden when registered, and the gemeenten, "
        "wijken and buurten of the gemeenten the caller may see",
        parameters=[
            OpenApiParameter("gemeente", str, description="CBS gemeente code, e.g. GM0014 (only that gemeente's "
                                                          "areas; the areas above the gemeente belong to none)"),
            OpenApiParameter("level", str, enum=list(AreaLevel.values)),
            OpenApiParameter("year", int, description="CBS indeling year"),
        ],
    ),
    retrieve=extend_schema(summary="One area by database id"),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas above the gemeente (``NL00``, ``PV20``..``PV31``, ``RE01``..) are public CBS areas that belong to no
    gemeente: every caller of the endpoint sees them once registered. Gemeenten, wijken and buurten only for the
    caller's gemeenten."""

    serializer_class = AreaSerializer

    def get_queryset(self):
        queryset = (
            Area.objects.filter(Q(gemeente__in=gemeenten_for(self.request.user))
                                | Q(gemeente__isnull=True, level__in=SUPRA_GEMEENTE_LEVELS))
            .select_related("parent")
            .prefetch_related("populations")
            .order_by("year", "code")
        )
        params = self.request.query_params
        if params.get("gemeente"):
            queryset = queryset.filter(gemeente__code=params["gemeente"])
        if params.get("level"):
            queryset = queryset.filter(level=params["level"])
        if params.get("year"):
            queryset = queryset.filter(year=params["year"])
        return queryset
