"""Rapportage: the periodic Veiligheidsbeeld as HTML and PDF, and the open-data export (issue 7)."""
