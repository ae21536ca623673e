"""The malformed-file corpus: each case is a small file (generated, so the 10 MB one is not in the repository).

Write the files to a folder to try them by hand::

    python -m veiligheidsbeeld.registrations.tests.bad_input.corpus /tmp/bad_input

A case is either *fatal* (the importer refuses the file with a specific message; nothing is stored) or
*row-level* (the file is imported; every bad row is kept in quarantine with its reason and
``accepted + rejected + duplicates == rows``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["CASES", "Case", "xlsx_bytes", "write_all"]

STATLINE = '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'
BVH = ("Incident Identificatie,Incidentsoort code,Pleegstraatnaam,Pleeghuisnummer met toev.,Pleeggemeente,"
       "Pleegwijk,Pleegbuurt,Begin-pleegdatum/tijd,Eind-pleegdatum/tijd,Kennisnamedatum/tijd,X,Y\n")
GOOD_BVH = "I{n},A72,Straat,1,Proefdorp,Wijk 00 Wijk 0,Buurt 00,2024-03-01T10:00,,,,"
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@dataclass
class Case:
    """One bad file: its name, importer, content, and what must happen.

    ``fatal`` is the expected message fragment for a refused file; otherwise ``rows``, ``accepted`` and
    ``reasons`` (rejected rows per reason code) and ``duplicates`` describe the import.
    """

    name: str
    importer: str
    content: bytes
    fatal: str = ""
    rows: int = 0
    accepted: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    out_of_scope: int = 0
    args: tuple[str, ...] = ()
    #: A file imported first (for duplicates across files).
    before: bytes = b""


def _statline(*rows: str) -> bytes:
    return (STATLINE + "".join(r + "\n" for r in rows)).encode()


def _bvh(*rows: str, header: str = BVH, encoding: str = "utf-8") -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode(encoding)


def _good(n: int) -> str:
    return GOOD_BVH.format(n=n)


def xlsx_bytes(rows: list[list[str]], formulas: dict[tuple[int, int], str] | None = None) -> bytes:
    """A minimal XLSX workbook (one sheet, inline strings); ``formulas`` maps (row, col) to a formula whose
    cached value is the cell text."""
    formulas = formulas or {}

    def cell(r, c, value):
        ref = "{}{}".format(chr(65 + c), r + 1)
        if (r, c) in formulas:
            return '<c r="{}" t="str"><f>{}</f><v>{}</v></c>'.format(ref, escape(formulas[(r, c)]), escape(value))
        return '<c r="{}" t="inlineStr"><is><t>{}</t></is></c>'.format(ref, escape(value))

    sheet = "".join(
        '<row r="{}">{}</row>'.format(r + 1, "".join(cell(r, c, v) for c, v in enumerate(row)))
        for r, row in enumerate(rows)
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="{}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'.format(rel)),
        "xl/workbook.xml": (
            '<?xml version="1.0"?><workbook {} xmlns:r="{}"><sheets><sheet name="Incidenten" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'.format(ns, rel)),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="{}/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'.format(rel)),
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet {}><sheetData>{}</sheetData></worksheet>'.format(
            ns, sheet),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


_BVH_ROWS = [h for h in BVH.strip().split(",")]
_XLSX_OK = xlsx_bytes([_BVH_ROWS, _good(1).split(",")])

CASES: list[Case] = [
    # --- fatal: the file is refused, nothing is stored --------------------------------------------------------
    Case("empty.csv", "statline", b"", fatal="empty file: no header line"),
    Case("blank_lines.csv", "statline", b"\n\n  \n", fatal="empty file: no header line"),
    Case("binary.csv", "statline", bytes(range(256)) * 8, fatal="binary file: not CSV text and not an XLSX workbook"),
    Case("utf16.csv", "bvh", codecs.BOM_UTF16_LE + BVH.encode("utf-16-le"), fatal="UTF-16 text"),
    Case("header_only.csv", "statline", STATLINE.encode(), fatal="no data rows below the header"),
    Case("truncated.xlsx", "bvh", _XLSX_OK[: len(_XLSX_OK) // 2], fatal="not a readable XLSX workbook"),
    Case("fake.xlsx", "bvh", b"PK\x03\x04" + b"this is no zip archive" * 20, fatal="not a readable XLSX workbook"),
    Case("missing_perioden.csv", "statline", b'"ID","SoortMisdrijf","WijkenEnBuurten","Aantal_1"\n1,"1.1.1","BU09990000",3\n',
         fatal="line 1: missing columns: Perioden"),
    Case("renamed_dimension.csv", "statline",
         b'"ID","Misdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n1,"1.1.1","BU09990000","2024JJ00",3\n',
         fatal="no category dimension column (expected one of: SoortMisdrijf"),
    Case("no_region.csv", "statline",
         b'"ID","SoortMisdrijf","Buurt","Perioden","GeregistreerdeMisdrijven_1"\n1,"1.1.1","BU09990000","2024JJ00",3\n',
         fatal="no region column"),
    Case("renamed_id.bvh.csv", "bvh", _bvh(_good(1), header=BVH.replace("Incident Identificatie", "IncidentID")),
         fatal="missing columns: Incident Identificatie"),
    Case("double_column.bvh.csv", "bvh", _bvh(_good(1) + ",x", header=BVH.strip() + ",X\n"),
         fatal="column names occur twice: X"),
    Case("field_10mb.bvh.csv", "bvh", _bvh(_good(1), "I2,A72," + "A" * 10_000_000 + ",1,Proefdorp,,,2024-03-01,,,,"),
         fatal="line 3: a field is longer than 131,072 characters"),
    Case("unterminated_quote.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",3', '2,"1.1.1 ,"BU0999'),
         fatal="line 3: malformed CSV"),
    Case("bad_utf8_late.bvh.csv", "bvh",
         _bvh(*[_good(n) for n in range(16_000)]) + b"I99,A72,Stra\xff\xfe,1,Proefdorp,,,2024-03-01,,,,\n",
         fatal="not utf-8 text (byte 0xff)"),
    Case("unknown_gemeente.bvh.csv", "bvh", _bvh(_good(1).replace("Proefdorp", "Nergenshuizen")),
         fatal="cannot tell which gemeente the data belong to; pass --gemeente"),
    # --- row level: every bad row kept in quarantine with its reason -----------------------------------------
    Case("unknown_area.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",3', '2,"1.1.1 ","BU09999999","2024JJ00",3'),
         rows=2, accepted=1, reasons={"unknown_area": 1}),
    Case("other_gemeente.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",3', '2,"1.1.1 ","BU00140000","2024JJ00",3'),
         rows=2, accepted=1, out_of_scope=1),  # issue 13: another gemeente's row is counted, not quarantined
    Case("unknown_category.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",3', '2,"7.7.7 ","BU09990000","2024JJ00",3'),
         rows=2, accepted=1, reasons={"unknown_category": 1}),
    Case("bad_period.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024XX01",3', '2,"1.1.1 ","BU09990000","2024MM13",3'),
         rows=2, reasons={"bad_period": 2}),
    Case("negative_count.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",-3'),
         rows=1, reasons={"negative_count": 1}),
    Case("text_counts.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00","3,5"', '2,"1.1.1 ","BU09990001","2024JJ00",veel'),
         rows=2, reasons={"bad_count": 2}),
    # A short or long record inside the file is that row's problem; as the last record it is a file cut off (#13).
    Case("short_and_long_rows.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00"', '2,"1.1.1 ","BU09990001","2024JJ00",3,4',
                                                          '3,"1.1.1 ","BU09990100","2024JJ00",3'),
         rows=3, accepted=1, reasons={"field_count": 2}),
    Case("cut_mid_line.bvh.csv", "bvh", _bvh(_good(1)) + _good(2).encode()[:30],
         fatal="line 3: truncated: the last record has"),
    Case("cut_mid_line.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",3', '2,"1.1.1 ","BU09990001"'),
         fatal="line 3: truncated: the last record has 3 fields where the header has 5"),
    Case("duplicate_ids.csv", "statline", _statline('1,"1.1.1 ","BU09990000","2024JJ00",3', '2,"1.1.1 ","BU09990000","2024JJ00",3'),
         rows=2, accepted=1, duplicates=1),
    Case("impossible_date.bvh.csv", "bvh", _bvh(_good(1), _good(2).replace("2024-03-01T10:00", "2024-02-30")),
         rows=2, accepted=1, reasons={"bad_date": 1}),
    Case("future_date.bvh.csv", "bvh", _bvh(_good(1).replace("2024-03-01T10:00", TOMORROW)),
         rows=1, reasons={"future_date": 1}),
    Case("ancient_date.bvh.csv", "bvh", _bvh(_good(1).replace("2024-03-01T10:00", "1899-12-31")),
         rows=1, reasons={"bad_date": 1}),
    Case("end_before_begin.bvh.csv", "bvh", _bvh(_good(1).replace("2024-03-01T10:00,", "2024-03-01T10:00,2024-02-01T10:00")),
         rows=1, reasons={"bad_date": 1}),
    Case("no_dates.bvh.csv", "bvh", _bvh(_good(1).replace("2024-03-01T10:00", "")),
         rows=1, reasons={"missing_date": 1}),
    Case("text_coordinates.bvh.csv", "bvh", _bvh(_good(1)[:-2] + ",noord,zuid"),
         rows=1, reasons={"bad_coordinates": 1}),
    Case("unknown_incident_code.bvh.csv", "bvh", _bvh(_good(1).replace("A72", "ZZ99")),
         rows=1, reasons={"unknown_category": 1}),
    Case("duplicates_within_file.bvh.csv", "bvh", _bvh(_good(1), _good(1), _good(2)),
         rows=3, accepted=2, duplicates=1),
    Case("duplicates_across_files.bvh.csv", "bvh", _bvh(_good(1), _good(3)), before=_bvh(_good(1), _good(2)),
         rows=2, accepted=1, duplicates=1),
    Case("formula.bvh.csv", "bvh", _bvh(_good(1).replace("Buurt 00", '"=HYPERLINK(""http://x.example"",""klik"")"')),
         rows=1, reasons={"formula": 1}),
    Case("formula.xlsx", "bvh", xlsx_bytes([_BVH_ROWS, _good(1).split(","), _good(2).split(",")],
                                           formulas={(2, 0): 'HYPERLINK("http://x.example","I2")'}),
         rows=2, accepted=2),
    Case("html_in_text.bvh.csv", "bvh", _bvh(_good(1).replace("Buurt 00", "<script>alert(1)</script>").replace("Wijk 00 Wijk 0", "<b>x</b>")),
         rows=1, reasons={"not_located": 1}),
    Case("sql_in_text.bvh.csv", "bvh", _bvh(_good(1).replace("I1,", "I1'; DROP TABLE registrations_registration; --,")),
         rows=1, accepted=1),
    Case("cp1252.bvh.csv", "bvh", _bvh(_good(1).replace("Straat", "Caféstraat"), encoding="cp1252"),
         rows=1, accepted=1),
    Case("bom_semicolons.bvh.csv", "bvh", codecs.BOM_UTF8 + _bvh(_good(1), _good(2)).replace(b",", b";"),
         rows=2, accepted=2),
]


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES:
        path = folder / case.name
        path.write_bytes(case.content)
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for written in write_all(Path(sys.argv[1])):
        print(written)
