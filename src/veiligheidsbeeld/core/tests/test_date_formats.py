"""Dutch writes abbreviated months in lower case ("3 dec", "mrt"): Django's "M" title-cases them ("Dec", "Mrt"), so
templates and code use "b", as the dashboard does."""

import pathlib
import re

import veiligheidsbeeld

ROOT = pathlib.Path(veiligheidsbeeld.__file__).parent
FORMATS = re.compile(r"""(?:\|date:|date_format\([^,]+,\s*)(["'])([^"']*)\1""")


def test_no_title_cased_month_abbreviations():
    offenders = []
    for path in list(ROOT.rglob("*.html")) + list(ROOT.rglob("*.py")):
        for match in FORMATS.finditer(path.read_text(encoding="utf-8")):
            fmt = match.group(2)
            if not fmt.isupper() and re.search(r"(?<!\\)M", fmt):  # SHORT_DATE_FORMAT and the like are names
                offenders.append("{}: {}".format(path.relative_to(ROOT), fmt))
    assert offenders == []


def test_the_b_format_is_lower_case_dutch():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("nl"):
        text = Template('{{ d|date:"j b Y" }} {{ m|date:"j b" }}').render(
            Context({"d": dt.date(2026, 12, 3), "m": dt.date(2026, 3, 1)}))
    assert text == "3 dec 2026 1 mrt"
