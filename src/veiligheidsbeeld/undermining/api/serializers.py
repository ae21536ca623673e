from django.utils import timezone
from rest_framework import serializers

from veiligheidsbeeld.areas.models import Area

from ..models import BibobDossier, Signal


class SignalSerializer(serializers.ModelSerializer):
    """A signal without its address or description (write-only: accepted on intake, never listed)."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.filter(level="buurt"),
                                        required=False, allow_null=True)
    address = serializers.CharField(write_only=True, required=False, allow_blank=True)
    description = serializers.CharField(write_only=True, required=False, allow_blank=True)
    sbi_section = serializers.CharField(read_only=True)
    gemeente_code = serializers.CharField(write_only=True, required=False)

    class Meta:
        model = Signal
        fields = [
            "id", "gemeente", "gemeente_code", "source", "received_on", "theme", "exploitation", "sbi_code",
            "sbi_section", "area", "address", "description", "weighing", "status", "dossier",
        ]
        read_only_fields = ["weighing", "status", "dossier"]


class BibobDossierSerializer(serializers.ModelSerializer):
    """A Bibob dossier's procedure and clock; the betrokkene's art. 30 data stay in the application."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    advice_deadline = serializers.SerializerMethodField()
    advice_clock = serializers.SerializerMethodField()
    suspended_days = serializers.SerializerMethodField()
    decision_deadline = serializers.SerializerMethodField()
    decision_clock = serializers.SerializerMethodField()

    class Meta:
        model = BibobDossier
        fields = [
            "id", "gemeente", "reference", "decision_kind", "application_on", "decision_term_weeks",
            "advice_requested_on", "advice_extension_weeks", "advice_received_on", "advice_deadline", "advice_clock",
            "suspended_days", "art32_notified_on", "outcome", "reused_advice", "zienswijze_requested_on",
            "zienswijze_received_on", "decision", "decided_on", "decision_deadline", "decision_clock",
        ]
        read_only_fields = fields

    def get_advice_deadline(self, obj) -> str | None:
        deadline = obj.clock().advice_deadline()
        return deadline.isoformat() if deadline else None

    def get_advice_clock(self, obj) -> str | None:
        state = obj.clock().advice_state(timezone.now())
        return str(state) if state else None

    def get_suspended_days(self, obj) -> int:
        return obj.clock().suspended_days(timezone.localdate())

    def get_decision_deadline(self, obj) -> str:
        return obj.clock().decision_deadline(timezone.localdate()).isoformat()

    def get_decision_clock(self, obj) -> str:
        return str(obj.clock().decision_clock(timezone.localdate()).state(timezone.now()))
