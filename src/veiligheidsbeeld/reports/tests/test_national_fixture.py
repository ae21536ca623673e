"""The national comparison on a small fixture set, so that it runs without ../shared/data (issue #22 item 8).

Two StatLine-shaped files written by the test (``NL_Crime.csv``, ``NL_Disorder.csv``) with made-up figures; the
theme's police source categories decide which titles are summed.
"""

import pytest

from veiligheidsbeeld.frameworks.models import SourceCategory, Theme
from veiligheidsbeeld.reports.national import NationalDataError, national_dir, national_yearly

pytestmark = pytest.mark.django_db

CRIME = """incident_type_code,year,incident_count
Woninginbraak,2021,1000
Woninginbraak,2022,1100
Diefstal van fiets,2022,500
Inbraak in schuur,2022,40
"""
DISORDER = """incident_type_code,year,incident_count
Overlast door verward persoon,2021,300
Overlast door verward persoon,2022,350.0
"""


@pytest.fixture
def folder(tmp_path, settings):
    (tmp_path / "NL_Crime.csv").write_text(CRIME, encoding="utf-8")
    (tmp_path / "NL_Disorder.csv").write_text(DISORDER, encoding="utf-8")
    settings.NATIONAL_TRENDS_DIR = str(tmp_path)
    return tmp_path


def _theme(code, *categories):
    theme = Theme.objects.create(code=code, name=code)
    for number, (system, label) in enumerate(categories):
        SourceCategory.objects.create(system=system, code="{}-{}".format(code, number), label=label, theme=theme)
    return theme


def test_national_yearly_sums_the_theme_categories_over_both_files(folder):
    assert national_dir() == folder
    inbraak = _theme("t-inbraak", ("politie-misdrijven", "Woninginbraak"), ("politie-misdrijven", "Inbraak in schuur"))
    verward = _theme("t-verward", ("politie-overlast", "Overlast door verward persoon"))
    mixed = _theme("t-mixed", ("politie-misdrijven", "Diefstal van fiets"),
                   ("politie-overlast", "Overlast door verward persoon"))
    assert national_yearly(inbraak) == {2021: 1000, 2022: 1140}
    assert national_yearly(verward) == {2021: 300, 2022: 350}
    assert national_yearly(mixed) == {2021: 300, 2022: 850}
    # A title under the other source system does not count: Woninginbraak is crime, not nuisance.
    wrong = _theme("t-wrong", ("politie-overlast", "Woninginbraak"))
    assert national_yearly(wrong) == {}


def test_without_a_configured_folder_the_comparison_is_empty(settings, tmp_path, monkeypatch):
    from veiligheidsbeeld.reports import national

    settings.NATIONAL_TRENDS_DIR = ""
    monkeypatch.setattr(national, "_DEFAULT", tmp_path / "absent")
    assert national_dir() is None
    assert national_yearly(_theme("t-none", ("politie-misdrijven", "Woninginbraak"))) == {}


def test_a_bad_file_is_refused_with_file_line_and_column(folder):
    (folder / "NL_Crime.csv").write_text("incident_type_code,year,incident_count\nWoninginbraak,2022,veel\n",
                                         encoding="utf-8")
    theme = _theme("t-bad", ("politie-misdrijven", "Woninginbraak"))
    with pytest.raises(NationalDataError, match=r"NL_Crime.csv: line 2: column incident_count: 'veel' is not a number"):
        national_yearly(theme)
    (folder / "NL_Crime.csv").write_text("title,year\nWoninginbraak,2022\n", encoding="utf-8")
    with pytest.raises(NationalDataError, match=r"NL_Crime.csv: line 1: missing column\(s\) incident_type_code"):
        national_yearly(theme)
