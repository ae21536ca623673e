"""Request middleware of the core: the request size limit (issue 15, finding 6)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse

__all__ = ["RequestSizeLimitMiddleware"]


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than the limit (``API_MAX_BYTES`` under ``/api/``,
    ``UPLOAD_MAX_BYTES`` elsewhere) with 413, before Django reads it. Bodies without a length (chunked) are
    bounded by Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and the upload form's check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        api = request.path_info.startswith("/api/")
        maximum = settings.API_MAX_BYTES if api else settings.UPLOAD_MAX_BYTES
        if length > maximum:
            message = "The request body is {} bytes, more than the limit of {} bytes.".format(length, maximum)
            if api:
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
