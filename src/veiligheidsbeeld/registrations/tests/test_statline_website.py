"""``import statline-csv`` on files in the exact layout of the StatLine website's CSV download (issue 13).

The fixtures are generated here (figures invented for the test gemeente GM0999 Proefdorp), in each arrangement
the website produces: regions as rows with periods as columns, periods as rows with categories as columns,
categories as rows with regions as columns, and two row dimensions.
"""

import logging

import pytest
from django.core.management import CommandError

from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.registrations.models import ImportBatch, Registration, RejectedRow

from .helpers import run_json, write

pytestmark = pytest.mark.django_db


def website(*lines: list[str] | str, title="Geregistreerde misdrijven; soort misdrijf, wijk en buurt",
            fixed=(), footer=True) -> str:
    """A StatLine website CSV: title, fixed dimensions, an empty line, the header block and rows, the footer.

    Every field is quoted and separated by ``;``; lines end in CRLF, as the download has them.
    """
    out = ['"{}"'.format(title)] + ['"{}"'.format(f) for f in fixed] + [""]
    for line in lines:
        out.append(line if isinstance(line, str) else ";".join('"{}"'.format(c) for c in line))
    if footer:
        out.append('"Bron: CBS"')
    return "\r\n".join(out) + "\r\n"


REGIONS_AS_ROWS = website(
    ["Onderwerp", "Geregistreerde misdrijven", "Geregistreerde misdrijven", "Geregistreerde misdrijven per 1 000 "
     "inwoners", "Geregistreerde misdrijven per 1 000 inwoners"],
    ["Perioden", "2022", "2023*", "2022", "2023*"],
    ["Wijken en buurten", "aantal", "aantal", "per 1 000 inwoners", "per 1 000 inwoners"],
    ["Proefdorp (gemeente)", "1.204", "1.310", "40,1", "43,7"],
    ["Wijk 0", "700", "720", "23,3", "24,0"],
    ["Buurt 00", "x", "-", ".", "."],
    ["Buurt 01", "12", ".", "6,0", "."],
    fixed=["Soort misdrijf: Totaal misdrijven"],
)


def test_regions_as_rows_periods_as_columns(tmp_path, small_gemeente):
    """Fails on the code before issue 13: it refused the file ("expected the columns 'Soort misdrijf' ...")."""
    summary = run_json("import", "statline-csv", write(tmp_path / "misdrijven.csv", REGIONS_AS_ROWS, "utf-8-sig"),
                       "--gemeente", "GM0999", "--table", "47018NED")
    assert (summary["rows"], summary["accepted"], summary["rejected"]) == (8, 6, 2)
    assert summary["rejected_reasons"] == {"no_figure": 1, "secret": 1}
    stored = set(Registration.objects.values_list("source_ref", "precision", "count"))
    assert stored == {
        ("47018NED/0.0.0/GM0999/2022JJ00", "year", 1204), ("47018NED/0.0.0/GM0999/2023JJ00", "year", 1310),
        ("47018NED/0.0.0/WK099900/2022JJ00", "year", 700), ("47018NED/0.0.0/WK099900/2023JJ00", "year", 720),
        ("47018NED/0.0.0/BU09990000/2023JJ00", "year", 0), ("47018NED/0.0.0/BU09990001/2022JJ00", "year", 12),
    }
    # Errors name the real line: the rows start on line 7 (title, fixed dimension, empty line, 3 header lines).
    lines = dict(RejectedRow.objects.values_list("row_number", "reasons__0__code"))
    assert lines == {9: "secret", 10: "no_figure"}
    mapping = ImportBatch.objects.get().mapping["options"]
    assert mapping["skipped_topics"] == ["Geregistreerde misdrijven per 1 000 inwoners (per 1 000 inwoners)"]


def test_periods_as_rows_categories_as_columns(tmp_path, small_gemeente):
    text = website(
        ["Soort misdrijf", "Totaal misdrijven", "1.1.1 Diefstal/inbraak woning", "1.4.5 Mishandeling"],
        ["Perioden", "aantal", "aantal", "aantal"],
        ["2023 1e kwartaal", "40", "3", "5"],
        ["2023 2e kwartaal", "38", "-", "6"],
        ["2024 januari*", "12", "1", "1"],
        title="Geregistreerde misdrijven; soort misdrijf, regio", fixed=[
            "Regio's: Proefdorp (gemeente)", "Onderwerp: Geregistreerde misdrijven"],
    )
    summary = run_json("import", "statline-csv", write(tmp_path / "47013NED.csv", text), "--gemeente", "GM0999")
    # the leaf categories add up; the source's own total (Totaal misdrijven) is reported beside them
    assert (summary["rows"], summary["accepted"], summary["total_count"]) == (9, 9, 16)
    assert summary["source_total"] == 90
    assert set(Registration.objects.filter(category_code="1.4.5").values_list("source_ref", "precision")) == {
        ("47013NED/1.4.5/GM0999/2023KW01", "quarter"), ("47013NED/1.4.5/GM0999/2023KW02", "quarter"),
        ("47013NED/1.4.5/GM0999/2024MM01", "month"),
    }


def test_categories_as_rows_regions_as_columns(tmp_path, small_gemeente):
    text = website(
        ["Wijken en buurten", "Proefdorp (gemeente)", "Wijk 1", "Buurt 10"],
        ["Soort misdrijf", "aantal", "aantal", "aantal"],
        ["Totaal misdrijven", "100", "60", "30"],
        ["1.1.1 Diefstal/inbraak woning", "4", "2", "1"],
        fixed=["Perioden: 2023", "Onderwerp: Geregistreerde misdrijven"],
    )
    summary = run_json("import", "statline-csv", write(tmp_path / "47018NED.csv", text), "--gemeente", "GM0999")
    assert (summary["accepted"], summary["rejected"]) == (6, 0)
    assert Registration.objects.get(category_code="1.1.1", area__code="WK099901").count == 2


def test_two_row_dimensions_with_group_labels_printed_once(tmp_path, small_gemeente):
    text = website(
        ["", "Soort misdrijf", "Totaal misdrijven", "1.4.5 Mishandeling"],
        ["Wijken en buurten", "Perioden", "aantal", "aantal"],
        ["Proefdorp (gemeente)", "2022", "90", "4"],
        ["", "2023", "100", "5"],
        ["Buurt 11", "2022", "3", "0"],
        ["", "2023", "2", "1"],
        fixed=["Onderwerp: Geregistreerde misdrijven"],
    )
    summary = run_json("import", "statline-csv", write(tmp_path / "47018NED.csv", text), "--gemeente", "GM0999")
    assert (summary["accepted"], summary["rejected"]) == (8, 0)
    assert Registration.objects.get(category_code="1.4.5", area__code="GM0999", period_start__year=2023).count == 5
    assert Registration.objects.get(category_code="0.0.0", area__code="BU09990101", period_start__year=2023).count == 2


def test_a_semicolon_ending_every_line_and_a_footer_of_several_fields(tmp_path, small_gemeente):
    text = website(
        ["Perioden", "2023", ""], ["Regio's", "aantal", ""], ["Proefdorp (gemeente)", "100", ""],
        fixed=["Soort misdrijf: Totaal misdrijven"], footer=False) + '"Bron: CBS";"";""\r\n'
    summary = run_json("import", "statline-csv", write(tmp_path / "47018NED.csv", text), "--gemeente", "GM0999")
    assert (summary["accepted"], summary["rejected"]) == (1, 0)
    assert ImportBatch.objects.get().mapping["options"]["skipped_topics"] == []


def test_overlast_table(tmp_path, small_gemeente):
    text = website(
        ["Perioden", "2022", "2023"],
        ["Regio's", "aantal", "aantal"],
        ["Proefdorp (gemeente)", "17", "21"],
        title="Registraties overlast; soort overlast, regio",
        fixed=["Soort overlast: Overlast door verward persoon", "Onderwerp: Registraties overlast"],
    )
    summary = run_json("import", "statline-csv", write(tmp_path / "47021NED.csv", text), "--gemeente", "GM0999")
    assert summary["accepted"] == 2
    assert set(Registration.objects.values_list("source_system", "category_code", "theme__code")) == {
        ("politie-overlast", "E33", "verward-gedrag")}


def test_a_provincie_label_never_lands_on_the_same_named_gemeente(tmp_path, small_gemeente):
    """Fails on the code before issue 13: the ``(PV)`` suffix was dropped and 'Proefdorp' matched the gemeente."""
    text = website(
        ["Perioden", "2023"],
        ["Regio's", "aantal"],
        ["Proefdorp (PV)", "5000"],
        ["Proefdorp (gemeente)", "100"],
        fixed=["Soort misdrijf: Totaal misdrijven", "Onderwerp: Geregistreerde misdrijven"],
    )
    run_json("import", "statline-csv", write(tmp_path / "47018NED.csv", text), "--gemeente", "GM0999")
    assert list(Registration.objects.values_list("area__code", "count")) == [("GM0999", 100)]


def test_region_labels_carry_their_level():
    from veiligheidsbeeld.registrations.importers.statline_csv import region_label

    # "Nederland" states no level of its own (Steenwijkerland has a wijk of that name): a "Regio's" dimension,
    # which holds no wijken or buurten, decides it
    assert [region_label(t) for t in ("Groningen (gemeente)", "Groningen (PV)", "Noord-Nederland (RE)",
                                      "Noord-Nederland (LD)", "Groot-Amsterdam (CR)", "Nederland",
                                      "Wijk 00 Binnenstad", "Binnenstad-Noord")] == [
        ("Groningen", "gemeente"), ("Groningen", "provincie"), ("Noord-Nederland", "regionale_eenheid"),
        ("Noord-Nederland", "landsdeel"), ("Groot-Amsterdam", "corop"), ("Nederland", None),
        ("Wijk 00 Binnenstad", "wijk"), ("Binnenstad-Noord", None)]


# --- refusals: once, clearly, nothing stored -----------------------------------------------------------------------


def _refused(tmp_path, name, text, *args) -> str:
    with pytest.raises(CommandError) as error:
        run_json("import", "statline-csv", write(tmp_path / name, text), "--gemeente", "GM0999", *args)
    assert not Registration.objects.exists() and not RejectedRow.objects.exists()
    assert not ImportBatch.objects.exists()
    return str(error.value)


def test_a_file_cut_off_mid_row_is_refused_as_truncated(tmp_path, small_gemeente):
    """Fails on the code before issue 13: the rows before the cut were stored and the import exited 0."""
    cut = REGIONS_AS_ROWS[:REGIONS_AS_ROWS.index('"Buurt 01";"12"') + len('"Buurt 01";"12"')]
    message = _refused(tmp_path, "cut.csv", cut)
    assert "line 10: truncated: the last record has 2 fields where the header has 5" in message
    assert "--accept-partial" in message
    summary = run_json("import", "statline-csv", write(tmp_path / "cut.csv", cut), "--gemeente", "GM0999",
                       "--accept-partial")
    assert summary["accepted"] == 5 and summary["rejected_reasons"] == {"field_count": 1, "secret": 1}
    assert ImportBatch.objects.get().mapping["options"]["accept_partial"] is True


def test_a_file_without_its_footer_is_refused_as_truncated(tmp_path, small_gemeente):
    """Fails on the code before issue 13 (the figures above the cut were stored)."""
    whole_rows = REGIONS_AS_ROWS.replace('"Bron: CBS"\r\n', "")
    message = _refused(tmp_path, "nofooter.csv", whole_rows)
    assert "truncated" in message and "Bron" in message


def test_another_separator_is_named(tmp_path, small_gemeente):
    message = _refused(tmp_path, "comma.csv", REGIONS_AS_ROWS.replace('";"', '","'))
    assert "',' (comma)" in message and "';'" in message


def test_no_mapped_category_is_refused_once(tmp_path, small_gemeente):
    """Fails on the code before issue 13: every figure went to quarantine as unknown_category."""
    text = REGIONS_AS_ROWS.replace("Soort misdrijf: Totaal misdrijven", "Soort misdrijf: Fietsen van de buren")
    message = _refused(tmp_path, "47018NED.csv", text)
    assert "no category of the file is a category of politie-misdrijven" in message


def test_a_table_of_another_kind_is_refused_naming_what_it_has(tmp_path, small_gemeente):
    text = website(
        ["Geslacht", "Mannen", "Vrouwen"],
        ["Regio's", "aantal", "aantal"],
        ["Proefdorp (gemeente)", "80", "20"],
        title="Verdachten; delictgroep, geslacht, regio",
        fixed=["Delictgroep: Totaal misdrijven", "Perioden: 2023", "Onderwerp: Verdachten"],
    )
    message = _refused(tmp_path, "81947NED.csv", text)
    assert "no dimension for 'Soort misdrijf'/'Soort overlast'" in message
    assert "Delictgroep" in message and "Geslacht" in message


def test_rates_only_is_refused(tmp_path, small_gemeente):
    text = website(
        ["Perioden", "2023"],
        ["Regio's", "%"],
        ["Proefdorp (gemeente)", "21,5"],
        fixed=["Soort misdrijf: Totaal misdrijven", "Onderwerp: Slachtofferschap"],
    )
    assert "no column of counts (unit 'aantal')" in _refused(tmp_path, "vm.csv", text)


def test_dry_run_logs_nothing_as_completed(tmp_path, small_gemeente, caplog):
    """Fails on the code before issue 13: a dry run logged 'import_completed' (the event itself was rolled back)."""
    path = write(tmp_path / "47018NED.csv", REGIONS_AS_ROWS)
    with caplog.at_level(logging.INFO, logger="veiligheidsbeeld.audit"):
        summary = run_json("import", "statline-csv", path, "--gemeente", "GM0999", "--dry-run")
    assert summary["accepted"] == 6 and summary["batch"] is None
    assert not [r for r in caplog.records if "import_completed" in r.getMessage()]
    assert not AuditEvent.objects.filter(action="import_completed").exists()


# --- quarantine and the upload page: the same code path ---------------------------------------------------------------


def test_a_quarantined_figure_is_corrected_and_resubmitted(tmp_path, small_gemeente):
    from veiligheidsbeeld.registrations import services

    run_json("import", "statline-csv", write(tmp_path / "47018NED.csv", REGIONS_AS_ROWS), "--gemeente", "GM0999")
    row = RejectedRow.objects.get(reasons__0__code="secret")
    assert row.raw == {"Soort misdrijf": "Totaal misdrijven", "Wijken en buurten": "Buurt 00", "Perioden": "2022",
                       "Onderwerp": "Geregistreerde misdrijven", "Eenheid": "aantal", "Waarde": "x"}
    registration = services.resubmit_rejected_row(row, {**row.raw, "Waarde": "7"})
    assert (registration.source_ref, registration.count) == ("47018NED/0.0.0/BU09990000/2022JJ00", 7)


def test_upload_page_reads_the_website_layout_and_refuses_in_dutch(client, analyst, small_gemeente):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    def post(text, **extra):
        upload = SimpleUploadedFile("47018NED.csv", text.encode("utf-8-sig"), content_type="text/csv")
        return client.post(reverse("registrations:import"), {
            "importer": "statline-csv", "gemeente": small_gemeente.pk, "file": upload, **extra})

    client.force_login(analyst)
    cut = REGIONS_AS_ROWS[:REGIONS_AS_ROWS.index('"Buurt 01";"12"') + len('"Buurt 01";"12"')]
    refused = post(cut).content.decode()
    assert "47018NED.csv, regel 10: het bestand is afgebroken" in refused
    assert not ImportBatch.objects.exists()
    response = post(cut, accept_partial="on")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.accepted == 5 and batch.mapping["options"]["accept_partial"]
    assert "Afgebroken bestand" in client.get(response["Location"]).content.decode()
    comma = post(REGIONS_AS_ROWS.replace('";"', '","')).content.decode()
    assert "de velden zijn gescheiden door &#x27;,&#x27;, waar &#x27;;&#x27; verwacht wordt" in comma


# --- a national download, built from the real per-gemeente figures ---------------------------------------------------


def national_website_csv() -> str:
    """A 47013NED-style website CSV of all 342 gemeenten, their 12 provincies and Nederland, 2023, built at run
    time from ``../shared/data`` (gemeente totals of 47018NED with the official names of its region dimension,
    the national total of 47025NED); never stored."""
    import csv

    from veiligheidsbeeld.testing import require_shared_data

    gemeenten = require_shared_data("groningen", "politie-47018-buurt-2023-groningen",
                                    "bernasco_output_gemeenten_NL_gini_2023.csv")
    national = require_shared_data("nl", "politie-nl-trends-misdrijven-overlast-2012-2023", "NL_Crime.csv")
    with open(national, encoding="utf-8") as handle:
        total = next(int(r["incident_count"]) for r in csv.DictReader(handle)
                     if r["incident_type_code"] == "Totaal misdrijven" and r["year"] == "2023")
    with open(gemeenten, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # StatLine labels gemeenten with their official CBS names (the figures' file has a few of its own spelling)
    register = require_shared_data("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")
    with open(register, encoding="utf-8") as handle:
        official = {r["Key"].strip(): r["Title"].strip() for r in csv.DictReader(handle)
                    if r["Key"].startswith("GM")}
    for r in rows:
        r["naam"] = official["GM" + r["nummer"]]
    provincies: dict[str, int] = {}
    for r in rows:  # StatLine names the provincie Fryslân; the figures file says Friesland
        name = {"Friesland": "Fryslân"}.get(r["provincie"], r["provincie"])
        provincies[name] = provincies.get(name, 0) + int(r["misdaad"])
    figure = "{:,}".format
    lines = [["Nederland", figure(total).replace(",", ".")]]
    lines += [["{} (PV)".format(p), figure(n).replace(",", ".")] for p, n in sorted(provincies.items())]
    lines += [["{} (gemeente)".format(r["naam"]), figure(int(r["misdaad"])).replace(",", ".")] for r in rows]
    return website(["Perioden", "2023"], ["Regio's", "aantal"], *lines,
                   title="Geregistreerde misdrijven; soort misdrijf, regio",
                   fixed=["Soort misdrijf: Totaal misdrijven", "Onderwerp: Geregistreerde misdrijven"])


@pytest.mark.realdata
def test_national_download_lands_groningen_on_the_gemeente_only(tmp_path):
    """Groningen (PV) and the wijken and buurten of Groningen never receive the gemeente's (or the province's)
    figure: only 'Groningen (gemeente)' lands, on GM0014, with the file's figure."""
    from .helpers import run
    from .test_statline import FOLDER

    from veiligheidsbeeld.testing import require_shared_data

    run("areas", "import", "regions", require_shared_data(*FOLDER, "47018NED_WijkenEnBuurten.csv"),
        "--gemeente", "GM0014")
    text = national_website_csv()
    assert text.count("\r\n") == 6 + 1 + 12 + 342 + 1
    run_json("import", "statline-csv", write(tmp_path / "47013NED.csv", text), "--gemeente", "GM0014")
    assert list(Registration.objects.values_list("area__code", "area__level", "count")) == [
        ("GM0014", "gemeente", 12_700)]


def test_several_count_topics_need_a_choice(tmp_path, small_gemeente):
    text = website(
        ["Onderwerp", "Geregistreerde misdrijven", "Opgehelderde misdrijven"],
        ["Perioden", "2023", "2023"],
        ["Regio's", "aantal", "aantal"],
        ["Proefdorp (gemeente)", "100", "30"],
        fixed=["Soort misdrijf: Totaal misdrijven"],
    )
    message = _refused(tmp_path, "47018NED.csv", text)
    assert "several count topics ('Geregistreerde misdrijven', 'Opgehelderde misdrijven')" in message
    summary = run_json("import", "statline-csv", write(tmp_path / "47018NED.csv", text), "--gemeente", "GM0999",
                       "--topic", "Geregistreerde misdrijven")
    assert summary["accepted"] == 1 and Registration.objects.get().count == 100


@pytest.mark.realdata
def test_a_national_download_lands_every_gemeente_on_its_own_area(tmp_path):
    """Issue 13, done when: a national website CSV built from the real per-gemeente figures, imported without
    --gemeente over the national register, puts every gemeente's figure on that gemeente, Nederland on NL00 and
    nothing on a wijk or buurt."""
    import csv

    from veiligheidsbeeld.testing import require_shared_data

    from .helpers import run
    from .test_statline import FOLDER

    run("areas", "import", "regions", require_shared_data(*FOLDER, "47018NED_WijkenEnBuurten.csv"))
    with open(require_shared_data(*FOLDER, "bernasco_output_gemeenten_NL_gini_2023.csv"), encoding="utf-8") as f:
        expected = {"GM" + r["nummer"]: int(r["misdaad"]) for r in csv.DictReader(f)}
    summary = run_json("import", "statline-csv", write(tmp_path / "47013NED.csv", national_website_csv()))
    stored = dict(Registration.objects.filter(area__level="gemeente").values_list("area__code", "count"))
    assert stored == expected
    assert Registration.objects.get(area__code="NL00").count == 802_043
    assert not Registration.objects.filter(area__level__in=["wijk", "buurt"]).exists()
    assert {code: v["accepted"] for code, v in summary["by_gemeente"].items() if code.startswith("GM")} == {
        code: 1 for code in expected}
    assert summary["rejected"] == 0
