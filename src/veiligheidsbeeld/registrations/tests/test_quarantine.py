"""Quarantine: rejected rows are kept, can be corrected and resubmitted (service and web pages)."""

import pytest
from django.urls import reverse

from veiligheidsbeeld.registrations import services
from veiligheidsbeeld.registrations.models import CubeCell, ImportBatch, Registration, RejectedRow

from .helpers import run_json, write

pytestmark = pytest.mark.django_db

HEADER = '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n'
ROWS = '1,"1.1.1 ","BU09990000","2024MM01",3\n2,"1.1.1 ","BU0999XXXX","2024MM01",4\n'


def test_correct_and_resubmit_moves_a_row_from_rejected_to_accepted(tmp_path, small_gemeente):
    summary = run_json("import", "statline", write(tmp_path / "t.csv", HEADER + ROWS))
    assert summary["accepted"] + summary["rejected"] + summary["duplicates"] == summary["rows"] == 2
    row = RejectedRow.objects.get()
    still_wrong = services.resubmit_rejected_row(row, {**row.raw, "WijkenEnBuurten": "BU09997777"})
    assert isinstance(still_wrong, RejectedRow) and "BU09997777" in still_wrong.reasons[0]["message"]
    registration = services.resubmit_rejected_row(row, {**row.raw, "WijkenEnBuurten": "BU09990001"})
    assert registration.area.code == "BU09990001" and registration.count == 4
    row.refresh_from_db()
    assert row.status == "resubmitted" and row.registration == registration
    batch = ImportBatch.objects.get()
    assert (batch.accepted, batch.rejected, batch.total_count) == (2, 0, 7)
    assert sum(CubeCell.objects.values_list("count", flat=True)) == 7
    with pytest.raises(ValueError, match="not open"):
        services.resubmit_rejected_row(row, row.raw)


def test_import_page_upload_quarantine_and_resubmit(client, analyst, small_gemeente):
    client.force_login(analyst)
    page = client.get(reverse("registrations:import"))
    assert page.status_code == 200 and b"Import" in page.content
    upload = write_upload(HEADER + ROWS)
    response = client.post(reverse("registrations:import"), {
        "importer": "statline", "gemeente": small_gemeente.pk, "file": upload,
    })
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registrations:batch", args=[batch.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "BU0999XXXX" in detail and "is not in the area register of GM0999" in detail
    assert "Gebiedscode niet in het gebiedenregister" in detail  # the reason in Dutch, not only its code
    assert "Afgewezen rijen per reden" in detail
    row = RejectedRow.objects.get()
    fields = {"veld-" + k: v for k, v in row.raw.items()} | {"veld-WijkenEnBuurten": "BU09990001"}
    client.post(reverse("registrations:resubmit", args=[batch.pk, row.pk]), fields)
    assert Registration.objects.count() == 2
    history = client.get(reverse("registrations:import")).content.decode()
    assert "t.csv" in history


def test_fatal_upload_error_is_shown_and_nothing_stored(client, analyst, small_gemeente):
    client.force_login(analyst)
    response = client.post(reverse("registrations:import"), {
        "importer": "statline", "gemeente": small_gemeente.pk, "file": write_upload("ID\x00\x01\x02", name="binair.csv"),
    })
    assert response.status_code == 200 and "binair.csv: binary file" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_browser_filters_and_shows_no_source_details(client, analyst, small_gemeente, tmp_path):
    run_json("import", "statline", write(tmp_path / "t.csv", HEADER + ROWS))
    client.force_login(analyst)
    page = client.get(reverse("registrations:browse"), {"area": "WK099900", "theme": "woninginbraak"}).content.decode()
    assert "BU09990000" in page
    assert "statline_id" not in page and "t.csv" not in page
    assert "BU09990000" not in client.get(reverse("registrations:browse"), {"area": "WK099901"}).content.decode()
    assert "BU09990000" not in client.get(reverse("registrations:browse"), {"theme": "geweld"}).content.decode()


def test_pages_refuse_users_without_the_permission(client, django_user_model):
    user = django_user_model.objects.create_user("zonder", password="x")
    client.force_login(user)
    assert client.get(reverse("registrations:import")).status_code == 403
    assert client.get(reverse("registrations:browse")).status_code == 403


def write_upload(text, name="t.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
