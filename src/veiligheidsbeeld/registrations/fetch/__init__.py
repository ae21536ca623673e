"""Fetch public sources online (CBS StatLine OData, PDOK) into files the existing importers read.

One module per concept: :mod:`.http` (GET with clear offline errors), :mod:`.statline` (OData v3 typed data sets
and dimension tables), :mod:`.pdok` (CBS wijken-en-buurten boundaries as GeoJSON).
"""

from .http import FetchError
from .pdok import fetch_boundaries
from .statline import fetch_population, fetch_regions, fetch_typed_table

__all__ = ["FetchError", "fetch_boundaries", "fetch_population", "fetch_regions", "fetch_typed_table"]
