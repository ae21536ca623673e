"""Settings modules: ``base`` (defaults from environment variables), ``test``, ``production``."""
