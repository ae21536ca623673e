"""A local stand-in for CBS StatLine OData v3 and the PDOK wijken-en-buurten OGC API, for tests only.

It serves the real files of ``../shared/data`` in the services' JSON response shapes, converted at run time:

- ``/dataderden/47018NED/{DataProperties,TypedDataSet,SoortMisdrijf,WijkenEnBuurten,Perioden}`` from
  ``groningen/politie-47018-buurt-2023-groningen`` (the typed data set is the GM0014 2023 subset);
- ``/opendata/85984NED/{DataProperties,WijkenEnBuurten,TypedDataSet}`` from ``nl/cbs-kwb-2024-buurt-population-nl``
  (the region dimension is 47018NED's, identical apart from three "unknown" codes; the typed data set holds
  ``WijkenEnBuurten`` and ``AantalInwoners_5`` of the buurten);
- ``/pdok/wijken-en-buurten-2024/ogc/v1/collections/{wijken,buurten}/items`` from
  ``nl/pdok-cbs-wijken-gemeenten-geojson/wijken_2024.geojson`` (no buurt boundaries of 2024 are in the shared data,
  so the buurten collection is empty).

OData: ``{"odata.metadata", "value", "odata.nextLink"}`` pages of :attr:`StubServer.page_size` rows (``$skip``),
``$select``, and ``$filter`` in the form the client sends: ``startswith(Col,'v')`` and ``Col eq 'v'`` terms, joined
with ``or`` within a parenthesised group per column and ``and`` between groups; anything else answers HTTP 400.
CSV cells become JSON as OData types them: whole numbers int, decimals float, empty null, the rest strings with
their padding. OGC API: ``gemeentecode`` filter, ``limit``/``offset`` paging with a ``rel: next`` link.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

__all__ = ["StubServer", "odata_matches"]

POLITIE = ("groningen", "politie-47018-buurt-2023-groningen")
KWB = ("nl", "cbs-kwb-2024-buurt-population-nl")
WIJKEN = ("nl", "pdok-cbs-wijken-gemeenten-geojson", "wijken_2024.geojson")
_TERM = re.compile(r"startswith\((\w+),'((?:[^']|'')*)'\)|(\w+) eq '((?:[^']|'')*)'")
_GLUE = re.compile(r"[()\s]|and|or")
_INT, _FLOAT = re.compile(r"-?\d+"), re.compile(r"-?\d+\.\d+")


def _typed(value: str):
    if value == "":
        return None
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


@cache
def _csv_rows(path: Path) -> tuple[dict, ...]:
    text = path.read_text(encoding="utf-8-sig")
    return tuple({k: _typed(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text)))


def odata_matches(expression: str):
    """Return a predicate on a row for an OData ``$filter`` of the supported form; ValueError for other forms."""
    terms = {}
    for match in _TERM.finditer(expression):
        if match[1]:
            column, value, test = match[1], match[2].replace("''", "'"), "startswith"
        else:
            column, value, test = match[3], match[4].replace("''", "'"), "eq"
        terms.setdefault(column, []).append((test, value))
    if _GLUE.sub("", _TERM.sub("", expression)):
        raise ValueError(f"unsupported $filter: {expression}")

    def matches(row):
        for column, tests in terms.items():
            cell = str(row.get(column) or "")
            if not any(cell.startswith(v) if t == "startswith" else cell == v for t, v in tests):
                return False
        return True

    return matches


class StubServer:
    """Serve the stub on ``127.0.0.1`` at a free port in a background thread (use as a context manager).

    Parameters
    ----------
    data : Path
        The shared data folder (``../shared/data``).
    page_size : int
        Rows or features per page, small so that paging is exercised.

    Attributes
    ----------
    url : str
        ``http://127.0.0.1:<port>``; the catalogs are ``url + "/dataderden"``, ``url + "/opendata"``, ``url + "/pdok"``.
    requests : list of str
        Paths with query strings, in the order asked.
    """

    def __init__(self, data: Path, page_size: int = 40):
        self.data, self.page_size, self.requests = data, page_size, []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stub.requests.append(self.path)
                try:
                    status, body = stub.answer(self.path, "http://" + self.headers["Host"])
                except ValueError as error:
                    status, body = 400, {"error": str(error)}
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, origin: str) -> tuple[int, dict]:
        """Return ``(status, JSON body)`` for a request path with query string."""
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        segments = parts.path.strip("/").split("/")
        if segments[0] in ("dataderden", "opendata") and len(segments) == 3:
            rows = self._odata_rows(*segments)
            if rows is None:
                return 404, {"error": f"no such table or entity set: {parts.path}"}
            return 200, self._odata_page(rows, query, origin + parts.path)
        if segments[0] == "pdok" and segments[-1] == "items" and segments[1] == "wijken-en-buurten-2024":
            return 200, self._ogc_page(segments[-2], query, origin + parts.path)
        return 404, {"error": f"not found: {parts.path}"}

    def _odata_rows(self, catalog: str, table: str, entity: str):
        if (catalog, table) == ("dataderden", "47018NED"):
            name = "47018NED_2023_totaal_misdrijven_buurten_GM0014.csv" if entity == "TypedDataSet" else (
                f"47018NED_{entity}.csv")
            path = self.data.joinpath(*POLITIE, name)
        elif (catalog, table) == ("opendata", "85984NED") and entity == "WijkenEnBuurten":
            path = self.data.joinpath(*POLITIE, "47018NED_WijkenEnBuurten.csv")
        elif (catalog, table) == ("opendata", "85984NED") and entity == "DataProperties":
            path = self.data.joinpath(*KWB, "85984NED_DataProperties.csv")
        elif (catalog, table, entity) == ("opendata", "85984NED", "TypedDataSet"):
            rows = _csv_rows(self.data.joinpath(*KWB, "Population85984_2024_buurten_NL.csv"))
            return [{"ID": i, "WijkenEnBuurten": r["nhood_id"].ljust(10), "AantalInwoners_5": r["population"]}
                    for i, r in enumerate(rows)]
        else:
            return None
        return list(_csv_rows(path)) if path.is_file() else None

    def _odata_page(self, rows: list[dict], query: dict, base: str) -> dict:
        if query.get("$format") != "json":
            raise ValueError("$format=json is required")
        if query.get("$filter"):
            rows = list(filter(odata_matches(query["$filter"]), rows))
        if query.get("$select"):
            columns = query["$select"].split(",")
            rows = [{c: row.get(c) for c in columns} for row in rows]
        skip = int(query.get("$skip", 0))
        body = {"odata.metadata": base + "/$metadata", "value": rows[skip:skip + self.page_size]}
        if skip + self.page_size < len(rows):
            body["odata.nextLink"] = base + "?" + urlencode({**query, "$skip": skip + self.page_size})
        return body

    def _ogc_page(self, collection: str, query: dict, base: str) -> dict:
        if collection == "wijken":
            features = json.loads(self.data.joinpath(*WIJKEN).read_text(encoding="utf-8"))["features"]
        elif collection == "buurten":
            features = []
        else:
            raise ValueError(f"unknown collection {collection}")
        if query.get("gemeentecode"):
            features = [f for f in features if f["properties"].get("gemeentecode") == query["gemeentecode"]]
        limit = min(int(query.get("limit", 10)), self.page_size)
        offset = int(query.get("offset", 0))
        links = [{"rel": "self", "href": base + "?" + urlencode(query)}]
        if offset + limit < len(features):
            links.append({"rel": "next", "href": base + "?" + urlencode({**query, "offset": offset + limit})})
        page = features[offset:offset + limit]
        return {"type": "FeatureCollection", "numberReturned": len(page), "features": page, "links": links}
