"""Read-only representations of stored analysis runs and their results (areas and themes by code)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Alert, AnalysisRun, HotSpot, TrendResult

__all__ = ["AlertSerializer", "AnalysisRunSerializer", "HotSpotSerializer", "TrendSerializer"]


class AnalysisRunSerializer(serializers.ModelSerializer):
    """A run with its parameters, seed, software version, input hash and summary (counts, notes, left-outs)."""

    gemeente = serializers.CharField(source="gemeente.code")

    class Meta:
        model = AnalysisRun
        fields = [
            "id", "gemeente", "status", "created_at", "finished_at", "first_month", "last_month", "area_year",
            "seed", "software_version", "data_hash", "parameters", "summary",
        ]


_COMMON = ["id", "run", "area", "area_name", "area_level", "theme", "theme_name"]


class _ResultSerializer(serializers.ModelSerializer):
    """Common fields of a result row: its run, and its area and theme by code and name."""

    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    area_level = serializers.CharField(source="area.level")
    theme = serializers.CharField(source="theme.code")
    theme_name = serializers.CharField(source="theme.name")


class AlertSerializer(_ResultSerializer):
    """An early-warning alert: observed versus expected count with its 95 % interval, p- and q-value, status, and
    its follow-up (issue 20): owner (user name), the organisation asked to act, the due date and the alert of an
    earlier run it was carried over from."""

    owner = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    assigned_organisation = serializers.CharField(source="assigned_organisation.name", read_only=True,
                                                  allow_null=True, default=None)

    class Meta:
        model = Alert
        fields = _COMMON + [
            "month", "observed", "expected", "lower", "upper", "probability", "q_value", "p_month", "p_trend",
            "severity", "status", "status_changed_at", "explanation",
            "owner", "assigned_organisation", "due_date", "carried_from",
        ]


class HotSpotSerializer(_ResultSerializer):
    """Gi* of a buurt over the 12 months ending at ``period``, its confidence bin and emerging pattern.

    For a caller without ``accounts.view_small_counts`` for the gemeente, ``rate`` is the empirical-Bayes rate
    of the published counts (null where the buurt's count is hidden) and ``z``, ``p_value`` and ``q_value``
    are null: computed from every buurt's exact count, they would give hidden counts back (issue 15).
    """

    rate = serializers.FloatField(allow_null=True, help_text="Smoothed rate per 1,000 per year (null: hidden)")
    z = serializers.FloatField(allow_null=True, help_text="Gi* z-score (null under disclosure control)")
    p_value = serializers.FloatField(allow_null=True, help_text="Permutation p-value (null under disclosure control)")
    q_value = serializers.FloatField(allow_null=True, help_text="FDR q-value (null under disclosure control)")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        published_rate = self.context.get("published_rate")
        if published_rate is not None:
            rate = published_rate(instance)
            if rate is not False:
                data["rate"] = rate
                data["z"] = data["p_value"] = data["q_value"] = None
        return data

    class Meta:
        model = HotSpot
        fields = _COMMON + ["period", "rate", "z", "p_value", "q_value", "category", "pattern"]


class TrendSerializer(_ResultSerializer):
    """Seasonal Mann-Kendall trend with Sen's slope of a wijk or the gemeente."""

    class Meta:
        model = TrendResult
        fields = _COMMON + [
            "months", "tau", "p_value", "q_value", "slope_per_year", "significant", "direction",
        ]
