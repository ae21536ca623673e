"""The casusregie API: ``/api/cases/``, ``/api/known-checks/`` and ``/api/disclosures/``.

Token scopes: ``case:read`` and ``case:write`` for cases and disclosures, ``known-check:write`` for the
known-check (a POST). Need-to-know as on the pages: a partner sees only cases with an active participation of its
organisation (others: 404); every read of a case is audited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.core.models import Organisation

from .. import services
from ..identity import pseudonym
from ..models import Case, Disclosure
from ..permissions import visible_cases
from ..workflow import InvalidTransition
from .serializers import (
    CaseCreateSerializer, CaseSerializer, DisclosureSerializer, KnownCheckRequestSerializer,
    KnownCheckResponseSerializer, CaseTransitionSerializer,
)


def _api_errors(exc: ValidationError):
    return ApiValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


@extend_schema_view(
    list=extend_schema(summary="List the cases the caller may see (audited as reads)"),
    retrieve=extend_schema(summary="One case (audited as a read)"),
    create=extend_schema(summary="Register a case (procesregisseur)", request=CaseCreateSerializer),
    transition=extend_schema(summary="Move a case to another status, if the workflow allows it",
                             request=CaseTransitionSerializer),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    token_resource = "case"

    def get_queryset(self):
        return visible_cases(self.request.user, Case.objects.all()).select_related("gemeente", "wijk").order_by("pk")

    def list(self, request, *args, **kwargs):
        cases = list(self.get_queryset())
        with transaction.atomic():
            for case in cases:
                services.read_case(case, request.user, via="api")
        return Response(CaseSerializer(cases, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        services.read_case(case, request.user, via="api")
        return Response(CaseSerializer(case).data)

    def create(self, request, *args, **kwargs):
        body = CaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        gemeente = gemeenten_for(request.user).filter(code=data["gemeente"]).first()
        if gemeente is None or not request.user.has_perm("cases.change_case", gemeente):
            raise PermissionDenied("only a procesregisseur of the gemeente registers cases")
        reporter = Organisation.objects.filter(pk=data["reporter"], gemeenten=gemeente).first()
        if reporter is None:
            raise ApiValidationError({"reporter": ["unknown organisation for this gemeente"]})
        try:
            case = services.register_case(gemeente, case_type=data["case_type"], reporter=reporter,
                                          actor=request.user, coordinator=request.user, reason=data["reason"])
        except ValidationError as exc:
            raise _api_errors(exc) from exc
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self.get_object()
        if not request.user.has_perm("cases.change_case", case):
            raise PermissionDenied("only the case coordinator changes a case")
        body = CaseTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            case = services.change_status(case, body.validated_data["status"], note=body.validated_data["note"],
                                          actor=request.user)
        except InvalidTransition as exc:
            return Response({"status": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(CaseSerializer(case).data)


@extend_schema_view(
    create=extend_schema(
        summary="Known-check: is this person known (yes/no) and whom to contact; never content (audited)",
        request=KnownCheckRequestSerializer, responses={200: KnownCheckResponseSerializer},
    ),
)
class KnownCheckViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """``POST {"bsn"}`` -> exactly ``{"known": bool, "contact": organisation name or null}``."""

    serializer_class = KnownCheckRequestSerializer
    token_resource = "known-check"

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("cases.ask_known_check"):
            raise PermissionDenied("your role does not ask known-checks")
        body = KnownCheckRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        gemeenten = gemeenten_for(request.user)
        if not gemeenten.exists():
            raise PermissionDenied("no gemeente")
        try:
            answer = services.known_check(request.user, gemeenten, body.validated_data["bsn"])
        except ValueError:
            raise ApiValidationError({"bsn": ["not a valid BSN (eleven test)"]}) from None
        return Response({"known": answer["known"], "contact": answer["contact"]})


@extend_schema_view(
    list=extend_schema(summary="The disclosure ledger of the cases the caller coordinates"),
    retrieve=extend_schema(summary="One disclosure"),
    create=extend_schema(summary="Record a disclosure (refused without a legal basis and purpose)"),
)
class DisclosureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = DisclosureSerializer
    token_resource = "case"

    def get_queryset(self):
        from veiligheidsbeeld.accounts.permissions import role_of

        if role_of(self.request.user) != "procesregisseur":
            return Disclosure.objects.none()
        return Disclosure.objects.filter(gemeente__in=gemeenten_for(self.request.user)).order_by("pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        case = data["case"]
        if not visible_cases(self.request.user, Case.objects.filter(pk=case.pk)).exists() or \
                not self.request.user.has_perm("cases.change_case", case):
            raise PermissionDenied("only the case coordinator records disclosures")
        try:
            person_pseudonym = pseudonym(data["bsn"])
        except ValueError:
            raise ApiValidationError({"bsn": ["not a valid BSN (eleven test)"]}) from None
        if not case.persons.filter(pseudonym=person_pseudonym).exists():
            raise ApiValidationError({"bsn": ["this person is not in the case"]})
        try:
            serializer.instance = services.record_disclosure(
                gemeente=case.gemeente, case=case, pseudonym_=person_pseudonym,
                from_organisation=services._coordinating_organisation(case, self.request.user),
                to_organisation=data["to_organisation"], category=data["category"],
                legal_basis=data["legal_basis"], purpose=data["purpose"], actor=self.request.user,
            )
        except ValidationError as exc:
            raise _api_errors(exc) from exc
