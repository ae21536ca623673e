from rest_framework import serializers

from ..choices import Category, Status
from ..models import Case, Disclosure


class CaseSerializer(serializers.ModelSerializer):
    """A case's metadata (no person data, no free text): ``status`` changes only through ``transition``."""

    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    wijk = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "reference", "gemeente", "case_type", "status", "escalation", "criterion_multiproblem",
            "criterion_chains", "criterion_system", "criterion_area", "confidentiality", "wijk", "registered_at",
            "plan_adopted_at", "closed_at", "next_review",
        ]
        read_only_fields = ["reference", "status", "registered_at", "plan_adopted_at", "closed_at"]


class CaseCreateSerializer(serializers.Serializer):
    gemeente = serializers.CharField()
    case_type = serializers.ChoiceField(choices=Case._meta.get_field("case_type").choices)
    reporter = serializers.IntegerField(help_text="Id of the reporting organisation.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CaseTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class KnownCheckRequestSerializer(serializers.Serializer):
    bsn = serializers.CharField(max_length=11)


class KnownCheckResponseSerializer(serializers.Serializer):
    known = serializers.BooleanField()
    contact = serializers.CharField(allow_null=True)


class DisclosureSerializer(serializers.ModelSerializer):
    """A disclosure of the ledger; the person appears as a pseudonym only. Posting one needs ``case`` (the person
    is given by its BSN, turned into the pseudonym), and is refused without a legal basis."""

    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    bsn = serializers.CharField(write_only=True, max_length=11)
    category = serializers.ChoiceField(choices=Category.choices)
    legal_basis = serializers.CharField(allow_blank=True, required=False, default="")
    purpose = serializers.CharField(allow_blank=True, required=False, default="")

    class Meta:
        model = Disclosure
        fields = ["id", "case", "bsn", "pseudonym", "from_organisation", "to_organisation", "category", "legal_basis",
                  "purpose", "disclosed_at"]
        read_only_fields = ["pseudonym", "from_organisation", "disclosed_at"]
