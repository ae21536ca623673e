"""Authorisation matrix: every URL route x every role (and anonymous) -> allowed (HTTP 200) or denied.

The routes are read from the URL configuration, so a new route without an entry in :data:`MATRIX` fails
:func:`test_every_route_has_an_entry`. Denied means a redirect to the log-in page, 401, 403 or 404 -- never a 200
and never a server error. Object routes of other modules are requested with an object of the user's own
gemeente where one exists in these fixtures, else with a missing id (then nobody may get a 200 either).
Each module tests its own allowed paths in depth; this table guards the boundaries.
"""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver

from veiligheidsbeeld.accounts.models import Role

from .conftest import log_in

pytestmark = pytest.mark.django_db

ALL = frozenset(Role.values)
NONE: frozenset[str] = frozenset()
ANON = "anonymous"
PROGRAMME_READERS = frozenset(ALL - {Role.BEHEERDER, Role.FG, Role.PUBLIEK})

# route name -> (path to request, roles that get a 200; "anonymous" when visitors without log-in may).
MATRIX: dict[str, tuple[str, frozenset[str]]] = {
    "login": ("/inloggen/", ALL | {ANON}),
    "logout": ("/uitloggen/", NONE),  # GET is not allowed (405): log-out is a POST
    "dashboard:overview": ("/", ALL),
    "dashboard:area-profile": ("/gebieden/WK099900/", ALL),
    "dashboard:map-geojson": ("/kaart/GM0999.geojson", ALL),
    "dashboard:priority": ("/prioriteit/hic/", ALL),
    "dashboard:alerts": ("/signalen/", ALL),
    "dashboard:alert": ("/signalen/999999/", NONE),
    "dashboard:alert-status": ("/signalen/999999/status/", NONE),  # POST only, analysts of the gemeente
    "dashboard:runs": ("/analyses/", ALL),
    "dashboard:export-csv": ("/export.csv", NONE),  # 404 here: the fixture gemeente has no analysis run
    "accounts:otp-verify": ("/inloggen/verificatie/", NONE),  # everyone here is verified or has no device
    "accounts:otp-setup": (
        "/inloggen/tweede-factor/",
        frozenset(ALL - {Role.PROCESREGISSEUR, Role.BEHEERDER, Role.FG}),
    ),
    "accounts:read-review": ("/privacy/inzage/", frozenset({Role.FG})),
    "accounts:processing-register": ("/privacy/verwerkingsregister/", frozenset({Role.FG, Role.BEHEERDER})),
    "accounts:processing-register-export": (
        "/privacy/verwerkingsregister.csv",
        frozenset({Role.FG, Role.BEHEERDER}),
    ),
    "admin:*": ("/beheer/", frozenset({Role.BEHEERDER})),
    "api-root": ("/api/", ALL),
    "api-schema": ("/api/schema/", ALL | {ANON}),  # the OpenAPI description is public; it holds no data
    "area-list": ("/api/areas/", ALL),
    "area-detail": ("/api/areas/{area}/", ALL),
    # frameworks (issue: framework module)
    "frameworks:framework": ("/kader/", frozenset(ALL - {Role.BEHEERDER, Role.FG, Role.PUBLIEK})),
    "frameworks:versions": ("/kader/versies/", frozenset(ALL - {Role.BEHEERDER, Role.FG, Role.PUBLIEK})),
    "frameworks:change": ("/kader/wijzigen/", frozenset({Role.BELEIDSADVISEUR})),
    # registrations (intake); object routes with a missing id
    "registrations:browse": ("/registraties/", frozenset({Role.ANALIST, Role.PROCESREGISSEUR})),
    "registrations:import": ("/registraties/import/", frozenset({Role.ANALIST})),
    "registrations:batch": ("/registraties/import/999999/", NONE),
    "registrations:resubmit": ("/registraties/import/999999/rij/1/", NONE),
    # programmes (pages and API); object routes with a missing id
    "programmes:programme": ("/programma/", PROGRAMME_READERS),
    "programmes:budgets": ("/programma/begroting/", PROGRAMME_READERS),
    "programmes:estimate": ("/programma/raming/", PROGRAMME_READERS),
    "programmes:measure": ("/programma/maatregelen/999999/", NONE),
    "programmes:measure-create": ("/programma/maatregelen/nieuw/", NONE),
    "programmes:measure-edit": ("/programma/maatregelen/999999/bewerken/", NONE),
    "budget-list": ("/api/budgets/", ALL),
    "budget-detail": ("/api/budgets/999999/", NONE),
    "kpi-list": ("/api/kpis/", ALL),
    "kpi-detail": ("/api/kpis/999999/", NONE),
    "measure-list": ("/api/measures/", ALL),
    "measure-detail": ("/api/measures/999999/", NONE),
    "measure-transition": ("/api/measures/999999/transition/", NONE),
    "api/registrations/": ("/api/registrations/", NONE),  # partner submissions: POST only
    # analyses API (issue #4); alerts hold small counts; object routes with a missing id
    "analysis-run-list": ("/api/analysis-runs/", ALL),
    "analysis-run-detail": ("/api/analysis-runs/999999/", NONE),
    "alert-list": ("/api/alerts/", frozenset({Role.ANALIST, Role.PROCESREGISSEUR})),
    "alert-detail": ("/api/alerts/999999/", NONE),
    "hot-spot-list": ("/api/hot-spots/", ALL),
    "hot-spot-detail": ("/api/hot-spots/999999/", NONE),
    "trend-list": ("/api/trends/", ALL),
    "trend-detail": ("/api/trends/999999/", NONE),
    # reports (issue 7): the list for the report roles; generate is POST only; download with a missing id
    "reports:list": ("/rapportage/", frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR, Role.KETENPARTNER})),
    "reports:generate": ("/rapportage/genereren/", NONE),
    "reports:download": ("/rapportage/999999/download/", NONE),
}


def _route_names(patterns, namespace="", prefix=""):
    """URL names (with namespace); an unnamed route is known by its full pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (pattern.namespace + ":" if pattern.namespace else "")
            if inner == "admin:":
                yield "admin:*"  # Django's admin site: one entry (is_staff decides)
                continue
            yield from _route_names(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            yield namespace + pattern.name if pattern.name else prefix + str(pattern.pattern)


def test_every_route_has_an_entry():
    routes = set(_route_names(get_resolver().url_patterns))
    assert not routes - set(MATRIX), "add these routes to the authorisation matrix: {}".format(
        sorted(routes - set(MATRIX))
    )
    assert not set(MATRIX) - routes, "remove routes that no longer exist: {}".format(
        sorted(set(MATRIX) - routes)
    )


@pytest.fixture
def area_pk(small_gemeente):
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.frameworks.services import load_framework

    load_framework(gemeente=small_gemeente)
    return Area.objects.get(code="WK099900").pk


def _denied(response) -> bool:
    return response.status_code in (302, 401, 403, 404, 405)


@pytest.mark.parametrize("who", sorted(Role.values) + [ANON])
def test_matrix(who, client, make_user, area_pk):
    if who != ANON:
        log_in(client, make_user(who))
    failures = []
    for name, (path, allowed) in MATRIX.items():
        response = client.get(path.format(area=area_pk))
        assert response.status_code < 500, (name, who, response.status_code)
        expected = who in allowed
        if expected and response.status_code != 200:
            failures.append("{} {}: expected 200, got {}".format(name, path, response.status_code))
        if not expected and not _denied(response):
            failures.append("{} {}: expected denial, got {}".format(name, path, response.status_code))
    assert not failures, "\n".join(failures)


def test_no_access_across_gemeenten(client, make_user, other_gemeente):
    """IDOR: guessing the code or id of another gemeente's objects gives nothing."""
    from veiligheidsbeeld.areas.models import Area

    log_in(client, make_user(Role.ANALIST))
    foreign = Area.objects.get(code="WK099800")
    for path in ["/gebieden/WK099800/", "/kaart/GM0998.geojson", "/api/areas/{}/".format(foreign.pk)]:
        response = client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert b"Buurwijk" not in response.content
    listing = client.get("/api/areas/").content
    assert b"WK099800" not in listing and b"WK099900" in listing
