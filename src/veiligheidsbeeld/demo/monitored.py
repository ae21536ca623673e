"""Made-up boa enforcement and permit files of Voorbeeldstad, imported the way a gemeente does (issue 17 item 8).

The themes of the group ``toezicht`` (horeca, prostitutie, coffeeshops, brandveiligheid, evenementen) are not
drawn by :mod:`veiligheidsbeeld.demo.generator`: :func:`write_files` writes a boa enforcement export and a permit
register as CSV in the layout of the example mappings ``registrations/examples/boa-handhaving.yaml`` and
``vergunningen.yaml``, and :func:`import_files` imports them with ``import table`` (the regular importer, batch,
quarantine and audit). Everything is fictitious.

Per category a yearly number for the whole city is spread over the months (Poisson) and each record is put in a
buurt with probability proportional to its inhabitants times a pull of the city centre (horeca, coffeeshops and
seksinrichtingen lie in and around the Stadshart), on a random day of its month. The first record of each file is
moved to the first day of the series and the last to its last day, so that the files cover whole months
(:mod:`veiligheidsbeeld.analyses.coverage` would otherwise mark the first and last month as partial for every
theme).
"""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from shapely.geometry import shape

from veiligheidsbeeld.demo.generator import CENTRE_LAT, CENTRE_LON, KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON

__all__ = ["EXAMPLES", "FILES", "MonitoredFile", "import_files", "write_files"]

EXAMPLES = Path(__file__).resolve().parent.parent / "registrations" / "examples"
"""The example mappings shipped with the registrations app."""


@dataclass(frozen=True)
class MonitoredFile:
    """One made-up file: its mapping, the partner code of the framework that delivers it, and per category
    ``(records per year in the whole city, pull of the centre)``; ``outcomes`` fills the attribute column."""

    name: str
    mapping: str
    partner: str
    categories: dict[str, tuple[float, float]]
    outcome_column: str
    outcomes: tuple[str, ...]
    ref_format: str


FILES = (
    MonitoredFile(
        name="boa-handhaving-voorbeeldstad.csv",
        mapping="boa-handhaving.yaml",
        partner="handhaving",
        categories={
            "Horeca: sluitingstijd overschreden": (420.0, 12.0),
            "Horeca: alcohol aan minderjarigen": (90.0, 8.0),
            "Horeca: exploitatie zonder vergunning": (25.0, 6.0),
            "Horeca: terras buiten vergunning": (160.0, 12.0),
            "Prostitutie: controle seksinrichting": (36.0, 20.0),
            "Prostitutie: zonder vergunning": (6.0, 4.0),
            "Coffeeshop: gedoogcriteria": (48.0, 20.0),
            "Coffeeshop: overlast omgeving": (30.0, 15.0),
            "Brandveiligheid: gebruikscontrole": (260.0, 2.0),
            "Brandveiligheid: vluchtweg geblokkeerd": (40.0, 3.0),
            "Evenement: vergunningvoorschriften": (45.0, 6.0),
        },
        outcome_column="Afdoening",
        outcomes=("geen overtreding", "waarschuwing", "bestuurlijke strafbeschikking", "proces-verbaal"),
        ref_format="H-{year}-{n:06d}",
    ),
    MonitoredFile(
        name="vergunningen-voorbeeldstad.csv",
        mapping="vergunningen.yaml",
        partner="gemeente",
        categories={
            "Alcoholwetvergunning": (40.0, 8.0),
            "Exploitatievergunning horeca": (55.0, 8.0),
            "Terrasvergunning": (70.0, 12.0),
            "Exploitatievergunning seksinrichting": (3.0, 20.0),
            "Gedoogverklaring coffeeshop": (2.0, 20.0),
            "Gebruiksmelding brandveilig gebruik": (80.0, 2.0),
            "Omgevingsvergunning brandveilig gebruik": (25.0, 2.0),
            "Evenementenvergunning": (110.0, 6.0),
            "Evenementenmelding": (150.0, 1.0),
        },
        outcome_column="Besluit",
        outcomes=("verleend", "verleend", "verleend", "geweigerd"),
        ref_format="V-{year}-{n:05d}",
    ),
)
"""The two made-up files, their categories and yearly volumes (assumptions for a city of about 240,000)."""

HEADERS = {
    "boa-handhaving.yaml": ("Zaaknummer", "Datum constatering", "Buurtcode", "Feitcategorie"),
    "vergunningen.yaml": ("Vergunningnummer", "Datum besluit", "Buurtcode", "Soort vergunning"),
}


def _weights(data, pull: float) -> np.ndarray:
    """Probability of each buurt: (inhabitants in the last year + 200 for visitors) times
    ``1 + pull * exp(-distance to the centre in km)``."""
    population = np.array([max(b.population.values()) for b in data.buurten], dtype=float)
    centres = [shape(b.geometry).centroid for b in data.buurten]
    distance = np.array([
        np.hypot((c.x - CENTRE_LON) * KM_PER_DEGREE_LON, (c.y - CENTRE_LAT) * KM_PER_DEGREE_LAT)
        for c in centres
    ])
    weight = (population + 200.0) * (1.0 + pull * np.exp(-distance))
    return weight / weight.sum()


def _records(spec: MonitoredFile, data, rng: np.random.Generator) -> list[tuple]:
    """(date, buurt code, category, outcome) of every record of one file, in date order."""
    rows = []
    for category, (per_year, pull) in spec.categories.items():
        weights = _weights(data, pull)
        for month in data.months:
            n = int(rng.poisson(per_year / 12.0))
            if not n:
                continue
            days = rng.integers(1, calendar.monthrange(month.year, month.month)[1] + 1, size=n)
            buurten = rng.choice(len(data.buurten), size=n, p=weights)
            outcomes = rng.choice(len(spec.outcomes), size=n)
            rows.extend(
                (month.replace(day=int(d)), data.buurten[b].code, category, spec.outcomes[o])
                for d, b, o in zip(days, buurten, outcomes)
            )
    rows.sort()
    first = data.months[0]
    last = data.months[-1].replace(day=calendar.monthrange(data.months[-1].year, data.months[-1].month)[1])
    rows[0] = (first,) + rows[0][1:]
    rows[-1] = (last,) + rows[-1][1:]
    return rows


def write_files(data, folder: Path, seed: int) -> list[tuple[MonitoredFile, Path]]:
    """Write the made-up files of :data:`FILES` for ``data`` (:class:`~.generator.DemoData`) into ``folder``.

    Deterministic for ``seed``; a random stream of its own, so the generator's counts do not change.
    """
    rng = np.random.default_rng([seed, 17])
    written = []
    for spec in FILES:
        path = Path(folder) / spec.name
        numbers: dict[int, int] = {}
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(HEADERS[spec.mapping] + (spec.outcome_column,))
            for day, buurt, category, outcome in _records(spec, data, rng):
                numbers[day.year] = numbers.get(day.year, 0) + 1
                ref = spec.ref_format.format(year=day.year, n=numbers[day.year])
                writer.writerow((ref, day.strftime("%d-%m-%Y"), buurt, category, outcome))
        written.append((spec, path))
    return written


def import_files(gemeente, files: list[tuple[MonitoredFile, Path]], organisations: dict) -> dict[str, int]:
    """Import the written files with ``import table`` and their example mapping; accepted rows per file.

    ``organisations``: framework partner code -> Organisation (the batch's deliverer).
    """
    from veiligheidsbeeld.registrations.importers.mapped import MappedTableImporter
    from veiligheidsbeeld.registrations.services import run_import

    accepted = {}
    for spec, path in files:
        mapping = yaml.safe_load((EXAMPLES / spec.mapping).read_text(encoding="utf-8"))
        importer = MappedTableImporter(gemeente=gemeente, mapping=mapping)
        outcome = run_import(importer, path, organisation=organisations.get(spec.partner))
        if outcome.summary.rejected:
            raise ValueError("{}: {} rows rejected: {}".format(
                spec.name, outcome.summary.rejected, outcome.summary.rejected_reasons))
        accepted[spec.name] = outcome.summary.accepted
    return accepted
