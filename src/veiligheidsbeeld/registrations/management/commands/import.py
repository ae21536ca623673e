"""``veiligheidsbeeld import <format> FILE``: import a partner file into registrations (or survey results).

Prints a readable summary (or, with ``--json``, exactly ``{"batch","rows","accepted","rejected","duplicates",
"total_count","rejected_reasons","by_gemeente","out_of_scope","source_total"}``), shows a progress bar on stderr, and exits with an error naming file, line,
column and reason when the file cannot be imported at all (then nothing is stored).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from veiligheidsbeeld.core.models import Gemeente
from veiligheidsbeeld.registrations import services
from veiligheidsbeeld.registrations.importers import REGISTRY, ImportFileError
from veiligheidsbeeld.registrations.importers.mapped import MappingError
from veiligheidsbeeld.registrations.models import ImportBatch

HELP = {
    "statline": "StatLine OData typed table (e.g. 47018NED as the StatLine API or cbsodata deliver it).",
    "statline-csv": "StatLine website CSV download as downloaded, any layout (periods, regions or categories as "
                    "rows, columns or fixed); regions by name with their level.",
    "bvh": "Police incident export (BVH), CSV or XLSX.",
    "survey": "Veiligheidsmonitor-style survey table (indicators x regions x years).",
    "statline-survey": "Veiligheidsmonitor StatLine website CSV with its confidence intervals (85472NED by region, "
                       "85846NED by person characteristics); results, not counts.",
    "suspects": "Registered suspects by age class, offence and year (CBS 85655NED, police/OM tables) as a StatLine "
                "website CSV; person counts, never registrations.",
    "table": "Any CSV or XLSX with a YAML column mapping (--mapping).",
    "pc4-events": "Events located by PC4 with a date and a type (politie 'Misdaad in kaart'); no id.",
}


class Command(BaseCommand):
    help = "Import a partner file: statline, statline-csv, statline-survey, suspects, bvh, survey or table."

    def add_arguments(self, parser):
        formats = {name: cls for name, cls in REGISTRY.items() if cls.reads_files}
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{" + ",".join(formats) + "}")
        for name, cls in formats.items():
            sub = kinds.add_parser(name, help=HELP.get(name, cls.__doc__))
            sub.add_argument("file", type=Path)
            sub.add_argument("--gemeente", help=(
                "CBS gemeente code: only this gemeente receives rows (default: from the file; for StatLine "
                "files every registered gemeente, Nederland and provincies included)."))
            sub.add_argument("--dry-run", action="store_true", help="Check and count everything, store nothing.")
            sub.add_argument("--json", action="store_true", help="Print the summary as one JSON object.")
            sub.add_argument(
                "--accept-partial", action="store_true", dest="accept_partial",
                help="Import the rows of a file that is cut off (a short last line, a StatLine file without its "
                     "footer) instead of refusing it; recorded on the batch.",
            )
            sub.add_argument(
                "--replace", nargs="?", const="auto", metavar="BATCH",
                help="Supersede an earlier batch (default: the one with the same content or file name).",
            )
            for option in cls.cli_options:
                sub.add_argument(*option["flags"], **option["kwargs"])

    def handle(self, *args, kind, file, gemeente, dry_run, json: bool, replace, **options):
        cls = REGISTRY[kind]
        if not file.exists():
            raise CommandError("{}: file not found".format(file))
        target = None
        if gemeente:
            target = Gemeente.objects.filter(code=gemeente).first()
            if target is None:
                raise CommandError("gemeente {} is not registered (import its areas first)".format(gemeente))
        importer_options = {o["kwargs"]["dest"]: options.get(o["kwargs"]["dest"]) for o in cls.cli_options}
        if options.get("accept_partial"):
            importer_options["accept_partial"] = True
        try:
            importer = cls(gemeente=target, **importer_options)
        except MappingError as error:
            raise CommandError(str(error)) from error
        console = Console(stderr=True)
        with Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(), console=console, transient=True
        ) as bar:
            task = bar.add_task(file.name, total=file.stat().st_size)

            def progress(done, total):
                bar.update(task, completed=done, total=total)

            try:
                outcome = services.run_import(importer, file, dry_run=dry_run, replace=replace, progress=progress)
            except (ImportFileError, MappingError) as error:
                raise CommandError(str(error)) from error
            except ImportBatch.DoesNotExist:
                raise CommandError("--replace {}: no active {} batch with that id for {}".format(
                    replace, kind, importer.gemeente.code)) from None
        if json:
            self.stdout.write(_json(outcome.summary.as_dict()))
        else:
            self.stdout.write(_readable(file, outcome))


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _readable(file: Path, outcome: services.ImportOutcome) -> str:
    s = outcome.summary
    if outcome.status == "unchanged":
        return "{}: unchanged, identical to batch {} imported {:%Y-%m-%d %H:%M} ({} rows); nothing stored".format(
            file.name, outcome.batch.pk, outcome.batch.created_at, outcome.batch.rows)
    head = "{}: {} (dry run, nothing stored)".format(file.name, "checked") if outcome.status == "dry-run" else (
        "{}: imported as batch {}".format(file.name, s.batch))
    lines = [
        head,
        "  rows {:,}: {:,} accepted, {:,} rejected, {:,} duplicates; total count {:,}".format(
            s.rows, s.accepted, s.rejected, s.duplicates, s.total_count),
    ]
    if s.source_total:
        lines.append("  source total (the source's own total, not part of the total count) {:,}".format(
            s.source_total))
    if len(s.by_gemeente) > 1 or s.out_of_scope:
        for code, figures in s.by_gemeente.items():
            lines.append("  {}: {:,} accepted, total count {:,}".format(code, figures["accepted"],
                                                                      figures["total_count"]))
    if s.out_of_scope:
        lines.append("  out of scope (areas of other or unregistered gemeenten, counted, not kept): {:,} rows in "
                     "{:,} gemeenten".format(s.out_of_scope, len(s.out_of_scope_by_gemeente)))
    if outcome.superseded is not None:
        lines.append("  supersedes batch {} ({})".format(outcome.superseded.pk, outcome.superseded.file_name))
    for reason, n in s.rejected_reasons.items():
        lines.append("  rejected for {}: {:,}".format(reason, n))
    if s.rejected and outcome.status == "imported":
        lines.append("  rejected rows are kept in quarantine (web: Import > batch {})".format(s.batch))
    return "\n".join(lines)
