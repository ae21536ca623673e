"""API serializers. Organiser data of notices are write-only (an e-form posts them; the API never returns them);
youth groups are aggregates (no name list)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import (
    CameraDesignation,
    CameraUsePeriod,
    Demonstration,
    DemonstrationDecision,
    Event,
    TensionSignal,
    YouthGroup,
)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DemonstrationDecision
        fields = ["id", "kind", "ground", "content", "decided_at", "made_known_at"]


class DemonstrationSerializer(serializers.ModelSerializer):
    """A WOM notice; ``on_time`` and ``notice_deadline`` are computed from the gemeente's APV term."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    gemeente_code = serializers.CharField(write_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    organiser_name = serializers.CharField(write_only=True, required=False, allow_blank=True)
    organiser_contact = serializers.CharField(write_only=True, required=False, allow_blank=True)
    leader_name = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Demonstration
        fields = [
            "id", "gemeente", "gemeente_code", "kind", "received_at", "starts_at", "ends_at", "place", "route", "wijk",
            "expected_participants", "organiser_measures", "organiser_name", "organiser_contact", "leader_name",
            "notice_deadline", "notice_hours", "on_time", "status", "incidents", "evaluated_at", "decisions",
        ]
        read_only_fields = ["notice_deadline", "notice_hours", "on_time", "status", "incidents", "evaluated_at"]


class EventSerializer(serializers.ModelSerializer):
    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id", "gemeente", "name", "kind", "organiser", "received_on", "starts_at", "ends_at", "location", "geometry",
            "wijk", "visitors", "risk_class", "safety_plan_received_on", "decision", "decided_on", "incidents",
            "evaluated_on",
        ]


class CameraUsePeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = CameraUsePeriod
        fields = ["id", "starts_at", "ends_at", "ovj_consulted_on", "note"]


class CameraDesignationSerializer(serializers.ModelSerializer):
    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    periods = CameraUsePeriodSerializer(many=True, read_only=True)

    class Meta:
        model = CameraDesignation
        fields = [
            "id", "gemeente", "title", "area", "wijk", "mode", "decided_on", "valid_from", "valid_until", "reason",
            "evaluation_due", "evaluated_on", "periods",
        ]


class TensionSignalSerializer(serializers.ModelSerializer):
    """A tension signal; a key figure appears only by network code (``source_pseudonym``)."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    gemeente_code = serializers.CharField(write_only=True)

    class Meta:
        model = TensionSignal
        fields = [
            "id", "gemeente", "gemeente_code", "received_on", "source_type", "source_pseudonym", "wijk", "theme",
            "phase", "urgency", "summary", "interpretation", "follow_up", "closed_on",
        ]
        read_only_fields = ["closed_on"]


class YouthGroupSerializer(serializers.ModelSerializer):
    """A youth group as aggregates: step, priority, size, age bands, home wijk and the wijken where it is seen."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = YouthGroup
        fields = [
            "id", "gemeente", "name", "step", "home_wijk", "seen_in", "first_signal_on", "priority", "priority_set_on",
            "size", "age_bands", "next_review_on", "legacy_label",
        ]
