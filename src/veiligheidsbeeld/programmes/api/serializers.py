from rest_framework import serializers

from veiligheidsbeeld.core.models import Organisation

from ..models import Budget, Kpi, Measure
from ..progress import kpi_progress


class MeasureSerializer(serializers.ModelSerializer):
    """A measure; ``status`` changes only through the ``transition`` action (the workflow)."""

    partners = serializers.PrimaryKeyRelatedField(many=True, queryset=Organisation.objects.all(), required=False)

    class Meta:
        model = Measure
        fields = [
            "id", "programme", "title", "description", "priority_code", "theme", "action", "owner", "partners",
            "start", "end", "status", "intervention", "scope", "area_group", "wijk",
        ]
        read_only_fields = ["status"]


class TransitionSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BudgetSerializer(serializers.ModelSerializer):
    """Planned and spent euros of a measure for a year and funding source (posting the same key updates it)."""

    class Meta:
        model = Budget
        fields = ["id", "measure", "year", "source", "planned", "spent", "is_example"]
        read_only_fields = ["is_example"]
        validators = []  # the service upserts on (measure, year, source)


class KpiSerializer(serializers.ModelSerializer):
    """A KPI with its progress, computed from the newest analysis run or manual value."""

    progress = serializers.SerializerMethodField()

    class Meta:
        model = Kpi
        fields = [
            "id", "programme", "priority_code", "measure", "title", "kind", "area", "area_group", "theme",
            "indicator_measure", "module_indicator", "unit", "baseline", "baseline_date", "target", "direction", "deadline", "progress",
        ]

    def get_progress(self, kpi) -> dict:
        p = kpi_progress(kpi)
        return {"value": p.value, "as_of": p.as_of, "source": p.source, "progress": p.progress,
                "status": p.status, "reason": p.reason}
