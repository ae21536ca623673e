import rules
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from veiligheidsbeeld.accounts.services import gemeenten_for

from .. import ftm, services
from ..models import BibobDossier, Dossier, Signal
from ..permissions import visible_bibob, visible_dossiers, visible_signals
from .serializers import BibobDossierSerializer, SignalSerializer


@extend_schema_view(
    list=extend_schema(summary="List the undermining signals of the caller's gemeenten (no addresses)"),
    retrieve=extend_schema(summary="One undermining signal (no address)"),
    create=extend_schema(summary="Register a signal (status ontvangen; audited)"),
)
class UnderminingSignalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                               viewsets.GenericViewSet):
    """Signals for the roles that weigh them (token scopes undermining-signal:read / :write)."""

    serializer_class = SignalSerializer

    def get_queryset(self):
        return visible_signals(self.request.user, Signal.objects.all()).select_related("gemeente", "area").order_by(
            "-received_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        code = data.pop("gemeente_code", None)
        allowed = gemeenten_for(self.request.user)
        gemeente = allowed.filter(code=code).first() if code else allowed.first()
        if gemeente is None or not rules.has_perm("undermining.add_signal", self.request.user, gemeente):
            raise PermissionDenied("no right to register signals for this gemeente")
        try:
            serializer.instance = services.receive_signal(gemeente, actor=self.request.user, **data)
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc


@extend_schema_view(
    list=extend_schema(summary="List Bibob dossiers with their clocks (no art. 30 data)"),
    retrieve=extend_schema(summary="One Bibob dossier with its clock"),
)
class BibobDossierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BibobDossierSerializer

    def get_queryset(self):
        return visible_bibob(self.request.user, BibobDossier.objects.all()).select_related("gemeente").order_by("pk")


class EntityViewSet(viewsets.ViewSet):
    """The networks of the dossiers the caller is on the team of, as FollowTheMoney entity JSON (nodes and edges).

    Every call is an audited read of each dossier it returns.
    """

    def _dossiers(self):
        dossiers = visible_dossiers(self.request.user, Dossier.objects.all()).order_by("pk")
        wanted = self.request.query_params.get("dossier")
        if wanted:
            if not wanted.isdigit():
                raise ApiValidationError({"dossier": "an id"})
            dossiers = dossiers.filter(pk=int(wanted))
        return [d for d in dossiers if self.request.user.has_perm("undermining.view_dossier", d)]

    @extend_schema(
        summary="List FollowTheMoney entities and links of the caller's dossiers",
        operation_id="entities_list",
        parameters=[OpenApiParameter("dossier", OpenApiTypes.INT, description="Only this dossier")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        records = []
        for dossier in self._dossiers():
            services.read_dossier(dossier, actor=request.user, purpose="API: dossier network", what="api")
            records.extend(dict(r, dossier=dossier.pk) for r in services.network_records(dossier))
        return Response(records)

    @extend_schema(
        summary="One FollowTheMoney entity or link by its id",
        parameters=[OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="FtM id")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request, pk=None):
        for dossier in self._dossiers():
            entity = dossier.entities.filter(ftm_id=pk).first()
            link = None if entity else dossier.links.select_related("source", "target").filter(ftm_id=pk).first()
            if entity or link:
                services.read_dossier(dossier, actor=request.user, purpose="API: dossier network", what="api")
                record = ftm.entity_record(entity) if entity else ftm.link_record(link)
                return Response(dict(record, dossier=dossier.pk))
        raise Http404
