"""Authorisation matrix: every URL route x every role (and anonymous) -> allowed (HTTP 200) or denied.

The routes are read from the URL configuration, so a new route without an entry in :data:`MATRIX` fails
:func:`test_every_route_has_an_entry`. Denied means a redirect to the log-in page, 401, 403 or 404 -- never a 200
and never a server error. Object routes of other modules are requested with an object of the user's own
gemeente where one exists in these fixtures, else with a missing id (then nobody may get a 200 either).
Each module tests its own allowed paths in depth; this table guards the boundaries.

The second half does the same for state-changing requests (POST forms, API POST/PUT/PATCH): :data:`WRITES`,
:data:`READ_ONLY` and :data:`AUTHENTICATION` together must name every route, and denied writes must leave the
database as it was.
"""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver

from veiligheidsbeeld.accounts.models import Role

from veiligheidsbeeld.publicorder.tests.matrix import publicorder_objects

from .conftest import log_in

pytestmark = pytest.mark.django_db

ALL = frozenset(Role.values)
NONE: frozenset[str] = frozenset()
ANON = "anonymous"
PROGRAMME_READERS = frozenset(ALL - {Role.BEHEERDER, Role.FG, Role.PUBLIEK, Role.INFORMATIEBEVEILIGER})
SECURITY = frozenset({Role.INFORMATIEBEVEILIGER})  # issue 19: the security group (cyber)
# --- undermining (issue 22) ---
UNDERMINING_READERS = frozenset(ALL - {Role.BEHEERDER, Role.FG, Role.PUBLIEK, Role.INFORMATIEBEVEILIGER})
UNDERMINING_SIGNALS = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR})
# publicorder (issue 17): readers, editors (notices, events, cameras), youth-group roles, tension-signal roles
PO_READERS = frozenset(ALL - {Role.BEHEERDER, Role.FG, Role.PUBLIEK, Role.INFORMATIEBEVEILIGER})
PO_EDITORS = frozenset({Role.BELEIDSADVISEUR, Role.BESTUUR})
PO_YOUTH = frozenset({Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR})
PO_SIGNALS = frozenset({Role.BELEIDSADVISEUR, Role.KETENPARTNER})
WIJKKAART_ROLES = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR})  # issue 20

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
        frozenset({Role.PUBLIEK}),  # issue 15: every other role has a second factor (and so a device here)
    ),
    # OpenID Connect log-in: 404 while not configured (the default); see test_oidc.py for the configured flow
    "accounts:oidc-login": ("/inloggen/organisatie/", NONE),
    "accounts:oidc-callback": ("/inloggen/organisatie/terug/", NONE),
    "accounts:read-review": ("/privacy/inzage/", frozenset({Role.FG})),
    "accounts:processing-register": ("/privacy/verwerkingsregister/", frozenset({Role.FG, Role.BEHEERDER})),
    "accounts:processing-register-export": (
        "/privacy/verwerkingsregister.csv",
        frozenset({Role.FG, Role.BEHEERDER}),
    ),
    "admin:*": ("/django-admin/", NONE),  # issue 21: superusers only (none of the roles)
    "api-root": ("/api/", ALL),
    "api-schema": ("/api/schema/", ALL | {ANON}),  # the OpenAPI description is public; it holds no data
    "area-list": ("/api/areas/", ALL),
    "area-detail": ("/api/areas/{area}/", ALL),
    # frameworks (issue: framework module)
    "frameworks:framework": ("/kader/", PROGRAMME_READERS),
    "frameworks:versions": ("/kader/versies/", PROGRAMME_READERS),
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
    "reports:job": ("/rapportage/taak/999999/", NONE),  # issue 15: a report job; 404 with a missing id
    "reports:download": ("/rapportage/999999/download/", NONE),
    # --- cases (issue 16) ---
    "cases:list": ("/casussen/", frozenset({Role.PROCESREGISSEUR, Role.KETENPARTNER})),
    "cases:triage": ("/casussen/triage/", frozenset({Role.PROCESREGISSEUR})),
    "cases:create": ("/casussen/nieuw/", frozenset({Role.PROCESREGISSEUR})),
    "cases:figures": (
        "/casussen/cijfers/", frozenset({Role.BESTUUR, Role.ANALIST, Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR})
    ),
    "cases:inzage": ("/casussen/inzage/", frozenset({Role.FG})),
    "cases:topx": ("/casussen/top-x/", frozenset({Role.PROCESREGISSEUR})),
    "cases:case": ("/casussen/999999/", NONE),
    "case-list": ("/api/cases/", ALL),  # an empty list for roles without cases (need-to-know)
    "case-detail": ("/api/cases/999999/", NONE),
    "case-transition": ("/api/cases/999999/transition/", NONE),
    "known-check-list": ("/api/known-checks/", NONE),  # POST only
    "disclosure-list": ("/api/disclosures/", ALL),  # an empty list for everyone but the procesregisseur
    "disclosure-detail": ("/api/disclosures/999999/", NONE),
    # --- cases (issue 16) --- partner inbox, algorithm register
    "cases:known-checks": ("/casussen/bekendheidsvragen/", frozenset({Role.KETENPARTNER})),
    "cases:algoritmeregister": (
        "/casussen/top-x/algoritmeregister/",
        frozenset({Role.BESTUUR, Role.ANALIST, Role.BELEIDSADVISEUR, Role.PROCESREGISSEUR, Role.FG}),
    ),
    # --- cyber (issue 19) ---: need to know, 404 outside the security group (the FG: breaches; the overview:
    # aggregates for bestuur and beleidsadviseur too). Object routes with id 0 (never exists); cyber/tests tries
    # real objects of another gemeente.
    "cyber:overview": ("/cyber/", SECURITY | {Role.FG, Role.BESTUUR, Role.BELEIDSADVISEUR}),
    "cyber:incidents": ("/cyber/incidenten/", SECURITY | {Role.FG}),
    "cyber:incident-create": ("/cyber/incidenten/nieuw/", SECURITY),
    "cyber:incident": ("/cyber/incidenten/0/", NONE),
    "cyber:monthly": ("/cyber/maandrapportage/", SECURITY),
    "cyber:ensia": ("/cyber/ensia/", SECURITY),
    "cyber:preparation": ("/cyber/crisisplan/", SECURITY),
    "cyber:exercise": ("/cyber/oefeningen/0/", NONE),
    "cyber:campaigns": ("/cyber/bewustwording/", SECURITY),
    "cyber-incident-list": ("/api/cyber-incidents/", SECURITY | {Role.FG}),
    "cyber-incident-detail": ("/api/cyber-incidents/0/", NONE),
    "exercise-list": ("/api/exercises/", SECURITY),
    "exercise-detail": ("/api/exercises/0/", NONE),
    "awareness-campaign-list": ("/api/awareness-campaigns/", SECURITY),
    "awareness-campaign-detail": ("/api/awareness-campaigns/0/", NONE),
    # --- undermining (issue 22) ---; object routes with a missing id (888888: tested with real objects, including
    # another gemeente's, in undermining/tests/test_views.py)
    "undermining:index": ("/ondermijning/", UNDERMINING_READERS),
    "undermining:signals": ("/ondermijning/signalen/", UNDERMINING_SIGNALS),
    "undermining:signal": ("/ondermijning/signalen/888888/", NONE),
    "undermining:dossiers": ("/ondermijning/dossiers/", UNDERMINING_READERS),
    "undermining:dossier": ("/ondermijning/dossiers/888888/", NONE),
    "undermining:network": ("/ondermijning/dossiers/888888/netwerk/", NONE),
    "undermining:export": ("/ondermijning/dossiers/888888/ftm.json", NONE),
    "undermining:bibob-list": ("/ondermijning/bibob/", frozenset({Role.BELEIDSADVISEUR, Role.BESTUUR})),
    "undermining:bibob": ("/ondermijning/bibob/888888/", NONE),
    "undermining:barriers": ("/ondermijning/barrieres/", UNDERMINING_READERS),
    "undermining:barrier": ("/ondermijning/barrieres/888888/", NONE),
    "undermining-signal-list": ("/api/undermining-signals/", ALL),  # empty for roles without the right
    "undermining-signal-detail": ("/api/undermining-signals/888888/", NONE),
    "bibob-dossier-list": ("/api/bibob-dossiers/", ALL),
    "bibob-dossier-detail": ("/api/bibob-dossiers/888888/", NONE),
    "entity-list": ("/api/entities/", ALL),  # only the networks of the caller's dossier teams
    "entity-detail": ("/api/entities/vb-missing/", NONE),
    # --- api docs (issue 21) ---
    "api-docs": ("/api/docs/", ALL | {ANON}),  # the partner developers' introduction; holds no data
    # --- publicorder (issue 17) ---
    "publicorder:week": ("/openbare-orde/", PO_READERS),
    "publicorder:calendar": ("/openbare-orde/kalender/", PO_READERS),
    "publicorder:demonstrations": ("/openbare-orde/kennisgevingen/", PO_READERS),
    "publicorder:demonstration-new": ("/openbare-orde/kennisgevingen/nieuw/", PO_EDITORS),
    "publicorder:demonstration": ("/openbare-orde/kennisgevingen/999999/", NONE),
    "publicorder:events": ("/openbare-orde/evenementen/", PO_READERS),
    "publicorder:event-new": ("/openbare-orde/evenementen/nieuw/", PO_EDITORS),
    "publicorder:event": ("/openbare-orde/evenementen/999999/", NONE),
    "publicorder:cameras": ("/openbare-orde/cameratoezicht/", PO_READERS),
    "publicorder:camera-new": ("/openbare-orde/cameratoezicht/nieuw/", PO_EDITORS),
    "publicorder:signals": ("/openbare-orde/spanningen/", PO_READERS),
    "publicorder:youth-groups": ("/openbare-orde/jeugdgroepen/", PO_READERS),
    "publicorder:youth-group-new": ("/openbare-orde/jeugdgroepen/nieuw/", PO_YOUTH),
    "publicorder:youth-group": ("/openbare-orde/jeugdgroepen/999999/", NONE),
    "publicorder:name-list": ("/openbare-orde/jeugdgroepen/999999/namenlijst/", NONE),
    "publicorder:operations": ("/openbare-orde/operaties/", PO_READERS),
    "publicorder:operation-new": ("/openbare-orde/operaties/nieuw/", PO_EDITORS),
    "publicorder:operation": ("/openbare-orde/operaties/999999/", NONE),
    "publicorder:map": ("/openbare-orde/kaart/", PO_READERS),
    "publicorder:map-geojson": ("/openbare-orde/kaart.geojson", PO_READERS),
    "publicorder:indicators": ("/openbare-orde/indicatoren/", PO_READERS),
    "demonstration-list": ("/api/demonstrations/", ALL),  # other roles get an empty list
    "demonstration-detail": ("/api/demonstrations/999999/", NONE),
    "event-list": ("/api/events/", ALL),
    "event-detail": ("/api/events/999999/", NONE),
    "camera-designation-list": ("/api/camera-designations/", ALL),
    "camera-designation-detail": ("/api/camera-designations/999999/", NONE),
    "tension-signal-list": ("/api/tension-signals/", ALL),
    "tension-signal-detail": ("/api/tension-signals/999999/", NONE),
    "youth-group-list": ("/api/youth-groups/", ALL),
    "youth-group-detail": ("/api/youth-groups/999999/", NONE),
    # --- alerts (issue 20) ---
    "dashboard:alert-follow-up": ("/signalen/888888/opvolging/", NONE),  # POST only; 888888: tried with a real
    # foreign alert in OBJECT_ROUTES, outside the count of 999999 routes
    # --- public (issue 20) ---: no log-in; GM0999 has its public pages on here (area_pk) but no run yet, so
    # the overview says so and the figure routes are 404 (public/tests try them with a run, and when off)
    "public:overview": ("/openbaar/GM0999/", ALL | {ANON}),
    "public:wijk": ("/openbaar/GM0999/wijk/WK099900/", NONE),
    "public:report": ("/openbaar/GM0999/rapport/", NONE),
    "public:opendata-csv": ("/openbaar/GM0999/indicatoren.csv", NONE),
    "public:opendata-json": ("/openbaar/GM0999/indicatoren.json", NONE),
    "public:metadata": ("/openbaar/GM0999/metadata.json", NONE),
    "public:module-csv": ("/openbaar/GM0999/module-indicatoren.csv", NONE),
    "public:module-json": ("/openbaar/GM0999/module-indicatoren.json", NONE),
    # --- wijkkaart (issue 20) ---: the driehoek and up; the PDF is POST only; an unknown group is a 404
    "reports:wijkkaart": ("/rapportage/wijkkaart/WK099900/", WIJKKAART_ROLES),
    "reports:wijkkaart-pdf": ("/rapportage/wijkkaart/WK099900/pdf/", NONE),
    "reports:wijkkaart-group": ("/rapportage/wijkkaart/GM0999/groep/onbekend/", NONE),
    "reports:wijkkaart-group-pdf": ("/rapportage/wijkkaart/GM0999/groep/onbekend/pdf/", NONE),
    # --- beheer (issue 21) ---
    "beheer:accounts": ("/beheer/", frozenset({Role.BEHEERDER})),
    "beheer:account-create": ("/beheer/accounts/nieuw/", frozenset({Role.BEHEERDER})),
    "beheer:account": ("/beheer/accounts/999999/", NONE),
    "beheer:token-create": ("/beheer/accounts/999999/token/", NONE),
    "beheer:tokens": ("/beheer/tokens/", frozenset({Role.BEHEERDER})),
    "beheer:token-revoke": ("/beheer/tokens/999999/intrekken/", NONE),  # POST only
    "beheer:retention": ("/beheer/bewaartermijnen/", frozenset({Role.BEHEERDER})),
    "beheer:organisations": ("/beheer/organisaties/", frozenset({Role.BEHEERDER})),
    "beheer:themes": ("/beheer/themas/", frozenset({Role.BEHEERDER})),
    "beheer:public": ("/beheer/openbaar/", frozenset({Role.BEHEERDER})),
    # --- beheer (issue 21) --- items 1 and 2: the area register upload, framework changes by form
    "beheer:areas": ("/beheer/gebieden/", frozenset({Role.BEHEERDER})),
    "beheer:framework": ("/beheer/kader/", frozenset({Role.BEHEERDER})),
    "beheer:framework-change": ("/beheer/kader/wijzigen/", frozenset({Role.BEHEERDER})),
    # --- ondermijning (issue 18) ---: object routes with a missing id (tested with real objects, team and
    # gemeente, in undermining/tests/test_working_screens.py)
    "undermining:bibob-new": ("/ondermijning/bibob/nieuw/", frozenset({Role.BELEIDSADVISEUR})),
    "undermining:dossier-links": ("/ondermijning/dossiers/888888/koppelingen/", NONE),
    "undermining:barrier-links": ("/ondermijning/barrieres/maatregelen/888888/koppelingen/", NONE),
    "undermining:vulnerability": ("/ondermijning/kwetsbaarheid/", UNDERMINING_READERS),
    # --- po (issue 17) ---: the monitored topics, aggregates under disclosure control like the other dashboard pages
    "dashboard:monitored": ("/gemonitord/", ALL),
    # --- ui (issue 21) ---: the map's area search, for every role that sees the map (no run here: no matches)
    "dashboard:area-search": ("/kaart/GM0999/zoeken/?q=Wijk", ALL),
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
    from veiligheidsbeeld.public.services import set_public  # --- public (issue 20) ---

    set_public(small_gemeente, True)
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
    for path in ["/gebieden/WK099800/", "/kaart/GM0998.geojson", "/api/areas/{}/".format(foreign.pk),
                 "/kaart/GM0998/zoeken/?q=Buurwijk"]:  # --- ui (issue 21) ---
        response = client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert b"Buurwijk" not in response.content
    listing = client.get("/api/areas/").content
    assert b"WK099800" not in listing and b"WK099900" in listing


# -- State-changing requests: every route x every role for POST forms and API POST/PUT/PATCH/DELETE ----------------
#
# Every route is in exactly one of WRITES (its state-changing requests, with the roles allowed to make them),
# READ_ONLY (no state-changing request; a POST by any role changes nothing) or AUTHENTICATION (log-in, log-out,
# second factor and OpenID Connect: the user's own session, tested in test_login.py and test_oidc.py). For DRF
# views and class-based views the write methods are read from the view itself, so a new POST/PUT/PATCH/DELETE
# handler without its row fails too. Allowed means the request reached the view and was handled (200, 201, or a
# redirect that is not to a log-in page); denied means 302 to a log-in page, 401, 403, 404 or 405, never a 5xx,
# and nothing changed in the database (the contents of every table hashed; no audit event).

WRITE_METHODS = ("post", "put", "patch", "delete")
ANALYSTS = frozenset({Role.ANALIST})  # accounts.run_analysis / import_registrations on their gemeente
EDITORS = frozenset({Role.BELEIDSADVISEUR})  # programmes.change_programme, frameworks change
REPORT_MAKERS = frozenset({Role.ANALIST, Role.BELEIDSADVISEUR, Role.BESTUUR})  # reports.generate_report (bestuur: issue 20)


class Write:
    """One state-changing request: method, path (``{alert}``, ``{measure}``, ``{batch}``, ``{row}`` filled in),
    the roles allowed to make it, and its body (a dict, or a function of the fixture objects; JSON for the API)."""

    def __init__(self, method, path, allowed, data=None, *, json=False):
        self.method, self.path, self.allowed, self.data, self.json = method, path, frozenset(allowed), data, json

    def body(self, objects):
        return self.data(objects) if callable(self.data) else dict(self.data or {})


def _measure_body(objects):
    body = {k: v for k, v in objects["measure_json"].items() if k not in ("id", "status")}
    return {**body, "title": "Matrix: a new measure"}


def _registration_body(objects):
    record = {"source_ref": "matrix-1", "category": "woninginbraak", "date": "2024-11-03", "area": "BU09990000"}
    return {"gemeente": "GM0999", "source_system": "matrix", "registrations": [record]}


WRITES: dict[str, list[Write]] = {
    "dashboard:alert-status": [
        Write("post", "/signalen/{alert}/status/", ANALYSTS, {"status": "bekeken", "note": "matrix"})
    ],
    "registrations:import": [Write("post", "/registraties/import/", ANALYSTS, {})],  # empty form: 200 for analysts
    "registrations:resubmit": [
        Write("post", "/registraties/import/{batch}/rij/{row}/", ANALYSTS, lambda o: o["corrected_row"])
    ],
    "programmes:measure-create": [Write("post", "/programma/maatregelen/nieuw/", EDITORS, {})],
    "programmes:measure": [
        Write("post", "/programma/maatregelen/{measure}/", EDITORS, {"form": "status", "status": "lopend"})
    ],
    "programmes:measure-edit": [Write("post", "/programma/maatregelen/{measure}/bewerken/", EDITORS, {})],
    "frameworks:change": [Write("post", "/kader/wijzigen/", EDITORS, {})],
    "reports:generate": [Write("post", "/rapportage/genereren/", REPORT_MAKERS, {})],
    "measure-list": [Write("post", "/api/measures/", EDITORS, _measure_body, json=True)],
    "measure-detail": [
        Write("put", "/api/measures/{measure}/", EDITORS, _measure_body, json=True),
        Write("patch", "/api/measures/{measure}/", EDITORS, {"title": "Matrix: renamed"}, json=True),
    ],
    "measure-transition": [
        Write("post", "/api/measures/{measure}/transition/", EDITORS, {"status": "gestopt", "note": "matrix"},
          json=True)  # gepland (the fixture) or lopend (after the page's status form) -> gestopt
    ],
    "budget-list": [
        Write("post", "/api/budgets/", EDITORS,
              lambda o: {"measure": o["measure"], "year": 2031, "source": o["budget_source"], "planned": "1000.00",
                         "spent": "0.00"}, json=True)
    ],
    "kpi-list": [
        Write("post", "/api/kpis/", EDITORS,
              lambda o: {k: v for k, v in o["kpi_json"].items() if k not in ("id", "values", "progress")}
              | {"title": "Matrix: a new KPI"}, json=True)
    ],
    "api/registrations/": [Write("post", "/api/registrations/", ANALYSTS, _registration_body, json=True)],
    # Django's admin: staff only, and the beheerder holds no model permissions of django.contrib.auth
    "admin:*": [Write("post", "/django-admin/auth/user/add/", NONE, {"username": "matrix", "password1": "x"})],
    # --- cases (issue 16) ---
    "cases:create": [Write("post", "/casussen/nieuw/", {Role.PROCESREGISSEUR}, {})],  # empty form: 200
    "cases:case": [Write("post", "/casussen/{case}/", {Role.PROCESREGISSEUR},
                         {"form": "escalation", "escalation": "tactisch"})],
    "cases:inzage": [Write("post", "/casussen/inzage/", {Role.FG}, {"bsn": "999990019"})],
    "cases:topx": [Write("post", "/casussen/top-x/", {Role.PROCESREGISSEUR},
                         {"form": "criteria", "rules": "matrix", "peildatum": "2026-12-01", "review_months": 6})],
    "case-list": [Write("post", "/api/cases/", {Role.PROCESREGISSEUR},
                        lambda o: {"gemeente": "GM0999", "case_type": "top_x", "reporter": o["case_reporter"]},
                        json=True)],
    "case-transition": [Write("post", "/api/cases/{case}/transition/", {Role.PROCESREGISSEUR},
                              {"status": "triage"}, json=True)],
    "known-check-list": [Write("post", "/api/known-checks/", {Role.PROCESREGISSEUR, Role.KETENPARTNER},
                               {"bsn": "999990019"}, json=True)],
    "disclosure-list": [Write("post", "/api/disclosures/", {Role.PROCESREGISSEUR},
                              lambda o: {"case": o["case"], "bsn": "999990019", "to_organisation": o["case_reporter"],
                                         "category": "gewoon", "legal_basis": "WGS art. 2.7", "purpose": "matrix"},
                              json=True)],
    # --- cases (issue 16) --- the partner answers a question asked of its organisation (a 404 for others)
    "cases:known-checks": [Write("post", "/casussen/bekendheidsvragen/", {Role.KETENPARTNER}, {})],  # empty: 302
    # --- cyber (issue 19) ---: empty or invalid forms (200 for the security group); object routes with id 0
    "cyber:incident-create": [Write("post", "/cyber/incidenten/nieuw/", SECURITY, {})],
    "cyber:incident": [Write("post", "/cyber/incidenten/0/", NONE, {"form": "status", "status": "closed"})],
    "cyber:preparation": [Write("post", "/cyber/crisisplan/", SECURITY, {"form": "plan"})],
    "cyber:exercise": [Write("post", "/cyber/oefeningen/0/", NONE, {"form": "done", "action": "1"})],
    "cyber:campaigns": [Write("post", "/cyber/bewustwording/", SECURITY, {})],
    # --- undermining (issue 22) ---
    "undermining:signals": [Write("post", "/ondermijning/signalen/", UNDERMINING_SIGNALS, {})],  # empty form: 200
    "undermining:signal": [Write("post", "/ondermijning/signalen/888888/", NONE, {"status": "gewogen"})],
    "undermining:dossiers": [Write("post", "/ondermijning/dossiers/", {Role.BELEIDSADVISEUR}, {})],
    "undermining:dossier": [Write("post", "/ondermijning/dossiers/888888/", NONE, {"form": "intervention"})],
    "undermining:bibob": [Write("post", "/ondermijning/bibob/888888/", NONE, {"form": "step"})],
    "undermining:barriers": [Write("post", "/ondermijning/barrieres/", {Role.BELEIDSADVISEUR}, {})],
    "undermining:barrier": [Write("post", "/ondermijning/barrieres/888888/", NONE, {"measure": "x"})],
    "undermining-signal-list": [
        Write("post", "/api/undermining-signals/", UNDERMINING_SIGNALS,
              {"source": "matrix", "received_on": "2026-11-02", "theme": "drugs"}, json=True)
    ],
    # --- publicorder (issue 17) ---
    "publicorder:demonstration-new": [Write("post", "/openbare-orde/kennisgevingen/nieuw/", PO_EDITORS, {})],
    "publicorder:demonstration": [
        Write("post", "/openbare-orde/kennisgevingen/{po_demonstration}/", PO_EDITORS,
              {"form": "decision", "kind": "voorschrift", "ground": "traffic", "content": "matrix"})
    ],
    "publicorder:event-new": [Write("post", "/openbare-orde/evenementen/nieuw/", PO_EDITORS, {})],
    "publicorder:event": [
        Write("post", "/openbare-orde/evenementen/{po_event}/", PO_EDITORS,
              {"form": "evaluate", "incidents": 0, "evaluation": "matrix"})
    ],
    "publicorder:cameras": [
        Write("post", "/openbare-orde/cameratoezicht/", PO_EDITORS,
              lambda o: {"form": "evaluation", "designation": o["po_camera"], "evaluation": "matrix"})
    ],
    "publicorder:camera-new": [Write("post", "/openbare-orde/cameratoezicht/nieuw/", PO_EDITORS, {})],
    "publicorder:signals": [Write("post", "/openbare-orde/spanningen/", PO_SIGNALS, {})],
    "publicorder:operation-new": [Write("post", "/openbare-orde/operaties/nieuw/", PO_EDITORS, {})],
    "publicorder:operation": [
        Write("post", "/openbare-orde/operaties/{po_operation}/", PO_EDITORS, {"form": "evaluation", "evaluation": "x"})
    ],
    "publicorder:youth-group-new": [Write("post", "/openbare-orde/jeugdgroepen/nieuw/", PO_YOUTH, {})],
    "publicorder:youth-group": [
        Write("post", "/openbare-orde/jeugdgroepen/{po_group}/", PO_YOUTH, {"form": "step", "step": "2A"})
    ],
    "publicorder:name-list": [
        Write("post", "/openbare-orde/jeugdgroepen/{po_group_2b}/namenlijst/", frozenset({Role.PROCESREGISSEUR}),
              {"form": "read", "purpose": "matrix"})
    ],
    "demonstration-list": [
        Write("post", "/api/demonstrations/", PO_EDITORS,
              lambda o: {"gemeente_code": o["po_gemeente"], "kind": "betoging", "received_at": "2026-12-01T10:00:00Z",
                         "starts_at": "2026-12-09T13:00:00Z", "ends_at": "2026-12-09T15:00:00Z",
                         "place": "Matrix API"}, json=True)
    ],
    "tension-signal-list": [
        Write("post", "/api/tension-signals/", PO_SIGNALS,
              lambda o: {"gemeente_code": o["po_gemeente"], "received_on": "2026-12-01", "source_type": "online",
                         "wijk": o["po_wijk"], "theme": "polarisatie", "phase": "latent", "urgency": "low",
                         "summary": "matrix"}, json=True)
    ],
    # --- alerts (issue 20) ---: the write objects' alert is assigned to no organisation, so a ketenpartner is
    # refused its status too (dashboard:alert-status above); dashboard/tests/test_alert_follow_up.py has the rest
    "dashboard:alert-follow-up": [
        Write("post", "/signalen/{alert}/opvolging/", ANALYSTS, {"due_date": "2025-01-31", "note": "matrix"})
    ],
    # --- wijkkaart (issue 20) ---
    "reports:wijkkaart-pdf": [Write("post", "/rapportage/wijkkaart/WK099900/pdf/", WIJKKAART_ROLES, {})],
    "reports:wijkkaart-group-pdf": [Write("post", "/rapportage/wijkkaart/GM0999/groep/onbekend/pdf/", NONE, {})],
    # --- beheer (issue 21) ---
    "beheer:account-create": [Write("post", "/beheer/accounts/nieuw/", {Role.BEHEERDER}, {})],  # empty form: 200
    "beheer:account": [Write("post", "/beheer/accounts/{beheer_account}/", {Role.BEHEERDER}, {"action": "enrol"})],
    "beheer:token-create": [Write("post", "/beheer/accounts/{beheer_account}/token/", {Role.BEHEERDER}, {})],
    "beheer:token-revoke": [Write("post", "/beheer/tokens/{beheer_token}/intrekken/", {Role.BEHEERDER}, {})],
    "beheer:retention": [
        Write("post", "/beheer/bewaartermijnen/", {Role.BEHEERDER}, {"category": "uploads", "days": "400"})
    ],
    "beheer:organisations": [Write("post", "/beheer/organisaties/", {Role.BEHEERDER}, {})],  # empty form: 200
    "beheer:public": [Write("post", "/beheer/openbaar/", {Role.BEHEERDER}, {"gemeente": "GM0999", "enabled": "1"})],
    # --- beheer (issue 21) --- items 1 and 2: empty forms (200 for the beheerder, nothing stored)
    "beheer:areas": [Write("post", "/beheer/gebieden/", {Role.BEHEERDER}, {})],
    "beheer:framework-change": [Write("post", "/beheer/kader/wijzigen/", {Role.BEHEERDER}, {})],
    # --- ondermijning (issue 18) ---
    "undermining:bibob-new": [Write("post", "/ondermijning/bibob/nieuw/", {Role.BELEIDSADVISEUR}, {})],  # empty: 200
    "undermining:dossier-links": [
        Write("post", "/ondermijning/dossiers/888888/koppelingen/", NONE, {"form": "signal"})
    ],
    "undermining:barrier-links": [Write("post", "/ondermijning/barrieres/maatregelen/888888/koppelingen/", NONE, {})],
}

AUTHENTICATION = frozenset(
    {"login", "logout", "accounts:otp-verify", "accounts:otp-setup", "accounts:oidc-login", "accounts:oidc-callback"}
)

READ_ONLY = frozenset(
    {
        "dashboard:overview", "dashboard:area-profile", "dashboard:map-geojson", "dashboard:priority",
        "dashboard:alerts", "dashboard:alert", "dashboard:runs", "dashboard:export-csv",
        "accounts:read-review", "accounts:processing-register", "accounts:processing-register-export",
        "api-root", "api-schema", "area-list", "area-detail",
        "frameworks:framework", "frameworks:versions",
        "registrations:browse", "registrations:batch",
        "programmes:programme", "programmes:budgets", "programmes:estimate",
        "budget-detail", "kpi-detail",
        "analysis-run-list", "analysis-run-detail", "alert-list", "alert-detail", "hot-spot-list",
        "hot-spot-detail", "trend-list", "trend-detail",
        "reports:list", "reports:download", "reports:job",
        # --- cases (issue 16) ---
        "cases:list", "cases:triage", "cases:figures", "case-detail", "disclosure-detail",
        "cases:algoritmeregister",
        # --- cyber (issue 19) ---
        "cyber:overview", "cyber:incidents", "cyber:monthly", "cyber:ensia", "cyber-incident-list",
        "cyber-incident-detail", "exercise-list", "exercise-detail", "awareness-campaign-list",
        "awareness-campaign-detail",
        # --- undermining (issue 22) ---
        "undermining:index", "undermining:network", "undermining:export", "undermining:bibob-list",
        "undermining-signal-detail", "bibob-dossier-list", "bibob-dossier-detail", "entity-list", "entity-detail",
        # --- api docs (issue 21) ---
        "api-docs",
        # --- publicorder (issue 17) ---
        "publicorder:week", "publicorder:calendar", "publicorder:demonstrations", "publicorder:events",
        "publicorder:youth-groups", "publicorder:operations", "publicorder:map", "publicorder:map-geojson", "publicorder:indicators",
        "demonstration-detail", "event-list", "event-detail", "camera-designation-list",
        "camera-designation-detail", "tension-signal-detail", "youth-group-list", "youth-group-detail",
        # --- public (issue 20) ---
        "public:overview", "public:wijk", "public:report", "public:opendata-csv", "public:opendata-json",
        "public:metadata", "public:module-csv", "public:module-json",
        # --- wijkkaart (issue 20) ---
        "reports:wijkkaart", "reports:wijkkaart-group",
        # --- beheer (issue 21) ---
        "beheer:accounts", "beheer:tokens", "beheer:themes",
        "beheer:framework",  # --- beheer (issue 21) --- item 2: the versions with their decisions
        # --- ondermijning (issue 18) ---
        "undermining:vulnerability",
        # --- po (issue 17) ---
        "dashboard:monitored",
        # --- ui (issue 21) ---
        "dashboard:area-search",
    }
)


def _declared_write_methods() -> dict[str, set[str] | None]:
    """Route name -> the write methods its view declares (``None`` for function views, which do not say)."""
    declared: dict[str, set[str] | None] = {}

    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (pattern.namespace + ":" if pattern.namespace else "")
                if inner != "admin:":
                    walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
                continue
            name = namespace + pattern.name if pattern.name else prefix + str(pattern.pattern)
            callback = pattern.callback
            view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            if getattr(callback, "actions", None):
                methods = {m for m in callback.actions if m in WRITE_METHODS}
            elif view is not None:
                allowed = set(getattr(view, "http_method_names", WRITE_METHODS))
                methods = {m for m in WRITE_METHODS if m in allowed and hasattr(view, m)}
                if hasattr(view, "form_class") or name == "login":
                    methods &= {"post"}  # FormView's put only calls post
            else:
                methods = None
            if name in declared and declared[name] is not None and methods is not None:
                methods |= declared[name]
            declared[name] = methods

    walk(get_resolver().url_patterns)
    return declared


def test_every_route_has_a_write_entry():
    routes = set(_route_names(get_resolver().url_patterns))
    listed = [set(WRITES), set(READ_ONLY), set(AUTHENTICATION)]
    assert not (listed[0] & listed[1] | listed[0] & listed[2] | listed[1] & listed[2]), "a route is listed twice"
    covered = set().union(*listed)
    assert not routes - covered, "add these routes to WRITES, READ_ONLY or AUTHENTICATION: {}".format(
        sorted(routes - covered)
    )
    assert not covered - routes, "remove routes that no longer exist: {}".format(sorted(covered - routes))
    for name, methods in _declared_write_methods().items():
        if methods is None or name in AUTHENTICATION:
            continue
        tested = {w.method for w in WRITES.get(name, [])}
        assert methods == tested, "{} handles {} but the matrix tests {}".format(
            name, sorted(methods), sorted(tested)
        )


@pytest.fixture
def write_objects(small_gemeente, make_user, client):
    """An alert, a measure with a budget and KPI, and a quarantined row, all of GM0999 (the accounts' gemeente)."""
    from conftest import analysed_with_programme
    from veiligheidsbeeld.analyses.models import Alert
    from veiligheidsbeeld.programmes.models import Budget, Kpi, Measure
    from veiligheidsbeeld.registrations import services
    from veiligheidsbeeld.registrations.importers import REGISTRY

    analysed_with_programme(small_gemeente)
    importer = REGISTRY["api"](gemeente=small_gemeente, source_system="matrix")
    bad = {"source_ref": "bad-1", "category": "woninginbraak", "date": "2024-11-03", "area": "BU00000000"}
    outcome = services.run_records(importer, [bad], user=None, organisation=None, label="matrix")
    row = outcome.batch.rejected_rows.get()
    measure = Measure.objects.filter(gemeente=small_gemeente, status="gepland").order_by("pk").first()
    kpi = Kpi.objects.filter(gemeente=small_gemeente).order_by("pk").first()
    reader = make_user(Role.BELEIDSADVISEUR, username="matrix-reader")
    client.force_login(reader)
    objects = {
        "alert": Alert.objects.filter(gemeente=small_gemeente).order_by("pk").first().pk,
        "measure": measure.pk,
        "measure_json": client.get("/api/measures/{}/".format(measure.pk)).json(),
        "kpi_json": client.get("/api/kpis/{}/".format(kpi.pk)).json(),
        "budget_source": Budget.objects.filter(measure=measure).first().source,
        "batch": outcome.batch.pk,
        "row": row.pk,
        "corrected_row": {"veld-" + key: value for key, value in {**row.raw, "area": "BU09990000"}.items()},
    }
    objects.update(publicorder_objects(small_gemeente))  # publicorder (issue 17)
    objects.update(_case_objects(small_gemeente))  # cases (issue 16)
    objects.update(_beheer_objects(reader, small_gemeente))  # beheer (issue 21)
    client.logout()
    return objects


def _beheer_objects(account, gemeente) -> dict:
    """beheer (issue 21): an account of ``gemeente`` and an API token of it."""
    from veiligheidsbeeld.accounts.services import create_api_token

    token, _plaintext = create_api_token(user=account, name="matrix", scopes=["area:read"], gemeenten=[gemeente])
    return {"beheer_account": account.pk, "beheer_token": token.pk}


def _case_objects(gemeente) -> dict:
    """cases (issue 16): a case of ``gemeente`` with a person (test BSN) and a disclosure, and an organisation."""
    from veiligheidsbeeld.cases import services
    from veiligheidsbeeld.core.models import Organisation

    reporter = Organisation.objects.create(name="Politie {}".format(gemeente.code), kind="politie")
    reporter.gemeenten.add(gemeente)
    case = services.register_case(gemeente, case_type="complexe_casus", reporter=reporter, actor=None)
    person = services.add_person(case, bsn="999990019", name="Matrix Fictief", role="hoofdbetrokkene",
                                 informed=True, actor=None)
    disclosure = services.record_disclosure(
        gemeente=gemeente, case=case, pseudonym_=person.pseudonym, from_organisation=reporter,
        to_organisation=reporter, category="gewoon", legal_basis="WGS", purpose="matrix", actor=None)
    check = services.ask_known_check(case, person, reporter, actor=None)  # open, in the reporter's inbox
    return {"case": case.pk, "case_reporter": reporter.pk, "disclosure": disclosure.pk, "known_check": check.pk}


def _fingerprint() -> dict[str, str]:
    """The contents of every table (sessions and lock-out bookkeeping aside), hashed per table: an insert, a delete
    or an update of any field anywhere shows (conftest.table_fingerprint)."""
    from conftest import table_fingerprint

    return table_fingerprint()


def _send(client, write, objects):
    path = write.path.format(**objects)
    body = write.body(objects)
    if write.json:
        import json

        return getattr(client, write.method)(path, json.dumps(body), content_type="application/json")
    if write.method == "post":
        return client.post(path, body)
    from urllib.parse import urlencode

    return getattr(client, write.method)(path, urlencode(body), content_type="application/x-www-form-urlencoded")


def _to_login(response) -> bool:
    return response.status_code == 302 and "login" in response["Location"] or (
        response.status_code == 302 and response["Location"].startswith("/inloggen/")
    )


@pytest.mark.parametrize("who", sorted(Role.values) + [ANON])
def test_write_matrix(who, client, make_user, write_objects):
    from veiligheidsbeeld.core.models import AuditEvent

    if who != ANON:
        log_in(client, make_user(who))
    failures = []
    for name, writes in WRITES.items():
        for write in writes:
            before, events = _fingerprint(), AuditEvent.objects.count()
            response = _send(client, write, write_objects)
            label = "{} {} {}".format(name, write.method.upper(), write.path)
            assert response.status_code < 500, (label, who, response.status_code)
            if who in write.allowed:
                if response.status_code not in (200, 201, 302) or _to_login(response):
                    failures.append("{}: expected it handled, got {} {}".format(
                        label, response.status_code, response.content[:300]))
            else:
                if not (_to_login(response) or response.status_code in (401, 403, 404, 405)):
                    failures.append("{}: expected denial, got {}".format(label, response.status_code))
                if _fingerprint() != before or AuditEvent.objects.count() != events:
                    failures.append("{}: denied, yet the database changed".format(label))
    assert not failures, "\n".join(failures)


def test_allowed_writes_really_write(client, make_user, write_objects):
    """The allowed side is not vacuous: the editors' and analysts' valid requests change something (audited)."""
    from veiligheidsbeeld.core.models import AuditEvent

    for role in (Role.BELEIDSADVISEUR, Role.ANALIST):
        log_in(client, make_user(role))
        for name in ("measure-list", "measure-detail", "measure-transition", "budget-list", "kpi-list",
                     "dashboard:alert-status", "api/registrations/", "registrations:resubmit"):
            for write in WRITES[name]:
                if role not in write.allowed:
                    continue
                events = AuditEvent.objects.count()
                response = _send(client, write, write_objects)
                assert response.status_code in (200, 201, 302), (name, write.method, response.content[:300])
                assert AuditEvent.objects.count() > events, "{} {} wrote nothing".format(name, write.method)
        client.logout()


@pytest.mark.parametrize("who", [Role.ANALIST, Role.BEHEERDER, Role.PUBLIEK, ANON])
def test_read_only_routes_change_nothing_on_post(who, client, make_user, area_pk):
    from veiligheidsbeeld.core.models import AuditEvent

    if who != ANON:
        log_in(client, make_user(who))
    for name in sorted(READ_ONLY):
        path = MATRIX[name][0].format(area=area_pk)
        before, events = _fingerprint(), AuditEvent.objects.count()
        response = client.post(path, {"status": "bekeken", "title": "x"})
        assert response.status_code < 500, (name, who, response.status_code)
        assert response.status_code not in (201,), (name, who)
        assert _fingerprint() == before and AuditEvent.objects.count() == events, (name, who)


def test_api_tokens_need_the_write_scope(make_user, write_objects, small_gemeente):
    """A partner token with only read scopes is refused every API write (scopes: accounts.api.HasTokenScope)."""
    from rest_framework.test import APIClient

    from veiligheidsbeeld.accounts.services import create_api_token

    resources = ["area", "measure", "budget", "kpi", "analysis-run", "alert", "hot-spot", "trend", "registration"]
    tokens = {}
    api_roles = {r for ws in WRITES.values() for w in ws if w.path.startswith("/api/") for r in w.allowed}
    for role in sorted(api_roles):
        _row, tokens[role] = create_api_token(
            user=make_user(role), name="read only", scopes=["{}:read".format(r) for r in resources],
            gemeenten=[small_gemeente],
        )
    for role in (Role.PROCESREGISSEUR, Role.KETENPARTNER):  # cases (issue 16): their read scope only
        _row, tokens[role] = create_api_token(
            user=make_user(role), name="read only", scopes=["case:read"], gemeenten=[small_gemeente]
        )
    gaps = set()
    for name, writes in WRITES.items():
        for write in writes:
            if not write.path.startswith("/api/"):
                continue
            for role in sorted(write.allowed):
                client = APIClient()
                client.credentials(HTTP_AUTHORIZATION="Bearer {}".format(tokens[role]))
                response = _send(client, write, write_objects)
                assert response.status_code < 500, (name, response.status_code)
                if response.status_code != 403:
                    gaps.add(name)
    assert not gaps, "API writes that ignore token scopes: {}".format(sorted(gaps))


# -- Objects of another gemeente: every object route and every write, with the ids of real objects -----------------
#
# The routes above that take an id are requested with 999999 (404 for everyone). Here a second gemeente, GM0997
# "Verredorp", gets real objects of every kind (an analysis run with alerts, hot spots and trends; a programme with
# a measure, budget and KPI; an import batch with a quarantined row; a stored report), and every account of GM0999
# (each role) and the anonymous visitor tries every object route and every write with those ids. Each must be
# refused (log-in redirect, 400 for an id in the body, 401, 403, 404 or 405), show nothing of the object, and
# change nothing: the fingerprint of the contents of every table (conftest.table_fingerprint) stays the same.

FOREIGN_CODE = "GM0997"

#: Every object route: the path with the foreign object's id (or code).
OBJECT_ROUTES: dict[str, str] = {
    "dashboard:alert": "/signalen/{alert}/",
    "dashboard:alert-status": "/signalen/{alert}/status/",
    "registrations:batch": "/registraties/import/{batch}/",
    "registrations:resubmit": "/registraties/import/{batch}/rij/{row}/",
    "programmes:measure": "/programma/maatregelen/{measure}/",
    "programmes:measure-edit": "/programma/maatregelen/{measure}/bewerken/",
    "budget-detail": "/api/budgets/{budget}/",
    "kpi-detail": "/api/kpis/{kpi}/",
    "measure-detail": "/api/measures/{measure}/",
    "measure-transition": "/api/measures/{measure}/transition/",
    "analysis-run-detail": "/api/analysis-runs/{run}/",
    "alert-detail": "/api/alerts/{alert}/",
    "hot-spot-detail": "/api/hot-spots/{hot_spot}/",
    "trend-detail": "/api/trends/{trend}/",
    "reports:download": "/rapportage/{report}/download/",
    "reports:job": "/rapportage/taak/{job}/",
    "dashboard:area-profile": "/gebieden/WK099700/",
    "dashboard:map-geojson": "/kaart/GM0997.geojson",
    "area-detail": "/api/areas/{area}/",
    # --- publicorder (issue 17) ---
    "publicorder:demonstration": "/openbare-orde/kennisgevingen/{po_demonstration}/",
    "publicorder:event": "/openbare-orde/evenementen/{po_event}/",
    "publicorder:youth-group": "/openbare-orde/jeugdgroepen/{po_group}/",
    "publicorder:name-list": "/openbare-orde/jeugdgroepen/{po_group_2b}/namenlijst/",
    "demonstration-detail": "/api/demonstrations/{po_demonstration}/",
    "event-detail": "/api/events/{po_event}/",
    "camera-designation-detail": "/api/camera-designations/{po_camera}/",
    "youth-group-detail": "/api/youth-groups/{po_group}/",
    "tension-signal-detail": "/api/tension-signals/{po_signal}/",
    "publicorder:operation": "/openbare-orde/operaties/{po_operation}/",
    # --- cases (issue 16) ---
    "cases:case": "/casussen/{case}/",
    "case-detail": "/api/cases/{case}/",
    "case-transition": "/api/cases/{case}/transition/",
    "disclosure-detail": "/api/disclosures/{disclosure}/",
    # --- alerts (issue 20) ---
    "dashboard:alert-follow-up": "/signalen/{alert}/opvolging/",
    # --- wijkkaart (issue 20) ---
    "reports:wijkkaart": "/rapportage/wijkkaart/WK099700/",
    "reports:wijkkaart-group": "/rapportage/wijkkaart/GM0997/groep/noord/",
    # --- beheer (issue 21) ---
    "beheer:account": "/beheer/accounts/{beheer_account}/",
    "beheer:token-create": "/beheer/accounts/{beheer_account}/token/",
    "beheer:token-revoke": "/beheer/tokens/{beheer_token}/intrekken/",
}


def _foreign_measure_body(objects):
    body = {k: v for k, v in objects["measure_json"].items() if k not in ("id", "status")}
    return {**body, "title": "IDOR: a measure in another gemeente"}


def _foreign_measure_form(objects):
    return {k: "" if v is None else v for k, v in _foreign_measure_body(objects).items()}


def _foreign_registration_body(objects):
    record = {"source_ref": "idor-1", "category": "woninginbraak", "date": "2024-11-03", "area": "BU09970000"}
    return {"gemeente": FOREIGN_CODE, "source_system": "idor", "registrations": [record]}


#: Every write with the foreign ids: in the path, or in the body (then a 400 validation error is a refusal too).
FOREIGN_WRITES: list[Write] = [
    Write("post", "/signalen/{alert}/status/", NONE, {"status": "bekeken", "note": "idor"}),
    Write("post", "/registraties/import/{batch}/rij/{row}/", NONE, lambda o: o["corrected_row"]),
    Write("post", "/programma/maatregelen/{measure}/", NONE, {"form": "status", "status": "lopend"}),
    Write("post", "/programma/maatregelen/{measure}/", NONE,
          {"form": "budget", "year": 2031, "source": "gemeente", "planned": "1.00", "spent": "0.00"}),
    Write("post", "/programma/maatregelen/{measure}/bewerken/", NONE, _foreign_measure_form),
    Write("put", "/api/measures/{measure}/", NONE, _foreign_measure_body, json=True),
    Write("patch", "/api/measures/{measure}/", NONE, {"title": "IDOR: renamed"}, json=True),
    Write("delete", "/api/measures/{measure}/", NONE, {}, json=True),
    Write("post", "/api/measures/{measure}/transition/", NONE, {"status": "gestopt", "note": "idor"}, json=True),
    Write("post", "/api/measures/", NONE, _foreign_measure_body, json=True),
    Write("post", "/api/budgets/", NONE,
          lambda o: {"measure": o["measure"], "year": 2031, "source": o["budget_source"], "planned": "1000.00",
                     "spent": "0.00"}, json=True),
    Write("put", "/api/budgets/{budget}/", NONE, {"planned": "1.00", "spent": "0.00"}, json=True),
    Write("post", "/api/kpis/", NONE,
          lambda o: {k: v for k, v in o["kpi_json"].items() if k not in ("id", "values", "progress")}
          | {"title": "IDOR: a KPI in another gemeente"}, json=True),
    Write("patch", "/api/kpis/{kpi}/", NONE, {"title": "IDOR"}, json=True),
    Write("post", "/api/registrations/", NONE, _foreign_registration_body, json=True),
    Write("post", "/rapportage/genereren/", NONE, {"gemeente": FOREIGN_CODE, "format": "html"}),
    Write("post", "/rapportage/genereren/", NONE, lambda o: {"gemeente": o["gemeente"], "format": "html"}),
    Write("post", "/registraties/import/", NONE, lambda o: {"gemeente": o["gemeente"], "importer": "statline"}),
    # --- publicorder (issue 17) ---
    Write("post", "/openbare-orde/kennisgevingen/{po_demonstration}/", NONE,
          {"form": "decision", "kind": "voorschrift", "ground": "traffic", "content": "IDOR"}),
    Write("post", "/openbare-orde/kennisgevingen/{po_demonstration}/", NONE, {"form": "organiser", "purpose": "IDOR"}),
    Write("post", "/openbare-orde/evenementen/{po_event}/", NONE,
          {"form": "evaluate", "incidents": 0, "evaluation": "IDOR"}),
    Write("post", "/openbare-orde/cameratoezicht/", NONE,
          lambda o: {"form": "evaluation", "designation": o["po_camera"], "evaluation": "IDOR"}),
    Write("post", "/openbare-orde/jeugdgroepen/{po_group}/", NONE, {"form": "step", "step": "2A"}),
    Write("post", "/openbare-orde/operaties/{po_operation}/", NONE, {"form": "evaluation", "evaluation": "IDOR"}),
    Write("post", "/openbare-orde/jeugdgroepen/{po_group_2b}/namenlijst/", NONE, {"form": "read", "purpose": "IDOR"}),
    Write("post", "/openbare-orde/jeugdgroepen/{po_group_2b}/namenlijst/", NONE, {"form": "add", "name": "IDOR"}),
    Write("post", "/api/demonstrations/", NONE,
          lambda o: {"gemeente_code": o["po_gemeente"], "kind": "betoging", "received_at": "2026-12-01T10:00:00Z",
                     "starts_at": "2026-12-09T13:00:00Z", "ends_at": "2026-12-09T15:00:00Z", "place": "IDOR"},
          json=True),
    Write("post", "/api/tension-signals/", NONE,
          lambda o: {"gemeente_code": o["po_gemeente"], "received_on": "2026-12-01", "source_type": "online",
                     "wijk": o["po_wijk"], "theme": "polarisatie", "phase": "latent", "urgency": "low",
                     "summary": "IDOR"}, json=True),
    # --- cases (issue 16) ---
    Write("post", "/casussen/{case}/", NONE, {"form": "escalation", "escalation": "tactisch"}),
    Write("post", "/casussen/bekendheidsvragen/", NONE, lambda o: {"check": o["known_check"], "known": "1"}),
    Write("post", "/api/cases/{case}/transition/", NONE, {"status": "triage"}, json=True),
    Write("post", "/api/disclosures/", NONE,
          lambda o: {"case": o["case"], "bsn": "999990019", "to_organisation": o["case_reporter"],
                     "category": "gewoon", "legal_basis": "WGS", "purpose": "idor"}, json=True),
    # --- alerts (issue 20) ---
    Write("post", "/signalen/{alert}/opvolging/", NONE, {"due_date": "2025-01-31", "note": "idor"}),
    # --- wijkkaart (issue 20) ---
    Write("post", "/rapportage/wijkkaart/WK099700/pdf/", NONE, {}),
    Write("post", "/rapportage/wijkkaart/GM0997/pdf/", NONE, {}),
    # --- beheer (issue 21) ---
    Write("post", "/beheer/accounts/{beheer_account}/", NONE, {"action": "deactivate"}),
    Write("post", "/beheer/accounts/{beheer_account}/token/", NONE,
          {"name": "idor", "scopes": ["area:read"], "gemeenten": ["1"], "days": "5"}),
    Write("post", "/beheer/tokens/{beheer_token}/intrekken/", NONE, {}),
]


@pytest.fixture
def foreign_objects(small_gemeente, make_user, client):
    """Real objects of every kind in GM0997, which no account of GM0999 may see or change."""
    from conftest import analysed_with_programme, build_small_gemeente
    from veiligheidsbeeld.analyses.models import Alert, HotSpot, TrendResult
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.programmes.models import Budget, Kpi, Measure
    from veiligheidsbeeld.registrations import services
    from veiligheidsbeeld.registrations.importers import REGISTRY
    from veiligheidsbeeld.reports.services import generate_report, request_report, resolve_figures

    foreign = build_small_gemeente(FOREIGN_CODE, "Verredorp", x0=7.0)
    run = analysed_with_programme(foreign, geweld=True)
    importer = REGISTRY["api"](gemeente=foreign, source_system="idor")
    bad = {"source_ref": "bad-1", "category": "woninginbraak", "date": "2024-11-03", "area": "BU00000000"}
    batch = services.run_records(importer, [bad], user=None, organisation=None, label="idor").batch
    row = batch.rejected_rows.get()
    report = generate_report(resolve_figures(foreign, run=run), fmt="html")
    job = request_report(run, fmt="html")
    measure = Measure.objects.filter(gemeente=foreign, status="gepland").order_by("pk").first()
    kpi = Kpi.objects.filter(gemeente=foreign).order_by("pk").first()
    budget = Budget.objects.filter(measure=measure).first()
    insider = make_user(Role.BELEIDSADVISEUR, username="verredorp-reader", gemeenten=[foreign])
    client.force_login(insider)
    objects = {
        "gemeente": foreign.pk,
        "run": run.pk,
        "alert": Alert.objects.filter(run=run).order_by("pk").first().pk,
        "hot_spot": HotSpot.objects.filter(run=run).order_by("pk").first().pk,
        "trend": TrendResult.objects.filter(run=run).order_by("pk").first().pk,
        "measure": measure.pk,
        "measure_json": client.get("/api/measures/{}/".format(measure.pk)).json(),
        "kpi": kpi.pk,
        "kpi_json": client.get("/api/kpis/{}/".format(kpi.pk)).json(),
        "budget": budget.pk,
        "budget_source": budget.source,
        "batch": batch.pk,
        "row": row.pk,
        "corrected_row": {"veld-" + key: value for key, value in {**row.raw, "area": "BU09970000"}.items()},
        "report": report.pk,
        "job": job.pk,
        "area": Area.objects.get(code="WK099700").pk,
        **publicorder_objects(foreign),  # publicorder (issue 17)
    }
    objects.update(_case_objects(foreign))  # cases (issue 16)
    objects.update(_beheer_objects(insider, foreign))  # beheer (issue 21)
    # the insider really reaches them: the ids are live, so a refusal below is the gemeente boundary at work
    for name in ("measure-detail", "kpi-detail", "budget-detail", "analysis-run-detail", "hot-spot-detail",
                 "trend-detail", "area-detail", "programmes:measure", "dashboard:area-profile", "reports:job"):
        response = client.get(OBJECT_ROUTES[name].format(**objects))
        assert response.status_code == 200, (name, response.status_code)
    client.logout()
    return objects


def test_every_object_route_is_tried_with_a_real_foreign_object():
    with_missing_id = {name for name, (path, _allowed) in MATRIX.items() if "999999" in path}
    assert len(with_missing_id) == 16 + 10 + 4 + 3  # + publicorder (issue 17) + cases (issue 16) + beheer (21)
    assert not with_missing_id - set(OBJECT_ROUTES), sorted(with_missing_id - set(OBJECT_ROUTES))
    tried = {write.path for write in FOREIGN_WRITES}
    for name, writes in WRITES.items():
        for write in writes:
            if "{" in write.path:
                assert write.path in tried, "{} {} is not tried with a foreign id".format(name, write.path)


def _refused(response, *, body_id: bool) -> bool:
    codes = (400, 401, 403, 404, 405) if body_id else (401, 403, 404, 405)
    return _to_login(response) or response.status_code in codes


def test_objects_of_another_gemeente_are_refused(client, make_user, foreign_objects):
    """Every role of GM0999 and the anonymous visitor (one fixture build: the objects take seconds)."""
    from conftest import fingerprint_changes, table_fingerprint

    failures = []
    secrets = [b"Verredorp", b"BU09970", b"IDOR"]
    for who in sorted(Role.values) + [ANON]:
        client.logout()
        if who != ANON:
            log_in(client, make_user(who))
        for name, path in OBJECT_ROUTES.items():
            before = table_fingerprint()
            response = client.get(path.format(**foreign_objects))
            assert response.status_code < 500, (name, who, response.status_code)
            if not _refused(response, body_id=False):
                failures.append("{}: GET {} ({}): expected a refusal, got {}".format(
                    who, path, name, response.status_code))
            leaked = [s.decode() for s in secrets if s in response.content]
            if leaked:
                failures.append("{}: GET {} ({}): the response shows {}".format(who, path, name, leaked))
            changed = fingerprint_changes(before, table_fingerprint())
            if changed:
                failures.append("{}: GET {} ({}): changed {}".format(who, path, name, changed))
        for write in FOREIGN_WRITES:
            before = table_fingerprint()
            response = _send(client, write, foreign_objects)
            label = "{}: {} {}".format(who, write.method.upper(), write.path)
            assert response.status_code < 500, (label, response.status_code)
            in_body = "{" not in write.path
            if not _refused(response, body_id=in_body) and not (in_body and response.status_code == 200):
                failures.append("{}: expected a refusal, got {}".format(label, response.status_code))
            changed = fingerprint_changes(before, table_fingerprint())
            if changed:
                failures.append("{}: refused, yet changed {}".format(label, changed))
    assert not failures, "\n".join(failures)
