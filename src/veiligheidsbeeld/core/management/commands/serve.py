"""``veiligheidsbeeld serve``: run the web application with gunicorn."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from veiligheidsbeeld.core.server import run_gunicorn


def exposure_warning(host: str) -> str | None:
    """A warning when the server listens beyond this machine without the production settings (HTTPS-only
    cookies, HSTS, DEBUG off): issue 15. None for a loopback address or with the production settings."""
    import ipaddress
    import os

    from django.conf import settings

    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:  # a host name
        pass
    production = os.environ.get("DJANGO_SETTINGS_MODULE") == "veiligheidsbeeld.conf.production"
    if production and settings.SESSION_COOKIE_SECURE and not settings.DEBUG:
        return None
    return (
        "WARNING: serving on {} (reachable from other machines) without the production settings: set "
        "DJANGO_SETTINGS_MODULE=veiligheidsbeeld.conf.production behind HTTPS, or serve on 127.0.0.1.".format(host)
    )


class Command(BaseCommand):
    help = "Serve the web application with gunicorn (production-grade WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--workers", type=int, default=3, help="Gunicorn worker processes (default 3).")

    def handle(self, *args, host, port, workers, **options):
        warning = exposure_warning(host)
        if warning:
            self.stderr.write(self.style.WARNING(warning))
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Veiligheidsbeeld: http://{}:{}/ (stop with Ctrl+C)".format(host, port))
        run_gunicorn(host, port, workers)
