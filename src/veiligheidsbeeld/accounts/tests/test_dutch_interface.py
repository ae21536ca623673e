"""Dutch everywhere (issue 21): every page, as every role, rendered in Dutch, holds no untranslated source text.

The pages are the GET routes of the URL configuration (so pages of apps merged later are checked without a change
here), requested at their path in the authorisation matrix, with the ids of real objects of the user's own
gemeente where :data:`OBJECT_ROUTES` names them (an analysis run with alerts and hot spots, the example programme,
an import with a quarantined row, a report). Only HTML answers are read (the API answers JSON with English field
names by design). What a person sees is checked: text, the ``title``/``aria-label``/``alt``/``placeholder``
attributes, button values and the titles inside chart specifications; not ``<code>``/``<pre>`` (commands,
identifiers) nor user data entered in the fixtures.

A page fails on
- an English source string of ``locale/nl/LC_MESSAGES/django.po`` (a msgid whose msgstr is not empty and differs
  from it): the text was not passed through gettext, or rendered outside the active language;
- a pattern in :data:`ENGLISH`: snake_case codes (``no_pattern``), English months (``Dec 2025``), Python values
  (``True``, ``{'alpha': ...}``), English function words, and terms the interface must not use (CBS says
  "statistische beveiliging", not "onthullingscontrole").
The failure names the role, the page (route and path) and the string, with the text around it.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import get_resolver

from veiligheidsbeeld.accounts.models import Role

from .conftest import log_in
from .test_authorisation_matrix import ANON, MATRIX, OBJECT_ROUTES, _route_names

pytestmark = pytest.mark.django_db

#: Every Dutch catalogue of the package: the project's and those of apps (analyses, registrations, new apps).
PACKAGE = Path(__file__).resolve().parents[2]

#: Patterns of English (or otherwise wrong) text in a Dutch page: (regular expression, what it means).
ENGLISH: list[tuple[str, str]] = [
    (r"\b[A-Za-z][a-z]*(?:_[a-z0-9]+)+\b", "a code shown as is (snake_case)"),
    (r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? \d{4}\b", "an English month"),
    (r"\b(?:January|February|March|May|June|July|August|October)\b", "an English month"),
    (r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", "an English weekday"),
    (r"\b(?:True|False|None)\b", "a Python value"),
    (r"[{\[]'|': ", "a Python dict or list"),
    (r"\b(?:the|and|with|without|which|these|those|from|been|will|should|must|their|than|into|per cent)\b",
     "an English word"),
    (r"(?i)false discovery rate", "English term (q-waarde is explained in Dutch)"),
    (r"(?i)onthullingscontrole", "CBS's term is 'statistische beveiliging'"),
]

#: Texts on the pages that are right as they are: names, units and Dutch words that an English msgid also is.
ALLOWED = {
    "Veiligheidsbeeld", "Proefdorp", "partners", "per account",
}

#: Attributes whose values a person reads (or hears).
READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "aria-description"}
#: Keys of chart specifications (``<script type="application/json">``) whose values are shown.
SPEC_KEYS = {"title", "text", "description", "subtitle", "hotspot_label"}


def _english_msgids() -> list[str]:
    """The English msgids with a Dutch msgstr different from them (the fixed parts between placeholders)."""
    import ast

    entries, current, key = [], {}, None
    lines = []
    for po in sorted(PACKAGE.glob("**/locale/nl/LC_MESSAGES/django.po")):
        lines += po.read_text(encoding="utf-8").splitlines() + [""]
    for line in lines:
        line = line.strip()
        if not line:
            if "msgid" in current:
                entries.append(current)
            current = {}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        key, _sep, value = line.partition(" ")
        current[key] = ast.literal_eval(value)
    strings = set()
    for entry in entries:
        msgid, msgstr = entry["msgid"], entry.get("msgstr", entry.get("msgstr[0]", ""))
        if not msgid or not msgstr or msgstr == msgid or "msgctxt" in entry:
            continue
        for part in re.split(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}|<[^>]+>|\n", msgid):
            part = part.strip(" .,:;()·-")
            words = [w for w in part.split() if w.isalpha()]
            # one word is English only when it is long and unlike a Dutch word; phrases of words always are
            if part in ALLOWED:
                continue
            if len(words) >= 2 or (len(part) >= 8 and part.isalpha()):
                strings.add(part)
    return sorted(strings, key=len, reverse=True)


class _Visible(HTMLParser):
    """The texts of a page a person reads: text nodes, read attributes and chart titles.

    Skipped: scripts and styles, ``<code>``/``<pre>`` and the house's code spans (``vb-code``, ``vb-hash``: codes
    and identifiers shown beside their Dutch label), ``<textarea>`` (the user's own input) and any element marked
    as another language with ``lang`` (deliberately English, announced as such to screen readers).
    """

    SKIP = {"script", "style", "code", "pre", "template", "svg", "textarea"}
    SKIP_CLASSES = {"vb-code", "vb-hash"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip_tag, self._skip_depth = None, 0
        self._json = False

    def _skips(self, tag, attrs) -> bool:
        classes = set((attrs.get("class") or "").split())
        lang = attrs.get("lang")
        return tag in self.SKIP or bool(classes & self.SKIP_CLASSES) or (tag != "html" and lang and lang != "nl")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skip_tag:
            self._skip_depth += tag == self._skip_tag
            return
        for name in READ_ATTRIBUTES & set(attrs):
            if attrs[name]:
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if self._skips(tag, attrs):
            self._skip_tag, self._skip_depth = tag, 1
            self._json = tag == "script" and attrs.get("type") == "application/json"

    def handle_startendtag(self, tag, attrs):
        if not self._skip_tag:
            self.handle_starttag(tag, attrs)
            if self._skip_tag == tag:
                self._skip_tag, self._skip_depth, self._json = None, 0, False

    def handle_endtag(self, tag):
        if self._skip_tag == tag:
            self._skip_depth -= 1
            if self._skip_depth == 0:
                self._skip_tag, self._json = None, False

    def handle_data(self, data):
        if self._json:
            try:
                self.texts.extend(_spec_texts(json.loads(data)))
            except ValueError:
                pass
        elif not self._skip_tag and data.strip():
            self.texts.append(" ".join(data.split()))


def _spec_texts(value) -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SPEC_KEYS and isinstance(item, str):
                found.append(item)
            elif key in SPEC_KEYS and isinstance(item, list):
                found.extend(s for s in item if isinstance(s, str))
            else:
                found.extend(_spec_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_spec_texts(item))
    return found


def _compiled(msgids: list[str]) -> re.Pattern:
    """One expression for every msgid (longest first), each as a whole phrase."""
    alternatives = "|".join(re.escape(m) for m in sorted(msgids, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:{})(?![\w-])".format(alternatives))


_ENGLISH = [(re.compile(pattern), why) for pattern, why in ENGLISH]


def untranslated(html: str, msgids: list[str] | re.Pattern) -> list[tuple[str, str]]:
    """(string found, its context) for every English text in ``html``."""
    parser = _Visible()
    parser.feed(html)
    return english_in(parser.texts, msgids)


def english_in(texts: list[str], msgids: list[str] | re.Pattern) -> list[tuple[str, str]]:
    """(string found, its context) for every English text among ``texts``."""
    known = msgids if isinstance(msgids, re.Pattern) else _compiled(msgids)
    found = []
    for text in dict.fromkeys(texts):
        for pattern, why in _ENGLISH:
            for match in pattern.finditer(text):
                if match.group(0) not in ALLOWED:
                    found.append(("{} ({})".format(match.group(0), why), text))
        for match in known.finditer(text):
            found.append(("{} (msgid in django.po)".format(match.group(0)), text))
    return found


@pytest.fixture
def own_objects(small_gemeente, make_user):
    """Objects of every kind in the users' own gemeente, so object pages show real content."""
    from conftest import analysed_with_programme
    from veiligheidsbeeld.analyses.models import Alert, HotSpot, TrendResult
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.programmes.models import Budget, Kpi, Measure
    from veiligheidsbeeld.registrations import services
    from veiligheidsbeeld.registrations.importers import REGISTRY
    from veiligheidsbeeld.reports.services import generate_report, request_report, resolve_figures

    run = analysed_with_programme(small_gemeente, geweld=True)
    importer = REGISTRY["api"](gemeente=small_gemeente, source_system="vertaaltest")
    bad = {"source_ref": "bad-1", "category": "woninginbraak", "date": "2024-11-03", "area": "BU00000000"}
    batch = services.run_records(importer, [bad], user=None, organisation=None, label="vertaaltest").batch
    measure = Measure.objects.filter(gemeente=small_gemeente).order_by("pk").first()
    from veiligheidsbeeld.public.services import set_public  # --- public (issue 20) ---: its pages with figures

    set_public(small_gemeente, True)
    return {
        "run": run.pk,
        "alert": Alert.objects.filter(run=run).order_by("pk").first().pk,
        "hot_spot": HotSpot.objects.filter(run=run).order_by("pk").first().pk,
        "trend": TrendResult.objects.filter(run=run).order_by("pk").first().pk,
        "measure": measure.pk,
        "kpi": Kpi.objects.filter(gemeente=small_gemeente).order_by("pk").first().pk,
        "budget": Budget.objects.filter(measure=measure).first().pk,
        "batch": batch.pk,
        "row": batch.rejected_rows.get().pk,
        "report": generate_report(resolve_figures(small_gemeente, run=run), fmt="html").pk,
        "job": request_report(run, fmt="html").pk,
        "area": Area.objects.get(code="WK099900").pk,
    }


#: Extra pages: the same route with a query that changes what is shown.
VARIANTS = ["/?thema=woninginbraak&niveau=buurt", "/?thema=geweld&niveau=wijk&maat=per_1000",
            "/prioriteit/hic/?thema=woninginbraak", "/gebieden/WK099900/?thema=woninginbraak"]


def _pages(objects) -> list[tuple[str, str]]:
    """(route name, path) for every route of the URL configuration, plus :data:`VARIANTS`."""
    pages, missing = [], []
    for name in dict.fromkeys(_route_names(get_resolver().url_patterns)):
        if name == "admin:*":
            continue  # Django's admin: English by Django, for superusers only (issue 21, item 1)
        if name not in MATRIX:
            missing.append(name)
            continue
        path = MATRIX[name][0]
        if name in OBJECT_ROUTES:
            try:
                path = OBJECT_ROUTES[name].format(**objects)
            except KeyError:  # an object kind this test does not build: the matrix path (usually a 404 page)
                pass
        pages.append((name, path.format(area=objects["area"])))
    assert not missing, "routes without an entry in the authorisation matrix: {}".format(missing)
    return pages + [("variant", path) for path in VARIANTS]


def test_every_page_is_dutch_for_every_role(client, make_user, own_objects):
    msgids = _compiled(_english_msgids())
    pages = _pages(own_objects)
    failures, seen = [], 0
    for who in sorted(Role.values) + [ANON]:
        client.logout()
        if who != ANON:
            log_in(client, make_user(who))
        for name, path in pages:
            response = client.get(path)
            kind = response.get("Content-Type", "")
            if response.streaming or response.status_code != 200 and not kind.startswith("text/html"):
                continue
            if kind.startswith("text/html"):
                found = untranslated(response.content.decode(), msgids)
            elif "json" in kind and not path.startswith("/api/"):  # the map's GeoJSON: title and legend
                found = english_in(_spec_texts(json.loads(response.content)), msgids)
            else:
                continue
            seen += 1
            for string, context in found:
                failures.append("role {} · page {} {} · untranslated: {!r} in {!r}".format(
                    who, name, path, string, context[:160]))
    assert seen > 100, seen
    assert not failures, "{} untranslated strings:\n{}".format(len(failures), "\n".join(dict.fromkeys(failures)))


@pytest.mark.parametrize("html, expected", [
    ("<p>Hotspot categorie: no_pattern</p>", "no_pattern"),
    ("<li>Area_year: 2024</li>", "Area_year"),
    ("<p>Laatste maand: Dec 2025</p>", "Dec 2025"),
    ("<dl><dd>{'alpha': 0.05}</dd></dl>", "{'"),
    ("<th>q-waarde (false discovery rate)</th>", "false discovery rate"),
    ("<button aria-label='Close the map'>x</button>", "Close the map"),
    ("<h2>Onthullingscontrole</h2>", "Onthullingscontrole"),
])
def test_the_check_finds_english(html, expected):
    msgids = _english_msgids() + ["Close the map"]
    found = untranslated(html, msgids)
    assert any(expected in string for string, _context in found), found


def test_the_check_leaves_dutch_alone():
    html = ("<p>Woninginbraak in Buurt 10: 14 registraties in december 2024, verwacht 5.</p>"
            "<pre>area:read hot_spot</pre><code>source_ref</code>")
    assert untranslated(html, _english_msgids()) == []


def test_codes_in_words():
    """The fixes behind the page check (issue 21): hot spot patterns, run parameters and retention in Dutch."""
    from django.utils import translation

    from veiligheidsbeeld.analyses.models import HotSpot
    from veiligheidsbeeld.core.processing_register import Activity
    from veiligheidsbeeld.dashboard.run_parameters import parameter_rows

    with translation.override("nl"):
        assert HotSpot(pattern="new_cold_spot").get_pattern_display() == "nieuwe coldspot"
        assert HotSpot(pattern="no_pattern").get_pattern_display() == "geen patroon"
        rows = parameter_rows({"index_weights": {"crime": 1.0, "nuisance": 0.5}, "alert_months": None,
                               "hotspot_tolerance": 1e-4}, 7)
        assert [(label, value) for label, value, _code in rows] == [
            ("gewichten van de veiligheidsindex", "criminaliteit 1, overlast 0,5"),
            ("maanden in de vroegsignalering", "de laatste 12 maanden"),
            ("afstand waarbinnen buurten buren zijn (graden)", "0,0001"),
            ("startwaarde van de toevalsgetallen", "7"),
        ]
        activity = Activity("a", "n", "p", "l", [], [], [], ["audit_events: 2557 days", "uploads: 1 days"])
        assert activity.retention_display() == ["auditlog: 2557 dagen", "geüploade bestanden: 1 dag"]
