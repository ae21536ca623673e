"""Pages of the platform itself: the API documentation for partner developers (issue 21)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView

__all__ = ["ApiDocsView", "api_scopes"]


def api_scopes() -> list[dict]:
    """Every token scope that some role may hold, with those roles (from :func:`accounts.api.roles_for_scope`, so
    the page cannot drift from what the API enforces)."""
    from veiligheidsbeeld.accounts.api import READ_RESOURCES, roles_for_scope
    from veiligheidsbeeld.accounts.models import Role

    rows = []
    for resource in sorted(READ_RESOURCES):
        for level in ("read", "write"):
            scope = "{}:{}".format(resource, level)
            roles = roles_for_scope(scope)
            if roles:
                labels = [Role(r).label for r in Role.values if r in roles]
                rows.append({"scope": scope, "resource": resource, "level": level, "roles": labels,
                             "all_roles": roles == frozenset(Role.values)})
    return rows


class ApiDocsView(TemplateView):
    """``/api/docs/``: a Dutch introduction (token, scopes, curl) and the OpenAPI reference in the vendored
    Swagger UI (``core/static/vendor/swagger-ui``; ADR 0003). Public, like ``/api/schema/``: it holds no data."""

    template_name = "core/api_docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base = self.request.build_absolute_uri(reverse("api-root"))
        context.update(
            api_base=base,
            schema_url=reverse("api-schema"),
            scopes=api_scopes(),
            rates=settings.API_THROTTLE_RATES,
            max_mb=round(settings.API_MAX_BYTES / 1024 / 1024),
        )
        return context
