"""Issue 21, items 1 and 2 in beheer: the area register from uploaded CBS files (the code path of
``gemeente setup``) and a framework change recorded by form with its decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from veiligheidsbeeld.accounts.models import Role
from veiligheidsbeeld.accounts.tests.conftest import log_in
from veiligheidsbeeld.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REGIONS = "\n".join([
    '"Key","Title","Description","Municipality","DetailRegionCode"',
    '"NL00      ","Nederland",,"",""',
    '"GM0999    ","Proefdorp","","GM0999","GM0999"',
    '"WK099900  ","Wijk 00","","GM0999","WK099900"',
    '"WK099902  ","Wijk 02 Nieuw","","GM0999","WK099902"',
    '"BU09990000","Buurt 00","","GM0999","BU09990000"',
    '"BU09990200","Nieuwbouw","","GM0999","BU09990200"',
]) + "\n"
PROPERTIES = ('"odata.type","ID","Position","ParentID","Type","Key","Title","Description"\n'
              '"Cbs.OData.GeoDetail",1,1,,"GeoDetail","WijkenEnBuurten","Wijken en buurten",'
              '"Wijken en buurten (indeling 2025)"\n')


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def beheerder(make_user, client):
    user = make_user(Role.BEHEERDER)
    log_in(client, user)
    return user


def test_uploaded_region_file_registers_the_areas_through_gemeente_setup(client, beheerder, small_gemeente):
    from veiligheidsbeeld.areas.models import Area

    response = client.post("/beheer/gebieden/", {
        "gemeente": "GM0999", "files": [upload("T_WijkenEnBuurten.csv", REGIONS),
                                        upload("T_DataProperties.csv", PROPERTIES),
                                        upload("leesmij.txt", "niets")],
    }, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response.context["refusal"] is None, response.context["refusal"] and response.context["refusal"].details
    assert Area.objects.filter(gemeente=small_gemeente, year=2025, level="buurt").count() == 2
    assert Area.objects.get(code="BU09990200", year=2025).parent.code == "WK099902"
    whats = [step["what"] for step in response.context["result"].steps]
    assert whats[:2] == ["national register", "GM0999 wijken and buurten"]
    actions = list(AuditEvent.objects.filter(actor=beheerder).values_list("action", flat=True))
    assert actions.count("areas_imported") == 2 and "area_files_uploaded" in actions
    page = response.content.decode()
    assert "De bestanden zijn ingelezen voor GM0999." in page and "Wijken en buurten van GM0999" in page
    assert "<td class=\"utrecht-table__cell vb-table__num\">2025</td>" in page


def test_refusals_are_dutch_and_store_nothing(client, beheerder, small_gemeente, other_gemeente):
    from veiligheidsbeeld.areas.models import Area

    before = Area.objects.count()
    # a region file whose buurt names a wijk that is not in it: the parser's problem, nothing stored
    broken = REGIONS.replace('"WK099902  ","Wijk 02 Nieuw","","GM0999","WK099902"\n', "")
    response = client.post("/beheer/gebieden/", {
        "gemeente": "GM0999", "files": [upload("T_WijkenEnBuurten.csv", broken), upload("T_DataProperties.csv", PROPERTIES)],
    }, HTTP_ACCEPT_LANGUAGE="nl")
    refusal = response.context["refusal"]
    assert refusal is not None and "niets ingelezen" in refusal.message, refusal and refusal.message
    assert "T_WijkenEnBuurten.csv" in refusal.details
    # no recognisable file at all
    response = client.post("/beheer/gebieden/", {"gemeente": "GM0999", "files": [upload("notities.csv", "a,b\n1,2\n")]},
                           HTTP_ACCEPT_LANGUAGE="nl")
    assert response.context["refusal"].message.startswith("Geen van de bestanden is een CBS-gebiedsbestand")
    # no indeling year: neither metadata nor a year given
    response = client.post("/beheer/gebieden/", {"gemeente": "GM0999", "files": [upload("T_WijkenEnBuurten.csv", REGIONS)]},
                           HTTP_ACCEPT_LANGUAGE="nl")
    assert "indelingsjaar" in response.context["refusal"].message
    # another gemeente is no choice of the form
    response = client.post("/beheer/gebieden/", {"gemeente": other_gemeente.code,
                                                 "files": [upload("T_WijkenEnBuurten.csv", REGIONS)], "year": 2025})
    assert "gemeente" in response.context["form"].errors
    assert Area.objects.count() == before
    assert not AuditEvent.objects.filter(action__in=["areas_imported", "area_files_uploaded"]).exists()


def test_service_refuses_a_gemeente_outside_the_beheerders(beheerder, other_gemeente):
    from veiligheidsbeeld.beheer import services

    with pytest.raises(services.NotManaged):
        services.import_area_files(actor=beheerder, code=other_gemeente.code, files=[upload("x.csv", REGIONS)])


def test_real_cbs_files_of_groningen(client, make_user, organisation, db):
    """The real 47018NED region dimension (18,313 regions) with its metadata and the 2024 wijk boundaries."""
    from veiligheidsbeeld.areas.models import Area
    from veiligheidsbeeld.core.models import Gemeente
    from veiligheidsbeeld.testing import require_shared_data

    data = require_shared_data()
    groningen = Gemeente.objects.create(code="GM0014", name="Groningen")
    organisation.gemeenten.add(groningen)
    log_in(client, make_user(Role.BEHEERDER, username="beheer-groningen", gemeenten=[groningen]))
    folder = data / "groningen" / "politie-47018-buurt-2023-groningen"
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in (
        folder / "47018NED_WijkenEnBuurten.csv", folder / "47018NED_DataProperties.csv",
        data / "groningen" / "groningen-demo-derived" / "groningen_wijken_2024.geojson")]
    response = client.post("/beheer/gebieden/", {"gemeente": "GM0014", "files": files})
    assert response.context["refusal"] is None, response.context["refusal"].details
    assert Area.objects.filter(gemeente=groningen, year=2024, level="wijk").count() == 20
    assert Area.objects.filter(gemeente=groningen, year=2024, level="buurt").count() == 151
    assert Area.objects.filter(gemeente=groningen, year=2024, level="wijk", geometry__isnull=False).count() == 20


# -- Framework change by form (item 2) ---------------------------------------------------------------------------


@pytest.fixture
def framework(small_gemeente):
    from veiligheidsbeeld.frameworks.services import load_framework

    framework, _notes = load_framework(gemeente=small_gemeente)
    return framework


def _form_data(framework, **decision):
    """The change page's form as the browser sends it unchanged (initial values), plus the decision."""
    priorities = framework.content["priorities"]
    data = {"prioriteit-TOTAL_FORMS": len(priorities) + 1, "prioriteit-INITIAL_FORMS": len(priorities),
            "prioriteit-MIN_NUM_FORMS": 0, "prioriteit-MAX_NUM_FORMS": 1000}
    for i, p in enumerate(priorities):
        data.update({f"prioriteit-{i}-code": p["code"], f"prioriteit-{i}-title": p["title"],
                     f"prioriteit-{i}-ambition": p["ambition"], f"prioriteit-{i}-reasons": "\n".join(p["reasons"]),
                     f"prioriteit-{i}-actions": "\n".join(p["actions"]), f"prioriteit-{i}-themes": list(p["themes"]),
                     f"prioriteit-{i}-ORDER": i + 1})
    data.update({"besluit-date": "2025-03-12", "besluit-body": "gemeenteraad",
                 "besluit-document_reference": "Raadsbesluit 2025-042",
                 "besluit-document_url": "https://raad.example.nl/besluit/2025-042",
                 "besluit-reason": "Digitale veiligheid eerst"} | decision)
    return data


def test_beheerder_records_goal_theme_and_order_change_with_its_decision(client, beheerder, framework):
    from veiligheidsbeeld.frameworks.versioning import current_framework

    page = client.get("/beheer/kader/wijzigen/?gemeente=GM0999", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 200 and "Het besluit" in page.content.decode()
    data = _form_data(framework)
    codes = [p["code"] for p in framework.content["priorities"]]
    second = codes.index("digitale-veiligheid")
    data[f"prioriteit-{second}-ORDER"] = 0  # first
    data[f"prioriteit-{second}-ambition"] = "Een digitaal weerbare gemeente."
    data[f"prioriteit-{second}-themes"] = ["cybercrime", "fraude"]
    response = client.post("/beheer/kader/wijzigen/?gemeente=GM0999", data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    new = current_framework(framework.gemeente)
    assert new.version == framework.version + 1
    assert [p["code"] for p in new.content["priorities"]][:2] == ["digitale-veiligheid", codes[0]]
    changed = new.content["priorities"][0]
    assert changed["ambition"] == "Een digitaal weerbare gemeente." and changed["themes"] == ["cybercrime", "fraude"]
    assert list(new.priorities.values_list("code", flat=True))[0] == "digitale-veiligheid"
    decision = new.decision
    assert (decision.date, decision.body, decision.document_reference, decision.document_url) == (
        dt.date(2025, 3, 12), "gemeenteraad", "Raadsbesluit 2025-042", "https://raad.example.nl/besluit/2025-042")
    assert decision.recorded_by == beheerder
    event = AuditEvent.objects.get(action="framework_changed")
    assert event.actor == beheerder and event.object_id == str(new.pk)
    # the history shows the decision (date, reference as a link), not a file name
    history = client.get("/beheer/kader/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "12 maart 2025" in history and 'href="https://raad.example.nl/besluit/2025-042"' in history
    assert "Raadsbesluit 2025-042" in history and ".yaml" not in history


def test_new_priority_removal_and_order_show_in_the_version_differences(client, make_user, framework):
    from veiligheidsbeeld.frameworks.models import Theme
    from veiligheidsbeeld.frameworks.versioning import current_framework

    log_in(client, make_user(Role.BELEIDSADVISEUR, username="adviseur"))
    priorities = framework.content["priorities"]
    spare = next(t for t in Theme.objects.groups() if t.code not in {p["code"] for p in priorities})
    data = _form_data(framework, **{"besluit-body": "college", "besluit-document_url": ""})
    n = len(priorities)
    data.update({f"prioriteit-{n}-code": spare.code, f"prioriteit-{n}-title": "Nieuwe prioriteit",
                 f"prioriteit-{n}-ambition": "Minder overlast.", f"prioriteit-{n}-themes": ["geweld"],
                 f"prioriteit-{n}-ORDER": 0})
    response = client.post("/kader/wijzigen/?gemeente=GM0999", data)
    assert response.status_code == 302, response.context["formset"].non_form_errors()
    v2 = current_framework(framework.gemeente)
    assert [p["code"] for p in v2.content["priorities"]] == [spare.code] + [p["code"] for p in priorities]
    page = client.get("/kader/versies/?gemeente=GM0999", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Prioriteiten" in page and "Nieuwe prioriteit" in page and "College van B&amp;W" in page
    # the new priority is removed again (v3); one with a budget line of the framework's finances cannot be
    data = _form_data(v2, **{"besluit-document_reference": "Collegebesluit 2025-7"})
    data["prioriteit-0-DELETE"] = "on"
    assert client.post("/kader/wijzigen/?gemeente=GM0999", data).status_code == 302
    v3 = current_framework(framework.gemeente)
    assert v3.version == 3 and [p["code"] for p in v3.content["priorities"]] == [p["code"] for p in priorities]
    data = _form_data(v3)
    data["prioriteit-0-DELETE"] = "on"
    refused = client.post("/kader/wijzigen/?gemeente=GM0999", data, HTTP_ACCEPT_LANGUAGE="nl")
    assert "begrotingsregel" in " ".join(refused.context["formset"].non_form_errors())
    assert current_framework(framework.gemeente).version == 3
    # an order change alone is a difference of the order
    data = _form_data(v3)
    data["prioriteit-0-ORDER"], data["prioriteit-1-ORDER"] = 2, 1
    assert client.post("/kader/wijzigen/?gemeente=GM0999", data).status_code == 302
    page = client.get("/kader/versies/?gemeente=GM0999", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    order = "{}, {}".format(*[p["code"] for p in priorities[:2]])
    assert "Volgorde" in page and "<del>{}".format(order) in page and "['" not in page


def test_invalid_changes_are_refused_in_dutch(client, beheerder, framework):
    from veiligheidsbeeld.frameworks.models import Framework

    same = client.post("/beheer/kader/wijzigen/?gemeente=GM0999", _form_data(framework), HTTP_ACCEPT_LANGUAGE="nl")
    assert "Er is niets gewijzigd" in " ".join(same.context["formset"].non_form_errors())
    data = _form_data(framework)
    data["prioriteit-1-code"] = data["prioriteit-0-code"]
    double = client.post("/beheer/kader/wijzigen/?gemeente=GM0999", data, HTTP_ACCEPT_LANGUAGE="nl")
    assert double.context["formset"].non_form_errors()
    no_decision = client.post("/beheer/kader/wijzigen/?gemeente=GM0999",
                              _form_data(framework, **{"besluit-document_reference": "", "besluit-date": ""}))
    assert {"document_reference", "date"} <= set(no_decision.context["decision"].errors)
    assert Framework.objects.count() == 1 and not AuditEvent.objects.filter(action="framework_changed").exists()


def test_beheerder_cannot_change_another_gemeentes_framework(client, beheerder, other_gemeente, framework):
    from veiligheidsbeeld.frameworks.services import load_framework

    load_framework(gemeente=other_gemeente)
    assert client.get("/beheer/kader/wijzigen/?gemeente=GM0998").status_code == 404
    assert client.post("/beheer/kader/wijzigen/?gemeente=GM0998", _form_data(framework)).status_code == 404
    from veiligheidsbeeld.frameworks.versioning import current_framework

    assert current_framework(other_gemeente).version == 1


def test_yaml_export_and_change_stay_on_the_command_line(framework, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from veiligheidsbeeld.frameworks.versioning import current_framework

    out = StringIO()
    call_command("framework", "export", "GM0999", stdout=out)
    text = out.getvalue()
    assert text.startswith("slug: ") and "priorities:" in text
    edited = tmp_path / "kader.yaml"
    edited.write_text(text.replace("Ondermijning steviger aanpakken", "Ondermijning krachtig aanpakken"))
    call_command("framework", "change", "GM0999", str(edited), "--date", "2025-05-01", "--body", "college",
                 "--reference", "Collegebesluit 2025-9", "--reason", "Titel", "--link", "https://example.nl/b",
                 stdout=StringIO())
    new = current_framework(framework.gemeente)
    assert new.version == 2 and new.decision.document_url == "https://example.nl/b"
    with pytest.raises(CommandError, match="the same as version 2"):
        call_command("framework", "change", "GM0999", str(edited), "--date", "2025-05-01", "--body", "college",
                     "--reference", "x", "--reason", "y", stdout=StringIO())
