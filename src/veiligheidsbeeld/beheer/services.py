"""What the beheer screens do (issue 21). Account, enrolment and token writes go through the same services as
``veiligheidsbeeld users`` (:mod:`veiligheidsbeeld.accounts.services`); this module adds the beheerder's scope
(only accounts, organisations and tokens of the beheerder's own gemeenten) and the writes the CLI lacks
(deactivating, retention periods, organisations). Every write is audited."""

from __future__ import annotations

import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligheidsbeeld.accounts import services as account_services
from veiligheidsbeeld.accounts.api import known_scopes, scope_allowed
from veiligheidsbeeld.accounts.models import ApiToken
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Organisation

from .models import RetentionPeriod

__all__ = [
    "MAX_AREA_FILES", "MAX_RETENTION_DAYS", "AreaUploadError", "AreaUploadResult", "allowed_scopes",
    "area_summary", "import_area_files", "create_account", "create_organisation", "issue_enrolment",
    "issue_token", "managed_accounts", "managed_gemeenten", "managed_organisations", "managed_tokens",
    "retention_overrides", "retention_rows", "revoke_token", "set_active", "set_retention_days",
]

#: The longest retention period a beheerder can set (100 years).
MAX_RETENTION_DAYS = 36500


class NotManaged(PermissionError):
    """The object lies outside the beheerder's gemeenten."""


def managed_gemeenten(actor):
    """The gemeenten ``actor`` administers: their own."""
    return account_services.gemeenten_for(actor)


def managed_accounts(actor):
    """Accounts whose gemeenten all lie within ``actor``'s (and that have one at least); never superusers.

    An account that also works for another gemeente is managed by a beheerder of every gemeente it has, so a
    beheerder of one gemeente never changes what someone may see in another.
    """
    own = managed_gemeenten(actor)
    return (
        get_user_model().objects.filter(is_superuser=False, profile__isnull=False)
        .annotate(
            n_all=Count("profile__gemeenten", distinct=True),
            n_own=Count("profile__gemeenten", filter=Q(profile__gemeenten__in=own), distinct=True),
        )
        .filter(n_all__gt=0, n_all=F("n_own"))
        .select_related("profile__organisation")
        .order_by("username")
    )


def managed_account(actor, pk):
    user = managed_accounts(actor).filter(pk=pk).first()
    if user is None:
        raise NotManaged(pk)
    return user


def managed_organisations(actor):
    """Organisations working for one of ``actor``'s gemeenten."""
    return Organisation.objects.filter(gemeenten__in=managed_gemeenten(actor)).distinct().order_by("name")


def managed_tokens(actor):
    """Tokens of the accounts ``actor`` manages."""
    return (
        ApiToken.objects.filter(user__in=managed_accounts(actor).values("pk"))
        .select_related("user", "organisation").prefetch_related("gemeenten")
    )


def _check_gemeenten(actor, gemeenten):
    own = set(managed_gemeenten(actor).values_list("code", flat=True))
    outside = [g.code for g in gemeenten if g.code not in own]
    if outside or not gemeenten:
        raise NotManaged("gemeenten outside the beheerder's: {}".format(", ".join(outside) or "(none)"))


@transaction.atomic
def create_account(*, actor, username, role, organisation, gemeenten, email=""):
    """A new account (never an existing one: that would reset it) with a generated password and a one-time
    enrolment code for its authenticator. Returns ``(user, password, code)``; both are shown once."""
    _check_gemeenten(actor, gemeenten)
    if not managed_organisations(actor).filter(pk=organisation.pk).exists():
        raise NotManaged("organisation {} does not work for the beheerder's gemeenten".format(organisation))
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValueError("exists")
    password = secrets.token_urlsafe(18)
    account_services.check_password(password, username)
    user = account_services.create_user(
        username=username, password=password, role=role, organisation=organisation, gemeenten=gemeenten,
        actor=actor, email=email, via="beheer",
    )
    code = account_services.create_enrolment_code(user, actor=actor)
    return user, password, code


def issue_enrolment(*, actor, user) -> str:
    """A new one-time enrolment code for ``user`` (earlier open codes stop working)."""
    managed_account(actor, user.pk)
    return account_services.create_enrolment_code(user, actor=actor)


@transaction.atomic
def set_active(*, actor, user, active: bool):
    """Deactivate (no log-in, no API token works) or reactivate an account; not one's own."""
    managed_account(actor, user.pk)
    if user.pk == actor.pk:
        raise ValueError("own account")
    if user.is_active != active:
        old = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            "user_reactivated" if active else "user_deactivated", actor=actor, obj=user,
            changes={"is_active": [old, active]},
        )
    return user


def allowed_scopes(user) -> list[str]:
    """The scopes ``user``'s role may hold on a token (the same rule the API applies on every use)."""
    return [scope for scope in known_scopes() if scope_allowed(user, scope)]


def issue_token(*, actor, user, name, scopes, gemeenten, days):
    """A token for ``user`` through :func:`accounts.services.create_api_token`. Returns ``(token, plaintext)``."""
    managed_account(actor, user.pk)
    _check_gemeenten(actor, gemeenten)
    return account_services.create_api_token(
        user=user, name=name, scopes=scopes, gemeenten=gemeenten, days=days, actor=actor
    )


def revoke_token(*, actor, token):
    if not managed_tokens(actor).filter(pk=token.pk).exists():
        raise NotManaged(token.pk)
    return account_services.revoke_api_token(token, actor=actor)


@transaction.atomic
def create_organisation(*, actor, name, kind, gemeenten):
    """A partner organisation working for (some of) the beheerder's gemeenten."""
    _check_gemeenten(actor, gemeenten)
    if Organisation.objects.filter(name=name, kind=kind).exists():
        raise ValueError("exists")
    organisation = Organisation.objects.create(name=name, kind=kind)
    organisation.gemeenten.set(gemeenten)
    audit.record(
        "organisation_created", actor=actor, obj=organisation, name=name, kind=kind,
        gemeenten=[g.code for g in gemeenten],
    )
    return organisation


def retention_overrides() -> dict[str, int]:
    """Category -> days set in the browser (they override ``settings.RETENTION_DAYS``)."""
    return dict(RetentionPeriod.objects.values_list("category", "days"))


def retention_rows() -> list[dict]:
    """Every retention category with its label, action, configured and effective period."""
    from veiligheidsbeeld.core import retention
    from veiligheidsbeeld.core.processing_register import _retention_labels

    days, categories = retention.configured_categories()
    overrides = retention_overrides()
    labels = _retention_labels()
    return [
        {
            "category": name, "label": labels.get(name, name.replace("_", " ")), "action": action, "anonymises": str(action).startswith("anonymis"),
            "configured": days[name], "days": overrides.get(name, days[name]), "overridden": name in overrides,
        }
        for name, (action, _handler) in categories.items()
    ]


@transaction.atomic
def set_retention_days(*, actor, category: str, days: int) -> RetentionPeriod:
    """Set the retention period of ``category`` (applied by the next retention run)."""
    from veiligheidsbeeld.core import retention

    configured, categories = retention.configured_categories()
    if category not in categories:
        raise ValueError("unknown category {!r}".format(category))
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValueError("days out of range")
    period = RetentionPeriod.objects.filter(category=category).first()
    old = period.days if period else configured[category]
    if period is None:
        period = RetentionPeriod(category=category, days=days)
    period.days, period.changed_by, period.changed_at = days, actor, timezone.now()
    period.save()
    audit.record(
        "retention_period_changed", actor=actor, obj=period, category=category, changes={"days": [old, days]}
    )
    return period


def public_rows(actor) -> list[dict]:
    """The beheerder's gemeenten with whether their public veiligheidsbeeld is on (issue 20, ADR 0018)."""
    from veiligheidsbeeld.public.services import is_public

    return [{"gemeente": g, "enabled": is_public(g)} for g in managed_gemeenten(actor).order_by("name")]


def set_public_pages(*, actor, code: str, enabled: bool):
    """Turn the public veiligheidsbeeld of one of ``actor``'s gemeenten on or off (audited by the public app's
    service as ``public_site_changed``); :class:`NotManaged` for any other gemeente."""
    from veiligheidsbeeld.public.services import set_public

    gemeente = managed_gemeenten(actor).filter(code=code).first()
    if gemeente is None:
        raise NotManaged(code)
    return set_public(gemeente, enabled, actor=actor)


# -- Area register: the CBS files uploaded in the browser (issue 21, item 1) ------------------------------------------

#: The largest number of files of one upload.
MAX_AREA_FILES = 20


class AreaUploadError(ValueError):
    """An area upload that was refused; ``message`` is Dutch and says what to do, ``details`` the parser's findings
    (file, line and reason as the CLI prints them)."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.message, self.details = message, details


@dataclass(frozen=True)
class AreaUploadResult:
    """What an area upload did: the steps (``areas.setup.SetupStep``) and notes, as the CLI prints them."""

    gemeente: str
    steps: list
    notes: list[str]
    files: list[str]


def _safe_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "bestand").name).lstrip(".") or "bestand"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = "{}-{}".format(n, base)
    taken.add(candidate.lower())
    return candidate


def import_area_files(*, actor, code: str, files, year: int | None = None) -> AreaUploadResult:
    """Import uploaded CBS area files for one of ``actor``'s gemeenten through the code path of the CLI.

    With a region file among them this is ``veiligheidsbeeld gemeente setup CODE --from FOLDER``
    (:func:`veiligheidsbeeld.areas.setup.setup_gemeente`): national register, wijken and buurten, populations,
    boundaries, postcodes and the shipped framework. Without one, for a gemeente already registered, the other
    files are imported as ``veiligheidsbeeld areas import population|boundaries|postcodes`` would (populations and
    boundaries limited to the gemeente). Everything lands in one transaction or not at all; each import writes its
    own audit event and the upload one ``area_files_uploaded``.

    Raises
    ------
    NotManaged
        For a gemeente outside the beheerder's.
    AreaUploadError
        With a Dutch message when the files cannot be used (nothing is stored then).
    """
    from veiligheidsbeeld.areas import parsers
    from veiligheidsbeeld.areas import services as area_services
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.areas.setup import SetupError, find_files, setup_gemeente

    gemeente = managed_gemeenten(actor).filter(code=code).first()
    if gemeente is None:
        raise NotManaged(code)
    files = list(files)
    if not files:
        raise AreaUploadError(_("Choose one or more CBS files."))
    if len(files) > MAX_AREA_FILES:
        raise AreaUploadError(_("Upload at most %(max)d files at once.") % {"max": MAX_AREA_FILES})
    names: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vb-areas-") as tmp:
        folder = Path(tmp)
        taken: set[str] = set()
        for upload in files:
            name = _safe_name(upload.name, taken)
            names.append(name)
            with (folder / name).open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        found = find_files(folder)
        recognised = found.regions or found.population or found.boundaries or found.postcodes
        if not recognised:
            raise AreaUploadError(
                _("None of the files is a CBS area file (regions, population, boundaries or postcodes)."),
                "\n".join("{}: {}".format(p.name, reason) for p, reason in found.skipped),
            )
        try:
            with transaction.atomic():
                if found.regions:
                    steps, notes = setup_gemeente(gemeente.code, folder, year=year, actor=actor)
                else:
                    if not Area.objects.filter(gemeente=gemeente).exists():
                        raise AreaUploadError(_(
                            "%(name)s has no areas yet: upload the CBS region file (e.g. "
                            "47018NED_WijkenEnBuurten.csv) together with the other files."
                        ) % {"name": gemeente.name})
                    steps, notes = _import_without_regions(gemeente.code, folder, found, actor, parsers,
                                                           area_services)
                audit.record(
                    "area_files_uploaded", actor=actor, gemeente=gemeente, object_type="areas.area",
                    object_id=gemeente.code, files=names, year=year,
                    steps=[{"what": s.what, "source": s.source, **s.result.as_dict()} for s in steps],
                )
        except SetupError as error:
            raise AreaUploadError(_setup_message(str(error), gemeente), str(error)) from error
        except parsers.AreaFileError as error:
            raise AreaUploadError(
                _("The file %(file)s has problems; nothing was imported. Correct the file and upload it again.")
                % {"file": error.path.name}, str(error),
            ) from error
        except area_services.AreaImportError as error:
            raise AreaUploadError(
                _("The files do not fit the area register; nothing was imported."), str(error)
            ) from error
    return AreaUploadResult(gemeente=gemeente.code, steps=[_labelled(step) for step in steps], notes=notes,
                            files=names)


_STEP = re.compile(r"^(?:(?P<national>national register)|(?P<code>GM\d{4}) wijken and buurten|population (?P<pop>\d{4})"
                   r"|(?P<level>gemeente|wijk|buurt) boundaries (?P<byear>\d{4})|postcodes (?P<pc>\d{4}))$")


def _labelled(step) -> dict:
    """A set-up step with a Dutch label for the page (the CLI's English ``what`` stays in the audit log)."""
    match = _STEP.match(step.what)
    label = step.what
    if match and match["national"]:
        label = _("National register (all gemeenten)")
    elif match and match["code"]:
        label = _("Wijken and buurten of %(code)s") % {"code": match["code"]}
    elif match and match["pop"]:
        label = _("Inhabitants %(year)s") % {"year": match["pop"]}
    elif match and match["level"]:
        label = _("Boundaries of the %(level)s level, %(year)s") % {"level": match["level"], "year": match["byear"]}
    elif match and match["pc"]:
        label = _("Postcodes %(year)s") % {"year": match["pc"]}
    return {"what": step.what, "label": label, "source": step.source, "result": step.result}


def _setup_message(text: str, gemeente) -> str:
    if "indeling year" in text:
        return _("The indeling year of the region file is not in its metadata: upload the "
                 "table's DataProperties file with it, or fill in the year.")
    if "in none of the region files" in text:
        return _("%(code)s is not in the region file; upload the region file of all gemeenten.") % {
            "code": gemeente.code}
    return _("The files could not be used; nothing was imported.")


def _import_without_regions(code, folder, found, actor, parsers, area_services):
    """The population, boundary and postcode files of an upload without a region file: the imports of
    ``veiligheidsbeeld areas import ...`` (:mod:`veiligheidsbeeld.areas.services`), for ``code`` only."""
    from veiligheidsbeeld.areas.setup import SetupStep

    steps, notes = [], ["not used: {} ({})".format(p.name, reason) for p, reason in found.skipped]
    for path, population_year in found.population:
        records = parsers.parse_population(path, population_year)
        steps.append(SetupStep("population {}".format(population_year), path.name, area_services.import_population(
            records, year=population_year, gemeente=code, actor=actor, source=path.name)))
    for path, level, boundary_year in sorted(found.boundaries, key=lambda item: (item[2], item[1])):
        boundary_file = parsers.parse_boundaries(path, level)
        if not any(r.gemeente_code == code for r in boundary_file.records):
            notes.append("not used: {} (no {} of {})".format(path.name, level, code))
            continue
        steps.append(SetupStep("{} boundaries {}".format(level, boundary_year), path.name,
                               area_services.import_boundaries(
                                   boundary_file.records, level=level, year=boundary_year, gemeenten=[code],
                                   actor=actor, source=path.name, properties=boundary_file.properties)))
    for path, postcode_year in found.postcodes:
        records = parsers.parse_postcodes(path, postcode_year)
        steps.append(SetupStep("postcodes {}".format(postcode_year), path.name, area_services.import_postcodes(
            records, year=postcode_year, actor=actor, source=path.name)))
    return steps, notes


def area_summary(actor) -> list[dict]:
    """Per gemeente of ``actor``: the indeling years with their numbers of wijken and buurten, population years and
    boundary years (what the register holds now)."""
    from veiligheidsbeeld.areas.models import Area, AreaPopulation

    rows = []
    for gemeente in managed_gemeenten(actor).order_by("name"):
        areas = Area.objects.filter(gemeente=gemeente)
        years = (
            areas.values("year").annotate(
                wijken=Count("pk", filter=Q(level="wijk")), buurten=Count("pk", filter=Q(level="buurt")),
                boundaries=Count("pk", filter=Q(geometry__isnull=False)),
            ).order_by("-year")
        )
        population = sorted(set(AreaPopulation.objects.filter(area__gemeente=gemeente)
                                .values_list("year", flat=True)), reverse=True)
        rows.append({"gemeente": gemeente, "years": list(years), "population_years": population})
    return rows
