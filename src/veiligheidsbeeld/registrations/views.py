"""Import pages (upload, batch summary, quarantine with correct-and-resubmit, history) and the browser.

The browser lists registrations with their source, category, period, area and count only: no attributes, no
source reference, and never rows marked as personal data.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligheidsbeeld.accounts.services import gemeenten_for
from veiligheidsbeeld.areas.models import Area, AreaLevel
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.limits import limit, load_yaml
from veiligheidsbeeld.core.models import Gemeente

from . import services
from .forms import BrowseForm, UploadForm
from .importers import REGISTRY, ImportFileError
from .importers.mapped import MappingError
from .importers.personal import REMOVED_KEY
from .models import Confidentiality, CubeCell, ImportBatch, Registration, RejectedRow, RejectionStatus

__all__ = ["batch_page", "browse", "import_page", "resubmit"]

IMPORT = "accounts.import_registrations"
BROWSE = "accounts.view_small_counts"


def _importable(user):
    return [g.pk for g in gemeenten_for(user) if user.has_perm(IMPORT, g)]


@login_required
def import_page(request):
    allowed = _importable(request.user)
    if not allowed:
        raise PermissionDenied
    gemeenten = gemeenten_for(request.user).filter(pk__in=allowed)
    form = UploadForm(request.POST or None, request.FILES or None, gemeenten=gemeenten)
    if request.method == "POST" and form.is_valid():
        batch = _upload(request, form)
        if batch is not None:
            return redirect("registrations:batch", pk=batch.pk)
    batches = ImportBatch.objects.filter(gemeente__in=gemeenten).select_related("gemeente", "user")[:100]
    return render(request, "registrations/import.html", {"form": form, "batches": batches})


def _upload(request, form):
    data = form.cleaned_data
    upload = data["file"]
    options = {"accept_partial": True} if data.get("accept_partial") else {}
    if data["importer"] == "table":
        try:
            options["mapping"] = load_yaml(data["mapping"].read(limit("MAPPING_MAX_BYTES") + 1).decode("utf-8"),
                                           data["mapping"].name)
        except (ValueError, UnicodeDecodeError) as error:
            form.add_error("mapping", _("The mapping is not valid YAML: {}").format(error))
            return None
    try:
        importer = REGISTRY[data["importer"]](gemeente=data["gemeente"], **options)
    except MappingError as error:
        form.add_error("mapping", str(error))
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(upload.name).name
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            outcome = services.run_import(importer, path, user=request.user, replace=data["replace"] or None,
                                          file_name=upload.name)
        except (ImportFileError, MappingError, ImportBatch.DoesNotExist) as error:
            form.add_error("file", error.localized() if isinstance(error, ImportFileError) else _(
                "There is no earlier import of this file to replace.") if isinstance(error, ImportBatch.DoesNotExist)
                else str(error))
            return None
    if outcome.summary.out_of_scope:
        messages.info(request, _("{} rows belong to other gemeenten or to areas that are not registered: counted, "
                                 "not kept.").format(outcome.summary.out_of_scope))
    if outcome.status == "unchanged":
        messages.info(request, _("This file was imported already (batch {}); nothing changed.").format(
            outcome.batch.pk))
    else:
        messages.success(request, _("Imported: {} of {} rows accepted.").format(
            outcome.summary.accepted, outcome.summary.rows))
    return outcome.batch


def _batch_for(request, pk):
    batch = get_object_or_404(ImportBatch.objects.select_related("gemeente"), pk=pk)
    if not request.user.has_perm(IMPORT, batch.gemeente):
        raise PermissionDenied
    return batch


#: GET parameter holding the purpose of viewing quarantined rows (their content may hold person data).
PURPOSE = "doel"


@login_required
def batch_page(request, pk):
    """The batch summary and its quarantine. The content of rejected rows is shown only with a stated purpose,
    and every row shown is logged as a read of person data (the FG's review page lists these)."""
    batch = _batch_for(request, pk)
    rows = Paginator(batch.rejected_rows.order_by("row_number"), 50).get_page(request.GET.get("pagina"))
    purpose = request.GET.get(PURPOSE, "").strip()[:300]
    if purpose:
        with transaction.atomic():
            for row in rows:
                audit.record_read(request.user, person=str(row.pk), purpose=purpose, gemeente=batch.gemeente,
                                  object_type="registrations.rejectedrow", batch=batch.pk, row=row.row_number)
    names = dict(Gemeente.objects.filter(code__in=list(batch.by_gemeente)).values_list("code", "name"))
    names.update(Area.objects.filter(code__in=list(batch.by_gemeente), gemeente__isnull=True)
                 .values_list("code", "name"))
    return render(request, "registrations/batch.html", {
        "batch": batch, "rows": rows, "purpose": purpose,
        "by_gemeente": [(code, names.get(code, code), figures) for code, figures in sorted(batch.by_gemeente.items())],
        "out_of_scope": sorted(batch.out_of_scope.items()),
        "out_of_scope_rows": sum(batch.out_of_scope.values()),
        "ambiguous": _ambiguous_names(batch),
    })


_AMBIGUOUS = re.compile(r"^(?P<name>'.*') could mean (?P<candidates>.*); the file does not say which")


def _ambiguous_text(message: str) -> str:
    """``'Wijk 1' could mean BU09990002 Wijk 1 (buurt), ...`` of the resolver, in the user's language."""
    match = _AMBIGUOUS.match(message)
    if not match:
        return message
    candidates = match["candidates"]
    for level, label in AreaLevel.choices:
        candidates = candidates.replace("({})".format(level), "({})".format(label))
    return _("{name} could mean: {candidates}").format(name=match["name"], candidates=candidates)


def _ambiguous_names(batch, most: int = 50) -> list[str]:
    """The distinct ambiguous region names of a batch's quarantine with the areas each could mean."""
    if not batch.rejected_reasons.get("ambiguous_area"):
        return []
    found: list[str] = []
    for reasons in batch.rejected_rows.values_list("reasons", flat=True).iterator():
        for reason in reasons:
            if reason.get("code") == "ambiguous_area":
                text = _ambiguous_text(reason.get("message", "").split(": ", 1)[-1])
                if text not in found:
                    found.append(text)
        if len(found) >= most:
            break
    return found


@login_required
@require_POST
def resubmit(request, pk, row):
    batch = _batch_for(request, pk)
    rejected = get_object_or_404(RejectedRow, pk=row, batch=batch)
    if rejected.status != RejectionStatus.OPEN:
        messages.error(request, _("This row was handled already."))
        return redirect("registrations:batch", pk=batch.pk)
    corrected = {key: request.POST.get("veld-" + key, "") for key in rejected.raw if key != REMOVED_KEY}
    result = services.resubmit_rejected_row(rejected, corrected, actor=request.user)
    if isinstance(result, RejectedRow):
        messages.error(request, _("Row {} is still not valid: {}").format(
            rejected.row_number, "; ".join(r["message"] for r in result.reasons)))
    else:
        messages.success(request, _("Row {} is corrected and accepted.").format(rejected.row_number))
    return _back_to_batch(batch, request.POST.get(PURPOSE, ""))


def _back_to_batch(batch, purpose):
    url = reverse("registrations:batch", args=[batch.pk])
    return redirect("{}?{}".format(url, urlencode({PURPOSE: purpose})) if purpose.strip() else url)


@login_required
def browse(request):
    gemeenten = [g for g in gemeenten_for(request.user) if request.user.has_perm(BROWSE, g)]
    if not gemeenten:
        raise PermissionDenied
    form = BrowseForm(request.GET or None)
    registrations = (
        Registration.objects.filter(gemeente__in=gemeenten)
        .exclude(confidentiality=Confidentiality.PERSOONSGEGEVENS)
        .select_related("theme", "area")
        .only("source_system", "category_code", "category_label", "kind", "period_start", "precision", "count",
              "theme__name", "area__code", "area__name", "area__year")
        .order_by("-period_start", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["source"]:
            registrations = registrations.filter(source_system=data["source"])
        if data["theme"]:
            theme = data["theme"]
            registrations = registrations.filter(Q(theme=theme) | Q(theme__parent=theme))
        if data["area"]:
            code = data["area"].strip().upper()
            registrations = registrations.filter(
                Q(area__code=code) | Q(area__parent__code=code) | Q(area__parent__parent__code=code))
        if data["start"]:
            registrations = registrations.filter(period_start__gte=data["start"])
        if data["end"]:
            registrations = registrations.filter(period_start__lte=data["end"])
    page = Paginator(registrations, 100).get_page(request.GET.get("pagina"))
    # From the cube, which holds every registration's source: a distinct over the registrations scans them all.
    sources = sorted(set(CubeCell.objects.filter(gemeente__in=gemeenten).values_list("source_system", flat=True)
                         .distinct()))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "registrations/browse.html", {
        "form": form, "page": page, "sources": sources, "query": query.urlencode(),
    })
