"""Fixtures of the public pages: the reports' small gemeente with tiny counts (so that cells are suppressed),
published."""

import pytest

from veiligheidsbeeld.reports.tests.conftest import report_run  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages and the rate limit live in the cache, which outlives each test's database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(report_run):
    """GM0999 with its run and its public pages on."""
    from veiligheidsbeeld.public.services import set_public

    set_public(report_run.gemeente, True)
    return report_run
