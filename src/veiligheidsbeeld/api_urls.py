"""API routes (plural kebab-case), documented in the OpenAPI schema at /api/schema/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from veiligheidsbeeld.analyses.api.views import AlertViewSet, AnalysisRunViewSet, HotSpotViewSet, TrendViewSet
from veiligheidsbeeld.areas.api.views import AreaViewSet
from veiligheidsbeeld.cases.api.views import CaseViewSet, DisclosureViewSet, KnownCheckViewSet
from veiligheidsbeeld.cyber.api.views import AwarenessCampaignViewSet, ExerciseViewSet, IncidentViewSet
from veiligheidsbeeld.programmes.api.views import BudgetViewSet, KpiViewSet, MeasureViewSet
from veiligheidsbeeld.publicorder.api.views import (
    CameraDesignationViewSet,
    DemonstrationViewSet,
    EventViewSet,
    TensionSignalViewSet,
    YouthGroupViewSet,
)
from veiligheidsbeeld.registrations.api.views import RegistrationSubmissionView
from veiligheidsbeeld.undermining.api.views import BibobDossierViewSet, EntityViewSet, UnderminingSignalViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("measures", MeasureViewSet, basename="measure")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("kpis", KpiViewSet, basename="kpi")
router.register("analysis-runs", AnalysisRunViewSet, basename="analysis-run")
router.register("alerts", AlertViewSet, basename="alert")
router.register("hot-spots", HotSpotViewSet, basename="hot-spot")
router.register("trends", TrendViewSet, basename="trend")
router.register("cases", CaseViewSet, basename="case")
router.register("known-checks", KnownCheckViewSet, basename="known-check")
router.register("disclosures", DisclosureViewSet, basename="disclosure")
router.register("cyber-incidents", IncidentViewSet, basename="cyber-incident")  # cyber (issue 19)
router.register("exercises", ExerciseViewSet, basename="exercise")  # cyber (issue 19)
router.register("awareness-campaigns", AwarenessCampaignViewSet, basename="awareness-campaign")  # cyber (issue 19)
router.register("undermining-signals", UnderminingSignalViewSet, basename="undermining-signal")
router.register("bibob-dossiers", BibobDossierViewSet, basename="bibob-dossier")
router.register("entities", EntityViewSet, basename="entity")
# publicorder (issue 17)
router.register("demonstrations", DemonstrationViewSet, basename="demonstration")
router.register("events", EventViewSet, basename="event")
router.register("camera-designations", CameraDesignationViewSet, basename="camera-designation")
router.register("tension-signals", TensionSignalViewSet, basename="tension-signal")
router.register("youth-groups", YouthGroupViewSet, basename="youth-group")

urlpatterns = [path("", include(router.urls)), path("registrations/", RegistrationSubmissionView.as_view())]
