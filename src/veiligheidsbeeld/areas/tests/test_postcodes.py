"""PC4 postcode areas (issue 13, item 8, register side): import of the CBS postcode-huisnummer file, allocate()."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veiligheidsbeeld.areas.models import PostcodeAllocation
from veiligheidsbeeld.areas.postcodes import Postcodes, allocate, normalise_pc4
from veiligheidsbeeld.core.models import AuditEvent, Gemeente

pytestmark = pytest.mark.django_db

HEADER = "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024"
# The official layout: one line per address, codes without prefix. Some codes lost their leading zeros (as after a
# round trip through a spreadsheet). PC4 9999 lies in GM0999 only (3 addresses in buurt 0000, 1 in buurt 0100);
# PC4 9998 is split between GM0999 (registered) and GM0997 (not registered).
ADDRESSES = [
    "9999AA;1;09990000;099900;0999",
    "9999AA;3;9990000;99900;999",
    "9999AB;2;09990000;099900;0999",
    "9999AB;4;09990100;099901;0999",
    "9998XY;1;09990001;099900;0999",
    "9998XY;2;09990001;099900;0999",
    "9998XZ;10;09970000;099700;0997",
    "9998XZ;12;09970000;099700;0997",
]


def write(tmp_path, lines, name="pc6hnr20240801_gwb.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def shares(pairs):
    return [(area.code, round(share, 6)) for area, share in pairs]


def test_a_pc4_inside_one_gemeente_goes_to_it_and_to_its_buurten_by_address_share(small_gemeente, tmp_path):
    out = run("areas", "import", "postcodes", str(write(tmp_path, [HEADER, *ADDRESSES])), "--year", "2024")
    assert "4 created, 0 updated, 0 unchanged" in out
    assert "2 postcodes over 4 buurten, 3 of them in the area register for 2024" in out

    result = allocate("9999", 2024)
    assert result.gemeente == small_gemeente
    assert shares(result.buurten) == [("BU09990000", 0.75), ("BU09990100", 0.25)]
    assert shares(result.wijken) == [("WK099900", 0.75), ("WK099901", 0.25)]
    assert sum(share for _, share in result.buurten) == pytest.approx(1)
    assert result.addresses == 4 and result.unregistered_share == 0
    assert allocate(" 9999AB").buurten == result.buurten  # a PC6 is reduced to its PC4; default: newest year
    assert AuditEvent.objects.filter(action="postcodes_imported").exists()


def test_a_pc4_across_gemeenten_has_no_gemeente_and_says_which_part_is_unregistered(small_gemeente, tmp_path):
    Gemeente.objects.create(code="GM0997", name="Buurdorp")  # a gemeente without its areas of 2024
    run("areas", "import", "postcodes", str(write(tmp_path, [HEADER, *ADDRESSES])), "--year", "2024")

    result = allocate("9998", 2024)
    assert result.gemeente is None
    assert result.gemeenten == [("GM0997", 0.5), ("GM0999", 0.5)]
    assert shares(result.buurten) == [("BU09990001", 0.5)]
    assert result.unregistered_share == 0.5


def test_unknown_postcodes_and_years(small_gemeente, tmp_path):
    assert allocate("9999") is None  # nothing imported yet
    run("areas", "import", "postcodes", str(write(tmp_path, [HEADER, *ADDRESSES])), "--year", "2024")
    assert allocate("1234", 2024) is None
    assert allocate("abcd") is None
    assert allocate("9999", 2030).year == 2024  # the newest file not after the year
    assert allocate("9999", 2019).year == 2024  # else the oldest
    bulk = Postcodes(2024)
    assert bulk.allocate("9999") == allocate("9999", 2024) and bulk.allocate("1234") is None
    assert normalise_pc4("0999") is None and normalise_pc4("9711 ab") == "9711"


def test_importing_twice_changes_nothing_and_a_new_file_replaces_the_year(small_gemeente, tmp_path):
    path = write(tmp_path, [HEADER, *ADDRESSES])
    run("areas", "import", "postcodes", str(path), "--year", "2024")
    assert "0 created, 0 updated, 4 unchanged" in run("areas", "import", "postcodes", str(path), "--year", "2024")

    out = run("areas", "import", "postcodes", str(write(tmp_path, [HEADER, *ADDRESSES[:4]])), "--year", "2024")
    assert "0 created, 2 updated, 2 unchanged" in out and "2 allocations of 2024 not in this file removed" in out
    assert allocate("9998") is None


def test_a_file_of_another_year_is_refused_with_the_columns_it_has(tmp_path):
    path = write(tmp_path, ["PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023", "9999AA;1;09990000;099900;0999"])
    with pytest.raises(CommandError) as error:
        run("areas", "import", "postcodes", str(path), "--year", "2024")
    assert "expected columns PC6, Buurt2024, Wijk2024, Gemeente2024" in str(error.value)
    assert "found PC6, Huisnummer, Buurt2023, Wijk2023, Gemeente2023" in str(error.value)
    assert "the file is for 2023, not 2024" in str(error.value)


def test_bad_rows_are_named_by_line_and_nothing_is_stored(tmp_path):
    lines = [HEADER, ADDRESSES[0], "99X9AA;1;09990000;099900;0999", "9999AC;1;09990000;099901;0999",
             "9999AD;1;;099900;0999", "9999AE;1;09990000"]
    with pytest.raises(CommandError) as error:
        run("areas", "import", "postcodes", str(write(tmp_path, lines)), "--year", "2024")
    text = str(error.value)
    assert "line 3, column 'PC6', value '99X9AA': not a postcode" in text
    assert "line 4, value '09990000/099901/0999': buurt BU09990000 does not lie in wijk WK099901" in text
    assert "line 5: empty buurt code" in text
    assert "line 6: 3 fields where the header has 5" in text
    assert not PostcodeAllocation.objects.exists()
