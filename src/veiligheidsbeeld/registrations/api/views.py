"""The partner API: ``POST /api/registrations/`` with one or many registrations.

Authorised for a partner token with scope ``registration:write`` whose gemeenten include the posted gemeente,
or for a signed-in user allowed to import registrations of that gemeente. Records get the same validation and
quarantine as file rows; the response lists the rejected records with their reasons.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from veiligheidsbeeld.accounts.models import ApiToken
from veiligheidsbeeld.accounts.services import gemeenten_for

from .. import services
from ..importers import REGISTRY
from .serializers import RecordSerializer, SubmissionResultSerializer, SubmissionSerializer

__all__ = ["RegistrationSubmissionView"]


class RegistrationSubmissionView(APIView):
    token_resource = "registration"

    @extend_schema(
        summary="Submit registrations (one or many) of a partner system",
        request=SubmissionSerializer,
        responses={201: SubmissionResultSerializer, 200: SubmissionResultSerializer,
                   403: inline_serializer("Forbidden", {"detail": serializers.CharField()})},
        description="Each element of `registrations` is a Record: " + ", ".join(RecordSerializer().fields),
    )
    def post(self, request):
        submission = SubmissionSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        data = submission.validated_data
        gemeente = gemeenten_for(request.user).filter(code=data["gemeente"]).first()
        by_token = isinstance(request.auth, ApiToken)
        if gemeente is None or not (by_token or request.user.has_perm("accounts.import_registrations", gemeente)):
            raise PermissionDenied("You may not submit registrations for {}.".format(data["gemeente"]))
        profile = getattr(request.user, "profile", None)
        importer = REGISTRY["api"](gemeente=gemeente, source_system=data["source_system"])
        label = "api:{}".format(request.auth.name if by_token else request.user.get_username())
        outcome = services.run_records(importer, data["registrations"], user=request.user,
                                       organisation=getattr(profile, "organisation", None), label=label)
        batch = outcome.batch
        body = {
            "status": outcome.status,
            **outcome.summary.as_dict(),
            "rejected_rows": [{"row": r.row_number, "reasons": r.reasons}
                              for r in batch.rejected_rows.order_by("row_number")[:1000]]
            if outcome.status == "imported" else [],
        }
        return Response(body, status=status.HTTP_201_CREATED if outcome.status == "imported" else status.HTTP_200_OK)
