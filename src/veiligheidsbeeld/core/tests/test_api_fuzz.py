"""schemathesis over the OpenAPI schema: generated requests to every operation never cause a server error.

The schema is loaded from the application itself (``/api/schema/``, drf-spectacular) and the requests go to the
WSGI application in-process, with an API token of a privileged role (analist) and of the read-only role
(publiek), each with every scope, so the checks reach the views rather than stopping at the scope check. Besides
"no 5xx", answers that the schema documents (the 2xx bodies) must conform to it. The number of examples per
operation is bounded (``EXAMPLES``) to keep the run under a minute on two cores.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from conftest import analysed_with_programme

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 12
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
RESOURCES = ["area", "measure", "budget", "kpi", "analysis-run", "alert", "hot-spot", "trend", "registration"]


@pytest.fixture
def api_data(small_gemeente):
    """GM0999 with registrations and one analysis run, so lists and details have rows to serialise."""
    return analysed_with_programme(small_gemeente, geweld=True)


def _token(role, gemeente) -> str:
    from veiligheidsbeeld.accounts.services import create_api_token, create_user
    from veiligheidsbeeld.core.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(name="Partner {}".format(role), kind="gemeente")
    user = create_user(
        username="api-{}".format(role), password="correct horse battery staple", role=role,
        organisation=organisation, gemeenten=[gemeente],
    )
    from veiligheidsbeeld.accounts.api import scope_allowed

    # Every scope the role may hold (issue 15: a token never gets more than its account's role).
    scopes = [s for s in ("{}:{}".format(r, level) for r in RESOURCES for level in ("read", "write"))
              if scope_allowed(user, s)]
    _token_row, plaintext = create_api_token(user=user, name="fuzz", scopes=scopes, gemeenten=[gemeente])
    return plaintext


@pytest.fixture
def wsgi_app(db):
    """The WSGI application, keeping the database connection open across requests as Django's test client does:
    the test's transaction, with its fixtures, must survive the requests (on PostgreSQL a closed connection would
    end it)."""
    from django.core import signals
    from django.db import close_old_connections

    handler = get_wsgi_application()

    def app(environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return [body]

    return app


@pytest.fixture
def api_schema(wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15, "the schema lost its operations"
    return operations


def _existing_ids(client, operations, headers) -> dict[str, int]:
    """For each ``/api/<resource>/{id}/...`` operation, the id of a row the caller can list (found through the API)."""
    ids = {}
    for operation in operations:
        if "{id}" not in operation.path:
            continue
        listing = operation.path.split("{id}")[0]
        response = client.get(listing, HTTP_AUTHORIZATION=headers["Authorization"])
        if response.status_code == 200:
            rows = response.json()
            rows = rows.get("results", []) if isinstance(rows, dict) else rows
            if rows and "id" in rows[0]:  # areas are listed by code only: their detail gets generated ids
                ids[operation.path] = rows[0]["id"]
    return ids


def _fuzz(client, operations, token) -> list[str]:
    failures: list[str] = []
    headers = {"Authorization": "Bearer {}".format(token)}
    existing = _existing_ids(client, operations, headers)
    for operation in operations:
        strategies = [operation.as_strategy()]
        if operation.path in existing:  # also on a real row, not only on generated (missing) ids
            strategies.append(operation.as_strategy(path_parameters={"id": existing[operation.path]}))
        for strategy in strategies:
            failure = _run(operation, strategy, headers)
            if failure:
                failures.append(failure)
    return failures


def _run(operation, strategy, headers) -> str | None:
    @given(case=strategy)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        run()
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect all operations, then report
        return "{} {}: {}".format(operation.method.upper(), operation.path, str(error)[:1500])
    return None


@pytest.mark.parametrize("role", ["analist", "publiek"])
def test_no_server_error_and_documented_answers_conform(role, client, api_schema, api_data, small_gemeente):
    failures = _fuzz(client, api_schema, _token(role, small_gemeente))
    assert not failures, "\n\n".join(failures)
