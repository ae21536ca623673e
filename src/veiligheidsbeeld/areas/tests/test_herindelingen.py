"""Herindelingen (issue 13, item 1 / contract 3): the YAML the project maintains, loaded as predecessor links."""

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veiligheidsbeeld.areas.herindelingen import (
    HERINDELINGEN_FILE,
    NotCoveredError,
    comparable,
    parse_herindelingen,
    predecessors,
)
from veiligheidsbeeld.areas.models import Herindeling, HerindelingSource
from veiligheidsbeeld.core.models import AuditEvent
from veiligheidsbeeld.testing import require_shared_data

GRONINGEN_REGIONS = ("groningen", "politie-47018-buurt-2023-groningen", "47018NED_WijkenEnBuurten.csv")
END_2018 = dt.date(2018, 12, 31)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_groningen_2019_is_groningen_haren_and_ten_boer():
    # Loaded by the migration (or read from the shipped file): every installation knows them without a command.
    assert predecessors("GM0014") == [
        ("GM0009", "Ten Boer", END_2018), ("GM0014", "Groningen", END_2018), ("GM0017", "Haren", END_2018),
    ]
    assert predecessors("GM0014", on=dt.date(2018, 6, 1)) == []  # the gemeente as it was in 2018
    assert predecessors("GM0363") == [("GM0363", "Amsterdam", dt.date(2022, 3, 23)),
                                      ("GM0457", "Weesp", dt.date(2022, 3, 23))]
    assert predecessors("GM0034") == []  # Almere: no herindeling


@pytest.mark.django_db
def test_without_loaded_links_the_shipped_file_answers():
    Herindeling.objects.all().delete()
    HerindelingSource.objects.all().delete()  # as after a test database flush
    assert [code for code, _, _ in predecessors("GM0014")] == ["GM0009", "GM0014", "GM0017"]


@pytest.mark.django_db
def test_split_gemeenten_make_a_series_incomparable_and_early_dates_are_refused():
    assert comparable("GM0014", dt.date(2015, 1, 1), dt.date(2024, 1, 1))
    assert not comparable("GM1966", dt.date(2017, 1, 1), dt.date(2024, 1, 1))  # part of Winsum
    assert comparable("GM1966", dt.date(2019, 1, 1), dt.date(2024, 1, 1))
    assert ("GM0053", "Winsum", END_2018) not in predecessors("GM1966")
    with pytest.raises(NotCoveredError, match="known from 2015-01-01"):
        comparable("GM0014", dt.date(2012, 1, 1), dt.date(2024, 1, 1))
    with pytest.raises(NotCoveredError):
        predecessors("GM0014", on=dt.date(2012, 1, 1))


@pytest.mark.django_db
def test_reloading_is_idempotent_and_another_file_replaces_the_links(tmp_path):
    run("areas", "import", "herindelingen")  # the migration loaded them, unless a test flushed the database
    assert "0 created, 0 updated, 37 unchanged" in run("areas", "import", "herindelingen")
    path = tmp_path / "h.yaml"
    path.write_text(
        "covers: {from: 2019-01-01, until: 2024-01-01}\nherindelingen:\n"
        "  - date: 2019-01-01\n    gemeente: {code: GM0014, name: Groningen}\n"
        "    predecessors: [{code: GM0014, name: Groningen}, {code: GM0017, name: Haren}]\n",
        encoding="utf-8",
    )
    out = run("areas", "import", "herindelingen", str(path))
    assert "0 created, 37 updated, 0 unchanged" in out and "36 herindelingen not in this file removed" in out
    assert predecessors("GM0014") == [("GM0014", "Groningen", END_2018), ("GM0017", "Haren", END_2018)]
    assert HerindelingSource.objects.get().covers_from == dt.date(2019, 1, 1)
    assert AuditEvent.objects.filter(action="herindelingen_loaded").count() == 3


@pytest.mark.django_db
def test_a_bad_file_names_entry_and_field_and_changes_nothing(tmp_path):
    run("areas", "import", "herindelingen")
    path = tmp_path / "h.yaml"
    path.write_text(
        "covers: {from: 2015-01-01, until: 2024-01-01}\nherindelingen:\n"
        "  - date: 2019-13-01\n    gemeente: {code: GM0014, name: Groningen}\n    predecessors: []\n"
        "  - date: 2019-01-01\n    gemeente: {code: 14, name: Groningen}\n"
        "    predecessors: [{code: GM0017, name: Haren}]\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("areas", "import", "herindelingen", str(path))
    text = str(error.value)
    assert "entry 1, field 'date': '2019-13-01' is not a date" in text and "entry 1: no predecessors" in text
    assert "entry 2, field 'gemeente': '14' is not a gemeente code" in text
    assert Herindeling.objects.count() == 37


@pytest.mark.realdata
def test_the_shipped_file_agrees_with_the_cbs_indeling_2024():
    """Every gemeente after a herindeling exists in 2024 with that name; no abolished predecessor does."""
    with require_shared_data(*GRONINGEN_REGIONS).open(encoding="utf-8-sig") as handle:
        names = {row["Key"].strip(): row["Title"] for row in csv.DictReader(handle)}
    _, entries = parse_herindelingen(HERINDELINGEN_FILE)
    for entry in entries:
        assert names.get(entry.gemeente[0]) == entry.gemeente[1], entry
        for code, name in entry.predecessors + entry.parts:
            assert code == entry.gemeente[0] or code not in names or (code, name) in entry.parts, (entry, code)
