from rest_framework import serializers

from ..models import Action, AwarenessCampaign, CbwNotification, DataBreach, Exercise, Incident


class ClockSerializer(serializers.Serializer):
    label = serializers.CharField()
    deadline = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField()


class BreachSerializer(serializers.ModelSerializer):
    ap_deadline = serializers.DateTimeField(read_only=True)
    notified_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = DataBreach
        fields = ["aware_at", "persons_affected", "data_categories", "risk", "ap_deadline", "ap_notified_at",
                  "ap_reference", "notified_late", "late_reason", "subjects_informed_at"]


class CbwSerializer(serializers.ModelSerializer):
    class Meta:
        model = CbwNotification
        fields = ["aware_at", "csirt", "early_warning_at", "notification_at", "final_report_at"]


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "finding", "description", "owner", "due", "done_on"]


class IncidentSerializer(serializers.ModelSerializer):
    """An incident with its breach and Cbw details and the state of every legal clock (read only)."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    machine_tag = serializers.CharField(read_only=True)
    severity = serializers.IntegerField(read_only=True)
    breach = BreachSerializer(read_only=True, allow_null=True)
    cbw = CbwSerializer(read_only=True, allow_null=True)
    clocks = serializers.SerializerMethodField()
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "gemeente", "reference", "title", "discovered_at", "reported_via", "process_owner",
                  "category", "type", "machine_tag", "impact_availability", "impact_integrity",
                  "impact_confidentiality", "severity", "crisis_level", "cvd_source", "status", "closed_at",
                  "breach", "cbw", "clocks", "actions"]

    def get_clocks(self, incident) -> list[dict]:
        return ClockSerializer(
            [{"label": label, "deadline": c.deadline, "done_at": c.done_at, "state": c.state().value}
             for label, c in incident.clocks()], many=True,
        ).data


class ExerciseSerializer(serializers.ModelSerializer):
    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Exercise
        fields = ["id", "gemeente", "plan", "title", "module", "held_on", "participants", "evaluation", "actions"]


class AwarenessCampaignSerializer(serializers.ModelSerializer):
    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AwarenessCampaign
        fields = ["id", "gemeente", "title", "target_group", "channel", "start", "end", "reach", "reach_unit",
                  "effect_measure", "effect_before", "effect_after", "measure"]
