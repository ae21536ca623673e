"""Running gunicorn in-process with the project's WSGI application."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

__all__ = ["run_gunicorn"]


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from veiligheidsbeeld.wsgi import application

        return application


def run_gunicorn(host: str, port: int, workers: int = 3) -> None:
    """Serve until stopped (SIGINT/SIGTERM)."""
    _Server(
        {
            "bind": "{}:{}".format(host, port),
            "workers": workers,
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 120,
            "preload_app": True,
        }
    ).run()
