"""The register of processing activities (AVG art. 30), generated from a YAML file and the retention settings.

The bundled ``core/data/processing_register.yaml`` is the template; ``VEILIGHEIDSBEELD_PROCESSING_REGISTER``
points at the installation's own copy. Retention periods are not typed twice: each activity names the retention
categories of ``settings.RETENTION_DAYS`` it falls under.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import spreadsheet

__all__ = ["Activity", "Register", "load_register", "to_csv", "to_json"]

#: The core retention categories (``core.retention.CATEGORIES``) in words; a module's own fall back to their name.
RETENTION_LABELS = {
    "audit_events": _("audit log"),
    "rejected_rows": _("rejected rows in quarantine"),
    "person_references": _("person references"),
    "uploads": _("uploaded files"),
}

def _retention_labels() -> dict:
    from .modules import retention_categories

    return RETENTION_LABELS | {c.name: c.label for c in retention_categories() if c.label}


DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "processing_register.yaml"
REQUIRED = (
    "id",
    "name",
    "purpose",
    "legal_basis",
    "data_categories",
    "data_subjects",
    "recipients",
    "retention",
)


@dataclass(frozen=True)
class Activity:
    """One processing activity with the fields AVG art. 30(1)(b)-(g) asks for."""

    id: str
    name: str
    purpose: str
    legal_basis: str
    data_categories: list[str]
    data_subjects: list[str]
    recipients: list[str]
    retention: list[str]
    security: str = ""

    def retention_display(self) -> list[str]:
        """The retention periods in words for the page (issue 21): "auditlog: 2557 dagen"; the exports keep the
        category codes of ``retention``."""
        from django.utils.translation import ngettext

        rows = []
        for text in self.retention:
            category, _sep, rest = text.partition(": ")
            days = int(rest.split()[0])
            label = str(_retention_labels().get(category, category.replace("_", " ")))
            rows.append(ngettext("{label}: {days} day", "{label}: {days} days", days).format(label=label, days=days))
        return rows


@dataclass(frozen=True)
class Register:
    controller: dict
    activities: list[Activity]


def _retention_text(categories: list[str], days: dict[str, int]) -> list[str]:
    return ["{}: {} days".format(c, days[c]) for c in categories]


def load_register(path: Path | None = None, *, retention_days: dict[str, int] | None = None) -> Register:
    """Read and check the register; retention categories are replaced by ``"<category>: <N> days"``.

    Raises
    ------
    ValueError
        Naming the file, the activity (by position and id) and the missing field or unknown retention category.
    """
    path = Path(path or settings.PROCESSING_REGISTER or DEFAULT_PATH)
    from .modules import registered
    from .retention import _categories

    days = retention_days if retention_days is not None else _categories()[0]
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "controller" not in content or not isinstance(content.get("activities"), list):
        raise ValueError("{}: needs a 'controller' mapping and an 'activities' list".format(path))
    # The domain modules' own activities follow, unless the file describes them itself (same id).
    ids = {item.get("id") for item in content["activities"]}
    items = list(content["activities"]) + [
        item for module in registered() for item in module.processing_activities if item["id"] not in ids
    ]
    activities = []
    for n, item in enumerate(items, start=1):
        missing = [field for field in REQUIRED if not item.get(field)]
        if missing:
            raise ValueError(
                "{}: activity {} ({}): missing {}".format(path, n, item.get("id", "?"), ", ".join(missing))
            )
        unknown = [c for c in item["retention"] if c not in days]
        if unknown:
            raise ValueError(
                "{}: activity {} ({}): unknown retention categories {}; known: {}".format(
                    path, n, item["id"], ", ".join(unknown), ", ".join(sorted(days))
                )
            )
        fields = {k: item[k] for k in REQUIRED} | {"security": item.get("security", "")}
        fields["retention"] = _retention_text(item["retention"], days)
        activities.append(Activity(**fields))
    return Register(controller=content["controller"], activities=activities)


def to_json(register: Register) -> str:
    return json.dumps(asdict(register), ensure_ascii=False, indent=2)


def to_csv(register: Register) -> str:
    """One row per activity; list fields joined with ``"; "``."""
    out = io.StringIO()
    columns = list(REQUIRED) + ["security"]
    writer = spreadsheet.writer(out)
    writer.writerow(columns)
    for activity in register.activities:
        row = asdict(activity)
        writer.writerow(["; ".join(v) if isinstance(v, list) else v for v in (row[c] for c in columns)])
    return out.getvalue()
