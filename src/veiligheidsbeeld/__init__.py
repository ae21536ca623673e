"""Veiligheidsbeeld: safety information and steering platform for Dutch municipalities."""

__version__ = "0.1.0"
