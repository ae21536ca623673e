"""Building the fictitious demo gemeente Voorbeeldstad in the database, through the regular services."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.db import transaction

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.services import create_user
from veiligheidsbeeld.analyses.services import run_analysis
from veiligheidsbeeld.areas.models import Area, AreaGroup, AreaLevel, AreaPopulation
from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import Gemeente, Organisation
from veiligheidsbeeld.core.modules import demo_builders
from veiligheidsbeeld.frameworks.loader import DATA_DIR as FRAMEWORK_DATA
from veiligheidsbeeld.frameworks.models import Theme
from veiligheidsbeeld.frameworks.services import load_framework
from veiligheidsbeeld.frameworks.versioning import current_framework
from veiligheidsbeeld.programmes.example import load_example_programme
from veiligheidsbeeld.programmes.models import Kpi, Measure
from veiligheidsbeeld.registrations.models import ImportBatch, Kind, Precision, Registration
from veiligheidsbeeld.registrations.services import import_registrations

from . import generator, monitored

__all__ = ["DEMO_ACCOUNTS", "DEMO_FRAMEWORK", "DemoResult", "build_demo"]

#: Voorbeeldstad's own fictitious framework (issue 21 item 9); its example programme is
#: ``programmes/data/voorbeeldstad-2023-2026.yaml``.
DEMO_FRAMEWORK = FRAMEWORK_DATA / "frameworks" / "voorbeeldstad-2023-2026.yaml"

# username, role, organisation key
DEMO_ACCOUNTS = (
    ("analist", Role.ANALIST, "gemeente"),
    ("beleidsadviseur", Role.BELEIDSADVISEUR, "gemeente"),
    ("burgemeester", Role.BESTUUR, "gemeente"),
    ("politie", Role.KETENPARTNER, "politie"),
    ("beheerder", Role.BEHEERDER, "gemeente"),
    ("procesregisseur", Role.PROCESREGISSEUR, "zvh"),
    ("wijkteam", Role.KETENPARTNER, "wijkteam"),
    ("fg", Role.FG, "gemeente"),
    ("ciso", Role.INFORMATIEBEVEILIGER, "gemeente"),  # issue 19: the security group (cyber)
    ("publiek", Role.PUBLIEK, "gemeente"),  # issue 21: every role has a demo account
)


@dataclass
class DemoResult:
    gemeente: Gemeente
    run_id: int
    accounts: list[dict]
    planted: list[dict]
    registrations: int
    modules: dict = field(default_factory=dict)


def delete_gemeente(code: str) -> None:
    gemeente = Gemeente.objects.filter(code=code).first()
    if gemeente is not None:
        # Rows that protect areas and themes first (registrations, programme KPIs and measures), then the rest.
        Registration.objects.filter(gemeente=gemeente).delete()
        Kpi.objects.filter(gemeente=gemeente).delete()
        Measure.objects.filter(gemeente=gemeente).delete()
        gemeente.delete()


def _areas(gemeente, data, year: int) -> dict[str, Area]:
    top = Area.objects.create(
        gemeente=gemeente,
        code=data.gemeente.code,
        name=data.gemeente.name,
        level=AreaLevel.GEMEENTE,
        year=year,
        geometry=data.gemeente.geometry,
    )
    wijken = {
        w.code: Area.objects.create(
            gemeente=gemeente,
            code=w.code,
            name=w.name,
            level=AreaLevel.WIJK,
            year=year,
            parent=top,
            geometry=w.geometry,
        )
        for w in data.wijken
    }
    buurten = {
        b.code: Area(
            gemeente=gemeente,
            code=b.code,
            name=b.name,
            level=AreaLevel.BUURT,
            year=year,
            parent=wijken[b.wijk],
            geometry=b.geometry,
        )
        for b in data.buurten
    }
    Area.objects.bulk_create(buurten.values())
    buurten = {a.code: a for a in Area.objects.filter(gemeente=gemeente, level=AreaLevel.BUURT)}
    AreaPopulation.objects.bulk_create(
        AreaPopulation(area=buurten[b.code], year=y, population=n, source="demo (fictitious)")
        for b in data.buurten
        for y, n in b.population.items()
    )
    return {**buurten, **wijken, top.code: top}


def _registrations(data, areas, themes):
    nonzero = np.argwhere(data.counts > 0)
    for b, t, m in nonzero:
        buurt, theme, month = data.buurten[b], themes[data.themes[t]], data.months[m]
        yield Registration(
            source_system="demo",
            source_ref=f"{buurt.code}:{theme.code}:{month:%Y-%m}",
            kind=Kind.AGGREGATE,
            theme=theme,
            category_code=theme.code,
            category_label=theme.name,
            period_start=month,
            precision=Precision.MONTH,
            area=areas[buurt.code],
            count=int(data.counts[b, t, m]),
            attributes={"fictitious": True},
        )


def build_demo(seed: int = 2024, *, progress=lambda message: None) -> DemoResult:
    """(Re)build Voorbeeldstad: areas, populations, ten years of registrations, framework, accounts, a first run.

    Deterministic for ``seed`` (the data; account passwords are new random ones on every build).
    """
    progress(f"Generating Voorbeeldstad (seed {seed})...")
    data = generator.generate(seed)
    year = data.months[-1].year
    with transaction.atomic():
        delete_gemeente(data.gemeente.code)
        gemeente = Gemeente.objects.create(
            code=data.gemeente.code, name=data.gemeente.name, is_fictitious=True, primary_colour="#0b5a66"
        )
        progress(f"Registering {len(data.wijken)} wijken and {len(data.buurten)} buurten...")
        areas = _areas(gemeente, data, year)
        organisations = {
            "gemeente": Organisation.objects.get_or_create(
                name="Gemeente Voorbeeldstad (fictief)", kind="gemeente"
            )[0],
            "politie": Organisation.objects.get_or_create(
                name="Politie basisteam Voorbeeldstad (fictief)", kind="politie"
            )[0],
            "zvh": Organisation.objects.get_or_create(
                name="Zorg- en Veiligheidshuis Voorbeeldstad (fictief)", kind="zvh"
            )[0],
            "wijkteam": Organisation.objects.get_or_create(name="Wijkteam Voorbeeldstad (fictief)", kind="wij")[0],
        }
        for organisation in organisations.values():
            organisation.gemeenten.add(gemeente)
        load_framework(DEMO_FRAMEWORK, gemeente=gemeente)  # its area groups and partner organisations
        # The framework lists the northern wijken of the default seed; any seed gets its own northern wijken.
        noord = [w for w in data.wijken if w.code in _northern_wijken(data)]
        group, _ = AreaGroup.objects.update_or_create(
            gemeente=gemeente,
            slug="noord",
            defaults={"name": "Voorbeeldstad Noord",
                      "description": "Programmagebied van de noordelijke wijken (fictief)."},
        )
        group.members.set([areas[w.code] for w in noord])
        progress("Storing registrations (ten years, monthly)...")
        batch = ImportBatch.objects.create(
            gemeente=gemeente,
            source_system="demo",
            importer="demo",
            organisation=organisations["politie"],
            file_name=f"voorbeeldstad-seed-{seed}",
            content_hash=f"{seed:064x}",
            mapping={"generator": "veiligheidsbeeld.demo.generator", "seed": seed},
        )
        themes = {t.code: t for t in Theme.objects.all()}
        summary = import_registrations(batch, _registrations(data, areas, themes))
        progress("Importing the boa enforcement and permit files (import table)...")
        partners = {p["code"]: Organisation.objects.filter(name=p["name"], kind=p["kind"]).first()
                    for p in current_framework(gemeente).content["partners"]}
        with tempfile.TemporaryDirectory() as folder:
            files = monitored.write_files(data, Path(folder), seed)
            imported = monitored.import_files(gemeente, files, partners)
        accounts, users = [], {}
        for username, role, org in DEMO_ACCOUNTS:
            from veiligheidsbeeld.accounts.permissions import requires_second_factor
            from veiligheidsbeeld.accounts.services import provision_totp

            password = secrets.token_urlsafe(12)
            user = create_user(
                username=username,
                password=password,
                role=role,
                organisation=organisations[org],
                gemeenten=[gemeente],
            )
            users[username] = user
            account = {"username": username, "password": password, "role": str(role)}
            if requires_second_factor(user):
                account["otpauth"] = provision_totp(user).config_url
                progress(f"{username} logs in with a second factor: add {account['otpauth']} to an authenticator app")
            accounts.append(account)
        audit.record("demo_built", gemeente=gemeente, obj=gemeente, seed=seed, registrations=summary.accepted)
    progress("Running the first analysis...")
    run = run_analysis(gemeente)
    progress("Loading the example uitvoeringsprogramma...")
    with transaction.atomic():
        load_example_programme(
            gemeente, current_framework(gemeente), organisations={"politie": organisations["politie"]}
        )
    modules = {}
    for name, build in demo_builders():  # the domain modules' fictitious records (core.modules)
        progress(f"Adding the demo records of {name}...")
        with transaction.atomic():
            modules[name] = build(gemeente, users, organisations)
    from veiligheidsbeeld.public.services import set_public

    set_public(gemeente, True)  # issue 20: the public veiligheidsbeeld at /openbaar/GM9999/
    registrations = summary.accepted + sum(imported.values())
    return DemoResult(gemeente, run.pk, accounts, data.planted, registrations, modules)


def _northern_wijken(data) -> set[str]:
    """The wijken whose centroid lies in the northern third of the gemeente."""
    import shapely

    centroids = {w.code: shapely.geometry.shape(w.geometry).centroid.y for w in data.wijken}
    ys = sorted(centroids.values())
    cut = ys[int(len(ys) * 2 / 3)]
    return {code for code, y in centroids.items() if y >= cut}
