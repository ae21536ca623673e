"""``veiligheidsbeeld demo``: build the fictitious gemeente Voorbeeldstad and serve the dashboard."""

from __future__ import annotations

import json
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from veiligheidsbeeld.core.server import run_gunicorn
from veiligheidsbeeld.demo.services import build_demo


class Command(BaseCommand):
    help = "Build the fictitious demo gemeente Voorbeeldstad (SQLite by default), then serve the dashboard."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2024, help="Seed of the generated data (default 2024)."
        )
        parser.add_argument("--no-serve", action="store_true", help="Stop after building.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object (home, url, accounts, ...)."
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, seed, no_serve, host, port, **options):
        as_json = options["json"]
        started = time.monotonic()
        log = (lambda m: print(m, file=sys.stderr)) if as_json else self.stdout.write
        result = build_demo(seed, progress=log)
        url = f"http://{host}:{port}/"
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "home": str(settings.HOME),
                        "gemeente": result.gemeente.code,
                        "gemeente_name": result.gemeente.name,
                        "url": url,
                        "run": result.run_id,
                        "registrations": result.registrations,
                        "accounts": result.accounts,
                        "planted": result.planted,
                        "modules": result.modules,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(
                f"\n{result.gemeente.name} built in {time.monotonic() - started:.0f} s: {result.registrations} registrations, analysis run #{result.run_id}."
            )
            self.stdout.write(f"Data folder: {settings.HOME}")
            self.stdout.write(f"\nOpen {url} and log in with one of these demo accounts:")
            for account in result.accounts:
                self.stdout.write("  {username:<16} {password:<20} ({role})".format(**account))
            self.stdout.write("\nPlanted patterns (the truth the analysis should find):")
            for pattern in result.planted:
                self.stdout.write("  - {}".format(pattern["description"]))
            for name, summary in result.modules.items():
                self.stdout.write("\n{}: {}".format(name, json.dumps(summary, ensure_ascii=False, default=str)))
        if no_serve:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        log(f"\nServing {url} (stop with Ctrl+C)")
        run_gunicorn(host, port)
