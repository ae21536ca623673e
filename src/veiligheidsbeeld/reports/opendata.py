"""The open-data export: published indicators as CSV and JSON with a metadata file, after disclosure control.

Files written: ``indicatoren.csv`` and ``indicatoren.json`` (one row per area x theme: wijken and "all wijken"
together, leaf themes, theme groups and published totals) and ``metadata.json`` (title, period, source, method,
licence, disclosure rules). A suppressed figure is empty with ``status`` ``x`` (CBS: geheim); nothing below the
disclosure threshold is ever written.

``module-indicatoren.csv`` and ``.json`` hold the domain modules' indicators of the period's last calendar year
(:mod:`veiligheidsbeeld.core.module_indicators`, the figures of the priority page and the report chapter), always
under a disclosure policy: one row per indicator and one per row of its breakdown.
"""

from __future__ import annotations

import json
from pathlib import Path

import veiligheidsbeeld
from veiligheidsbeeld.core import spreadsheet
from veiligheidsbeeld.core.disclosure import SECRET, DisclosurePolicy

from .changes import compute_changes
from .figures import Figures
from .protection import ALL, publish
from .verantwoording import attribution

__all__ = ["COLUMNS", "LICENCE", "MODULE_COLUMNS", "csv_text", "metadata", "module_rows", "rows", "write"]

COLUMNS = ("gebiedscode", "gebiedsnaam", "niveau", "themacode", "thema", "periode", "aantal", "status",
           "aantal_vorige_periode", "status_vorige_periode", "per_1000_inwoners", "verandering_procent",
           "significant")
LICENCE = "CC BY 4.0"
MODULE_COLUMNS = ("gemeente", "jaar", "module", "prioriteit", "sleutel", "indicator", "eenheid", "uitsplitsing",
                  "categorie", "waarde", "status", "toelichting")


def module_year(figures: Figures) -> int:
    """The calendar year of the modules' indicators: that of the period's last month (as in the report)."""
    return figures.period.last.year


def module_rows(figures: Figures, policy: DisclosurePolicy | None) -> list[dict]:
    """The rows of ``module-indicatoren.csv``/``.json``: every module indicator of the year and every row of
    its breakdown, after disclosure control (a missing ``policy`` is the installation's: never unprotected)."""
    from django.conf import settings
    from django.utils import translation

    from veiligheidsbeeld.core.module_indicators import module_indicators, public_policy

    year = module_year(figures)
    result = []
    with translation.override(settings.LANGUAGE_CODE):
        for indicator in module_indicators(figures.gemeente, year, public_policy(policy)):
            base = {"gemeente": figures.gemeente.code, "jaar": year, "module": indicator.module,
                    "prioriteit": indicator.priority, "sleutel": indicator.key, "indicator": str(indicator.label),
                    "eenheid": indicator.unit, "toelichting": str(indicator.note)}
            result.append({**base, "uitsplitsing": "", "categorie": "", "waarde": indicator.value,
                           "status": indicator.status})
            for row in indicator.rows:
                result.append({**base, "eenheid": "aantal", "uitsplitsing": str(indicator.breakdown),
                               "categorie": row.label, "waarde": row.value, "status": row.status})
    return result


def _rows(figures: Figures, policy: DisclosurePolicy) -> list[dict]:
    published = publish(figures, policy)
    changes = compute_changes(published)
    themes = published.groups + [t for t in figures.themes]
    areas = [(w.pk, w.code, w.name, "wijk" if w in figures.real_wijken else "gemeente, geen wijk")
             for w in figures.wijken] + [
        (ALL, figures.gemeente.code, figures.gemeente.name, "alle wijken")]
    rows = []
    for key, code, name, level in areas:
        if key == ALL:
            population = figures.total_population()
        else:
            population = figures.population.get(key)
        for theme in themes:
            cell = published.cells.get((False, key, theme.code))
            if cell is None or not published.has_data(theme):
                continue
            earlier = published.cells.get((True, key, theme.code))
            change = changes.get((key, theme.code))
            rate = cell.value / population * 1000.0 * 12 / figures.period.months if cell.shown and population else None
            rows.append({
                "gebiedscode": code, "gebiedsnaam": name, "niveau": level, "themacode": theme.code,
                "thema": theme.name, "periode": figures.period.label,
                "aantal": cell.value, "status": "" if cell.shown else SECRET,
                "aantal_vorige_periode": earlier.value if earlier else None,
                "status_vorige_periode": "" if earlier is None or earlier.shown else SECRET,
                "per_1000_inwoners": round(rate, 2) if rate is not None else None,
                "verandering_procent": round(change.percent, 1) if change and change.percent is not None else None,
                "significant": change.significant if change else None,
            })
    return rows


def _metadata(figures: Figures, policy: DisclosurePolicy) -> dict:
    source = "fictief (gegenereerde demodata)" if figures.gemeente.is_fictitious else attribution(
        figures.gemeente, "politie-misdrijven", None)
    if policy.method == "round":
        rule = "Elk aantal, totalen inbegrepen, is afgerond op een veelvoud van {}.".format(policy.base)
    else:
        rule = ("Aantallen van 1 tot en met {} zijn niet gepubliceerd (primaire onderdrukking); waar een verborgen "
                "aantal uit de totalen terug te rekenen zou zijn, zijn meer cellen verborgen (secundaire "
                "onderdrukking). Status 'x' = geheim.").format(policy.threshold - 1)
    return {
        "title": "Veiligheidsbeeld {} {}".format(figures.gemeente.name, figures.period.label),
        "gemeente": figures.gemeente.code,
        "period": {"first_month": figures.period.first.isoformat(), "last_month": figures.period.last.isoformat(),
                   "label": figures.period.label},
        "previous_period": figures.previous_period.label if figures.earlier is not None else None,
        "source": source,
        "method": ("Registraties per wijk en thema over de periode (buurten opgeteld bij hun wijk); per 1.000 "
                   "inwoners per jaar; verandering t.o.v. dezelfde periode een jaar eerder met een score-toets voor "
                   "de verhouding van twee Poisson-intensiteiten (Gu e.a. 2008), Benjamini-Hochberg over alle "
                   "vergelijkingen."),
        "licence": LICENCE,
        "disclosure": {"method": policy.method, "threshold": policy.threshold, "base": policy.base, "rule": rule},
        "analysis_run": figures.run.pk if figures.run else None,
        "data_hash": figures.data_hash,
        "cbs_indeling": figures.wijken[0].year,
        "software_version": veiligheidsbeeld.__version__,
        "columns": list(COLUMNS),
        "module_indicators": {
            "files": ["module-indicatoren.csv", "module-indicatoren.json"],
            "year": module_year(figures),
            "method": ("Indicatoren uit de domeinmodules (casusregie, openbare orde, ondermijning, digitale "
                       "veiligheid) over het kalenderjaar: wat de gemeente en haar partners registreerden, niet "
                       "alles wat gebeurde. Per indicator een rij, daaronder de rijen van de uitsplitsing. Status "
                       "'x' = geheim (onder de drempel of terug te rekenen), '.' = niets te meten."),
            "disclosure": rule,
            "columns": list(MODULE_COLUMNS),
        },
    }


def rows(figures: Figures, policy: DisclosurePolicy) -> list[dict]:
    """The rows of ``indicatoren.csv``/``.json`` (the public veiligheidsbeeld serves the same rows)."""
    return _rows(figures, policy)


def metadata(figures: Figures, policy: DisclosurePolicy) -> dict:
    """The content of ``metadata.json``."""
    return _metadata(figures, policy)


def _write_csv(handle, rows: list[dict], columns=COLUMNS) -> None:
    writer = spreadsheet.dict_writer(handle, columns)  # no cell can be a formula (issue 15)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def csv_text(rows: list[dict], columns=COLUMNS) -> str:
    """``indicatoren.csv`` (or, with :data:`MODULE_COLUMNS`, ``module-indicatoren.csv``) of ``rows`` as text."""
    import io

    handle = io.StringIO(newline="")
    _write_csv(handle, rows, columns)
    return handle.getvalue()


def write(figures: Figures, policy: DisclosurePolicy, folder: Path) -> list[Path]:
    """Write the five files into ``folder`` (created when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = _rows(figures, policy)
    csv_path, json_path, meta_path = folder / "indicatoren.csv", folder / "indicatoren.json", folder / "metadata.json"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        _write_csv(handle, table)
    json_path.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    modules = module_rows(figures, policy)
    module_csv, module_json = folder / "module-indicatoren.csv", folder / "module-indicatoren.json"
    with module_csv.open("w", encoding="utf-8", newline="") as handle:
        _write_csv(handle, modules, MODULE_COLUMNS)
    module_json.write_text(json.dumps(modules, ensure_ascii=False, indent=1), encoding="utf-8")
    meta_path.write_text(json.dumps(_metadata(figures, policy), ensure_ascii=False, indent=2), encoding="utf-8")
    return [csv_path, json_path, module_csv, module_json, meta_path]
