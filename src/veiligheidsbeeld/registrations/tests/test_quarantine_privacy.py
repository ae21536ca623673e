"""Issue 15, finding 4: quarantine keeps no person data, and every view of a rejected row is logged.

The attack of the review: an upload with street, house number, name and BSN columns (and a BSN in a free-text
column) whose rows are rejected; the quarantine kept every original cell and the batch page showed them, unlogged.
"""

import pytest
from django.urls import reverse

from veiligheidsbeeld.core import audit
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.registrations.importers.personal import looks_like_bsn, person_column, scrub
from veiligheidsbeeld.registrations.models import ImportBatch, RejectedRow

from .helpers import run_json, write

pytestmark = pytest.mark.django_db

MAPPING = """
source_system: meldingen-openbare-ruimte
kind: melding
columns:
  source_ref: Meldingnummer
  category: Categorie
  date: Datum
  area_name: Buurt
  attributes: [Toelichting]
categories:
  "Overlast jeugd": jeugdoverlast
"""
# Row 2 has an unknown category, row 3 an unknown buurt: both are quarantined. 111222333 passes the eleven test.
FILE = (
    "Meldingnummer;Categorie;Datum;Buurt;Toelichting;Naam melder;Straat;Huisnummer;BSN;Telefoon\n"
    "M-1;Onbekend;2024-03-01;Buurt 00;BSN 111222333 belde;Jan Jansen;Dorpsstraat;12;111222333;0612345678\n"
    "M-2;Overlast jeugd;2024-03-02;Nergens;111222333;Piet de Vries;Kerkweg;3a;123456782;0501234567\n"
)
SECRETS = ("Jan Jansen", "Piet de Vries", "Dorpsstraat", "Kerkweg", "111222333", "123456782", "0612345678")


def _import(tmp_path):
    mapping = write(tmp_path / "mapping.yaml", MAPPING)
    return run_json("import", "table", write(tmp_path / "m.csv", FILE), "--mapping", mapping, "--gemeente", "GM0999")


def test_attack_rejected_rows_keep_no_names_addresses_or_bsns(tmp_path, small_gemeente):
    summary = _import(tmp_path)
    assert summary["rejected"] == 2
    for row in RejectedRow.objects.all():
        stored = repr(row.raw)
        assert not [s for s in SECRETS if s in stored], stored
        assert {"Naam melder", "Straat", "Huisnummer", "BSN", "Telefoon"} <= set(row.raw["_removed"])
    second = RejectedRow.objects.get(row_number=3)
    # Mapped columns stay (to correct the row), except a value that is a BSN (removed and named).
    assert second.raw["Buurt"] == "Nergens" and "Toelichting" in second.raw["_removed"]


def test_a_corrected_row_is_still_stored_without_person_data(tmp_path, small_gemeente):
    from veiligheidsbeeld.registrations import services

    _import(tmp_path)
    row = RejectedRow.objects.get(row_number=2)
    still_wrong = services.resubmit_rejected_row(row, {**row.raw, "Naam melder": "Klaas Kok", "Categorie": "X"})
    assert "Klaas Kok" not in repr(still_wrong.raw) and "Categorie" in still_wrong.raw


def test_attack_viewing_the_quarantine_needs_a_purpose_and_is_logged(client, analyst, tmp_path, small_gemeente):
    _import(tmp_path)
    batch = ImportBatch.objects.get()
    client.force_login(analyst)
    url = reverse("registrations:batch", args=[batch.pk])
    page = client.get(url).content.decode()
    assert "Nergens" not in page.split('id="quarantaine"')[1].split("Rij 3")[1].split("</ul>")[1]
    assert not AuditEvent.objects.filter(action=audit.PERSON_READ).exists()
    # the reason in Dutch with its column; the cell's content only once a purpose is given
    assert 'kolom <span class="vb-code">Buurt</span>' in page and 'kolom <span class="vb-code">Buurt</span>: ' not in page
    page = client.get(url, {"doel": "correctie melding M-2"}).content.decode()
    assert 'value="Nergens"' in page
    assert 'kolom <span class="vb-code">Buurt</span>: <span class="vb-code">Nergens</span>' in page
    reads = AuditEvent.objects.filter(action=audit.PERSON_READ, object_type="registrations.rejectedrow")
    assert sorted(reads.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in RejectedRow.objects.values_list("pk", flat=True))
    assert set(reads.values_list("purpose", flat=True)) == {"correctie melding M-2"}
    assert audit.check() is None


def test_the_fg_page_lists_the_reads_of_quarantined_rows(client, analyst, tmp_path, small_gemeente):
    from veiligheidsbeeld.accounts.services import create_user
    from veiligheidsbeeld.accounts.tests.conftest import log_in

    _import(tmp_path)
    batch = ImportBatch.objects.get()
    client.force_login(analyst)
    client.get(reverse("registrations:batch", args=[batch.pk]), {"doel": "controle import"})
    fg = create_user(username="fg", password="correct horse battery", role="fg",
                     organisation=analyst.profile.organisation, gemeenten=[small_gemeente])
    log_in(client, fg)
    review = client.get("/privacy/inzage/").content.decode()
    assert "controle import" in review and "Rij in quarantaine 3 van batch {}".format(batch.pk) in review


@pytest.mark.parametrize("value, bsn", [
    ("111222333", True), ("123456782", True), ("1234.56.782", True), ("123456789", False), ("2024-03-01", False),
    ("12", False), ("000000000", False), ("11122233", False),
])
def test_bsn_detection_uses_the_eleven_test(value, bsn):
    assert looks_like_bsn(value) is bsn


@pytest.mark.parametrize("column, personal", [
    ("Naam", True), ("achternaam", True), ("first_name", True), ("Pleegstraatnaam", True), ("BSN", True),
    ("Geboortedatum", True), ("E-mail", True), ("Buurtnaam", False), ("Kennisnamedatum/tijd", False),
    ("Pleegpostcode", False), ("Categorie", False),
])
def test_person_columns_are_recognised_by_name(column, personal):
    assert person_column(column) is personal


def test_scrub_keeps_only_the_mapped_columns():
    assert scrub({"a": "1", "b": "2", "_extra": ["x"]}, {"a"}) == {"a": "1", "_extra": ["x"], "_removed": ["b"]}
