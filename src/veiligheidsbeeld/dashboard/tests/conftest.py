"""Fixtures of the dashboard tests: a small analysed gemeente and a logged-in analist."""

import datetime as dt

import pytest

from conftest import monthly_registrations
from veiligheidsbeeld.analyses.services import month_range, run_analysis


@pytest.fixture
def analysed(small_gemeente):
    counts = {}
    for k, month in enumerate(month_range(dt.date(2023, 1, 1), dt.date(2024, 12, 1))):
        counts[("BU09990000", "woninginbraak", month)] = 1 + k % 3
        counts[("BU09990100", "woninginbraak", month)] = 4
        counts[("BU09990001", "geweld", month)] = 2
    monthly_registrations(small_gemeente, counts)
    return run_analysis(small_gemeente)


@pytest.fixture
def logged_in(client, analyst):
    client.force_login(analyst)
    return client
