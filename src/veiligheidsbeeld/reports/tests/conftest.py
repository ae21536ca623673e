"""Fixtures of the reports tests: a small gemeente with a framework, two years of monthly data and a run."""

import datetime as dt

import pytest

from conftest import monthly_registrations


def _months(first: dt.date, n: int):
    year, month = first.year, first.month
    for _ in range(n):
        yield dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


#: buurt -> theme -> monthly count in 2022 and 2023 (some below the disclosure threshold on purpose).
PATTERN = {
    ("BU09990000", "woninginbraak"): (3, 5),
    ("BU09990001", "woninginbraak"): (2, 1),
    ("BU09990100", "woninginbraak"): (1, 1),
    ("BU09990000", "cybercrime"): (1, 2),
    ("BU09990100", "cybercrime"): (2, 2),
    ("BU09990001", "jeugdoverlast"): (4, 9),
    ("BU09990100", "verward-gedrag"): (2, 3),
    ("BU09990101", "openbare-orde"): (0, 1),
    ("BU09990000", "fraude"): (1, 1),
}


@pytest.fixture
def report_run(small_gemeente):
    """GM0999 with the shipped framework and a run over 2022-2023; a few yearly totals are tiny (1 to 4)."""
    from veiligheidsbeeld.analyses.services import run_analysis
    from veiligheidsbeeld.frameworks.services import load_framework

    load_framework(gemeente=small_gemeente)
    counts = {}
    for month in _months(dt.date(2022, 1, 1), 24):
        for (buurt, theme), (before, after) in PATTERN.items():
            n = before if month.year == 2022 else after
            if buurt == "BU09990101" and month.month != 3:
                n = 0  # openbare-orde: 1 registration in March 2023 only (below the threshold)
            if n:
                counts[(buurt, theme, month)] = n
    monthly_registrations(small_gemeente, counts)
    return run_analysis(small_gemeente)

