from rest_framework import serializers

from ..models import Area


class AreaSerializer(serializers.ModelSerializer):
    """An area as ``veiligheidsbeeld areas list --json`` prints it."""

    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    population = serializers.SerializerMethodField()
    has_geometry = serializers.SerializerMethodField()

    class Meta:
        model = Area
        fields = ["code", "name", "level", "parent", "year", "population", "has_geometry"]

    def get_population(self, area) -> dict[str, int]:
        return {str(p.year): p.population for p in area.populations.all()}

    def get_has_geometry(self, area) -> bool:
        return area.geometry is not None
