"""The columnar CSV reader gives exactly the records (and line numbers, and errors) of the row reader."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veiligheidsbeeld.registrations.importers import csvchunks
from veiligheidsbeeld.registrations.importers.errors import ImportFileError
from veiligheidsbeeld.registrations.importers.tables import open_table


def _row_reader(path):
    try:
        return list(open_table(path).rows)
    except ImportFileError as exc:
        return str(exc)


def _chunked(path, chunk_bytes):
    table = open_table(path)
    parts = csvchunks.chunks(table, chunk_bytes=chunk_bytes) if csvchunks.eligible(table) else None
    if parts is None:
        return None
    out = []
    try:
        for part in parts:
            if isinstance(part, csvchunks.FrameChunk):
                out += [(line, ["" if v is None else v for v in record])
                        for line, record in zip(part.lines.tolist(), part.frame.iter_rows())]
            else:
                out += part.rows
    except ImportFileError as exc:
        return str(exc)
    return out


def _check(path, chunk_bytes):
    """Both readers give the same; the file must be eligible for the columnar reader (else nothing is compared)."""
    assert csvchunks.eligible(open_table(path)), "not eligible for the columnar reader: nothing would be compared"
    got = _chunked(path, chunk_bytes)
    assert got is not None
    assert got == _row_reader(path)


CASES = {
    "quoted newlines and escaped quotes": 'a,b,c\n1,,3\n4,5,6\n\n"7\nx",8,9\n10,"1""1",\n,,\n"a""b",2,3\n',
    "CRLF without final newline": 'a,b,c\r\n1,,3\r\n\r\n"7\r\nx",8,9\r\n10,"1""1",\r\n"a""b",2,3',
    "ragged rows": "a,b,c\n1,,3\n4,5\n7,8,9,10\n11,12,13\n",
    "stray quote in an unquoted field": 'a,b,c\n1,2,3\nab"c,1,2\n"x",y,z\n',
    "unterminated quote at the end": 'a,b,c\n1,2,3\n"4,5,6\n7,8,9\n',
    "semicolons": "a;b;c\n1;2;3\n\"4;4\";5;6\n",
    "blank lines only": "a,b,c\n\n\n,,\n",
}


@pytest.mark.parametrize("chunk_bytes", [16, 64, 1 << 20])
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_records_as_the_row_reader(tmp_path, name, chunk_bytes):
    path = tmp_path / "t.csv"
    path.write_bytes(CASES[name].encode("utf-8", errors="surrogateescape"))
    _check(path, chunk_bytes)


def test_invalid_utf8_after_the_sniffed_head_names_its_line(tmp_path):
    """The encoding is sniffed from the first megabyte; a bad byte further down is a fatal error naming its
    line (the row reader names the line its decoder had read up to, a few thousand lines earlier)."""
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b,c\n1,2,3\n" + b"x,y,z\n" * 200_000 + b"caf\xe9,2,3\n")
    assert csvchunks.eligible(open_table(path))
    assert _chunked(path, csvchunks.CHUNK_BYTES) == "t.csv, line 200003: not utf-8 text (byte 0xe9); save the file as UTF-8"
    assert "not utf-8 text (byte 0xe9)" in _row_reader(path)


def test_stray_quote_hands_the_rest_to_the_row_reader(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,2\n3,4\n5"x,6\n7,8\n', encoding="utf-8")
    kinds = [type(p).__name__ for p in csvchunks.chunks(open_table(path), chunk_bytes=8)]
    assert kinds[0] == "FrameChunk" and kinds[-1] == "RowChunk"
    assert _chunked(path, 8) == _row_reader(path)


def test_cp1252_is_not_eligible(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("a;b\ncafé;1\n".encode("cp1252"))
    assert not csvchunks.eligible(open_table(path))


_cell = st.text(alphabet='ab,"\n\r é\u00a0=', max_size=6)


FUZZ_EXAMPLES = 300


def test_fuzz_same_as_the_row_reader(tmp_path):
    """Random bytes-level CSV (raw: cells joined without quoting, so stray quotes, ragged rows and
    unterminated fields occur) read both ways; every example is eligible and compared, and they are counted."""
    compared: list[int] = []
    _fuzz(tmp_path, compared)
    assert len(compared) >= FUZZ_EXAMPLES * 0.9, "only {} fuzz examples compared".format(len(compared))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          database=None)
@given(body=st.lists(st.lists(_cell, min_size=1, max_size=4), max_size=8), raw=st.booleans(),
       chunk_bytes=st.sampled_from([8, 32, 4096]))
def _fuzz(tmp_path, compared, body, raw, chunk_bytes):
    lines = []
    for cells in body:
        if raw:
            lines.append(",".join(cells))
        else:
            lines.append(",".join('"{}"'.format(c.replace('"', '""')) if set(c) & set(',"\n\r') else c
                                  for c in cells))
    path = tmp_path / "fuzz.csv"
    path.write_bytes(("h1,h2,h3\n" + "\n".join(lines) + "\n").encode("utf-8"))
    _check(path, chunk_bytes)
    compared.append(chunk_bytes)


_formula_cell = st.text(alphabet='-+=@1.,e "ab\u00a0\r', max_size=6)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None)
@given(body=st.lists(st.lists(_formula_cell, min_size=3, max_size=3), min_size=1, max_size=8),
       crlf=st.booleans())
def test_every_record_with_a_formula_is_suspect(body, crlf):
    """A record is left to the fast path only when none of its fields is a formula by the row path's own test
    (``is_formula`` of the parsed value); an unquoted signed plain number (``-0.5``) does not make it suspect."""
    import io
    import csv as csv_module
    from pathlib import Path
    import tempfile

    from veiligheidsbeeld.core.spreadsheet import is_formula

    buffer = io.StringIO(newline="")
    csv_module.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([["h1", "h2", "h3"], *body])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8"))
        table = open_table(path)
        parts = list(csvchunks.chunks(table, chunk_bytes=1 << 20)) if csvchunks.eligible(table) else []
        for part in parts:
            if not isinstance(part, csvchunks.FrameChunk):
                continue
            for (_, fields), suspect in zip(part.records(range(part.frame.height)), part.suspect.tolist()):
                if any(is_formula(field) for field in fields):
                    assert suspect, fields
                elif not any(set(field) & set(',"\r\n') for field in fields):  # unquoted in the file
                    assert not suspect, fields


def test_signed_plain_numbers_take_the_fast_path(tmp_path):
    path = tmp_path / "signed.csv"
    path.write_text("a,b,c\n-0.5,+3,x\n-2+3+cmd|x,1,2\n1,-1e-3,-\n", encoding="utf-8")
    (part,) = list(csvchunks.chunks(open_table(path), chunk_bytes=1 << 20))
    assert part.suspect.tolist() == [False, True, False]
