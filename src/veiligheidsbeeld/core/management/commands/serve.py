"""``veiligheidsbeeld serve``: run the web application with gunicorn."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from veiligheidsbeeld.core.server import run_gunicorn


class Command(BaseCommand):
    help = "Serve the web application with gunicorn (production-grade WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--workers", type=int, default=3, help="Gunicorn worker processes (default 3).")

    def handle(self, *args, host, port, workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Veiligheidsbeeld: http://{}:{}/ (stop with Ctrl+C)".format(host, port))
        run_gunicorn(host, port, workers)
