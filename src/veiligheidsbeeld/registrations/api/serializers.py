"""Request and response shapes of the partner API (documented in the OpenAPI schema)."""

from rest_framework import serializers

__all__ = ["RecordSerializer", "SubmissionSerializer", "SubmissionResultSerializer"]


class RecordSerializer(serializers.Serializer):
    """One registration as a partner system sends it. Validation happens in the importer, so that a bad record
    is kept in quarantine with its reasons instead of failing the whole request."""

    source_ref = serializers.CharField(help_text="The partner's unique id of the registration (dedupe key).")
    category = serializers.CharField(help_text="The partner's category code (source system code list).")
    date = serializers.CharField(required=False, help_text="YYYY-MM-DD (or a Dutch date).")
    period = serializers.CharField(required=False, help_text="Instead of date: 2024JJ00, 2024KW01 or 2024MM01.")
    area = serializers.CharField(help_text="CBS code of the buurt, wijk or gemeente.")
    count = serializers.IntegerField(required=False, default=1, min_value=0)
    kind = serializers.ChoiceField(["incident", "melding", "signaal", "aggregate"], required=False)
    confidentiality = serializers.ChoiceField(["openbaar", "intern", "vertrouwelijk"], required=False)
    attributes = serializers.DictField(required=False, help_text="Typed attributes; never an address.")


class SubmissionSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(r"^GM\d{4}$", help_text="CBS gemeente code, e.g. GM0014.")
    source_system = serializers.SlugField(help_text="The partner's code list, e.g. politie-overlast.")
    registrations = serializers.ListField(child=serializers.JSONField(), min_length=1, max_length=10_000,
                                          help_text="One or many records (see Record).")


class RejectedSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Position of the record in the request, from 1.")
    reasons = serializers.ListField(child=serializers.DictField())


class SubmissionResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["imported", "unchanged"])
    batch = serializers.IntegerField()
    rows = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    total_count = serializers.IntegerField()
    rejected_reasons = serializers.DictField(child=serializers.IntegerField())
    by_gemeente = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Per gemeente code: {accepted, total_count} (issue 13).")
    out_of_scope = serializers.IntegerField(help_text=(
        "0 here: a record of an area outside the submission's gemeente is rejected (reason out_of_scope)."))
    source_total = serializers.IntegerField(help_text="Sum of the source's own totals (e.g. 'Totaal misdrijven').")
    rejected_rows = RejectedSerializer(many=True)
