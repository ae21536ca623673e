"""Read-only API of the cyber module: incidents (security group; the FG sees breaches), exercises and awareness
campaigns (security group). Token scopes ``cyber-incident:read``, ``exercise:read``, ``awareness-campaign:read``."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.permissions import role_of

from ..models import AwarenessCampaign, Exercise, Incident
from ..permissions import visible_incidents, visible_rows
from ..permissions import SECURITY_ROLES
from .serializers import AwarenessCampaignSerializer, ExerciseSerializer, IncidentSerializer


class _NeedToKnow:
    """Roles outside the module's readers get 404, as on the pages: the register does not show it exists."""

    readers: frozenset = SECURITY_ROLES

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if role_of(request.user) not in self.readers:
            raise NotFound()


@extend_schema_view(
    list=extend_schema(summary="List the security incidents the caller may see, with their legal clocks"),
    retrieve=extend_schema(summary="One security incident with its breach, Cbw reports, clocks and actions"),
)
class IncidentViewSet(_NeedToKnow, viewsets.ReadOnlyModelViewSet):
    readers = SECURITY_ROLES | {Role.FG}
    serializer_class = IncidentSerializer

    def get_queryset(self):
        return visible_incidents(self.request.user, Incident.objects.all()).select_related(
            "gemeente", "breach", "cbw").prefetch_related("actions").order_by("pk")


@extend_schema_view(
    list=extend_schema(summary="List the cyber crisis exercises with their findings and actions"),
    retrieve=extend_schema(summary="One exercise with its findings and actions"),
)
class ExerciseViewSet(_NeedToKnow, viewsets.ReadOnlyModelViewSet):
    serializer_class = ExerciseSerializer

    def get_queryset(self):
        return visible_rows(self.request.user, Exercise.objects.all()).select_related("gemeente").prefetch_related(
            "actions").order_by("pk")


@extend_schema_view(
    list=extend_schema(summary="List the awareness campaigns with reach and effect"),
    retrieve=extend_schema(summary="One awareness campaign"),
)
class AwarenessCampaignViewSet(_NeedToKnow, viewsets.ReadOnlyModelViewSet):
    serializer_class = AwarenessCampaignSerializer

    def get_queryset(self):
        return visible_rows(self.request.user, AwarenessCampaign.objects.all()).select_related("gemeente").order_by(
            "pk")
