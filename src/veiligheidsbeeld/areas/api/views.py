from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from veiligheidsbeeld.accounts.services import gemeenten_for

from ..models import Area
from .serializers import AreaSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List areas (gemeente, wijk, buurt) of the gemeenten the caller may see",
        parameters=[
            OpenApiParameter("gemeente", str, description="CBS gemeente code, e.g. GM0014"),
            OpenApiParameter("level", str, enum=["gemeente", "wijk", "buurt"]),
            OpenApiParameter("year", int, description="CBS indeling year"),
        ],
    ),
    retrieve=extend_schema(summary="One area by database id"),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AreaSerializer

    def get_queryset(self):
        queryset = (
            Area.objects.filter(gemeente__in=gemeenten_for(self.request.user))
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
