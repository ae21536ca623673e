"""Area indicators from CBS Kerncijfers wijken en buurten (KWB, e.g. 85984NED) for the vulnerability composite.

Reads the StatLine typed data set as fetched by ``veiligheidsbeeld fetch statline 85984NED`` (CSV with a
``WijkenEnBuurten`` code column) or a JSON object keyed by area code (the ``stripped_filtered_data_2024.json``
shape). Columns are matched by their StatLine key without the numeric suffix (``GemiddeldeWOZWaardeVanWoningen_39``
-> ``GemiddeldeWOZWaardeVanWoningen``), so the table of another year with other suffixes reads the same.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from django.db import transaction

from veiligheidsbeeld.core import audit

from .models import AreaIndicator

__all__ = ["KWB_COLUMNS", "import_kwb"]

#: StatLine key (without suffix) -> indicator slug of :class:`AreaIndicator`
KWB_COLUMNS = {
    "AantalInwoners": "inhabitants",
    "Woningvoorraad": "dwellings",
    "GemiddeldeWOZWaardeVanWoningen": "woz",
    "HuurwoningenTotaal": "rented_share",
    "BedrijfsvestigingenTotaal": "business_establishments",
}
#: Column names of extracts that are not StatLine keys (the CBS buurt population extract ``Population85984_2024_
#: buurten_NL.csv`` in ``../shared/data/nl/cbs-kwb-2024-buurt-population-nl``: ``nhood_id``, ``population``).
EXTRACT_COLUMNS = {"population": "inhabitants"}
_SUFFIX = re.compile(r"_\d+$")
_CODE = re.compile(r"^(GM|WK|BU)\d{4}[0-9A-Z]{0,4}$")  # Amsterdam: WK0363AA


def _number(value) -> float | None:
    if value is None:
        return None
    text = str(value).strip().replace(",", ".")
    if text in ("", ".", "-", "x"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _rows(path: Path) -> dict[str, dict]:
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("{"):
        return json.loads(text)
    reader = csv.DictReader(text.splitlines(), delimiter=";" if text.count(";") > text.count(",") else ",")
    rows = {}
    for row in reader:
        code = (row.get("WijkenEnBuurten") or row.get("Codering_3") or row.get("nhood_id") or "").strip()
        if code:
            rows[code] = row
    return rows


@transaction.atomic
def import_kwb(path: Path, *, year: int, source: str = "", actor=None) -> dict[str, int]:
    """Store the known KWB columns of every area in ``path`` as :class:`AreaIndicator` rows (replacing the year's
    values); returns the count per indicator."""
    rows = _rows(Path(path))
    counts: dict[str, int] = {}
    objects = []
    for code, values in rows.items():
        if not _CODE.match(code.strip()):
            continue
        for key, value in values.items():
            slug = KWB_COLUMNS.get(_SUFFIX.sub("", key or "")) or EXTRACT_COLUMNS.get(key or "")
            number = _number(value)
            if slug and number is not None:
                objects.append(AreaIndicator(area_code=code.strip(), year=year, indicator=slug, value=number,
                                             source=source or Path(path).name))
                counts[slug] = counts.get(slug, 0) + 1
    AreaIndicator.objects.filter(year=year, area_code__in={o.area_code for o in objects}).delete()
    AreaIndicator.objects.bulk_create(objects, batch_size=2000)
    audit.record("area_indicators_imported", actor=actor, object_type="undermining.areaindicator", year=year,
                 file=Path(path).name, counts=counts)
    return counts
