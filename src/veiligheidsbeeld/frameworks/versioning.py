"""Changing a framework mid-term: a new version with the decision that made it.

A framework version is never edited in place. A change stores the whole framework again as the next version,
records the decision (date, body, reason, document reference) and appends it to the framework's ``changes``.
The edited text uses the format of the shipped framework files and is validated by
:func:`veiligheidsbeeld.frameworks.loader.load_framework`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from django.db import transaction

from veiligheidsbeeld.core import audit

from . import loader
from .models import DecisionBody, Framework, FrameworkDecision, Priority, Theme
from .services import _jsonable

__all__ = [
    "FrameworkEditError", "current_framework", "framework_as_yaml", "framework_document", "record_change",
    "record_priorities_change", "versions",
]


class FrameworkEditError(ValueError):
    """An edited framework text that cannot become a new version (message names line, location and reason)."""


def current_framework(gemeente, slug: str | None = None) -> Framework | None:
    """The newest version of the gemeente's framework (of ``slug``, or of the most recently loaded one)."""
    frameworks = Framework.objects.filter(gemeente=gemeente)
    if slug is None:
        newest = frameworks.order_by("-loaded_at", "-pk").first()
        if newest is None:
            return None
        slug = newest.slug
    return frameworks.filter(slug=slug).order_by("-version").first()


def versions(framework: Framework):
    """All versions of ``framework``'s slug for its gemeente, newest first, with their decisions."""
    return (
        Framework.objects.filter(gemeente=framework.gemeente, slug=framework.slug)
        .select_related("decision")
        .order_by("-version")
    )


def _date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def framework_as_yaml(framework: Framework) -> str:
    """The version's content in the framework file format (the text a change starts from)."""
    return _dump(framework_document(framework))


def _dump(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=110)


def framework_document(framework: Framework) -> dict:
    """The version's content as the mapping of the framework file format."""
    content = dict(framework.content)
    document = {"slug": content["slug"], "gemeente": content["gemeente"], "title": content["title"]}
    document["period"] = {"start": content["period_start"], "end": content["period_end"]}
    document["version"] = content["version"]
    adopted = content.get("adopted")
    document["adopted"] = {"date": _date(adopted["date"]), "body": adopted["body"]} if adopted else None
    for key in ("source", "mission", "principles", "priorities", "monitored", "partners", "area_groups", "finances"):
        document[key] = content[key]
    document["changes"] = [dict(change, date=_date(change["date"])) for change in content["changes"]]
    return document


def _parse(text: str) -> loader.Framework:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "framework.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return loader.load_framework(path)
        except loader.FrameworkFileError as exc:
            where = exc.location or "document"
            if exc.line is not None:
                where = f"line {exc.line}, {where}"
            raise FrameworkEditError(f"edited framework: {where}: {exc.reason}") from exc


@transaction.atomic
def record_change(
    framework: Framework,
    text: str,
    *,
    date: dt.date,
    body: str,
    reason: str,
    document_reference: str,
    document_url: str = "",
    actor=None,
) -> Framework:
    """Store ``text`` (framework file format) as the next version of ``framework`` with its decision.

    Raises
    ------
    FrameworkEditError
        When the text is invalid, changes the slug, is not based on the newest version, or changes nothing.
    """
    if body not in DecisionBody.values:
        raise FrameworkEditError("unknown body {!r}; valid: {}".format(body, ", ".join(DecisionBody.values)))
    if not reason.strip() or not document_reference.strip():
        raise FrameworkEditError("a change needs a reason and a document reference")
    latest = versions(framework).select_for_update(of=("self",)).first()
    if latest.pk != framework.pk:
        raise FrameworkEditError(
            f"version {framework.version} is not the newest; change version {latest.version} instead"
        )
    spec = _parse(text)
    if spec.slug != framework.slug:
        raise FrameworkEditError(f"slug: {spec.slug!r} differs from {framework.slug!r}; the slug names the framework")
    content = _jsonable(spec)
    content["version"] = framework.version + 1
    previous = dict(framework.content, version=content["version"], changes=content["changes"])
    if content == previous:
        raise FrameworkEditError(f"the edited framework is the same as version {framework.version}")
    content["changes"] = content["changes"] + [
        {"date": date.isoformat(), "body": body, "decision": document_reference, "summary": reason}
    ]
    new = Framework.objects.create(
        gemeente=framework.gemeente,
        slug=framework.slug,
        version=content["version"],
        title=spec.title,
        period_start=spec.period_start,
        period_end=spec.period_end,
        content=content,
        source_file=framework.source_file,
    )
    themes = {t.code: t for t in Theme.objects.all()}
    for order, p in enumerate(spec.priorities):
        priority = Priority.objects.create(framework=new, code=p.code, title=p.title, ambition=p.ambition, order=order)
        priority.themes.set([themes[c] for c in p.themes if c in themes])
    FrameworkDecision.objects.create(
        framework=new,
        date=date,
        body=body,
        reason=reason,
        document_reference=document_reference,
        document_url=document_url,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        "framework_changed",
        actor=actor,
        gemeente=framework.gemeente,
        obj=new,
        previous_version=framework.version,
        version=new.version,
        body=body,
        document_reference=document_reference,
    )
    return new


def record_priorities_change(framework: Framework, priorities: list[dict], **decision) -> Framework:
    """Store ``framework`` with ``priorities`` (in their new order) as the next version, with its decision.

    ``priorities`` are mappings with the fields of the file format (``code``, ``title``, ``reasons``, ``ambition``
    -- the goal --, ``actions``, ``themes``); everything else of the framework stays as it is. The result goes
    through :func:`record_change`, so it is validated like a framework file and audited the same way.
    """
    document = framework_document(framework)
    document["priorities"] = [
        {key: priority[key] for key in ("code", "title", "reasons", "ambition", "actions", "themes")}
        for priority in priorities
    ]
    return record_change(framework, _dump(document), **decision)
