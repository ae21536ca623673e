import rules
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from veiligheidsbeeld.accounts.permissions import role_of

from .. import services
from ..models import Budget, Kpi, Measure
from ..permissions import READ_ALL_ROLES, visible_measures
from ..workflow import InvalidTransition
from .serializers import BudgetSerializer, KpiSerializer, MeasureSerializer, TransitionSerializer


def _check_edit(request, gemeente):
    if not rules.has_perm("programmes.change_programme", request.user, gemeente):
        raise PermissionDenied(f"only a beleidsadviseur of {gemeente.code} changes the programme")


def _api_errors(exc: ValidationError):
    return ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    # Permissions: the API default (authenticated, token scopes measure:write, budget:write, ...).

    def measures(self):
        return visible_measures(self.request.user, Measure.objects.all())


@extend_schema_view(
    list=extend_schema(summary="List the measures the caller may see"),
    retrieve=extend_schema(summary="One measure"),
    create=extend_schema(summary="Add a measure (status gepland; beleidsadviseur)"),
    update=extend_schema(summary="Change a measure's fields (not its status; beleidsadviseur)"),
    partial_update=extend_schema(summary="Change some fields of a measure (beleidsadviseur)"),
    transition=extend_schema(summary="Move a measure to another status, if the workflow allows it",
                             request=TransitionSerializer),
)
class MeasureViewSet(_Base, mixins.UpdateModelMixin):
    serializer_class = MeasureSerializer

    def get_queryset(self):
        return self.measures().select_related("owner").prefetch_related("partners").order_by("pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme")
        _check_edit(self.request, programme.gemeente)
        try:
            serializer.instance = services.create_measure(
                programme, partners=data.pop("partners", []), actor=self.request.user, **data
            )
        except ValidationError as exc:
            raise _api_errors(exc) from exc

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("programme", None)
        _check_edit(self.request, serializer.instance.gemeente)
        try:
            serializer.instance = services.update_measure(
                serializer.instance, partners=data.pop("partners", None), actor=self.request.user, **data
            )
        except ValidationError as exc:
            raise _api_errors(exc) from exc

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        measure = self.get_object()
        _check_edit(request, measure.gemeente)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            measure = services.change_status(measure, body.validated_data["status"],
                                             note=body.validated_data["note"], actor=request.user)
        except InvalidTransition as exc:
            return Response({"status": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(MeasureSerializer(measure).data)


@extend_schema_view(
    list=extend_schema(summary="List the budgets of the measures the caller may see"),
    retrieve=extend_schema(summary="One budget line"),
    create=extend_schema(summary="Set the planned and spent euros of a measure for a year and source (audited)"),
)
class BudgetViewSet(_Base):
    serializer_class = BudgetSerializer

    def get_queryset(self):
        return Budget.objects.filter(measure__in=self.measures()).order_by("pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        measure = data["measure"]
        if not self.measures().filter(pk=measure.pk).exists():
            raise PermissionDenied(f"no access to measure {measure.pk}")
        _check_edit(self.request, measure.gemeente)
        try:
            serializer.instance = services.set_budget(
                measure, data["year"], data["source"], planned=data["planned"], spent=data["spent"],
                actor=self.request.user,
            )
        except ValidationError as exc:
            raise _api_errors(exc) from exc


@extend_schema_view(
    list=extend_schema(summary="List KPIs with their current progress"),
    retrieve=extend_schema(summary="One KPI with its current progress"),
    create=extend_schema(summary="Add a KPI bound to an indicator or with manual values (beleidsadviseur)"),
)
class KpiViewSet(_Base):
    serializer_class = KpiSerializer

    def get_queryset(self):
        from veiligheidsbeeld.accounts.services import gemeenten_for

        kpis = Kpi.objects.filter(gemeente__in=gemeenten_for(self.request.user)).select_related(
            "area", "area_group", "theme"
        )
        if role_of(self.request.user) in READ_ALL_ROLES:
            return kpis.order_by("pk")
        return kpis.filter(measure__in=self.measures()).order_by("pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        programme = data.pop("programme")
        _check_edit(self.request, programme.gemeente)
        try:
            serializer.instance = services.create_kpi(programme, actor=self.request.user, **data)
        except ValidationError as exc:
            raise _api_errors(exc) from exc
