"""Issue 15, finding 6: resource exhaustion. Each test hands in the small input of the review that expanded to
megabytes or gigabytes (scaled down, with a lowered limit where the original would take the machine's memory)
and checks it is refused with a specific reason before it is expanded."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError

from veiligheidsbeeld.areas.parsers import AreaFileError, parse_boundaries
from veiligheidsbeeld.core.limits import LimitExceeded, check_zip, load_yaml
from veiligheidsbeeld.registrations.tests.bad_input.corpus import xlsx_bytes
from veiligheidsbeeld.registrations.tests.helpers import run_json, write

pytestmark = pytest.mark.django_db

# The review's mapping: every level repeats the one before ten times (10^6 strings from under 500 bytes).
ALIAS_BOMB = """source_system: x
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
columns: {source_ref: ID, category: C, date: D, area: A}
"""


def test_attack_yaml_aliases_in_a_mapping_are_refused(tmp_path, small_gemeente):
    data = write(tmp_path / "t.csv", "ID,C,D,A\n1,x,2024-01-01,BU09990000\n")
    with pytest.raises(CommandError, match=r"aliases \(\*a\) are not allowed"):
        run_json("import", "table", data, "--mapping", write(tmp_path / "m.yaml", ALIAS_BOMB), "--gemeente", "GM0999")


def test_a_mapping_over_the_size_limit_is_refused(settings):
    settings.MAPPING_MAX_BYTES = 100
    with pytest.raises(LimitExceeded, match="more than the limit of 100 .VEILIGHEIDSBEELD_MAPPING_MAX_KB"):
        load_yaml("a: " + "x" * 200, "m.yaml")
    assert load_yaml("a: 1", "m.yaml") == {"a": 1}


def test_attack_uploaded_mapping_with_aliases_is_refused_on_the_page(client, analyst, small_gemeente):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analyst)
    response = client.post("/registraties/import/", {
        "importer": "table", "gemeente": small_gemeente.pk,
        "file": SimpleUploadedFile("t.csv", b"ID,C,D,A\n1,x,2024-01-01,BU09990000\n"),
        "mapping": SimpleUploadedFile("m.yaml", ALIAS_BOMB.encode()),
    })
    assert response.status_code == 200 and "are not allowed" in response.content.decode()


def test_attack_xlsx_with_a_far_away_cell_is_refused_before_loading(tmp_path, small_gemeente, settings):
    """The review's 1.5 KB workbook had one cell far away; the reader allocates the whole rectangle."""
    settings.XLSX_MAX_CELLS = 10_000
    content = xlsx_bytes([["ID", "C", "D", "A"], ["1", "x", "2024-01-01", "BU09990000"]])
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b'<row r="9000"><c r="D9000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    mapping = write(tmp_path / "m.yaml", "source_system: x\ncolumns: {source_ref: ID, category: C, date: D, area: A}\n")
    with pytest.raises(CommandError, match=r"spans 9000 rows x 4 columns, more than the limit of 10000 cells"):
        run_json("import", "table", path, "--mapping", mapping, "--gemeente", "GM0999")


def _zip_bomb(path, member="buurt.shp", size=20 * 1024 * 1024):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, b"\0" * size)
        archive.writestr(member[:-4] + ".dbf", b"\0" * 10)
    return path


def test_attack_zip_bomb_in_areas_import_is_refused(tmp_path):
    """The review's 400 KB zip expanded to 1 GB in `areas import`: a member expanding ~1000 times is refused."""
    path = _zip_bomb(tmp_path / "bomb.zip")
    assert path.stat().st_size < 100_000
    with pytest.raises(AreaFileError, match=r"member buurt.shp expands \d+ times, more than the limit of 100"):
        parse_boundaries(path, "buurt")


def test_zip_members_over_the_size_limit_are_refused(tmp_path, settings):
    settings.ZIP_MAX_MEMBER_BYTES = 1000
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.shp", b"x" * 2000)
    with pytest.raises(LimitExceeded, match="member a.shp expands to 2000 bytes, more than the limit of 1000"):
        check_zip(path)


def test_attack_a_boundary_with_too_many_vertices_is_refused(tmp_path, settings):
    import math

    settings.BOUNDARY_MAX_VERTICES = 1000
    ring = [[6.5 + 0.01 * math.cos(2 * math.pi * k / 5000), 53.2 + 0.01 * math.sin(2 * math.pi * k / 5000)]
            for k in range(5000)]
    ring.append(ring[0])
    collection = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"buurtcode": "BU09990000", "buurtnaam": "Rond"},
        "geometry": {"type": "Polygon", "coordinates": [ring]}}]}
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps(collection))
    with pytest.raises(AreaFileError, match=r"boundary has 5001 vertices, more than the limit of 1000"):
        parse_boundaries(path, "buurt")


def test_attack_uploads_over_the_limit_are_refused_before_reading(client, analyst, small_gemeente, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 2000
    client.force_login(analyst)
    response = client.post("/registraties/import/", {
        "importer": "statline", "gemeente": small_gemeente.pk,
        "file": SimpleUploadedFile("t.csv", b"x" * 5000),
    })
    assert response.status_code == 413


def test_attack_api_bodies_over_the_limit_are_refused(client, analyst, settings):
    settings.API_MAX_BYTES = 1000
    client.force_login(analyst)
    response = client.post("/api/registrations/", {"records": ["x" * 2000]}, content_type="application/json")
    assert response.status_code == 413 and "more than the limit" in response.json()["detail"]


def test_upload_form_checks_the_size_too(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from veiligheidsbeeld.registrations.forms import UploadForm
    from veiligheidsbeeld.core.models import Gemeente

    from django.utils import translation

    settings.UPLOAD_MAX_BYTES = 10
    form = UploadForm({"importer": "statline"}, {"file": SimpleUploadedFile("t.csv", b"x" * 20)},
                      gemeenten=Gemeente.objects.none())
    with translation.override("en"):
        assert not form.is_valid() and "more than the limit" in str(form.errors["file"])
