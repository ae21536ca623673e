"""National yearly police figures (StatLine 47025NED crime and 47021NED nuisance) for comparison lines.

The files are read at run time from ``settings.NATIONAL_TRENDS_DIR`` (env ``VEILIGHEIDSBEELD_NATIONAL_TRENDS_DIR``;
when empty, ``../shared/data/nl/politie-nl-trends-misdrijven-overlast-2012-2023`` beside the checkout if it is
there); the project ships the loader, never the data. Format: ``NL_Crime.csv`` and ``NL_Disorder.csv`` with the
columns ``incident_type_code`` (the StatLine title, e.g. ``Overlast door verward persoon``), ``year`` and
``incident_count``. Titles are matched to themes through the police source categories of the frameworks app.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings

from veiligheidsbeeld.frameworks.models import SourceCategory

__all__ = ["FILES", "NationalDataError", "national_dir", "national_yearly"]

FILES = {"NL_Crime.csv": "politie-misdrijven", "NL_Disorder.csv": "politie-overlast"}
_COLUMNS = ("incident_type_code", "year", "incident_count")
_DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "nl" / (
    "politie-nl-trends-misdrijven-overlast-2012-2023")


class NationalDataError(ValueError):
    """A national trend file that cannot be read (the message names file, line, column and reason)."""


def national_dir() -> Path | None:
    """The folder of the national files, or ``None`` when it is not configured and not present."""
    configured = getattr(settings, "NATIONAL_TRENDS_DIR", "")
    if configured:
        return Path(configured)
    return _DEFAULT if _DEFAULT.is_dir() else None


def _read(path: Path) -> list[tuple[str, int, int]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise NationalDataError("{}: line 1: missing column(s) {}".format(path, ", ".join(missing)))
        for line, row in enumerate(reader, start=2):
            values = []
            for column in ("year", "incident_count"):
                try:
                    values.append(int(float(row[column])))
                except (TypeError, ValueError):
                    raise NationalDataError("{}: line {}: column {}: {!r} is not a number".format(
                        path, line, column, row[column])) from None
            rows.append((row["incident_type_code"].strip(), values[0], values[1]))
    return rows


def national_yearly(theme) -> dict[int, int]:
    """National registrations per year of ``theme``: what is registered for Nederland (``NL00``, #13/#14),
    else the sum of its police categories in the national files; empty without either."""
    from veiligheidsbeeld.analyses.comparison import registered_yearly

    registered = registered_yearly("NL00", theme)
    if registered:
        return registered
    folder = national_dir()
    if folder is None:
        return {}
    result: dict[int, int] = {}
    for name, system in FILES.items():
        path = folder / name
        if not path.exists():
            continue
        labels = set(SourceCategory.objects.filter(system=system, theme=theme).values_list("label", flat=True))
        for label, year, count in _read(path):
            if label in labels:
                result[year] = result.get(year, 0) + count
    return dict(sorted(result.items()))
