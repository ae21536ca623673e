"""API viewsets of the public-order module (scopes ``<resource>:read|write``; rows of the caller's gemeenten)."""

from __future__ import annotations

import rules
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError

from veiligheidsbeeld.accounts.services import gemeenten_for

from .. import services
from ..models import CameraDesignation, Demonstration, Event, TensionSignal, YouthGroup
from ..permissions import visible
from .serializers import (
    CameraDesignationSerializer,
    DemonstrationSerializer,
    EventSerializer,
    TensionSignalSerializer,
    YouthGroupSerializer,
)


def _gemeente(request, code, permission):
    gemeente = gemeenten_for(request.user).filter(code=code).first()
    if gemeente is None or not rules.has_perm(permission, request.user, gemeente):
        raise PermissionDenied("no {} for gemeente {}".format(permission, code))
    return gemeente


def _wijk(gemeente, wijk):
    if wijk is not None and wijk.gemeente_id != gemeente.pk:
        raise ApiValidationError({"wijk": ["the wijk is not in gemeente {}".format(gemeente.code)]})
    return wijk


def _api_errors(exc: ValidationError):
    return ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = None

    def get_queryset(self):
        return visible(self.request.user, self.model.objects.all()).select_related("gemeente").order_by("pk")


@extend_schema_view(
    list=extend_schema(summary="List WOM notices (without organiser data)"),
    retrieve=extend_schema(summary="One WOM notice with its decisions"),
    create=extend_schema(summary="Register a WOM notice, e.g. from the e-form (timeliness computed)"),
)
class DemonstrationViewSet(_ReadOnly, mixins.CreateModelMixin):
    model = Demonstration
    serializer_class = DemonstrationSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("decisions")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        gemeente = _gemeente(self.request, data.pop("gemeente_code"), "publicorder.change")
        _wijk(gemeente, data.get("wijk"))
        try:
            serializer.instance = services.register_notice(gemeente, actor=self.request.user, **data)
        except ValidationError as exc:
            raise _api_errors(exc) from exc


@extend_schema_view(list=extend_schema(summary="List events"), retrieve=extend_schema(summary="One event"))
class EventViewSet(_ReadOnly):
    model = Event
    serializer_class = EventSerializer


@extend_schema_view(
    list=extend_schema(summary="List camera designations (art. 151c) with periods of use"),
    retrieve=extend_schema(summary="One camera designation"),
)
class CameraDesignationViewSet(_ReadOnly):
    model = CameraDesignation
    serializer_class = CameraDesignationSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("periods")


@extend_schema_view(
    list=extend_schema(summary="List tension signals"),
    retrieve=extend_schema(summary="One tension signal"),
    create=extend_schema(summary="Record a tension signal (key figures by network code only)"),
)
class TensionSignalViewSet(_ReadOnly, mixins.CreateModelMixin):
    model = TensionSignal
    serializer_class = TensionSignalSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        gemeente = _gemeente(self.request, data.pop("gemeente_code"), "publicorder.add_signal")
        _wijk(gemeente, data.get("wijk"))
        try:
            serializer.instance = services.record_signal(gemeente, actor=self.request.user, **data)
        except ValidationError as exc:
            raise _api_errors(exc) from exc


@extend_schema_view(
    list=extend_schema(summary="List youth groups (aggregates, never names)"),
    retrieve=extend_schema(summary="One youth group (aggregates)"),
)
class YouthGroupViewSet(_ReadOnly):
    model = YouthGroup
    serializer_class = YouthGroupSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("seen_in")

