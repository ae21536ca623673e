"""``veiligheidsbeeld example_programme GM0014``: load the example programme of the gemeente's framework."""

from django.core.management.base import BaseCommand, CommandError

from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.frameworks.versioning import current_framework
from veiligheidsbeeld.programmes.example import ExampleProgrammeError, load_example_programme


class Command(BaseCommand):
    help = "Load the example uitvoeringsprogramma (example budget values) of a gemeente's current framework."

    def add_arguments(self, parser):
        parser.add_argument("gemeente", help="CBS gemeente code, e.g. GM0014")

    def handle(self, *args, gemeente, **options):
        target = Gemeente.objects.filter(code=gemeente).first()
        framework = current_framework(target) if target else None
        if framework is None:
            raise CommandError(f"{gemeente}: unknown gemeente or no framework loaded")
        try:
            programme, notes = load_example_programme(target, framework)
        except ExampleProgrammeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{programme.title}: {programme.measures.count()} measures")
        for note in notes:
            self.stdout.write(f"note: {note}")
