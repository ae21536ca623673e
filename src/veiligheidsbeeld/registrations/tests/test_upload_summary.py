"""The upload page shows the by-gemeente summary, the rows outside the import and the ambiguous names, in Dutch
(issue 13, item 9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veiligheidsbeeld.areas.models import Area
from veiligheidsbeeld.registrations.models import ImportBatch

pytestmark = pytest.mark.django_db

MAPPING = """
source_system: meldingen-openbare-ruimte
columns: {source_ref: Nummer, category: Categorie, date: Datum, area_name: Buurt}
categories: {"Overlast jeugd": jeugdoverlast}
"""
TABLE = "Nummer;Categorie;Datum;Buurt\n1;Overlast jeugd;2024-02-01;Buurt 00\n2;Overlast jeugd;2024-02-02;Wijk 1\n"
STATLINE = ('"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'
            '1,"1.1.1 ","BU09990000","2024MM01",3\n2,"1.1.1 ","BU00140001","2024MM01",4\n'
            '3,"1.1.1 ","GM0363","2024MM01",5\n')


def upload(text, name):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_batch_page_shows_per_gemeente_outside_and_ambiguous_names(client, analyst, small_gemeente):
    # "Wijk 1" is the wijk WK099901 and, here, also a buurt of wijk 0: a buurt-or-wijk name that is both
    Area.objects.create(gemeente=small_gemeente, code="BU09990002", name="Wijk 1", level="buurt", year=2024,
                        parent=Area.objects.get(code="WK099900"))
    client.force_login(analyst)
    response = client.post(reverse("registrations:import"), {
        "importer": "table", "gemeente": small_gemeente.pk, "file": upload(TABLE, "meldingen.csv"),
        "mapping": upload(MAPPING, "mapping.yaml"),
    })
    detail = client.get(response["Location"]).content.decode()
    assert "Dubbelzinnige gebiedsnamen" in detail
    assert "&#x27;Wijk 1&#x27; kan betekenen: BU09990002 Wijk 1 (buurt), WK099901 Wijk 1 (wijk)" in detail
    assert "Per gemeente" in detail and "Proefdorp" in detail

    response = client.post(reverse("registrations:import"), {
        "importer": "statline", "gemeente": small_gemeente.pk, "file": upload(STATLINE, "12345NED_x.csv"),
    }, follow=True)
    page = response.content.decode()
    assert "2 rijen horen bij andere gemeenten" in page
    assert "Rijen buiten deze import" in page and "GM0014" in page and "GM0363" in page
    batch = ImportBatch.objects.get(importer="statline")
    assert batch.out_of_scope == {"GM0014": 1, "GM0363": 1} and not batch.rejected_rows.exists()
