"""Loading the shipped reference data (themes, source mappings) and policy frameworks into the database."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from django.db import transaction

from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Gemeente, Organisation

from . import loader
from .models import Framework, Priority, SourceCategory, Theme

__all__ = ["sync_reference_data", "load_framework", "default_framework_path", "theme_lookup"]

DEFAULT_FRAMEWORK = "groningen-2021-2024.yaml"


def default_framework_path() -> Path:
    return next(p for p in loader.default_paths().frameworks if p.name == DEFAULT_FRAMEWORK)


@transaction.atomic
def sync_reference_data() -> dict[str, int]:
    """Upsert the shipped themes and source-category mappings (run after every migrate; idempotent)."""
    paths = loader.default_paths()
    themes = loader.load_themes(paths.themes)
    by_code = {}
    for order, spec in enumerate(themes):  # parents come before their children in the file
        theme, _ = Theme.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "name_en": spec.name_en,
                "parent": by_code.get(spec.parent),
                "is_total": spec.is_total,
                "order": order,
            },
        )
        by_code[spec.code] = theme
    mappings = loader.load_mappings(paths.mappings, themes)
    count = 0
    for system, categories in mappings.items():
        for code, spec in categories.items():
            SourceCategory.objects.update_or_create(
                system=system, code=code, defaults={"label": spec.label[:300], "theme": by_code[spec.theme]}
            )
            count += 1
    return {"themes": len(by_code), "categories": count}


def theme_lookup(system: str) -> dict[str, SourceCategory]:
    """Source code -> category (with its theme) of one source system."""
    return {c.code: c for c in SourceCategory.objects.filter(system=system).select_related("theme")}


def _jsonable(value):
    return json.loads(json.dumps(dataclasses.asdict(value), default=str))


@transaction.atomic
def load_framework(path: Path | None = None, *, gemeente: Gemeente | None = None, actor=None) -> tuple[Framework, list[str]]:
    """Store a framework file as a new version for its gemeente (or for ``gemeente`` when given).

    Loading the same content again creates no new version. Area groups are created from the framework's wijk
    codes where those wijken are registered; partners become organisations of the gemeente. Returns the
    framework and notes about what could not be applied.
    """
    path = Path(path or default_framework_path())
    spec = loader.load_framework(path)
    if gemeente is None:
        gemeente = Gemeente.objects.filter(code=spec.gemeente).first()
        if gemeente is None:
            raise ValueError("{}: gemeente {} is not registered; import its regions first".format(path, spec.gemeente))
    content = _jsonable(spec)
    notes: list[str] = []
    latest = Framework.objects.filter(gemeente=gemeente, slug=spec.slug).order_by("-version").first()
    if latest is not None and latest.content == content:
        return latest, ["{} v{} is loaded already".format(spec.slug, latest.version)]
    framework = Framework.objects.create(
        gemeente=gemeente,
        slug=spec.slug,
        version=(latest.version + 1) if latest else spec.version,
        title=spec.title,
        period_start=spec.period_start,
        period_end=spec.period_end,
        content=content,
        source_file=path.name,
    )
    themes = {t.code: t for t in Theme.objects.all()}
    for order, p in enumerate(spec.priorities):
        priority = Priority.objects.create(
            framework=framework, code=p.code, title=p.title, ambition=p.ambition, order=order
        )
        priority.themes.set([themes[c] for c in p.themes if c in themes])
    for partner in spec.partners:
        organisation, _ = Organisation.objects.get_or_create(name=partner.name, kind=partner.kind)
        organisation.gemeenten.add(gemeente)
    for group in spec.area_groups:
        if spec.gemeente != gemeente.code:
            notes.append("area group {}: wijk codes belong to {}, not applied".format(group.code, spec.gemeente))
            continue
        members = list(Area.objects.filter(gemeente=gemeente, code__in=group.wijken, level=AreaLevel.WIJK))
        if not members:
            notes.append("area group {}: none of its wijken is registered yet".format(group.code))
            continue
        area_group, _ = AreaGroup.objects.update_or_create(
            gemeente=gemeente, slug=group.code, defaults={"name": group.name, "description": group.reason}
        )
        area_group.members.set(members)
        missing = set(group.wijken) - {a.code for a in members}
        if missing:
            notes.append("area group {}: {} wijken not registered".format(group.code, len(missing)))
    audit.record("framework_loaded", actor=actor, gemeente=gemeente, obj=framework, file=path.name,
                 version=framework.version)
    return framework, notes
