"""PDOK CBS wijken-en-buurten OGC API Features: one gemeente's wijk or buurt boundaries as a GeoJSON file.

``<PDOK_URL>/wijken-en-buurten-<year>/ogc/v1/collections/<wijken|buurten>/items?f=json&gemeentecode=GM0014``
answers a GeoJSON FeatureCollection page (WGS84 longitude/latitude) whose ``links`` hold a ``rel: next`` link
while more features follow. All pages go into one FeatureCollection with the properties as PDOK names them
(``wijkcode``/``wijknaam``, ``buurtcode``/``buurtnaam``, ``gemeentecode``), which
``veiligheidsbeeld areas import boundaries`` reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from .http import get_json

__all__ = ["COLLECTIONS", "PAGE_SIZE", "fetch_boundaries", "items_url"]

#: Area level -> OGC API collection.
COLLECTIONS = {"wijk": "wijken", "buurt": "buurten"}
#: Features asked per page.
PAGE_SIZE = 1000


def items_url(base_url: str, year: int, level: str) -> str:
    """Return the items URL of the level's collection in the year's wijken-en-buurten API."""
    if level not in COLLECTIONS:
        raise ValueError("level must be one of {}, got {!r}".format(", ".join(COLLECTIONS), level))
    return f"{base_url}/wijken-en-buurten-{year}/ogc/v1/collections/{COLLECTIONS[level]}/items"


def fetch_boundaries(client: httpx.Client, base_url: str, year: int, level: str, gemeente: str, directory: Path, *,
                     hint: str) -> Path:
    """Fetch the gemeente's boundaries of one level into ``<collection>_<year>_<gemeente>.geojson``.

    Raises
    ------
    FetchError
        When PDOK cannot be read.
    """
    data = get_json(client, items_url(base_url, year, level),
                    params={"f": "json", "gemeentecode": gemeente, "limit": PAGE_SIZE}, hint=hint)
    features = list(data.get("features", []))
    while (following := _next_link(data)) is not None:
        data = get_json(client, following, hint=hint)
        features.extend(data.get("features", []))
    path = directory / f"{COLLECTIONS[level]}_{year}_{gemeente}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _next_link(page: dict) -> str | None:
    return next((link["href"] for link in page.get("links", []) if link.get("rel") == "next"), None)
