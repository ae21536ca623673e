"""Every write is audited, provably (issue 22, item 5): one table runs every service write and every CLI write and
checks that it left exactly the expected audit events, each once, with the right action, actor, gemeente, object
and changes.

A case is ``(name, run, expected)``: ``run(ctx)`` does the write and returns what :class:`Expect` needs; the test
compares the events written during ``run`` (in order) with the expected ones. Writes that need a browser session
(log-in, log-out, second factor) go through the test client. ``AUDITED_ACTIONS`` lists every action the code can
write; :func:`test_every_action_is_in_the_table` fails when a new one is added without a case (the OpenID Connect
and demo actions are asserted in their own tests, named in ``ELSEWHERE``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder

from conftest import monthly_registrations
from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.tests.conftest import make_user, organisation  # noqa: F401 (fixtures)
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.cases.tests.test_audit import ACTIONS as CASES_ACTIONS
from veiligheidsbeeld.publicorder.tests.actions import ACTIONS as PUBLICORDER_ACTIONS

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]
ELSEWHERE = {
    "oidc_login_accepted": "accounts/tests/test_oidc.py",
    "oidc_login_refused": "accounts/tests/test_oidc.py",
    "demo_built": "demo/tests/test_demo_command.py (the 45 s build, not repeated here)",
    "otp_device_confirmed": "accounts/tests/test_login.py (the set-up page's confirmation)",
    # --- undermining (issue 22) ---
    "signal_received": "undermining/tests/test_audit.py",
    "signal_status_changed": "undermining/tests/test_audit.py",
    "dossier_created": "undermining/tests/test_audit.py",
    "intervention_added": "undermining/tests/test_audit.py",
    "entity_added": "undermining/tests/test_audit.py",
    "link_added": "undermining/tests/test_audit.py",
    "network_imported": "undermining/tests/test_audit.py",
    "bibob_dossier_created": "undermining/tests/test_audit.py",
    "bibob_advice_requested": "undermining/tests/test_audit.py",
    "bibob_advice_extended": "undermining/tests/test_audit.py",
    "bibob_art32_notified": "undermining/tests/test_audit.py",
    "bibob_advice_received": "undermining/tests/test_audit.py",
    "bibob_zienswijze_requested": "undermining/tests/test_audit.py",
    "bibob_zienswijze_received": "undermining/tests/test_audit.py",
    "bibob_decided": "undermining/tests/test_audit.py",
    "bibob_advice_reused": "undermining/tests/test_audit.py",
    "bibob_disclosed": "undermining/tests/test_audit.py",
    "barrier_model_created": "undermining/tests/test_audit.py",
    "barrier_added": "undermining/tests/test_audit.py",
    "area_indicators_imported": "undermining/tests/test_audit.py",
    "bibob_own_investigation_done": "undermining/tests/test_audit.py",
    "dossier_reported": "undermining/tests/test_audit.py",
    "bedrijventerrein_registered": "undermining/tests/test_bedrijventerreinen.py",
    "bedrijventerrein_removed": "undermining/tests/test_bedrijventerreinen.py",
    # --- beheer (issue 21) ---
    "area_files_uploaded": "beheer/tests/test_areas_and_framework.py",
    # --- publicorder (issue 17) ---
    **{action: "publicorder/tests/test_audit.py" for action in PUBLICORDER_ACTIONS},
    # --- cases (issue 16) ---
    **{action: "cases/tests/test_audit.py" for action in CASES_ACTIONS},
    # --- public (issue 20) ---
    "public_site_changed": "public/tests/test_public.py (the CLI switch and its changes)",
    # --- wijkkaart (issue 20) ---
    "wijkkaart_generated": "reports/tests/test_wijkkaart.py (the one-page PDF, stored and audited)",
    # --- beheer (issue 21) ---
    **{action: "beheer/tests/test_beheer.py" for action in (
        "user_deactivated", "user_reactivated", "organisation_created", "retention_period_changed")},
    # --- ondermijning (issue 18) ---
    "signal_linked_to_dossier": "undermining/tests/test_working_screens.py",
    "entity_linked_to_signal": "undermining/tests/test_working_screens.py",
    "barrier_linked": "undermining/tests/test_working_screens.py",
}


@dataclass
class Expect:
    action: str
    actor: object = None  # a user, or None for the system
    gemeente: str = ""
    object_type: str = ""
    object_id: object = ""
    changes: dict | None = None  # None: not checked (no changes recorded is {})
    data: dict = field(default_factory=dict)  # keys that must be in the event's data with these values


def cli(*args) -> str:
    out = StringIO()
    call_command(*[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


class Ctx:
    """The shared objects of the cases: the small gemeente, an analyst and an editor, files in tmp_path."""

    def __init__(self, gemeente, tmp_path, make_user, settings=None):
        self.gemeente, self.tmp, self.make_user, self.settings = gemeente, tmp_path, make_user, settings
        self.analyst = make_user(Role.ANALIST, username="audit-analist")
        self.editor = make_user(Role.BELEIDSADVISEUR, username="audit-editor")

    def file(self, name: str, text: str) -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path


STATLINE = ('"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'
            '1,"1.1.1 ","BU09990000","2024MM01",3\n2,"1.1.1 ","BU0999XXXX","2024MM01",4\n')
REGIONS = ('"Key","Title","Description","Municipality","DetailRegionCode"\n'
           '"GM0996    ","Auditdorp","","GM0996","GM0996"\n'
           '"WK099600  ","Wijk A","","GM0996","WK099600"\n'
           '"BU09960000","Buurt A","","GM0996","BU09960000"\n')


def _statline_import(ctx, *, replace=False, user=None):
    from veiligheidsbeeld.registrations import services
    from veiligheidsbeeld.registrations.importers import REGISTRY

    path = ctx.file("politie.csv", STATLINE if not replace else STATLINE.replace(",3\n", ",5\n"))
    importer = REGISTRY["statline"](gemeente=ctx.gemeente)
    return services.run_import(importer, path, user=user, replace=True if replace else None)


def _analysed(ctx):
    from veiligheidsbeeld.analyses.services import month_range, run_analysis

    counts = {("BU09990000", "woninginbraak", m): (30 if m == dt.date(2024, 12, 1) else 2 + k % 3)
              for k, m in enumerate(month_range(dt.date(2022, 1, 1), dt.date(2024, 12, 1)))}
    monthly_registrations(ctx.gemeente, counts)
    return run_analysis(ctx.gemeente, permutations=99)


def _programme(ctx):
    from veiligheidsbeeld.frameworks.services import load_framework
    from veiligheidsbeeld.programmes.services import get_or_create_programme

    framework, _ = load_framework(gemeente=ctx.gemeente)
    return get_or_create_programme(ctx.gemeente, framework.slug, "Audit", actor=ctx.editor)


def _measure(ctx, programme=None):
    from veiligheidsbeeld.programmes.services import create_measure

    return create_measure(programme or _programme(ctx), actor=ctx.editor, title="Audit", start=dt.date(2022, 1, 1),
                          priority_code="veiligheid-zorg", owner=ctx.editor.profile.organisation,
                          intervention="preventie")


# --- the cases -------------------------------------------------------------------------------------------------


def case_user_created(ctx):
    from veiligheidsbeeld.accounts.services import create_user

    user = create_user(username="audit-new", password="correct horse battery staple", role=Role.BESTUUR,
                       organisation=ctx.analyst.profile.organisation, gemeenten=[ctx.gemeente], actor=ctx.analyst)
    return [Expect("user_created", ctx.analyst, object_type="auth.user", object_id=user.pk)]


def case_user_updated(ctx):
    from veiligheidsbeeld.accounts.services import create_user

    user = create_user(username="audit-analist", password="another horse battery staple", role=Role.ANALIST,
                       organisation=ctx.analyst.profile.organisation, gemeenten=[ctx.gemeente], actor=ctx.editor)
    return [Expect("user_updated", ctx.editor, object_type="auth.user", object_id=user.pk)]


def cli_user_created(ctx):
    password = ctx.file("password.txt", "correct horse battery staple\n")
    cli("users", "create", "--username", "audit-cli", "--role", "bestuur", "--organisation",
        ctx.analyst.profile.organisation.name, "--gemeente", "GM0999", "--password-file", password)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="audit-cli")
    return [Expect("user_created", None, object_type="auth.user", object_id=user.pk)]


def case_totp_provisioned(ctx):
    from veiligheidsbeeld.accounts.services import provision_totp

    provision_totp(ctx.analyst, actor=ctx.editor)
    return [Expect("totp_provisioned", ctx.editor, object_type="auth.user", object_id=ctx.analyst.pk)]


def cli_totp_provisioned(ctx):
    cli("users", "totp", "--username", "audit-analist")
    return [Expect("totp_provisioned", None, object_type="auth.user", object_id=ctx.analyst.pk)]


def case_api_token_created(ctx):
    from veiligheidsbeeld.accounts.services import create_api_token

    token, _secret = create_api_token(user=ctx.analyst, name="audit", scopes=["area:read"],
                                      gemeenten=[ctx.gemeente], actor=ctx.editor)
    return [Expect("api_token_created", ctx.editor, object_type="accounts.apitoken", object_id=token.pk)]


def cli_api_token_created(ctx):
    cli("users", "token", "create", "--username", "audit-analist", "--name", "audit", "--scope", "area:read",
        "--gemeente", "GM0999")
    from veiligheidsbeeld.accounts.models import ApiToken

    return [Expect("api_token_created", None, object_type="accounts.apitoken", object_id=ApiToken.objects.get().pk)]


def case_api_token_revoked(ctx):
    from veiligheidsbeeld.accounts.services import create_api_token, revoke_api_token

    token, _secret = create_api_token(user=ctx.analyst, name="audit", scopes=["area:read"], gemeenten=[ctx.gemeente])
    AuditEvent.objects.all().delete()  # only the revocation is under test
    token = revoke_api_token(token, actor=ctx.editor)
    return [Expect("api_token_revoked", ctx.editor, object_type="accounts.apitoken", object_id=token.pk,
                   changes={"revoked_at": [None, DjangoJSONEncoder().default(token.revoked_at)]})]


def cli_areas_imported(ctx):
    cli("areas", "import", "regions", ctx.file("regions.csv", REGIONS), "--gemeente", "GM0996", "--year", "2024")
    return [Expect("areas_imported", None, gemeente="GM0996", object_type="areas.area", object_id="2024")]


def cli_population_imported(ctx):
    path = ctx.file("population.csv", "WijkenEnBuurten,AantalInwoners_5\nBU09990000,1234\n")
    cli("areas", "import", "population", path, "--year", "2025", "--gemeente", "GM0999")
    return [Expect("population_imported", None, gemeente="GM0999", object_type="areas.areapopulation",
                   object_id="2025")]


def cli_boundaries_imported(ctx):
    feature = {"type": "Feature", "properties": {"WK_CODE": "WK099900", "WK_NAAM": "Wijk 0", "GM_CODE": "GM0999"},
               "geometry": {"type": "Polygon", "coordinates": [[[6, 53], [6.01, 53], [6.01, 53.01], [6, 53]]]}}
    path = ctx.file("wijken.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]}))
    cli("areas", "import", "boundaries", path, "--level", "wijk", "--year", "2024")
    return [Expect("boundaries_imported", None, object_type="areas.area", object_id="2024")]


def case_import_completed(ctx):
    outcome = _statline_import(ctx, user=ctx.analyst)
    return [Expect("import_completed", ctx.analyst, "GM0999", "registrations.importbatch", outcome.batch.pk,
                   data={"accepted": 1, "rejected": 1, "duplicates": 0})]


def cli_import_completed(ctx):
    summary = json.loads(cli("import", "statline", ctx.file("politie.csv", STATLINE), "--json"))
    return [Expect("import_completed", None, "GM0999", "registrations.importbatch", summary["batch"],
                   data={"accepted": 1, "rejected": 1})]


def cli_import_superseded(ctx):
    first = _statline_import(ctx)
    AuditEvent.objects.all().delete()
    # --gemeente: without it a StatLine import runs over every gemeente (scope "all", issue 13) and replaces only
    # such a batch, not the GM0999 batch imported above
    summary = json.loads(cli("import", "statline", ctx.file("politie.csv", STATLINE.replace(",3\n", ",5\n")),
                             "--gemeente", "GM0999", "--replace", "--json"))
    return [Expect("import_superseded", None, "GM0999", "registrations.importbatch", first.batch.pk,
                   data={"superseded_by": summary["batch"]}),
            Expect("import_completed", None, "GM0999", "registrations.importbatch", summary["batch"])]


def case_rejected_row_corrected(ctx):
    from veiligheidsbeeld.registrations.services import resubmit_rejected_row

    row = _statline_import(ctx).batch.rejected_rows.get()
    AuditEvent.objects.all().delete()
    resubmit_rejected_row(row, {**row.raw, "WijkenEnBuurten": "BU09990001"}, actor=ctx.analyst)
    return [Expect("rejected_row_corrected", ctx.analyst, "GM0999", "registrations.rejectedrow", row.pk,
                   data={"accepted": True})]


def case_analysis_completed(ctx):
    run = _analysed(ctx)
    AuditEvent.objects.all().delete()
    from veiligheidsbeeld.analyses.services import run_analysis

    again = run_analysis(ctx.gemeente, user=ctx.analyst, permutations=99)
    assert again.pk != run.pk
    return [Expect("analysis_completed", ctx.analyst, "GM0999", "analyses.analysisrun", again.pk,
                   data={"data_hash": again.data_hash})]


def cli_analysis_completed(ctx):
    _analysed(ctx)
    AuditEvent.objects.all().delete()
    cli("analyse", "--gemeente", "GM0999")
    from veiligheidsbeeld.analyses.models import AnalysisRun

    run = AnalysisRun.objects.order_by("-pk").first()
    return [Expect("analysis_completed", None, "GM0999", "analyses.analysisrun", run.pk)]


def case_alert_status_changed(ctx):
    from veiligheidsbeeld.analyses.models import Alert
    from veiligheidsbeeld.analyses.services import change_alert_status

    alert = Alert.objects.filter(run=_analysed(ctx)).order_by("pk").first()
    AuditEvent.objects.all().delete()
    change_alert_status(alert, "bekeken", note="audit", actor=ctx.analyst)
    return [Expect("alert_status_changed", ctx.analyst, "GM0999", "analyses.alert", alert.pk,
                   changes={"status": [alert.status, "bekeken"]}, data={"note": "audit"})]


# --- alerts (issue 20) ---
def case_alert_follow_up_changed(ctx):
    from veiligheidsbeeld.analyses.models import Alert
    from veiligheidsbeeld.analyses.services import set_alert_follow_up

    alert = Alert.objects.filter(run=_analysed(ctx)).order_by("pk").first()
    AuditEvent.objects.all().delete()
    set_alert_follow_up(alert, owner=ctx.analyst, due_date=dt.date(2025, 1, 31), note="audit", actor=ctx.analyst)
    return [Expect("alert_follow_up_changed", ctx.analyst, "GM0999", "analyses.alert", alert.pk,
                   changes={"owner": ["", "audit-analist"], "due_date": ["", "2025-01-31"]}, data={"note": "audit"})]


def case_alert_follow_up_carried_over(ctx):
    from veiligheidsbeeld.analyses.models import Alert
    from veiligheidsbeeld.analyses.services import change_alert_status, run_analysis

    first = _analysed(ctx)
    change_alert_status(Alert.objects.filter(run=first).order_by("pk").first(), "bekeken", actor=ctx.analyst)
    AuditEvent.objects.all().delete()
    again = run_analysis(ctx.gemeente, user=ctx.analyst, permutations=99)
    return [Expect("alert_follow_up_carried_over", ctx.analyst, "GM0999", "analyses.analysisrun", again.pk,
                   data={"alerts": 1, "runs": [first.pk]}),
            Expect("analysis_completed", ctx.analyst, "GM0999", "analyses.analysisrun", again.pk)]


def case_framework_loaded(ctx):
    from veiligheidsbeeld.frameworks.services import load_framework

    framework, _ = load_framework(gemeente=ctx.gemeente, actor=ctx.editor)
    return [Expect("framework_loaded", ctx.editor, "GM0999", "frameworks.framework", framework.pk)]


def case_framework_changed(ctx):
    from veiligheidsbeeld.frameworks.services import load_framework
    from veiligheidsbeeld.frameworks.versioning import framework_as_yaml, record_change

    framework, _ = load_framework(gemeente=ctx.gemeente)
    AuditEvent.objects.all().delete()
    text = framework_as_yaml(framework)
    changed = re.sub(r"(?m)^(title: .*)$", r"\1 (audit)", text, count=1)
    assert changed != text
    new = record_change(framework, changed, date=dt.date(2025, 1, 15), body="gemeenteraad", reason="audit",
                        document_reference="RB-1", actor=ctx.editor)
    return [Expect("framework_changed", ctx.editor, "GM0999", "frameworks.framework", new.pk)]


def case_programme_created(ctx):
    programme = _programme(ctx)
    from veiligheidsbeeld.frameworks.models import Framework

    framework = Framework.objects.get(gemeente=ctx.gemeente, slug=programme.framework_slug)
    return [Expect("framework_loaded", None, "GM0999", "frameworks.framework", framework.pk),
            Expect("programme_created", ctx.editor, "GM0999", "programmes.programme", programme.pk,
                   data={"framework": programme.framework_slug})]


def case_measure_created(ctx):
    programme = _programme(ctx)
    AuditEvent.objects.all().delete()
    measure = _measure(ctx, programme)
    return [Expect("measure_created", ctx.editor, "GM0999", "programmes.measure", measure.pk)]


def case_measure_updated(ctx):
    from veiligheidsbeeld.programmes.services import update_measure

    measure = _measure(ctx)
    AuditEvent.objects.all().delete()
    old = measure.title
    update_measure(measure, title="Audit: renamed", actor=ctx.editor)
    return [Expect("measure_updated", ctx.editor, "GM0999", "programmes.measure", measure.pk,
                   changes={"title": {"old": old, "new": "Audit: renamed"}})]


def case_measure_status_changed(ctx):
    from veiligheidsbeeld.programmes.services import change_status

    measure = _measure(ctx)
    AuditEvent.objects.all().delete()
    old = measure.status
    change_status(measure, "lopend", note="audit", actor=ctx.editor)
    return [Expect("measure_status_changed", ctx.editor, "GM0999", "programmes.measure", measure.pk,
                   changes={}, data={"old": old, "new": "lopend", "note": "audit"})]


def case_budget_created_and_changed(ctx):
    from veiligheidsbeeld.programmes.services import set_budget

    measure = _measure(ctx)
    AuditEvent.objects.all().delete()
    budget = set_budget(measure, 2031, "regulier", planned="100.00", spent="0.00", actor=ctx.editor)
    set_budget(measure, 2031, "regulier", planned="150.00", spent="10.00", actor=ctx.editor)
    return [Expect("budget_created", ctx.editor, "GM0999", "programmes.budget", budget.pk,
                   data={"measure": measure.pk, "year": 2031, "old": None,
                         "new": {"planned": "100.00", "spent": "0.00"}}),
            Expect("budget_changed", ctx.editor, "GM0999", "programmes.budget", budget.pk,
                   data={"old": {"planned": "100.00", "spent": "0.00"}, "new": {"planned": "150.00", "spent": "10.00"}})]


def case_kpi_created_and_value_recorded(ctx):
    from veiligheidsbeeld.programmes.services import create_kpi, record_kpi_value

    programme = _programme(ctx)
    AuditEvent.objects.all().delete()
    kpi = create_kpi(programme, actor=ctx.editor, title="Training", priority_code="digitale-veiligheid",
                     kind="manual", baseline=20, baseline_date=dt.date(2022, 1, 1), target=80,
                     direction="increase", deadline=dt.date(2024, 1, 1))
    entry = record_kpi_value(kpi, dt.date(2024, 6, 30), 12.5, "audit evidence", actor=ctx.editor)
    return [Expect("kpi_created", ctx.editor, "GM0999", "programmes.kpi", kpi.pk),
            Expect("kpi_value_recorded", ctx.editor, "GM0999", "programmes.kpivalue", entry.pk,
                   data={"kpi": kpi.pk})]


def cli_example_programme(ctx):
    from veiligheidsbeeld.frameworks.services import load_framework

    load_framework(gemeente=ctx.gemeente)
    AuditEvent.objects.all().delete()
    cli("example_programme", "GM0999")
    from collections import Counter

    from veiligheidsbeeld.programmes.models import Budget, Kpi, KpiValue, Measure, Programme

    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions.pop("programme_created") == Programme.objects.count() == 1
    for action, model in (("measure_created", Measure), ("budget_created", Budget), ("kpi_created", Kpi),
                          ("kpi_value_recorded", KpiValue)):
        assert actions.pop(action) == model.objects.count() > 0, action
        audited = set(AuditEvent.objects.filter(action=action).values_list("object_id", flat=True))
        assert audited == {str(pk) for pk in model.objects.values_list("pk", flat=True)}, action
    measures_moved = Measure.objects.exclude(status="gepland").count()
    assert set(actions) == {"measure_status_changed"} and actions["measure_status_changed"] >= measures_moved
    assert not AuditEvent.objects.exclude(actor_label="system").exists()
    return None  # the example writes one event per object (and one per status step): checked here


def case_report_generated_and_downloaded(ctx):
    from veiligheidsbeeld.reports.services import generate_report, record_download, resolve_figures

    run = _analysed(ctx)
    AuditEvent.objects.all().delete()
    report = generate_report(resolve_figures(ctx.gemeente, run=run), fmt="html", user=ctx.analyst)
    record_download(report, ctx.editor)
    return [Expect("report_generated", ctx.analyst, "GM0999", "reports.storedreport", report.pk,
                   data={"format": "html", "run": run.pk}),
            Expect("report_downloaded", ctx.editor, "GM0999", "reports.storedreport", report.pk)]


def cli_report_generated(ctx):
    run = _analysed(ctx)
    AuditEvent.objects.all().delete()
    cli("report", "--gemeente", "GM0999", "--format", "html", "--out", ctx.tmp / "report.html")
    from veiligheidsbeeld.reports.models import StoredReport

    return [Expect("report_generated", None, "GM0999", "reports.storedreport", StoredReport.objects.get().pk,
                   data={"run": run.pk})]


def cli_opendata_exported(ctx):
    _analysed(ctx)
    AuditEvent.objects.all().delete()
    cli("export", "opendata", "--gemeente", "GM0999", "--out", ctx.tmp / "opendata")
    return [Expect("opendata_exported", None, "GM0999")]


def cli_retention_run(ctx):
    cli("retention", "run")
    return [Expect("retention_run", None, data={"trigger": "command"})]


def case_audit_pruned(ctx):
    from veiligheidsbeeld.core import retention

    from veiligheidsbeeld.core import audit

    for person in ("P-1", "P-2"):
        audit.record_read(ctx.analyst, person=person, purpose="old read")
    AuditEvent.objects.update(created_at=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    newest = AuditEvent.objects.order_by("-pk").first()
    retention.run(actor=ctx.editor)
    assert not AuditEvent.objects.filter(purpose="old read").exists()
    return [Expect("audit_pruned", None, object_type="core.auditevent", object_id=newest.pk,
                   data={"head": newest.hash}),
            Expect("retention_run", ctx.editor, data={"trigger": "command"})]


def case_person_data_viewed(ctx):
    from veiligheidsbeeld.core import audit

    audit.record_read(ctx.analyst, person="P-123", purpose="audit test", gemeente=ctx.gemeente, legal_basis="art. 6")
    return [Expect("person_data_viewed", ctx.analyst, "GM0999", "person", "P-123")]


def cli_audit_key_rotated(ctx):
    ctx.settings.AUDIT_KEY, ctx.settings.AUDIT_KEY_FILE = "", str(ctx.file("audit_keys", "k1:" + "a" * 40 + "\n"))
    cli("audit", "rotate-key")
    event = AuditEvent.objects.get()
    assert event.key_id == "k2", "the rotation's own event is signed with the new key"
    return [Expect("audit_key_rotated", None, object_type="core.auditevent",
                   data={"old_key_id": "k1", "new_key_id": "k2"})]


def cli_audit_rekeyed(ctx):
    from veiligheidsbeeld.core import audit

    audit.record_read(ctx.analyst, person="P-1", purpose="before the rekey", gemeente=ctx.gemeente)
    head = AuditEvent.objects.get().hash
    cli("audit", "rekey")
    return [Expect("person_data_viewed", ctx.analyst, "GM0999", "person", "P-1"),
            Expect("audit_rekeyed", None, object_type="core.auditevent",
                   data={"old_head": head, "events": 1})]


def cli_herindelingen_loaded(ctx):
    from veiligheidsbeeld.areas.herindelingen import HERINDELINGEN_FILE

    cli("areas", "import", "herindelingen", HERINDELINGEN_FILE)
    return [Expect("herindelingen_loaded", None, object_type="areas.herindeling", object_id=HERINDELINGEN_FILE.name,
                   data={"created": 0, "updated": 0})]  # the migration loaded them; the load is audited anyway


def case_otp_enrolment_issued(ctx):
    from veiligheidsbeeld.accounts.services import create_enrolment_code

    create_enrolment_code(ctx.analyst, actor=ctx.editor, hours=1)
    return [Expect("otp_enrolment_issued", ctx.editor, object_type="auth.user", object_id=ctx.analyst.pk,
                   data={"hours": 1})]


def cli_otp_enrolment_issued(ctx):
    cli("users", "enrol", "--username", "audit-analist")
    return [Expect("otp_enrolment_issued", None, object_type="auth.user", object_id=ctx.analyst.pk,
                   data={"hours": 72})]


def _enrolment_page(ctx):
    from django.test import Client

    from veiligheidsbeeld.accounts.tests.conftest import PASSWORD

    client = Client()
    client.post("/inloggen/", {"username": "audit-analist", "password": PASSWORD})
    return client


def case_otp_enrolment_redeemed_and_refused(ctx):
    from veiligheidsbeeld.accounts.services import create_enrolment_code

    code = create_enrolment_code(ctx.analyst)
    client = _enrolment_page(ctx)
    AuditEvent.objects.all().delete()  # the code's issue and the log-in are not under test
    refused = client.post("/inloggen/tweede-factor/", {"code": "ABCDE-ABCDE-ABCDE-ABCDE"})
    redeemed = client.post("/inloggen/tweede-factor/", {"code": code})
    assert (refused.status_code, redeemed.status_code) == (200, 302)
    return [Expect("otp_enrolment_refused", ctx.analyst, object_type="auth.user", object_id=ctx.analyst.pk),
            Expect("otp_enrolment_redeemed", ctx.analyst, object_type="auth.user", object_id=ctx.analyst.pk)]


def cli_postcodes_imported(ctx):
    lines = ["PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024", "9999AA;1;09990000;099900;0999",
             "9999AA;3;09990000;099900;0999", "9999AB;2;09990100;099901;0999"]
    path = ctx.file("pc6hnr20240801_gwb.csv", "\n".join(lines) + "\n")
    cli("areas", "import", "postcodes", path, "--year", "2024")
    return [Expect("postcodes_imported", None, object_type="areas.postcodeallocation", object_id="2024",
                   data={"source": path.name, "postcodes": 1, "created": 2, "updated": 0, "unchanged": 0})]


def case_report_requested(ctx):
    from veiligheidsbeeld.reports.models import ReportJob
    from veiligheidsbeeld.reports.services import request_report

    run = _analysed(ctx)
    AuditEvent.objects.all().delete()
    job = request_report(run, fmt="html", user=ctx.analyst)
    assert ReportJob.objects.get() == job
    return [Expect("report_requested", ctx.analyst, "GM0999", "reports.reportjob", job.pk,
                   data={"format": "html", "run": run.pk})]


# --- cyber (issue 19) ---


def _cyber_incident(ctx, **fields):
    from veiligheidsbeeld.cyber import services

    values = {"title": "Audit (fictief)", "discovered_at": dt.datetime(2026, 3, 6, 15, tzinfo=dt.timezone.utc),
              "reported_via": "meldloket", "process_owner": "Owner", "category": "fraud", "type": "phishing",
              "impact_confidentiality": 2} | fields
    return services.create_incident(ctx.gemeente, actor=ctx.analyst, **values)


def case_cyber_incident_registered(ctx):
    incident = _cyber_incident(ctx)
    return [Expect("incident_registered", ctx.analyst, "GM0999", "cyber.incident", incident.pk,
                   data={"category": "fraud", "severity": 2})]


def case_cyber_incident_changed_and_closed(ctx):
    from veiligheidsbeeld.cyber import services

    incident = _cyber_incident(ctx)
    AuditEvent.objects.all().delete()
    services.update_incident(incident, actor=ctx.editor, title="Renamed")
    services.change_status(incident, "closed", actor=ctx.editor, note="done")
    return [Expect("incident_changed", ctx.editor, "GM0999", "cyber.incident", incident.pk,
                   changes={"title": ["Audit (fictief)", "Renamed"]}),
            Expect("incident_status_changed", ctx.editor, "GM0999", "cyber.incident", incident.pk,
                   data={"old": "open", "new": "closed", "note": "done"})]


def case_cyber_breach_and_cbw(ctx):
    from veiligheidsbeeld.cyber import services

    incident = _cyber_incident(ctx)
    aware = incident.discovered_at
    AuditEvent.objects.all().delete()
    services.record_breach(incident, actor=ctx.editor, aware_at=aware, risk="risk")
    services.record_breach(incident, actor=ctx.editor, ap_notified_at=aware + dt.timedelta(hours=5))
    services.record_cbw(incident, actor=ctx.editor, aware_at=aware)
    services.record_cbw(incident, actor=ctx.editor, early_warning_at=aware + dt.timedelta(hours=1))
    sent = (aware + dt.timedelta(hours=5)).isoformat()
    return [Expect("breach_recorded", ctx.editor, "GM0999", "cyber.incident", incident.pk),
            Expect("breach_changed", ctx.editor, "GM0999", "cyber.incident", incident.pk,
                   changes={"ap_notified_at": [None, sent]}),
            Expect("cbw_notification_recorded", ctx.editor, "GM0999", "cyber.incident", incident.pk),
            Expect("cbw_notification_changed", ctx.editor, "GM0999", "cyber.incident", incident.pk,
                   changes={"early_warning_at": [None, (aware + dt.timedelta(hours=1)).isoformat()]})]


def case_cyber_preparation_and_actions(ctx):
    from veiligheidsbeeld.cyber import services

    plan = services.create_plan(ctx.gemeente, actor=ctx.editor, version="1.0", scenarios="s",
                                escalation_criteria="e", roles="r")
    exercise = services.create_exercise(ctx.gemeente, actor=ctx.editor, plan=plan, title="Oefening", module=1,
                                        held_on=dt.date(2026, 2, 1))
    action = services.add_action(exercise=exercise, description="Fix", owner="x", due=dt.date(2026, 3, 1),
                                 actor=ctx.editor)
    services.complete_action(action, done_on=dt.date(2026, 2, 20), actor=ctx.editor)
    campaign = services.create_campaign(ctx.gemeente, actor=ctx.editor, title="Campagne", target_group="jongeren",
                                        channel="school", start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1))
    return [Expect("crisis_plan_added", ctx.editor, "GM0999", "cyber.crisisplan", plan.pk),
            Expect("exercise_added", ctx.editor, "GM0999", "cyber.exercise", exercise.pk),
            Expect("action_added", ctx.editor, "GM0999", "cyber.action", action.pk, data={"due": "2026-03-01"}),
            Expect("action_completed", ctx.editor, "GM0999", "cyber.action", action.pk, data={"on_time": True}),
            Expect("awareness_campaign_added", ctx.editor, "GM0999", "cyber.awarenesscampaign", campaign.pk)]


def case_cyber_report_exported(ctx):
    from django.test import Client

    ciso = ctx.make_user(Role.INFORMATIEBEVEILIGER, username="audit-ciso")
    client = Client()
    client.force_login(ciso)
    AuditEvent.objects.all().delete()
    assert client.get("/cyber/maandrapportage/?jaar=2026&maand=3&formaat=html").status_code == 200
    return [Expect("cyber_report_exported", ciso, "GM0999",
                   data={"document": "bio2-maandrapportage-GM0999-2026-03", "format": "html"})]


CASES = {name.removeprefix("case_").removeprefix("cli_") + (" (CLI)" if name.startswith("cli_") else ""): fn
         for name, fn in sorted(globals().items()) if name.startswith(("case_", "cli_")) and callable(fn)}


def _actor_label(actor) -> str:
    return actor.get_username() if actor is not None else "system"


def _check(event: AuditEvent, expect: Expect) -> list[str]:
    problems = []
    got = {"actor": event.actor_label, "gemeente": event.gemeente_code, "object_type": event.object_type,
           "object_id": event.object_id}
    wanted = {"actor": _actor_label(expect.actor), "gemeente": expect.gemeente,
              "object_type": expect.object_type, "object_id": str(expect.object_id)}
    for key, value in wanted.items():
        if key in ("object_type", "object_id", "gemeente") and value == "" and key != "gemeente":
            continue
        if got[key] != value:
            problems.append("{}: {} is {!r}, expected {!r}".format(expect.action, key, got[key], value))
    if expect.actor is not None and event.actor_id != expect.actor.pk:
        problems.append("{}: actor id {} is not {}".format(expect.action, event.actor_id, expect.actor.pk))
    if expect.changes is not None and event.changes != expect.changes:
        problems.append("{}: changes {!r}, expected {!r}".format(expect.action, event.changes, expect.changes))
    for key, value in expect.data.items():
        if event.data.get(key) != value:
            problems.append("{}: data[{!r}] is {!r}, expected {!r}".format(expect.action, key, event.data.get(key),
                                                                           value))
    return problems


@pytest.fixture
def ctx(small_gemeente, tmp_path, make_user, settings):
    settings.VEILIGHEIDSBEELD_HOME = tmp_path / "home"
    return Ctx(small_gemeente, tmp_path, make_user, settings)


@pytest.mark.parametrize("name", sorted(CASES))
def test_write_leaves_exactly_its_audit_events(name, ctx):
    AuditEvent.objects.all().delete()  # the set-up's own events (accounts) are not under test
    expected = CASES[name](ctx)
    events = list(AuditEvent.objects.order_by("pk"))
    if expected is None:  # the case checked its events itself
        return
    assert [e.action for e in events] == [x.action for x in expected], (
        "{}: wrote {}".format(name, [(e.action, e.object_type, e.object_id) for e in events]))
    problems = [p for event, expect in zip(events, expected) for p in _check(event, expect)]
    assert not problems, "\n".join(problems)


def test_session_writes_leave_exactly_their_audit_events(client, ctx):
    """Log-in, failed log-in and log-out through the pages: one event each, the right actor and object."""
    AuditEvent.objects.all().delete()
    client.post("/inloggen/", {"username": "audit-analist", "password": "wrong horse"})
    failed = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor_label, e.data.get("username")) for e in failed] == [
        ("user_login_failed", "system", "audit-analist")]

    AuditEvent.objects.all().delete()
    from veiligheidsbeeld.accounts.tests.conftest import PASSWORD

    client.post("/inloggen/", {"username": "audit-analist", "password": PASSWORD})
    logged_in = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor_id, e.object_type, e.object_id) for e in logged_in] == [
        ("user_logged_in", ctx.analyst.pk, "auth.user", str(ctx.analyst.pk))]

    AuditEvent.objects.all().delete()
    client.post("/uitloggen/")
    logged_out = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.actor_id, e.object_id) for e in logged_out] == [
        ("user_logged_out", ctx.analyst.pk, str(ctx.analyst.pk))]


def test_second_factor_writes_leave_exactly_their_audit_events(client, ctx):
    """A wrong and a right TOTP code at the verification step: ``otp_failed`` then ``otp_verified``."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligheidsbeeld.accounts.tests.conftest import PASSWORD

    user = ctx.make_user(Role.BEHEERDER, username="audit-beheerder")
    device = TOTPDevice.objects.create(user=user, name="audit", confirmed=True)
    client.post("/inloggen/", {"username": "audit-beheerder", "password": PASSWORD})
    AuditEvent.objects.all().delete()
    right = "{:06d}".format(totp(device.bin_key, step=device.step, digits=device.digits))
    client.post("/inloggen/verificatie/", {"token": "000000" if right != "000000" else "111111"})
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure
    client.post("/inloggen/verificatie/", {"token": right})
    events = [(e.action, e.actor_id, e.object_id) for e in AuditEvent.objects.order_by("pk")]
    assert events == [("otp_failed", user.pk, str(user.pk)), ("otp_verified", user.pk, str(user.pk))]


def _actions_in_code() -> set[str]:
    """Every action string the code passes to ``audit.record`` (literal, or either side of a conditional)."""
    actions = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        actions |= set(re.findall(r"record\(\s*\"([a-z_]+)\"", text))
        for pair in re.findall(r"record\(\s*\"([a-z_]+)\" if [^\n]* else \"([a-z_]+)\"", text):
            actions |= set(pair)
    return actions | {"person_data_viewed", "audit_pruned"}


TESTED_ELSEWHERE_IN_THIS_FILE = {"user_logged_in", "user_logged_out", "user_login_failed", "otp_failed",
                                 "otp_verified"}


def test_every_action_is_in_the_table():
    import inspect

    source = inspect.getsource(inspect.getmodule(test_every_action_is_in_the_table))
    asserted = set(re.findall(r"Expect\(\"([a-z_]+)\"", source)) | TESTED_ELSEWHERE_IN_THIS_FILE | set(ELSEWHERE)
    missing = _actions_in_code() - asserted
    assert not missing, "audit actions without a case: {}".format(sorted(missing))
