"""Verantwoording (accountability) of a report: methods with references, sources with attribution, the disclosure
control applied, and what identifies the input (run id, parameters, data hash, software version)."""

from __future__ import annotations

from django.utils.translation import gettext as _

import veiligheidsbeeld
from veiligheidsbeeld.registrations.models import BatchStatus, ImportBatch

from .changes import ALPHA, MIN_EARLIER
from .national import national_dir
from .numbers import format_int
from .protection import PublishedFigures

__all__ = ["REFERENCES", "attribution", "verantwoording"]

#: The works the report's methods rest on (keys as in docs/references.bib).
REFERENCES = (
    ("gu2008", "Gu, K., Ng, H.K.T., Tang, M.L. & Schucany, W.R. (2008). Testing the ratio of two Poisson rates. "
               "Biometrical Journal 50(2), 283-298."),
    ("benjamini1995", "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and "
                      "powerful approach to multiple testing. JRSS B 57(1), 289-300."),
    ("hundepool2012", "Hundepool, A. et al. (2012). Statistical Disclosure Control. Wiley."),
    ("satyanarayan2017", "Satyanarayan, A. et al. (2017). Vega-Lite: A Grammar of Interactive Graphics. "
                         "IEEE TVCG 23(1), 341-350."),
)

_POLICE = ("politie-misdrijven", "politie-overlast", "bvh")


def attribution(gemeente, source_system: str, organisation) -> str:
    """The attribution line of a source: fictitious data, CBS / Politie, or the supplying organisation."""
    if gemeente.is_fictitious:
        return _("fictitious (generated demo data)")
    if source_system in _POLICE:
        return "Bron: CBS / Politie"
    return _("Source: {}").format(organisation.name if organisation else source_system)


def verantwoording(published: PublishedFigures) -> dict:
    """Plain data for the Verantwoording chapter."""
    figures = published.figures
    policy = published.policy
    batches = ImportBatch.objects.filter(gemeente=figures.gemeente, status=BatchStatus.ACTIVE).select_related(
        "organisation").order_by("source_system", "importer", "file_name")
    sources = {}
    for batch in batches:
        key = (batch.source_system, batch.importer, batch.organisation_id)
        entry = sources.setdefault(key, {
            "system": batch.source_system, "importer": batch.importer,
            "organisation": batch.organisation.name if batch.organisation else "",
            "attribution": attribution(figures.gemeente, batch.source_system, batch.organisation),
            "files": 0, "count": 0,
        })
        entry["files"] += 1
        entry["count"] += batch.total_count
    for entry in sources.values():
        entry["count"] = format_int(entry["count"])
    run = figures.run
    if policy.method == "round":
        disclosure = _("Every count, totals included, is rounded to a multiple of {base}.").format(base=policy.base)
    else:
        disclosure = _(
            "Counts from 1 to {below} are not published (primary suppression); further cells are hidden where a "
            "hidden count could otherwise be computed from the totals (secondary suppression). Hidden cells read "
            "'x'. Zero is published."
        ).format(below=policy.threshold - 1)
    return {
        "methods": [
            _("Counts are registrations per wijk and theme over the period; buurten are added to their wijk, "
              "theme groups are the sum of their themes, 'all wijken' is the sum of the wijken."),
            _("Rates are registrations per 1,000 inhabitants per year, with the inhabitants on 1 January."),
            _("A change compares the period with the same period a year earlier: score test for the ratio of two "
              "Poisson rates (Gu et al. 2008) with the inhabitants as exposure; the p-values of all changes in "
              "this report are adjusted with Benjamini-Hochberg (1995) and a change is significant at q <= {alpha}. "
              "The biggest rises and falls list changes from at least {minimum} registrations.").format(
                alpha=str(ALPHA).replace(".", ","), minimum=MIN_EARLIER),
            _("Disclosure control after Hundepool et al. (2012), applied before anything is shown: {rule}").format(
                rule=disclosure),
            _("Charts and maps are Vega-Lite specifications (Satyanarayan et al. 2017) rendered to SVG."),
            *([_("Early warning: every month is compared with the same month in earlier years. {policy}").format(
                policy=run.warning_policy)] if run else []),
        ],
        "references": [text for _key, text in REFERENCES],
        "sources": list(sources.values()),
        "national_source": "Bron: CBS / Politie (StatLine 47025NED, 47021NED)" if national_dir() else "",
        "disclosure": disclosure,
        "threshold": policy.threshold,
        "method": policy.method,
        "run_id": run.pk if run else None,
        "parameters": dict(run.parameters) if run else {"source": "yearly cube cells", "year": figures.period.first.year},
        "data_hash": figures.data_hash,
        "software_version": veiligheidsbeeld.__version__,
        "area_year": figures.wijken[0].year,
        "unplaced": format_int(figures.unplaced) if figures.unplaced else "",
        "outside_indeling": format_int(figures.outside_indeling) if figures.outside_indeling else "",
    }
